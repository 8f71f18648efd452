import { assert, assertEquals } from "../_helpers.ts";
import {
  estimatesProblem,
  type MarketEstimates,
  sigmaAnnualFromBpsPerSqrtS,
  sigmaBpsPerSqrtSFromAnnual,
} from "../../lib/strategy/estimates.ts";

Deno.test("50 % annualised volatility is 0.8904 bps per √s over a 365-day year", () => {
  // 0.5 · 1e4 / √(365·24·3600) = 5,000 / 5,615.69 = 0.890362
  const sigma = sigmaBpsPerSqrtSFromAnnual(0.5);
  assert(Math.abs(sigma - 0.8903621732722672) < 1e-12, `σ = ${sigma}`);
  assert(Math.abs(sigmaAnnualFromBpsPerSqrtS(sigma) - 0.5) < 1e-12);
});

const good: MarketEstimates = {
  timeMs: 1_750_000_000_000,
  mid: 100,
  fairPx: 100.001,
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

Deno.test("usable estimates have no problem", () => {
  assertEquals(estimatesProblem(good), null);
});

Deno.test("a crossed book, a missing price or a zero κ are problems", () => {
  assert(estimatesProblem({ ...good, bestBid: 100.02 })?.includes("crossed"));
  assert(estimatesProblem({ ...good, fairPx: NaN })?.includes("fairPx"));
  assert(estimatesProblem({ ...good, fillDecayKappa: 0 })?.includes("κ"));
});
