/** `mm status`, the pure part: figures, checks, levels and the nagios line on hand-made data. */

import {
  buildStatus,
  DEFAULT_STATUS_THRESHOLDS,
  nagiosLine,
  type StatusInputs,
  type StatusThresholds,
  StatusUnknownError,
  unknownLine,
  validateThresholds,
} from "../../lib/ops/status.ts";
import type { UserFill } from "../../lib/hyperliquid/schemas.ts";
import { UsageError } from "../../lib/errors.ts";
import { assert, assertEquals, assertMatch, assertThrows } from "../_helpers.ts";

const NOW = Date.UTC(2025, 0, 2, 12, 0, 0); // noon UTC
const T: StatusThresholds = { ...DEFAULT_STATUS_THRESHOLDS };

function fill(coin: string, time: number, closedPnl: string, fee: string): UserFill {
  return { coin, px: "100", sz: "1", side: "B", time, dir: "Open Long", closedPnl, fee };
}

function inputs(over: Partial<StatusInputs> = {}): StatusInputs {
  const summary = {
    accountValue: "1000",
    totalMarginUsed: "150",
    totalNtlPos: "3000",
    totalRawUsd: "1000",
  };
  return {
    now: NOW,
    account: "0xabc",
    clearinghouse: {
      assetPositions: [{
        type: "oneWay",
        position: {
          coin: "BTC",
          szi: "0.1",
          entryPx: "29000",
          leverage: { type: "cross", value: 20 },
          liquidationPx: "27000",
          marginUsed: "150",
          positionValue: "3000",
          returnOnEquity: "0.6",
          unrealizedPnl: "100",
        },
      }],
      marginSummary: summary,
      crossMarginSummary: summary,
      withdrawable: "850",
    },
    openOrders: [
      { coin: "BTC", limitPx: "29990", oid: 1, side: "B", sz: "0.01", timestamp: NOW },
      { coin: "BTC", limitPx: "29980", oid: 2, side: "B", sz: "0.01", timestamp: NOW },
      { coin: "BTC", limitPx: "30015", oid: 3, side: "A", sz: "0.01", timestamp: NOW },
    ],
    mids: { BTC: "30000", ETH: "3000" },
    fills: [
      fill("BTC", NOW - 1000, "10", "0.5"), // today
      fill("BTC", Date.UTC(2025, 0, 1, 20), "-4", "0.25"), // yesterday, within 24 h
      fill("BTC", NOW - 2 * 86_400_000, "99", "1"), // older: ignored
    ],
    rateLimit: { cumVlm: "0", nRequestsUsed: 1000, nRequestsCap: 10_000 },
    journal: null,
    ...over,
  };
}

Deno.test("a healthy account: figures and every check ok, exit 0", () => {
  const r = buildStatus(inputs(), T);
  assertEquals(r.type, "status");
  assertEquals(r.positions, [{
    coin: "BTC",
    size: 0.1,
    entry_px: 29000,
    mark_px: 30000,
    unrealized_pnl_usd: 100,
    leverage: 20,
    liquidation_px: 27000,
    liquidation_distance_pct: 10, // (30000 − 27000) / 30000
  }]);
  assertEquals(r.margin_ratio, 0.15);
  assertEquals(r.open_orders, {
    total: 3,
    by_coin: {
      BTC: { bids: 2, asks: 1, best_bid_distance_bps: 3.33, best_ask_distance_bps: 5 },
    },
  });
  assertEquals(
    [r.realized_pnl_today_usd, r.fees_today_usd, r.realized_pnl_24h_usd, r.fees_24h_usd],
    [10, 0.5, 6, 0.75],
  );
  assertEquals(r.last_fill_ts, NOW - 1000);
  assertEquals(r.ratelimit, { used: 1000, cap: 10_000, remaining: 9000, ip_weight_share: null });
  assertEquals(r.journal, null);
  // 10 % from liquidation is at the warning line (≤ 10): use a 9 % threshold for "all ok".
  const ok = buildStatus(inputs(), { ...T, liqWarnPct: 9 });
  assertEquals(ok.checks.map((c) => [c.name, c.level]), [
    ["orders", "ok"],
    ["position", "ok"],
    ["margin", "ok"],
    ["liquidation", "ok"],
    ["budget", "ok"],
  ]);
  assertEquals([ok.level, ok.exit_code], ["ok", 0]);
  assertEquals([r.level, r.exit_code], ["warning", 1]);
});

