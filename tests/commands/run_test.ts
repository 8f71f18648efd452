/**
 * `mm run` live against the simulator over loopback: quotes rest and move,
 * SIGTERM leaves no order resting, a restart reclaims its orders without
 * duplicates, and faults do not break the rules.
 */

import { FaultInjector } from "../../lib/sim/faults.ts";
import { LiveMarket } from "../../lib/sim/market_driver.ts";
import { MarketGenerator } from "../../lib/sim/generator.ts";
import { MatchingEngine } from "../../lib/sim/matching.ts";
import { SimServer } from "../../lib/sim/server.ts";
import { simUniverse } from "../../lib/sim/universe.ts";
import { addressOf } from "../../lib/hyperliquid/signing.ts";
import { SecretKey } from "../../lib/config/secrets.ts";
import { HyperliquidExchange } from "../../lib/hyperliquid/exchange_client.ts";
import { resolveNetwork } from "../../lib/hyperliquid/network.ts";
import { startTestSim } from "../sim/_sim.ts";
import { EngineEventSchema } from "../../lib/events/engine.ts";
import { assert, assertEachMatches, assertEquals, ndjson, repoPath } from "../_helpers.ts";
import denoJson from "../../deno.json" with { type: "json" };

const KEY = "0x3333333333333333333333333333333333333333333333333333333333333333";
const USER = addressOf(KEY);

function startMarket(options: { faults?: FaultInjector } = {}) {
  const now = Date.now;
  const assets = simUniverse();
  const engine = new MatchingEngine({
    assets: assets.map(({ coin, szDecimals, maxLeverage }) => ({ coin, szDecimals, maxLeverage })),
    firstTid: 900_000_000_000_000,
    now,
  });
  const server = SimServer.start({ engine, now, faults: options.faults });
  const market = new LiveMarket(
    assets.map((a, i) =>
      new MarketGenerator({
        coin: a.coin,
        szDecimals: a.szDecimals,
        startPx: a.startPx,
        startMs: now(),
        seed: 11 + i,
      })
    ),
    { sink: (frame) => server.publishMarket(frame), now, faults: options.faults },
  );
  market.start();
  return {
    server,
    async openOrders(): Promise<{ oid: number; cloid?: string }[]> {
      const response = await fetch(`${server.url}/info`, {
        method: "POST",
        body: JSON.stringify({ type: "openOrders", user: USER }),
      });
      return await response.json();
    },
    async close() {
      market.stop();
      await server.close();
    },
  };
}

function mmRun(apiUrl: string): Deno.ChildProcess {
  return mmRunWith(apiUrl, []);
}

