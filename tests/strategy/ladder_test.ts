import { assert, assertEquals } from "../_helpers.ts";
import { type LadderConfig, StrategyConfigSchema } from "../../lib/config/strategy_config.ts";
import {
  buildLadder,
  type DepthPlan,
  fundingShiftBps,
  ladderDepths,
} from "../../lib/strategy/ladder.ts";

// Defaults: 5 levels, spacing 3 bps, min spread 8 bps (4 a side), cap off,
// +10 bps above $2,000, funding over 1 h capped at 5 bps.
const defaults: LadderConfig = StrategyConfigSchema.parse({}).ladder;

function depths(
  glft: { bidDepthBps: number; askDepthBps: number; halfSpreadBps?: number },
  options: { config?: Partial<LadderConfig>; marketSpreadBps?: number; funding?: number } = {},
): DepthPlan {
  return ladderDepths(
    { halfSpreadBps: (glft.bidDepthBps + glft.askDepthBps) / 2, ...glft },
    {
      config: { ...defaults, ...options.config },
      marketSpreadBps: options.marketSpreadBps ?? 1,
      fundingRateHourly: options.funding ?? 0,
    },
  );
}

function round6(xs: number[]): number[] {
  return xs.map((x) => Math.round(x * 1e6) / 1e6);
}

const NO_LARGE = { notionalUsd: 2_000, extraBps: 10 };

Deno.test("levels start at the GLFT touch and step out by the spacing in bps", () => {
  const plan = depths({ bidDepthBps: 6, askDepthBps: 5 });
  assertEquals(plan.bids.map((l) => l.depthBps), [6, 9, 12, 15, 18]);
  assertEquals(plan.asks.map((l) => l.depthBps), [5, 8, 11, 14, 17]);
  assert(plan.bids.every((l) => !l.flags.floor && !l.flags.cap && !l.flags.funding));
});

Deno.test("spacing may be a multiple of the GLFT half-spread", () => {
  // half-spread (6 + 6)/2 = 6, multiple 0.5 → spacing 3 bps
  const plan = depths({ bidDepthBps: 6, askDepthBps: 6 }, {
    config: { levels: 3, spacing: { kind: "half_spread", multiple: 0.5 } },
  });
  assertEquals(plan.spacingBps, 3);
  assertEquals(plan.bids.map((l) => l.depthBps), [6, 9, 12]);
});

Deno.test("the 8 bps minimum spread keeps each side at least 4 bps from fair", () => {
  const plan = depths({ bidDepthBps: 1, askDepthBps: -2 });
  assertEquals(plan.floorBps, 4);
  assertEquals(plan.bids.map((l) => l.depthBps), [4, 7, 10, 13, 16]);
  assertEquals(plan.asks[0].depthBps, 4);
  assert(plan.bids.every((l) => l.flags.floor) && plan.asks.every((l) => l.flags.floor));
});

Deno.test("the market-spread cap is off by default", () => {
  const plan = depths({ bidDepthBps: 30, askDepthBps: 30 }, { marketSpreadBps: 1 });
  assertEquals([plan.capBps, plan.bids[0].depthBps], [null, 30]);
});

Deno.test("the market-spread cap pulls the touch in to multiple × market spread / 2", () => {
  // multiple 4 × market spread 5 bps = 20 bps total → 10 bps a side
  const plan = depths({ bidDepthBps: 30, askDepthBps: 8 }, {
    config: { marketSpreadCapMultiple: 4 },
    marketSpreadBps: 5,
  });
  assertEquals(plan.capBps, 10);
  assertEquals([plan.bids[0].depthBps, plan.bids[1].depthBps], [10, 13]);
  assertEquals([plan.bids[0].flags.cap, plan.asks[0].flags.cap], [true, false]);
  assertEquals(plan.asks[0].depthBps, 8);
});

