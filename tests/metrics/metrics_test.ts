/** Prometheus metrics: exact text exposition, label escaping, and the loopback endpoint. */

import {
  engineMetrics,
  MetricsRegistry,
  startMetricsServer,
  TICK_TO_ACTION_BUCKETS,
} from "../../lib/metrics/mod.ts";
import { assert, assertEquals, assertRejects, assertThrows } from "../_helpers.ts";

/** One parsed sample line. */
interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** A tiny parser of the text format: sample lines only (comments skipped). */
function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const match = line.match(/^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/);
    if (match === null) throw new Error(`bad sample line: ${line}`);
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? "").matchAll(/([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[pair[1]] = pair[2].replace(/\\(.)/g, (_, c: string) => c === "n" ? "\n" : c);
    }
    const raw = match[3];
    const value = raw === "+Inf" ? Infinity : raw === "-Inf" ? -Infinity : Number(raw);
    samples.push({ name: match[1], labels, value });
  }
  return samples;
}

/** The value of the one sample named `name` whose labels include `labels`. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number {
  const found = samples.filter((s) =>
    s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)
  );
  assertEquals(found.length, 1, `${name} ${JSON.stringify(labels)}: ${found.length} samples`);
  return found[0].value;
}

Deno.test("render: counter with labels, gauge and histogram, exactly", () => {
  const registry = new MetricsRegistry();
  const requests = registry.counter("t_requests_total", "Requests.", ["method", "code"]);
  requests.inc({ method: "get", code: "200" });
  requests.inc({ method: "get", code: "200" }, 2);
  requests.inc({ method: "post", code: "500" });
  registry.gauge("t_temp_celsius", "Temp.\nline 2 \\ end").set(-1.5);
  const latency = registry.histogram("t_latency_seconds", "Latency.", [0.125, 0.5, 1]);
  for (const v of [0.0625, 0.125, 0.25, 2]) latency.observe(v);
  registry.counter("t_empty_total", "Never touched.");
  assertEquals(
    registry.render(),
    [
      "# HELP t_requests_total Requests.",
      "# TYPE t_requests_total counter",
      't_requests_total{method="get",code="200"} 3',
      't_requests_total{method="post",code="500"} 1',
      "# HELP t_temp_celsius Temp.\\nline 2 \\\\ end",
      "# TYPE t_temp_celsius gauge",
      "t_temp_celsius -1.5",
      "# HELP t_latency_seconds Latency.",
      "# TYPE t_latency_seconds histogram",
      't_latency_seconds_bucket{le="0.125"} 2',
      't_latency_seconds_bucket{le="0.5"} 3',
      't_latency_seconds_bucket{le="1"} 3',
      't_latency_seconds_bucket{le="+Inf"} 4',
      "t_latency_seconds_sum 2.4375",
      "t_latency_seconds_count 4",
      "# HELP t_empty_total Never touched.",
      "# TYPE t_empty_total counter",
      "t_empty_total 0",
      "",
    ].join("\n"),
  );
});

Deno.test("render: labelled histogram, special values, gauge inc/dec", () => {
  const registry = new MetricsRegistry();
  const h = registry.histogram("t_h", "H.", [1], ["coin"]);
  h.observe({ coin: "BTC" }, 0.5);
  h.observe({ coin: "ETH" }, 3);
  const g = registry.gauge("t_g", "G.", ["k"]);
  g.set({ k: "inf" }, Infinity);
  g.set({ k: "ninf" }, -Infinity);
  g.set({ k: "nan" }, NaN);
  g.inc({ k: "n" }, 5);
  g.dec({ k: "n" });
  assertEquals(
    registry.render().split("\n").filter((l) => !l.startsWith("#")),
    [
      't_h_bucket{coin="BTC",le="1"} 1',
      't_h_bucket{coin="BTC",le="+Inf"} 1',
      't_h_sum{coin="BTC"} 0.5',
      't_h_count{coin="BTC"} 1',
      't_h_bucket{coin="ETH",le="1"} 0',
      't_h_bucket{coin="ETH",le="+Inf"} 1',
      't_h_sum{coin="ETH"} 3',
      't_h_count{coin="ETH"} 1',
      't_g{k="inf"} +Inf',
      't_g{k="ninf"} -Inf',
      't_g{k="nan"} NaN',
      't_g{k="n"} 4',
      "",
    ],
  );
  assertEquals(g.get({ k: "n" }), 4);
});

Deno.test("label values escape backslash, double quote and line feed, and parse back", () => {
  const registry = new MetricsRegistry();
  const value = 'a "b" \\ c\nd';
  registry.counter("t_total", "T.", ["v"]).inc({ v: value });
  const line = registry.render().split("\n")[2];
  assertEquals(line, 't_total{v="a \\"b\\" \\\\ c\\nd"} 1');
  assertEquals(parseExposition(registry.render())[0].labels.v, value);
});

Deno.test("invalid metrics and updates throw", () => {
  const registry = new MetricsRegistry();
  const c = registry.counter("t_total", "T.", ["kind"]);
  assertThrows(() => registry.gauge("t_total", "again"), Error, "already registered");
  assertThrows(() => registry.counter("1bad", "bad name"), Error, "invalid metric name");
  assertThrows(
    () => registry.counter("t2_total", "bad label", ["bad-label"]),
    Error,
    "invalid label name",
  );
  assertThrows(() => registry.histogram("t_h", "le label", [1], ["le"]), Error, "reserved");
  assertThrows(() => registry.histogram("t_h2", "unsorted", [1, 0.5]), Error, "ascending");
  assertThrows(() => c.inc({ kind: "x" }, -1), Error, "cannot add -1");
  assertThrows(() => c.inc({} as { kind: string }), Error, "missing label kind");
  assertThrows(
    () => c.inc({ kind: "x", extra: "y" } as { kind: string }),
    Error,
    "unexpected labels",
  );
});

Deno.test("engineMetrics registers the documented names with typed handles", () => {
  const registry = new MetricsRegistry();
  const m = engineMetrics(registry);
  m.actions.inc({ coin: "BTC", kind: "cancel" });
  m.position.set({ coin: "BTC" }, 0.1);
  m.tickToAction.observe({ coin: "BTC" }, 0.0004);
  m.setRegime("BTC", "volatile", ["calm", "normal", "volatile", "extreme"]);
  m.wsReconnects.inc();
  m.addressRemaining.set(9_000);
  const text = registry.render();
  const types = [...text.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((t) => `${t[1]} ${t[2]}`);
  assertEquals(types, [
    "mm_quotes_total counter",
    "mm_actions_total counter",
    "mm_action_weight_total counter",
    "mm_fills_total counter",
    "mm_fill_volume_usd_total counter",
    "mm_position_coins gauge",
    "mm_pnl_usd gauge",
    "mm_spread_quoted_bps gauge",
    "mm_spread_market_bps gauge",
    "mm_sigma_per_sqrt_second gauge",
    "mm_regime gauge",
    "mm_gamma_per_bps gauge",
    "mm_kappa_per_bps gauge",
    "mm_adverse_selection_bps gauge",
    "mm_ratelimit_address_remaining gauge",
    "mm_ratelimit_ip_weight_last_minute gauge",
    "mm_ws_reconnects_total counter",
    "mm_tick_to_action_seconds histogram",
  ]);
  const samples = parseExposition(text);
  assertEquals(valueOf(samples, "mm_regime", { coin: "BTC", regime: "volatile" }), 1);
  assertEquals(valueOf(samples, "mm_regime", { coin: "BTC", regime: "calm" }), 0);
  assertEquals(
    samples.filter((s) => s.name === "mm_tick_to_action_seconds_bucket").length,
    TICK_TO_ACTION_BUCKETS.length + 1,
  );
  assertEquals(valueOf(samples, "mm_tick_to_action_seconds_bucket", { le: "0.0005" }), 1);
  assertEquals(valueOf(samples, "mm_tick_to_action_seconds_bucket", { le: "0.00025" }), 0);
});

Deno.test("GET /metrics on a free loopback port serves the values; 404 elsewhere; close() ends it", async () => {
  const registry = new MetricsRegistry();
  const m = engineMetrics(registry);
  let scrapes = 0;
  registry.onRender(() => m.ipWeightLastMinute.set(++scrapes * 10));
  const server = await startMetricsServer(registry, { port: 0 });
  try {
    assert(server.port > 0);
    assertEquals(server.url, `http://127.0.0.1:${server.port}/metrics`);
    m.actions.inc({ coin: "BTC", kind: "cancel" }, 3);
    m.fillVolumeUsd.inc({ coin: "ETH", side: "buy" }, 1234.5);
    m.position.set({ coin: "BTC" }, 0.1);
    m.pnlUsd.set({ coin: "BTC" }, -12.25);
    m.tickToAction.observe({ coin: "BTC" }, 0.0004);
    m.tickToAction.observe({ coin: "BTC" }, 0.03);

    const response = await fetch(server.url);
    assertEquals(response.status, 200);
    assert(
      response.headers.get("content-type")?.startsWith("text/plain; version=0.0.4"),
      `content-type ${response.headers.get("content-type")}`,
    );
    const samples = parseExposition(await response.text());
    assertEquals(valueOf(samples, "mm_actions_total", { coin: "BTC", kind: "cancel" }), 3);
    assertEquals(
      valueOf(samples, "mm_fill_volume_usd_total", { coin: "ETH", side: "buy" }),
      1234.5,
    );
    assertEquals(valueOf(samples, "mm_position_coins", { coin: "BTC" }), 0.1);
    assertEquals(valueOf(samples, "mm_pnl_usd", { coin: "BTC" }), -12.25);
    assertEquals(valueOf(samples, "mm_tick_to_action_seconds_count", { coin: "BTC" }), 2);
    assertEquals(valueOf(samples, "mm_tick_to_action_seconds_sum", { coin: "BTC" }), 0.0304);
    assertEquals(valueOf(samples, "mm_tick_to_action_seconds_bucket", { le: "0.025" }), 1);
    assertEquals(valueOf(samples, "mm_tick_to_action_seconds_bucket", { le: "+Inf" }), 2);
    assertEquals(valueOf(samples, "mm_ratelimit_ip_weight_last_minute"), 10);
    assertEquals(valueOf(samples, "mm_ws_reconnects_total"), 0);

    for (const path of ["/", "/metricsx", "/metrics/extra"]) {
      const other = await fetch(new URL(path, server.url));
      assertEquals(other.status, 404, path);
      await other.body?.cancel();
    }
    const post = await fetch(server.url, { method: "POST" });
    assertEquals(post.status, 405);
    await post.body?.cancel();
  } finally {
    await server.close();
  }
  await assertRejects(() => fetch(server.url), TypeError);
});
