/**
 * `mm status` end to end: the real CLI (the mm task's permissions, a clean
 * environment) against an in-process simulator.
 */

import denoJson from "../../deno.json" with { type: "json" };
import { SecretKey } from "../../lib/config/secrets.ts";
import { HyperliquidExchange } from "../../lib/hyperliquid/exchange_client.ts";
import { resolveNetwork } from "../../lib/hyperliquid/network.ts";
import { addressOf } from "../../lib/hyperliquid/signing.ts";
import { startTestSim, type TestSim } from "../sim/_sim.ts";
import { StatusReportSchema } from "../../lib/events/ops.ts";
import {
  assert,
  assertEachMatches,
  assertEquals,
  assertMatch,
  ndjson,
  repoPath,
} from "../_helpers.ts";

const KEY = "0x4444444444444444444444444444444444444444444444444444444444444444";
const USER = addressOf(KEY);
const IDLE = "0x000000000000000000000000000000000000dead";

interface StatusRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the real `mm status` with the mm task's permissions and a clean environment. */
async function mmStatus(args: string[], env: Record<string, string> = {}): Promise<StatusRun> {
  const words = denoJson.tasks.mm.split(/\s+/).slice(1).map((
    w,
  ) => (w.endsWith(".ts") ? repoPath(w) : w));
  const { code, stdout, stderr } = await new Deno.Command(Deno.execPath(), {
    args: [...words, "status", ...args],
    env: { PATH: Deno.env.get("PATH") ?? "", ...env },
    clearEnv: true,
    stdout: "piped",
    stderr: "piped",
  }).output();
  const text = new TextDecoder();
  const run = { code, stdout: text.decode(stdout), stderr: text.decode(stderr) };
  if (!args.includes("--nagios")) assertEachMatches(StatusReportSchema, ndjson(run.stdout));
  return run;
}

/** A simulator where USER rests 2 BTC bids and 1 BTC ask and holds 0.01 BTC long (~$300). */
async function simWithOrders(): Promise<TestSim> {
  const sim = startTestSim();
  const client = new HyperliquidExchange(resolveNetwork({ apiUrl: sim.server.url }), {
    key: new SecretKey(KEY, { source: "test" }),
  });
  const placed = await client.placeOrders([
    { coin: "BTC", side: "buy", px: 30_002, sz: 0.01, tif: "Ioc" },
    { coin: "BTC", side: "buy", px: 29_990, sz: 0.01, tif: "Alo" },
    { coin: "BTC", side: "buy", px: 29_980, sz: 0.01, tif: "Alo" },
    { coin: "BTC", side: "sell", px: 30_015, sz: 0.01, tif: "Alo" },
  ]);
  assertEquals(placed.map((r) => r.status), ["filled", "resting", "resting", "resting"]);
  return sim;
}

Deno.test("mm status: OK, exit 0, one status line with orders, position and fills", async () => {
  const sim = await simWithOrders();
  try {
    const run = await mmStatus(["--api-url", sim.server.url], { HL_ACCOUNT: USER });
    assertEquals(run.code, 0, run.stderr);
    assertEquals(run.stderr, "");
    const lines = run.stdout.trim().split("\n");
    assertEquals(lines.length, 1);
    const report = JSON.parse(lines[0]);
    assertEquals([report.type, report.account, report.level, report.exit_code], [
      "status",
      USER,
      "ok",
      0,
    ]);
    assertEquals(report.open_orders.total, 3);
    assertEquals(report.open_orders.by_coin.BTC.bids, 2);
    assertEquals(report.open_orders.by_coin.BTC.asks, 1);
    assertEquals(report.positions.length, 1);
    assertEquals([report.positions[0].coin, report.positions[0].size], ["BTC", 0.01]);
    assert(report.fees_today_usd > 0, "the taker fill's fee counts today");
    assert(typeof report.last_fill_ts === "number");
    assertEquals(report.ratelimit.ip_weight_share, null);
    assertEquals(report.journal, null);
    assert(report.checks.every((c: { level: string }) => c.level === "ok"));
  } finally {
    await sim.close();
  }
});

Deno.test("mm status: a position beyond the warning share exits 1, beyond the max exits 2", async () => {
  const sim = await simWithOrders();
  try {
    const base = ["--account", USER, "--api-url", sim.server.url];
    const [warn, crit] = await Promise.all([
      mmStatus([...base, "--max-position-usd", "350"]), // ~$300 = ~86 %
      mmStatus([...base, "--max-position-usd", "250", "--margin-warn", "0"]),
    ]);
    assertEquals(warn.code, 1, warn.stderr);
    const w = JSON.parse(warn.stdout);
    assertEquals(w.level, "warning");
    assertEquals(w.checks.find((c: { name: string }) => c.name === "position").level, "warning");
    assertEquals(crit.code, 2, crit.stderr);
    const c = JSON.parse(crit.stdout);
    assertEquals([c.level, c.exit_code], ["critical", 2]);
  } finally {
    await sim.close();
  }
});

