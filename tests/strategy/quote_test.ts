import { assert, assertEquals } from "../_helpers.ts";
import { type StrategyConfig, StrategyConfigSchema } from "../../lib/config/strategy_config.ts";
import { isValidPrice, isValidSize } from "../../lib/hyperliquid/wire.ts";
import type { MarketEstimates } from "../../lib/strategy/estimates.ts";
import { computeQuote, type QuoteState } from "../../lib/strategy/quote.ts";

const config: StrategyConfig = StrategyConfigSchema.parse({});

// A $100 coin (szDecimals 2, tick 0.01 above 100, 0.001 below), noon UTC (not toxic).
const estimates: MarketEstimates = {
  timeMs: Date.parse("2026-03-13T12:00:00.000Z"),
  mid: 100,
  fairPx: 100,
  bestBid: 99.99,
  bestAsk: 100.01,
  marketSpreadBps: 2,
  sigmaBpsPerSqrtS: 1,
  regime: "normal",
  fillIntensityA: 1,
  fillDecayKappa: 0.2,
  hawkesIntensity: 1,
  cascadeSeverity: 0,
  fundingRateHourly: 0,
  adverseSelectionBps: 2,
  dataAgeMs: 50,
};

// equity $2,000 × leverage 3 / $100 = 60 coins; $10,000 / $100 = 100 → limit 60
const state: QuoteState = {
  market: { coin: "TEST", szDecimals: 2, maxLeverage: 10 },
  positionCoin: 0,
  equityUsd: 2_000,
  drawdownFraction: 0,
  rateLimitPressure: 0,
  blockedSide: null,
};

Deno.test("a calm tick quotes five valid levels a side, bids below asks", () => {
  const { levels, decision } = computeQuote(estimates, state, config);
  assertEquals(decision.action, "quote");
  assertEquals([levels.bids.length, levels.asks.length], [5, 5]);
  for (const level of [...levels.bids, ...levels.asks]) {
    assert(isValidPrice(level.px, { szDecimals: 2 }), `price ${level.px}`);
    assert(isValidSize(level.sz, { szDecimals: 2 }), `size ${level.sz}`);
    assert(level.depthBps >= 4, `depth ${level.depthBps} inside the 4 bps floor`);
    assert(level.notionalUsd >= 10);
  }
  assert(levels.bids[0].px < levels.asks[0].px);
  assert(levels.bids.every((level, i) => i === 0 || level.px < levels.bids[i - 1].px));
  assert(levels.asks.every((level, i) => i === 0 || level.px > levels.asks[i - 1].px));
});

Deno.test("the bids of a flat book add up to at most the position limit", () => {
  const { levels, explanation } = computeQuote(estimates, state, config);
  assertEquals(explanation.position.limit.limitCoin, 60);
  const total = levels.bids.reduce((sum, level) => sum + level.sz, 0);
  assert(total <= 60 + 1e-9, `bids total ${total}`);
});

Deno.test("the explanation holds every model number and survives JSON unchanged", () => {
  const { explanation } = computeQuote(estimates, state, config);
  assertEquals(JSON.parse(JSON.stringify(explanation)), explanation); // no NaN / Infinity
  assertEquals([explanation.gamma.gamma, explanation.fillDecayKappa], [0.05, 0.2]);
  assertEquals([explanation.fairPx, explanation.regime, explanation.action], [
    100,
    "normal",
    "quote",
  ]);
  assert(explanation.glft !== null && explanation.glft.halfSpreadBps > 0);
  assert(explanation.ladder !== null && explanation.ladder.floorBps === 4);
  assert(explanation.sizing !== null && explanation.sizing.bids.length === 5);
});