Deno.test("the minimum-spread floor wins over the market-spread cap", () => {
  // cap 2 × 2 / 2 = 2 bps a side, floor 4 bps a side
  const plan = depths({ bidDepthBps: 10, askDepthBps: 10 }, {
    config: { marketSpreadCapMultiple: 2 },
    marketSpreadBps: 2,
  });
  assertEquals(plan.bids[0].depthBps, 4);
  assertEquals([plan.bids[0].flags.cap, plan.bids[0].flags.floor], [true, true]);
});

Deno.test("positive funding (longs pay) moves both quotes down: bid deeper, ask closer", () => {
  // 0.0001/h = 1 bps/h × 1 h horizon = 1 bps shift
  const plan = depths({ bidDepthBps: 10, askDepthBps: 10 }, { funding: 0.0001 });
  assertEquals(round6([plan.fundingShiftBps, plan.bids[0].depthBps, plan.asks[0].depthBps]), [
    1,
    11,
    9,
  ]);
  assert(plan.bids[0].flags.funding && plan.asks[0].flags.funding);
  const negative = depths({ bidDepthBps: 10, askDepthBps: 10 }, { funding: -0.0001 });
  assertEquals(round6([negative.bids[0].depthBps, negative.asks[0].depthBps]), [9, 11]);
});

Deno.test("the funding shift is limited to maxBps and can be switched off", () => {
  const config = defaults.funding; // max 5 bps
  assertEquals(fundingShiftBps(0.01, config), 5); // 100 bps/h → 5
  assertEquals(fundingShiftBps(-0.01, config), -5);
  assertEquals(fundingShiftBps(0.01, { ...config, enabled: false }), 0);
});

Deno.test("a widen factor multiplies every level's depth", () => {
  const plan = ladderDepths({ bidDepthBps: 6, askDepthBps: 6, halfSpreadBps: 6 }, {
    config: { ...defaults, levels: 2 },
    marketSpreadBps: 1,
    fundingRateHourly: 0,
    widenFactor: 1.5,
  });
  assertEquals(plan.bids.map((l) => l.depthBps), [9, 13.5]); // (6, 9) × 1.5
  assert(plan.bids.every((l) => l.flags.widen));
});

Deno.test("a floor factor multiplies the floor: 8 bps total ×2 puts each side's touch at 8 bps", () => {
  const plan = ladderDepths({ bidDepthBps: 1, askDepthBps: 1, halfSpreadBps: 1 }, {
    config: { ...defaults, levels: 2 },
    marketSpreadBps: 1,
    fundingRateHourly: 0,
    floorFactor: 2,
  });
  assertEquals(plan.floorBps, 8);
  assertEquals(plan.bids.map((l) => l.depthBps), [8, 11]);
  assert(plan.asks.every((l) => l.flags.floor && !l.flags.widen));
});

Deno.test("prices round to the tick on the safe side: bids down, asks up", () => {
  // fair 100.005, szDecimals 4 → tick 0.01 (6 − 4 decimals). Bid 100.005·(1 − 4e-4) = 99.964998 → 99.96;
  // ask 100.005·(1 + 4e-4) = 100.045002 → 100.05.
  const plan = depths({ bidDepthBps: 4, askDepthBps: 4 }, { config: { levels: 1 } });
  const ladder = buildLadder(plan, {
    fairPx: 100.005,
    sizes: { bids: [1], asks: [1] },
    szDecimals: 4,
    largeQuote: NO_LARGE,
  });
  assertEquals([ladder.bids[0].px, ladder.asks[0].px], [99.96, 100.05]);
  assert(ladder.bids[0].depthBps >= 4 && ladder.asks[0].depthBps >= 4);
});