Deno.test("mm status: the journal's heartbeat; no orders while mm runs is critical", async () => {
  const sim = await simWithOrders();
  const journal = await Deno.makeTempFile({ suffix: ".ndjson" });
  try {
    const now = Date.now();
    await Deno.writeTextFile(
      journal,
      [
        { ts: now - 70_000, type: "status", coin: "BTC", resting_orders: 3 },
        { ts: now - 10_000, type: "status", coin: "BTC", ratelimit: { ip_share: 0.125 } },
        { ts: now - 5_000, type: "quote", coin: "BTC" },
      ].map((e) => JSON.stringify(e)).join("\n") + "\n",
    );
    const [fresh, idle, stale] = await Promise.all([
      mmStatus(["--account", USER, "--api-url", sim.server.url, "--journal", journal]),
      mmStatus(["--account", IDLE, "--api-url", sim.server.url, "--journal", journal]),
      mmStatus([
        "--account",
        USER,
        "--api-url",
        sim.server.url,
        "--journal",
        journal,
        "--heartbeat-warn",
        "5",
        "--heartbeat-crit",
        "60",
      ]),
    ]);
    assertEquals(fresh.code, 0, fresh.stderr);
    const f = JSON.parse(fresh.stdout);
    assertEquals(f.journal.last_heartbeat_ts, now - 10_000);
    assert(f.journal.heartbeat_age_s >= 10 && f.journal.heartbeat_age_s < 20);
    assertEquals(f.ratelimit.ip_weight_share, 0.125);

    assertEquals(idle.code, 2, idle.stderr);
    const orders = JSON.parse(idle.stdout).checks.find((c: { name: string }) =>
      c.name === "orders"
    );
    assertEquals(orders.level, "critical");
    assertMatch(orders.message, /no open orders while mm is running/);

    assertEquals(stale.code, 1, stale.stderr);
    const heartbeat = JSON.parse(stale.stdout).checks.find((c: { name: string }) =>
      c.name === "heartbeat"
    );
    assertEquals(heartbeat.level, "warning");
  } finally {
    await Deno.remove(journal);
    await sim.close();
  }
});

Deno.test("mm status --nagios: one monitoring-plugin line, same exit codes", async () => {
  const sim = await simWithOrders();
  try {
    const base = ["--nagios", "--account", USER, "--api-url", sim.server.url];
    const [ok, warn] = await Promise.all([
      mmStatus(base),
      mmStatus([...base, "--max-position-usd", "350"]),
    ]);
    assertEquals(ok.code, 0, ok.stderr);
    assertMatch(
      ok.stdout,
      /^MM STATUS OK - 1 position, 3 orders \| account_value=[\d.]+;; margin_ratio=[\d.]+;0\.5;0\.8 positions=1;; orders=3;; .*budget_remaining=\d+;2000:;500: pnl_today=-?[\d.]+;;\n$/,
    );
    assertEquals(warn.code, 1, warn.stderr);
    assertMatch(
      warn.stdout,
      /^MM STATUS WARNING - BTC \$[\d.]+ is [\d.]+% of max \$350\.00; 1 position/,
    );
    assertMatch(warn.stdout, / position_pct=[\d.]+;80;100 /);
  } finally {
    await sim.close();
  }
});

Deno.test("mm status: an unreachable exchange and bad input are UNKNOWN (3), one line, no stack", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (listener.addr as Deno.NetAddr).port;
  listener.close(); // nothing listens there now
  const runs = await Promise.all([
    mmStatus(["--account", USER, "--api-url", `http://127.0.0.1:${port}`]),
    mmStatus(["--account", "0x1234", "--api-url", `http://127.0.0.1:${port}`]),
    mmStatus(["--api-url", `http://127.0.0.1:${port}`], { HL_ACCOUNT: "not-an-address" }),
    mmStatus(["--api-url", `http://127.0.0.1:${port}`]), // no account at all
    mmStatus(["--account", USER, "--no-such-flag"]),
    mmStatus(["--account", USER, "--margin-warn", "lots"]),
    mmStatus(["--nagios", "--account", USER, "--api-url", `http://127.0.0.1:${port}`]),
  ]);
  for (const run of runs) {
    assertEquals(run.code, 3, run.stderr);
    const lines = run.stderr.trim().split("\n");
    assertEquals(lines.length, 1, run.stderr);
    assertMatch(lines[0], /^mm status: UNKNOWN - \S/);
    assert(!run.stderr.includes("    at "), "no stack trace");
  }
  assertMatch(runs[0].stderr, /cannot reach the exchange/);
  assertMatch(runs[1].stderr, /--account "0x1234" is not an address/);
  assertMatch(runs[2].stderr, /HL_ACCOUNT "not-an-address" is not an address/);
  assertMatch(runs[3].stderr, /no account/);
  assertMatch(runs[4].stderr, /unknown option '--no-such-flag'/);
  assertMatch(runs[5].stderr, /--margin-warn "lots" is not a number/);
  assertEquals(runs.slice(0, 6).map((r) => r.stdout), ["", "", "", "", "", ""]);
  assertMatch(runs[6].stdout, /^MM STATUS UNKNOWN - info:\S+: cannot reach the exchange/);
});
