import { assert, assertEquals } from "../_helpers.ts";
import { type KellyConfig, StrategyConfigSchema } from "../../lib/config/strategy_config.ts";
import { fillEdge, informedShare, sizeLevels } from "../../lib/strategy/kelly.ts";

// Defaults: α_touch 0.25, decay 15 bps, fraction 0.20, horizon 60 s, fee 1.5 bps, min $10.
const defaults: KellyConfig = StrategyConfigSchema.parse({}).kelly;

function assertClose(actual: number, expected: number, tolerance = 1e-9): void {
  assert(
    Math.abs(actual - expected) <= tolerance,
    `expected ${expected} ± ${tolerance}, got ${actual}`,
  );
}

Deno.test("a touch fill is informed with probability α_touch and it decays by e every 15 bps", () => {
  assertEquals(informedShare(0, defaults), 0.25);
  assertClose(informedShare(15, defaults), 0.25 / Math.E); // 0.0919699
  assertClose(informedShare(30, defaults), 0.25 / Math.E ** 2);
});

Deno.test("the edge and variance of a fill at 15 bps match the hand computation", () => {
  // α = 0.25·e^{−1} = 0.0919699; σ√h = 1·√60 = 7.7460 < adverse 10 → M = 10
  // edge = 15 − 1.5 − 0.0919699·10 = 12.580301 bps
  // variance = α(1−α)·10² + σ²·h = 0.0919699·0.9080301·100 + 60 = 8.351141 + 60 = 68.351141 bps²
  // f* = 1e4 · 12.580301 / 68.351141 = 1840.54 (× equity)
  const edge = fillEdge(15, { adverseSelectionBps: 10, sigmaBpsPerSqrtS: 1, config: defaults });
  assertClose(edge.alpha, 0.09196986029286058);
  assertEquals(edge.adverseMoveBps, 10);
  assertClose(edge.edgeBps, 12.580301397071395);
  assertClose(edge.varianceBps2, 68.35114050905723);
  assertClose(edge.kellyLeverage, 1840.540085121824, 1e-6);
});

Deno.test("the adverse move is σ·√horizon when that exceeds the measured adverse selection", () => {
  // σ = 2, h = 60: 2·√60 = 15.4919 > 3
  const edge = fillEdge(20, { adverseSelectionBps: 3, sigmaBpsPerSqrtS: 2, config: defaults });
  assertClose(edge.adverseMoveBps, 2 * Math.sqrt(60));
});

Deno.test("Kelly size is fraction × f* × equity / price, rounded down to the lot", () => {
  // fee 0, σ = 10 bps/√s, h = 100 s → σ√h = 100 = M, σ²h = 10,000; δ = 30 bps
  // α = 0.25·e^{−2} = 0.0338338; edge = 30 − 3.38338 = 26.616618
  // variance = 0.0338338·0.9661662·10,000 + 10,000 = 10,326.8909
  // f* = 1e4·26.616618/10,326.8909 = 25.774086; 0.2 × 25.774086 × $100 = $515.48
  // level price 100·(1 − 0.003) = 99.7 → 5.170328 coins → 5.17 (2 decimals)
  const config = { ...defaults, makerFeeBps: 0, horizonS: 100 };
  const [level] = sizeLevels([30], {
    side: "bid",
    fairPx: 100,
    equityUsd: 100,
    roomCoin: 1_000,
    szDecimals: 2,
    adverseSelectionBps: 0,
    sigmaBpsPerSqrtS: 10,
    config,
  });
  assertClose(level.kellyLeverage, 25.774086401943265, 1e-9);
  assertClose(level.kellyCoin, 5.170328265184206, 1e-9);
  assertEquals([level.sz, level.boundBy], [5.17, "kelly"]);
});

Deno.test("no edge, no size: a fill whose edge is zero or negative is not quoted", () => {
  const options = {
    side: "ask" as const,
    fairPx: 100,
    equityUsd: 10_000,
    roomCoin: 100,
    szDecimals: 2,
    adverseSelectionBps: 0,
    sigmaBpsPerSqrtS: 0,
    config: { ...defaults, alphaTouch: 0 },
  };
  // α = 0, M = 0: edge = δ − 1.5 → 0 at 1.5 bps, −1.5 at 0 bps
  const levels = sizeLevels([0, 1.5], options);
  assertEquals(levels.map((l) => [l.edgeBps, l.sz, l.boundBy]), [[-1.5, 0, "no_edge"], [
    0,
    0,
    "no_edge",
  ]]);
});

Deno.test("the position room is split evenly over the side's levels", () => {
  // Kelly is huge here (calm σ): room 1.0 over 4 levels → 0.25 each
  const levels = sizeLevels([5, 8, 11, 14], {
    side: "bid",
    fairPx: 100,
    equityUsd: 10_000,
    roomCoin: 1,
    szDecimals: 2,
    adverseSelectionBps: 0,
    sigmaBpsPerSqrtS: 0.5,
    config: defaults,
  });
  assertEquals(levels.map((l) => l.sz), [0.25, 0.25, 0.25, 0.25]);
  assert(levels.every((l) => l.boundBy === "room"));
});

Deno.test("a small room still quotes minimum orders from the touch until it runs out", () => {
  // room 0.25 coin ≈ $25 over 5 levels at 10 bps (price 99.9): an even share is 0.05 ($5),
  // below $10, so each level takes the minimum ⌈10 / (99.9·0.998)⌉ = ⌈0.1003⌉ = 0.11:
  // 0.11, 0.11, then 0.03 left < 0.11 → nothing more.
  const levels = sizeLevels([10, 10, 10, 10, 10], {
    side: "bid",
    fairPx: 100,
    equityUsd: 10_000,
    roomCoin: 0.25,
    szDecimals: 2,
    adverseSelectionBps: 0,
    sigmaBpsPerSqrtS: 0.5,
    config: defaults,
  });
  assertEquals(levels.map((l) => l.sz), [0.11, 0.11, 0, 0, 0]);
  assertEquals(levels.map((l) => l.boundBy), ["room", "room", "no_room", "no_room", "no_room"]);
});

Deno.test("a Kelly size under the $10 minimum order value is dropped", () => {
  // Same fill as the Kelly-size test but equity $1: 0.2 × 25.774 × $1 = $5.15 < $10
  const [level] = sizeLevels([30], {
    side: "bid",
    fairPx: 100,
    equityUsd: 1,
    roomCoin: 1_000,
    szDecimals: 2,
    adverseSelectionBps: 0,
    sigmaBpsPerSqrtS: 10,
    config: { ...defaults, makerFeeBps: 0, horizonS: 100 },
  });
  assertEquals([level.sz, level.boundBy], [0, "min_order"]);
});

Deno.test("no room, no size", () => {
  const [level] = sizeLevels([10], {
    side: "ask",
    fairPx: 100,
    equityUsd: 10_000,
    roomCoin: 0,
    szDecimals: 2,
    adverseSelectionBps: 0,
    sigmaBpsPerSqrtS: 1,
    config: defaults,
  });
  assertEquals([level.sz, level.boundBy], [0, "no_room"]);
});