Deno.test("each threshold turns its check warning, then critical; the worst wins", () => {
  const level = (t: Partial<StatusThresholds>, name: string, over: Partial<StatusInputs> = {}) => {
    const r = buildStatus(inputs(over), { ...T, liqWarnPct: 1, liqCritPct: 0.5, ...t });
    return [r.checks.find((c) => c.name === name)?.level, r.exit_code];
  };
  // position: $3,000
  assertEquals(level({ maxPositionUsd: 3500 }, "position"), ["warning", 1]);
  assertEquals(level({ maxPositionUsd: 3000 }, "position"), ["critical", 2]);
  assertEquals(level({ maxPositionUsd: 0 }, "position"), [undefined, 0]);
  // margin: 0.15
  assertEquals(level({ marginWarn: 0.1, marginCrit: 0.5 }, "margin"), ["warning", 1]);
  assertEquals(level({ marginWarn: 0.1, marginCrit: 0.15 }, "margin"), ["critical", 2]);
  // liquidation: 10 %
  assertEquals(level({ liqWarnPct: 12, liqCritPct: 5 }, "liquidation"), ["warning", 1]);
  assertEquals(level({ liqWarnPct: 12, liqCritPct: 10 }, "liquidation"), ["critical", 2]);
  // budget: 9,000 left
  assertEquals(level({ budgetWarn: 9001, budgetCrit: 500 }, "budget"), ["warning", 1]);
  assertEquals(level({ budgetWarn: 9500, budgetCrit: 9001 }, "budget"), ["critical", 2]);
  // daily loss: net today +9.5, so a loss only with losing fills
  const losing = { fills: [fill("BTC", NOW - 1000, "-60", "1")] };
  assertEquals(level({}, "daily_loss", losing), [undefined, 0]);
  assertEquals(level({ dailyLossWarnUsd: 50 }, "daily_loss", losing), ["warning", 1]);
  assertEquals(
    level({ dailyLossWarnUsd: 50, dailyLossCritUsd: 61 }, "daily_loss", losing),
    ["critical", 2],
  );
  assertEquals(level({ dailyLossWarnUsd: 70 }, "daily_loss", losing), ["ok", 0]);
});

Deno.test("a short's liquidation distance is measured upwards; past it is negative", () => {
  const base = inputs();
  const p = base.clearinghouse.assetPositions[0].position;
  const short = { ...p, szi: "-0.1", liquidationPx: "29000" };
  const r = buildStatus({
    ...base,
    clearinghouse: { ...base.clearinghouse, assetPositions: [{ type: "oneWay", position: short }] },
  }, T);
  assertEquals(r.positions[0].liquidation_distance_pct, -3.33);
  assertEquals(r.checks.find((c) => c.name === "liquidation")?.level, "critical");
});

Deno.test("the journal: heartbeat age, no orders while running is critical, ip share passes through", () => {
  const journal = {
    path: "j.ndjson",
    found: true,
    lastHeartbeatTs: NOW - 30_000,
    ipWeightShare: 0.42,
  };
  const fresh = buildStatus(inputs({ journal }), { ...T, liqWarnPct: 9 });
  assertEquals(fresh.journal, {
    path: "j.ndjson",
    last_heartbeat_ts: NOW - 30_000,
    heartbeat_age_s: 30,
  });
  assertEquals(fresh.ratelimit.ip_weight_share, 0.42);
  assertEquals(fresh.exit_code, 0);

  const bare = buildStatus(inputs({ journal, openOrders: [] }), T);
  const orders = bare.checks.find((c) => c.name === "orders")!;
  assertEquals(orders.level, "critical");
  assertMatch(orders.message, /no open orders while mm is running/);

  // a requested coin without orders counts too
  const eth = buildStatus(inputs({ journal, assets: ["BTC", "ETH"] }), T);
  assertEquals(eth.open_orders.by_coin.ETH.bids + eth.open_orders.by_coin.ETH.asks, 0);
  assertEquals(eth.checks.find((c) => c.name === "orders")?.level, "critical");

  const old = (age: number) =>
    buildStatus(
      inputs({ journal: { ...journal, lastHeartbeatTs: NOW - age * 1000 }, openOrders: [] }),
      T,
    )
      .checks.filter((c) => c.name === "orders" || c.name === "heartbeat").map((c) => c.level);
  assertEquals(old(150), ["ok", "warning"]); // stale: not running, so no orders is fine
  assertEquals(old(400), ["ok", "critical"]);
  const none = buildStatus(inputs({ journal: { ...journal, lastHeartbeatTs: null } }), T);
  assertEquals(none.checks.find((c) => c.name === "heartbeat")?.level, "critical");
  const missing = buildStatus(
    inputs({ journal: { ...journal, found: false, lastHeartbeatTs: null } }),
    T,
  );
  assertMatch(missing.checks.find((c) => c.name === "heartbeat")!.message, /does not exist/);
});

