/**
 * Quoting speed: one full `computeQuote` (γ → GLFT → ladder → Kelly →
 * limits → risk, 5 + 5 levels with explanation) per iteration.
 *
 *     deno bench bench/strategy_bench.ts
 *
 * Target: p99 under 50 µs per tick on one core.
 *
 * @module
 */

import { StrategyConfigSchema } from "../lib/config/strategy_config.ts";
import type { MarketEstimates } from "../lib/strategy/estimates.ts";
import { computeQuote, type QuoteState } from "../lib/strategy/quote.ts";

const config = StrategyConfigSchema.parse({});

const base: MarketEstimates = {
  timeMs: Date.parse("2026-03-13T12:00:00.000Z"),
  mid: 100_000,
  fairPx: 100_000.5,
  bestBid: 99_999,
  bestAsk: 100_001,
  marketSpreadBps: 0.2,
  sigmaBpsPerSqrtS: 0.9,
  regime: "normal",
  fillIntensityA: 1.2,
  fillDecayKappa: 0.2,
  hawkesIntensity: 2,
  cascadeSeverity: 0.05,
  fundingRateHourly: 0.0000125,
  adverseSelectionBps: 3,
  dataAgeMs: 80,
};

const state: QuoteState = {
  market: { coin: "BTC", szDecimals: 5, maxLeverage: 40 },
  positionCoin: 0.02,
  equityUsd: 5_000,
  freeMarginUsd: 4_000,
  drawdownFraction: 0.01,
  rateLimitPressure: 0.2,
  blockedSide: null,
};

// Prices move every iteration so nothing is constant-folded.
let tick = 0;
function next(): MarketEstimates {
  tick = (tick + 1) % 1_000;
  const drift = (tick - 500) * 0.5;
  return {
    ...base,
    timeMs: base.timeMs + tick * 100,
    mid: base.mid + drift,
    fairPx: base.fairPx + drift,
    bestBid: base.bestBid + drift,
    bestAsk: base.bestAsk + drift,
  };
}

let sink = 0;

Deno.bench("computeQuote: 5 + 5 levels, flat-ish book, calm", () => {
  const result = computeQuote(next(), state, config);
  sink += result.levels.bids.length + result.levels.asks.length;
});

Deno.bench("computeQuote: long inventory, toxic hour, cascade widen", () => {
  const estimates = next();
  estimates.timeMs = Date.parse("2026-03-13T06:30:00.000Z") + tick;
  estimates.cascadeSeverity = 0.4;
  const result = computeQuote(estimates, { ...state, positionCoin: 0.06 }, config);
  sink += result.levels.bids.length + result.levels.asks.length;
});

globalThis.addEventListener("unload", () => {
  if (sink < 0) console.log(sink);
});