Deno.test("a level above $2,000 notional goes 10 bps deeper", () => {
  // fair 100, bid at 4 bps = 99.96; 25 coins = $2,499 > $2,000 → 14 bps: 99.86
  const plan = depths({ bidDepthBps: 4, askDepthBps: 4 }, { config: { levels: 2 } });
  const ladder = buildLadder(plan, {
    fairPx: 100,
    sizes: { bids: [25, 1], asks: [1, 1] },
    szDecimals: 4,
    largeQuote: NO_LARGE,
  });
  assertEquals(ladder.bids.map((l) => [l.px, l.flags.largeQuote]), [[99.93, false], [
    99.86,
    true,
  ]]);
  assertEquals(ladder.bids[1].level, 0); // the large touch now sits behind level 1
  assertEquals(ladder.asks.every((l) => !l.flags.largeQuote), true);
});

Deno.test("levels that round onto the same price are deduplicated", () => {
  // fair 100, szDecimals 4 → tick 0.01 = 1 bps: bids at 4.0, 4.2, 4.4, 4.6, 4.8 bps → 99.96, 99.95 (×4)
  const plan = depths({ bidDepthBps: 4, askDepthBps: 4 }, {
    config: { spacing: { kind: "bps", bps: 0.2 } },
  });
  const ladder = buildLadder(plan, {
    fairPx: 100,
    sizes: { bids: [1, 1, 1, 1, 1], asks: [1, 1, 1, 1, 1] },
    szDecimals: 4,
    largeQuote: NO_LARGE,
  });
  assertEquals(ladder.bids.map((l) => l.px), [99.96, 99.95]);
  assertEquals(ladder.asks.map((l) => l.px), [100.04, 100.05]);
  assertEquals(ladder.droppedDuplicates, 6);
});

Deno.test("our best bid stays below our best ask when rounding would make them meet", () => {
  // no floor, zero depths, fair on a tick: both round to 100 → the ask is dropped (tie)
  const plan = depths({ bidDepthBps: 0, askDepthBps: 0 }, {
    config: { levels: 1, minSpreadBps: 0 },
  });
  const ladder = buildLadder(plan, {
    fairPx: 100,
    sizes: { bids: [1], asks: [1] },
    szDecimals: 4,
    largeQuote: NO_LARGE,
  });
  assertEquals([ladder.bids.map((l) => l.px), ladder.asks.length, ladder.droppedCrossing], [
    [100],
    0,
    1,
  ]);
});

Deno.test("a bid that would cross the market ask joins the best bid instead (post-only)", () => {
  // no floor, fair (microprice) at the best ask 100.01, bid depth 0 → 100.01 ≥ ask → 99.99;
  // ask 15 bps: 100.01 · 1.0015 = 100.160015 → 100.17
  const plan = depths({ bidDepthBps: 0, askDepthBps: 15 }, {
    config: { levels: 1, minSpreadBps: 0 },
  });
  const ladder = buildLadder(plan, {
    fairPx: 100.01,
    sizes: { bids: [1], asks: [1] },
    szDecimals: 4,
    largeQuote: NO_LARGE,
    bestBid: 99.99,
    bestAsk: 100.01,
  });
  assertEquals([ladder.bids[0].px, ladder.bids[0].flags.postOnly], [99.99, true]);
  assertEquals(ladder.asks[0].px, 100.17);
});

Deno.test("a minimum spread of 0 still keeps quotes from crossing the fair price", () => {
  const plan = depths({ bidDepthBps: 3, askDepthBps: -3 }, { config: { minSpreadBps: 0 } });
  assertEquals([plan.asks[0].depthBps, plan.asks[0].flags.floor], [0, true]);
});

Deno.test("levels with no size are left out", () => {
  const plan = depths({ bidDepthBps: 5, askDepthBps: 5 }, { config: { levels: 3 } });
  const ladder = buildLadder(plan, {
    fairPx: 100,
    sizes: { bids: [0, 1, 0], asks: [] },
    szDecimals: 4,
    largeQuote: NO_LARGE,
  });
  assertEquals([ladder.bids.map((l) => l.level), ladder.asks.length], [[1], 0]);
});