Deno.test("--asset keeps only those coins' positions, orders and fills", () => {
  const r = buildStatus(inputs({ assets: ["ETH"] }), T);
  assertEquals(r.positions, []);
  assertEquals(r.open_orders.total, 0);
  assertEquals(Object.keys(r.open_orders.by_coin), ["ETH"]);
  assertEquals(r.realized_pnl_24h_usd, 0);
  assertEquals(r.last_fill_ts, null);
});

Deno.test("no account value with margin used is critical; no margin used is ratio 0", () => {
  const base = inputs();
  const zero = { ...base.clearinghouse.marginSummary, accountValue: "0" };
  const r = buildStatus({
    ...base,
    clearinghouse: { ...base.clearinghouse, marginSummary: zero },
  }, T);
  assertEquals(r.margin_ratio, null);
  assertEquals(r.exit_code, 2);
  const empty = { ...zero, totalMarginUsed: "0" };
  const flat = buildStatus({
    ...base,
    clearinghouse: { ...base.clearinghouse, assetPositions: [], marginSummary: empty },
  }, T);
  assertEquals(flat.margin_ratio, 0);
});

Deno.test("the nagios line: level, problems, counts, perfdata label=value;warn;crit", () => {
  const ok = buildStatus(inputs(), { ...T, liqWarnPct: 9 });
  assertEquals(
    nagiosLine(ok, { ...T, liqWarnPct: 9 }),
    "MM STATUS OK - 1 position, 3 orders | account_value=1000;; margin_ratio=0.15;0.5;0.8 " +
      "positions=1;; orders=3;; position_pct=30;80;100 liq_distance_pct=10;9:;5: " +
      "budget_remaining=9000;2000:;500: pnl_today=9.5;;",
  );
  const t = { ...T, marginCrit: 0.1, marginWarn: 0.05, dailyLossWarnUsd: 5 };
  const bad = buildStatus(
    inputs({
      journal: { path: "j", found: true, lastHeartbeatTs: NOW - 200_000, ipWeightShare: null },
    }),
    t,
  );
  const line = nagiosLine(bad, t);
  assertMatch(
    line,
    /^MM STATUS CRITICAL - margin ratio 0\.15; .*last heartbeat 200 s ago; 1 position, 3 orders \| /,
  );
  assertMatch(line, / heartbeat_age_s=200;120;300 /);
  assertMatch(line, / pnl_today=9\.5;-5:;$/);
  assert(!line.includes("\n"));
});

Deno.test("thresholds in the wrong order are a usage error; unknown is one line", () => {
  validateThresholds(T);
  assertThrows(
    () => validateThresholds({ ...T, marginWarn: 0.9 }),
    UsageError,
    "--margin-warn 0.9 must be at most --margin-crit 0.8",
  );
  assertThrows(() => validateThresholds({ ...T, budgetCrit: 3000 }), UsageError, "--budget-warn");
  assertThrows(() => validateThresholds({ ...T, liqCritPct: 20 }), UsageError, "--liq-warn-pct");
  const error = new StatusUnknownError("unknown option '--x'\nmore");
  assertEquals([error.exitCode, error.line], [3, "mm status: UNKNOWN - unknown option '--x'"]);
  assertEquals(unknownLine("a\nb"), "mm status: UNKNOWN - a");
});
