/**
 * Funding: Hyperliquid's rule on real mainnet rows, annualisation, the
 * predicted rate from the premium average, and the cost of a position.
 */

import {
  FundingEstimator,
  fundingRateFromPremium,
  HOURS_PER_YEAR,
} from "../../lib/market/funding.ts";
import { assert, assertEquals } from "../_helpers.ts";

function near(actual: number, expected: number, tolerance: number, what = "value"): void {
  assert(Math.abs(actual - expected) <= tolerance, `${what}: ${actual}, want ${expected}`);
}

/** An activeAssetCtx message's `ctx` with the fields funding reads. */
function ctx(funding: number, premium: number | null, oraclePx = 60_000) {
  return { ctx: { funding, premium, oraclePx } };
}

Deno.test("a premium within 0.0005 of the interest rate pays the interest: 0.0000125 an hour", () => {
  // Mainnet fundingHistory row, BTC 2026-09: premium 0.0001446433 → fundingRate 0.0000125.
  near(fundingRateFromPremium(0.0001446433), 0.0000125, 1e-15);
  near(fundingRateFromPremium(0), 0.0000125, 1e-15);
  near(fundingRateFromPremium(-0.0004), 0.0000125, 1e-15);
});

Deno.test("a premium beyond the band: the real row −0.0004653492 → 0.0000043313 an hour", () => {
  // (P + clamp(0.0001 − P, ±0.0005)) / 8 = (−0.0004653492 + 0.0005) / 8.
  near(fundingRateFromPremium(-0.0004653492), 0.0000043313, 1e-10, "hourly rate");
  near(fundingRateFromPremium(0.002), (0.002 - 0.0005) / 8, 1e-15, "above the band");
});

Deno.test("the hourly rate is capped at 4 %", () => {
  assertEquals(fundingRateFromPremium(1), 0.04);
  assertEquals(fundingRateFromPremium(-1), -0.04);
});

Deno.test("current and annualised rates come from the message's funding", () => {
  const funding = new FundingEstimator();
  funding.update(ctx(0.0000125, 0.0001), 0);
  assertEquals(funding.currentHourly, 0.0000125);
  near(funding.currentAnnual, 0.0000125 * 8_760, 1e-15, "annual");
  assertEquals(HOURS_PER_YEAR, 8_760);
  assertEquals(funding.oraclePx, 60_000);
});

Deno.test("the prediction applies the rule to the time-weighted premium average", () => {
  const funding = new FundingEstimator({ halfLifeSeconds: 600, maxGapMs: 3_600_000 });
  funding.update(ctx(0.0000125, 0.001), 0);
  near(funding.averagePremium, 0.001, 1e-18, "one premium: itself");
  funding.update(ctx(0.0000125, 0.003), 600_000); // 0.001 held 10 min
  near(funding.averagePremium, 0.001, 1e-18, "0.003 has not been in force yet");
  funding.update(ctx(0.0000125, 0.003), 1_200_000); // 0.003 held 10 min
  // weights: 0.001 held 10–20 min ago → (1 − ½)·½; 0.003 held 0–10 min ago → ½.
  const expected = (0.001 * 0.25 + 0.003 * 0.5) / 0.75;
  near(funding.averagePremium, expected, 1e-15, "average premium");
  near(funding.predictedHourly, (expected - 0.0005) / 8, 1e-15, "predicted");
  near(funding.predictedAnnual, funding.predictedHourly * 8_760, 1e-15);
});

Deno.test("without a premium the prediction is the current rate", () => {
  const funding = new FundingEstimator();
  funding.update(ctx(0.00003, null), 0);
  assert(Number.isNaN(funding.premium));
  assertEquals(funding.predictedHourly, 0.00003);
});

Deno.test("expected cost: szi × oracle × rate per hour; longs pay a positive rate, shorts receive", () => {
  // Real userFunding rows (BTC, 2026-06-13): szi 0.00031 at 0.0000125 paid 0.000246 USDC, and
  // szi −0.00031 received 0.000247: an oracle near 63,500 USD.
  const funding = new FundingEstimator();
  funding.update(ctx(0.0000125, 0.0001, 63_500), 0);
  near(funding.expectedCostUsd(0.00031), 0.000246, 5e-7, "long pays");
  near(funding.expectedCostUsd(-0.00031), -0.000246, 5e-7, "short receives");
  near(funding.expectedCostUsd(2, 8), 2 * 63_500 * 0.0000125 * 8, 1e-9, "two BTC for 8 hours");
});

Deno.test("messages older than the latest are ignored", () => {
  const funding = new FundingEstimator();
  funding.update(ctx(0.00002, 0.0002), 1_000);
  funding.update(ctx(0.5, 0.5), 500);
  assertEquals(funding.currentHourly, 0.00002);
  assertEquals(funding.updates, 1);
});