Deno.test("a long position quotes a deeper bid and a closer ask", () => {
  // no floor, so the GLFT skew shows: q = 30 coins · $100 / $1,000 = 3 units; no fee, so
  // the closer ask (2.92 bps) keeps a positive Kelly edge: 2.92 − α·M = 2.92 − 0.206·7.75 > 0
  const noFloor = {
    ...config,
    ladder: { ...config.ladder, minSpreadBps: 0 },
    kelly: { ...config.kelly, makerFeeBps: 0 },
  };
  const { levels, explanation } = computeQuote(estimates, { ...state, positionCoin: 30 }, noFloor);
  assertEquals(explanation.position.inventoryUnits, 3);
  assert(levels.bids[0].depthBps > levels.asks[0].depthBps);
  assertEquals([levels.bids[0].level, levels.asks[0].level], [0, 0]);
});

Deno.test("a toxic hour doubles γ in the explanation", () => {
  const sixUtc = { ...estimates, timeMs: Date.parse("2026-03-13T06:00:00.000Z") };
  assertEquals(computeQuote(sixUtc, state, config).explanation.gamma.gamma, 0.1);
});

Deno.test("stale data pulls every level but still explains the model", () => {
  const result = computeQuote({ ...estimates, dataAgeMs: 60_000 }, state, config);
  assertEquals([result.decision.action, result.levels], ["pull", { bids: [], asks: [] }]);
  assert(result.explanation.glft !== null);
});

Deno.test("unusable estimates pull with no model numbers", () => {
  const result = computeQuote({ ...estimates, bestBid: 100.02 }, state, config);
  assertEquals([result.decision.action, result.explanation.glft], ["pull", null]);
  assertEquals(result.levels, { bids: [], asks: [] });
});

Deno.test("a long position at the limit quotes only asks, for at most the position", () => {
  const atLimit = computeQuote(estimates, { ...state, positionCoin: 60 }, config);
  assertEquals([atLimit.decision.action, atLimit.blockedSide], ["reduce_only", "bid"]);
  assertEquals(atLimit.levels.bids, []);
  const total = atLimit.levels.asks.reduce((sum, level) => sum + level.sz, 0);
  assert(total > 0 && total <= 60 + 1e-9, `asks total ${total}`);
});

Deno.test("reduce-only carries over to the next tick inside the hysteresis band", () => {
  const first = computeQuote(estimates, { ...state, positionCoin: 60 }, config);
  const next = computeQuote(estimates, {
    ...state,
    positionCoin: 55, // ≥ 60 × 0.9 = 54
    blockedSide: first.blockedSide,
  }, config);
  assertEquals([next.decision.action, next.blockedSide, next.levels.bids], [
    "reduce_only",
    "bid",
    [],
  ]);
});

Deno.test("the same inputs give the same quote", () => {
  assertEquals(computeQuote(estimates, state, config), computeQuote(estimates, state, config));
});

Deno.test("in a toxic hour the floor doubles with γ: each side at least 8 bps from fair at 06:30 UTC", () => {
  const sixThirty = { ...estimates, timeMs: Date.parse("2026-03-13T06:30:00.000Z") };
  const toxic = computeQuote(sixThirty, state, config);
  assertEquals(toxic.explanation.gamma.timeFactor, 2);
  assertEquals(toxic.explanation.ladder!.floorBps, 8);
  // 99.92 and 100.08: 8 bps from fair 100 up to float noise, where GLFT alone says 4.51.
  assertEquals([toxic.levels.bids[0].px, toxic.levels.asks[0].px], [99.92, 100.08]);
  assert(toxic.explanation.glft!.halfSpreadBps < 8);
  const noon = computeQuote(estimates, state, config);
  assertEquals(noon.explanation.ladder!.floorBps, 4);
});

Deno.test("with widensFloor off a toxic hour scales γ only and keeps the 4 bps floor", () => {
  const sixThirty = { ...estimates, timeMs: Date.parse("2026-03-13T06:30:00.000Z") };
  const gammaOnly = StrategyConfigSchema.parse({ gamma: { toxicHours: { widensFloor: false } } });
  const quote = computeQuote(sixThirty, state, gammaOnly);
  assertEquals(quote.explanation.gamma.timeFactor, 2);
  assertEquals(quote.explanation.ladder!.floorBps, 4);
});