function mmRunWith(apiUrl: string, extra: string[]): Deno.ChildProcess {
  const words = denoJson.tasks.mm.split(/\s+/).slice(1).map((
    w,
  ) => (w.endsWith(".ts") ? repoPath(w) : w));
  return new Deno.Command(Deno.execPath(), {
    args: [...words, "run", "--api-url", apiUrl, "--asset", "BTC", ...extra],
    env: { HL_PRIVATE_KEY: KEY, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).spawn();
}

async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

async function finish(child: Deno.ChildProcess, signal: Deno.Signal = "SIGTERM") {
  child.kill(signal);
  const output = await child.output();
  return {
    code: output.code,
    events: ndjson(new TextDecoder().decode(output.stdout)),
    stderr: new TextDecoder().decode(output.stderr),
  };
}

Deno.test("mm run quotes on the simulator and leaves nothing resting after SIGTERM", async () => {
  const sim = startMarket();
  try {
    const child = mmRun(sim.server.url);
    const resting = await waitFor(async () => {
      const open = await sim.openOrders();
      return open.length >= 2 ? open : undefined;
    }, "quotes to rest");
    assert(resting.every((o) => o.cloid?.startsWith("0x6d6d")), "every order carries mm's cloid");
    const { code, events, stderr } = await finish(child);
    assertEquals(code, 0, stderr);
    assertEquals(await sim.openOrders(), []);
    const stop = events.find((e) => e.type === "stop")!;
    assertEquals(stop.remaining_orders, 0);
    assert(events.some((e) => e.type === "quote"), "quote events");
    assert(events.some((e) => e.type === "summary"), "a summary");
    assertEachMatches(EngineEventSchema, events);
    const tids = events.filter((e) => e.type === "fill").map((e) => e.tid);
    assertEquals(new Set(tids).size, tids.length, "every fill journaled once");
    const text = JSON.stringify(events);
    assert(
      !text.includes("Too many") && !text.includes("HTTP 429"),
      "the rate limit was never hit",
    );
    assert(
      !text.includes(KEY.slice(2)) && !stderr.includes(KEY.slice(2)),
      "the key is never printed",
    );
    const summary = events.find((e) => e.type === "summary")! as { max_inventory_coin: number };
    assert(
      summary.max_inventory_coin * 90_000 <= 10_000 * 1.05,
      "the position stayed within the $10,000 limit",
    );
  } finally {
    await sim.close();
  }
});

Deno.test("a restarted mm reclaims its resting orders instead of duplicating them", async () => {
  const sim = startMarket();
  try {
    const first = mmRun(sim.server.url);
    const before = await waitFor(async () => {
      const open = await sim.openOrders();
      return open.length >= 2 ? open : undefined;
    }, "quotes to rest");
    await finish(first, "SIGKILL"); // a crash: orders stay
    const left = await sim.openOrders();
    assert(left.length >= 2, `orders survive the crash (${before.length} then ${left.length})`);
    const second = mmRun(sim.server.url);
    const started = await waitFor(async () => {
      const open = await sim.openOrders();
      return open.length > 0 ? open : undefined;
    }, "the restart");
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const during = await sim.openOrders();
    const { code, events } = await finish(second);
    assertEquals(code, 0);
    const start = events.find((e) => e.type === "start")!;
    assertEquals(start.reclaimed_orders, left.length);
    assert(
      during.length <= 10,
      `no duplicates: ${during.length} orders for a 5 + 5 ladder (${started.length} at start)`,
    );
    assertEquals(await sim.openOrders(), []);
  } finally {
    await sim.close();
  }
});

Deno.test("under injected faults (5xx, 429, latency, WebSocket drops) mm run still ends with nothing resting", async () => {
  const faults = new FaultInjector({
    serverErrorShare: 0.1,
    rateLimitShare: 0.05,
    latencyMs: 20,
    dropWsEverySeconds: 3,
    seed: 5,
  }, { startMs: Date.now() });
  const sim = startMarket({ faults });
  try {
    const child = mmRun(sim.server.url);
    await new Promise((resolve) => setTimeout(resolve, 7000));
    const { code, events, stderr } = await finish(child);
    assert(faults.counts.ws_drop >= 1, "connections were dropped");
    assertEquals(await sim.openOrders(), [], stderr.slice(0, 500));
    assert(code === 0 || code === 1, `exit ${code}`);
    assert(events.some((e) => e.type === "connection"), "connection events journaled");
    assertEachMatches(EngineEventSchema, events);
  } finally {
    await sim.close();
  }
});

Deno.test("a stalled feed makes mm run pull its quotes while it lasts", async () => {
  const faults = new FaultInjector({ stallFeedAfterSeconds: 4, seed: 1 }, { startMs: Date.now() });
  const sim = startMarket({ faults });
  try {
    const child = mmRun(sim.server.url);
    await waitFor(
      async () => ((await sim.openOrders()).length >= 2 ? true : undefined),
      "quotes to rest",
    );
    // The feed stops 4 s in; with data older than 2 s the risk rules pull everything.
    const pulled = await waitFor(
      async () => (faults.counts.feed_stall === 1 && (await sim.openOrders()).length === 0
        ? true
        : undefined),
      "quotes to be pulled after the stall",
      15_000,
    );
    assert(pulled);
    assert(faults.counts.feed_stall === 1);
    const { code, events } = await finish(child);
    assertEquals(code, 0);
    assertEachMatches(EngineEventSchema, events);
    const pulls = events.filter((e) => e.type === "quote" && e.decision === "pull");
    assert(pulls.length >= 1, "a pull decision was journaled");
    assert(
      JSON.stringify(pulls[0].reasons).includes("stale"),
      `the pull says why: ${JSON.stringify(pulls[0].reasons)}`,
    );
  } finally {
    await sim.close();
  }
});

Deno.test("a restart with --journal journals the fills made while mm was down, once", async () => {
  const sim = startTestSim({ ipWeightPerMinute: 100_000 });
  const book = {
    channel: "l2Book",
    data: {
      coin: "BTC",
      time: 0,
      levels: [[{ px: "30000", sz: "1", n: 1 }, { px: "29999", sz: "2", n: 2 }], [{
        px: "30001",
        sz: "1",
        n: 1,
      }, { px: "30002", sz: "2", n: 2 }]],
    },
  };
  // A steady book, republished as a live feed would.
  const feed = setInterval(
    () => sim.server.publishMarket({ ...book, data: { ...book.data, time: Date.now() } }),
    300,
  );
  sim.clock.ms = Date.now();
  const clockTimer = setInterval(() => (sim.clock.ms = Date.now()), 50);
  const dir = await Deno.makeTempDir();
  const journal = `${dir}/run.ndjson`;
  const open = async () =>
    await (await fetch(`${sim.server.url}/info`, {
      method: "POST",
      body: JSON.stringify({ type: "openOrders", user: USER }),
    })).json();
  try {
    const first = mmRunWith(sim.server.url, ["--journal", journal]);
    await waitFor(async () => ((await open()).length >= 2 ? true : undefined), "quotes to rest");
    await finish(first, "SIGKILL");
    // While mm is down a seller sweeps the book through mm's bids.
    const taker = new HyperliquidExchange(resolveNetwork({ apiUrl: sim.server.url }), {
      key: new SecretKey("0x" + "66".repeat(32), { source: "test" }),
    });
    const [swept] = await taker.placeOrders([{
      coin: "BTC",
      side: "sell",
      px: 29_000,
      sz: 3.5,
      tif: "Ioc",
    }]);
    assertEquals(swept.status, "filled");
    // The journal's last entry is later than those fills by its own clock (a local clock 2 s
    // ahead of the exchange's): the catch-up must still find them.
    Deno.writeTextFileSync(
      journal,
      JSON.stringify({ ts: Date.now() + 2_000, type: "stop", coin: "BTC", remaining_orders: 0 }) +
        "\n",
      { append: true },
    );
    const second = mmRunWith(sim.server.url, ["--journal", journal]);
    try {
      await waitFor(
        () =>
          Promise.resolve(Deno.readTextFileSync(journal).includes('"catch_up"') ? true : undefined),
        "the catch-up",
      );
    } catch (error) {
      const { stderr, events } = await finish(second);
      throw new Error(
        `${(error as Error).message}: ${stderr.slice(-600)} ${
          JSON.stringify(events.slice(0, 4)).slice(0, 600)
        }`,
      );
    }
    const { code } = await finish(second);
    assertEquals(code, 0);
    const events = ndjson(Deno.readTextFileSync(journal));
    assertEachMatches(EngineEventSchema, events);
    const catchUp = events.find((e) => e.type === "catch_up")!;
    assert((catchUp.fills as number) >= 1, `missed fills journaled: ${JSON.stringify(catchUp)}`);
    const tids = events.filter((e) => e.type === "fill").map((e) => e.tid);
    assertEquals(new Set(tids).size, tids.length, "each fill once in the journal");
  } finally {
    clearInterval(feed);
    clearInterval(clockTimer);
    await sim.close();
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("mm run serves Prometheus metrics and writes rotated log streams; one requote id ties its story", async () => {
  const sim = startMarket();
  const dir = await Deno.makeTempDir();
  try {
    const child = mmRunWith(sim.server.url, [
      "--metrics-port",
      "0",
      "--log-dir",
      dir,
      "--log",
      "info,mm.engine=debug",
    ]);
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = "", url = "";
    while (url === "" || !buffer.includes('"type":"action"')) {
      const { value, done } = await reader.read();
      if (done) throw new Error("mm run ended early");
      buffer += value;
      const line = buffer.split("\n").find((l) => l.includes('"type":"metrics"'));
      if (line !== undefined) url = JSON.parse(line).url;
    }
    const text = await (await fetch(url)).text();
    const series = new Map(
      text.split("\n").filter((l) => l !== "" && !l.startsWith("#")).map((l) => {
        const at = l.lastIndexOf(" ");
        return [l.slice(0, at), Number(l.slice(at + 1))] as [string, number];
      }),
    );
    assert((series.get('mm_quotes_total{coin="BTC"}') ?? 0) >= 1, text.slice(0, 400));
    assert([...series.keys()].some((k) => k.startsWith("mm_actions_total{")), "actions counted");
    assert(series.has("mm_ratelimit_address_remaining"), "rate-limit budget exported");
    reader.releaseLock();
    child.kill("SIGTERM");
    await child.status;
    await child.stdout.cancel().catch(() => {});
    await child.stderr.cancel();
    const operational = Deno.readTextFileSync(`${dir}/operational.log`);
    assert(operational.includes("start"), "operational log has the start");
    const diagnostic = Deno.readTextFileSync(`${dir}/diagnostic.ndjson`).trim().split("\n").map((
      l,
    ) => JSON.parse(l));
    const firstAction = diagnostic.find((r) => JSON.stringify(r).includes('"action"'));
    assert(firstAction !== undefined, "debug records of actions are in diagnostic.ndjson");
    const id = JSON.stringify(firstAction).match(/"requote_id":"([^"]+)"/)?.[1];
    assert(id !== undefined, "the action carries its requote id");
    const story = [...diagnostic, ...operational.split("\n")].filter((r) =>
      JSON.stringify(r).includes(id!)
    );
    assert(story.length >= 2, `the requote's action and ack share ${id}`);
    assert(
      !(operational + JSON.stringify(diagnostic)).includes(KEY.slice(2)),
      "no key in the logs",
    );
  } finally {
    await sim.close();
    Deno.removeSync(dir, { recursive: true });
  }
});
