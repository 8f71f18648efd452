/** lib/calibrate/_stats.ts on numbers small enough to check by hand. */

import { assert, assertEquals } from "../_helpers.ts";
import {
  clusteredMeanEstimate,
  meanEstimate,
  Moments,
  t95,
  weightedLine,
  welchZ,
  Z95,
} from "../../lib/calibrate/_stats.ts";

function tally(values: number[]): Moments {
  const moments = new Moments();
  for (const value of values) moments.update(value);
  return moments;
}

Deno.test("a mean's interval is ±t(0.975, n − 1) standard errors: 1, 2, 3 → 2 ± 4.303/√3", () => {
  const estimate = meanEstimate(tally([1, 2, 3]));
  assertEquals(estimate.value, 2);
  assertEquals(estimate.n, 3);
  const half = 4.303 * 1 / Math.sqrt(3);
  assert(Math.abs(estimate.ci95[0] - (2 - half)) < 1e-12, `${estimate.ci95}`);
  assert(Math.abs(estimate.ci95[1] - (2 + half)) < 1e-12, `${estimate.ci95}`);
});

Deno.test("Welch's z: means 3 and 1, each sd 1 over 4 values → 2 / √(1/4 + 1/4)", () => {
  const z = welchZ(tally([2, 2, 4, 4]), tally([0, 0, 2, 2]));
  // sd of {2,2,4,4} with n − 1 is √(4/3); se² = (4/3)/4 each.
  assert(Math.abs(z - 2 / Math.sqrt(2 / 3)) < 1e-12, `z ${z}`);
  assert(Number.isNaN(welchZ(tally([1]), tally([1, 2]))), "one value is too few");
});

Deno.test("a weighted line through exact points has their slope and intercept", () => {
  const fit = weightedLine([0, 1, 2, 3], [1, 3, 5, 7], [1, 1, 1, 1]);
  assertEquals([fit.intercept, fit.slope], [1, 2]);
  // Weights 1/Var = 1: Var(slope) = Σw / det = 4 / (4·14 − 36) = 0.2.
  assert(Math.abs(fit.slopeSe - Math.sqrt(0.2)) < 1e-12, `se ${fit.slopeSe}`);
});

Deno.test("a clustered mean counts clusters, not values: {0, 2} and {4} → 2 ± t(1)·4/3", () => {
  const estimate = clusteredMeanEstimate([0, 2, 4], [1, 1, 2]);
  assertEquals([estimate.value, estimate.n, estimate.clusters], [2, 3, 2]);
  // Cluster sums less size × mean: 2 − 4 = −2 and 4 − 2 = 2; √(8 · 2/1) / 3 = 4/3.
  const half = 12.706 * 4 / 3; // t(0.975) on one degree of freedom: two clusters
  assert(Math.abs(estimate.ci95[1] - (2 + half)) < 1e-12, `${estimate.ci95}`);
  assertEquals(clusteredMeanEstimate([1, 5], [7, 7]).ci95, [-Infinity, Infinity]);
});

Deno.test("a few values get Student's t, not z: 1, 2, 3 → ±4.303/√3; many converge to 1.96", () => {
  assertEquals(t95(2), 4.303);
  assert(Math.abs(t95(1000) - Z95) < 0.003, `t95(1000) ${t95(1000)}`);
  assertEquals(t95(0), Infinity);
});
