/**
 * Hawkes intensity estimator: the O(1) intensity recursion against the
 * kernel sum, arrival grouping, recovery of planted μ, α, β from Ogata-thinned
 * arrivals and from the market generator, Poisson data, data gaps, bounded
 * memory, and the fit on real BTC trades.
 */

import { mulberry32 } from "../../lib/analysis/synthetic_history.ts";
import { fitHawkes, HawkesEstimator, type HawkesParams } from "../../lib/market/hawkes.ts";
import { DEFAULT_HAWKES, MarketGenerator } from "../../lib/sim/generator.ts";
import { assert, assertEquals, sharedData } from "../_helpers.ts";

const PLANTED: HawkesParams = { mu: 0.3, alpha: 1.5, beta: 2.5 };
const EPOCH = Date.UTC(2026, 0, 5);

/**
 * Arrival times (seconds) of a Hawkes process on [0, horizon] by Ogata's
 * (1981) thinning: between arrivals the intensity only decays, so its value
 * now bounds it until the next candidate.
 */
function simulateHawkes(p: HawkesParams, horizonSec: number, seed: number): number[] {
  const random = mulberry32(seed);
  const times: number[] = [];
  let t = 0;
  let excess = 0;
  for (;;) {
    const bound = p.mu + excess;
    const wait = -Math.log(1 - random()) / bound;
    excess *= Math.exp(-p.beta * wait);
    t += wait;
    if (t > horizonSec) return times;
    if (random() * bound <= p.mu + excess) {
      times.push(t);
      excess += p.alpha;
    }
  }
}

function feed(estimator: HawkesEstimator, timesSec: number[]): void {
  for (const t of timesSec) estimator.update({ time: EPOCH + Math.round(t * 1000) });
}

/** Ozaki's log-likelihood by the direct double sum (no recursion). */
function directLogLikelihood(times: number[], p: HawkesParams): number {
  const end = times[times.length - 1];
  let ll = -p.mu * (end - times[0]);
  for (let i = 1; i < times.length; i += 1) {
    let sum = 0;
    for (let j = 0; j < i; j += 1) sum += Math.exp(-p.beta * (times[i] - times[j]));
    ll += Math.log(p.mu + p.alpha * sum);
  }
  for (const t of times) ll -= (p.alpha / p.beta) * (1 - Math.exp(-p.beta * (end - t)));
  return ll;
}

function within(actual: number, expected: number, relative: number): boolean {
  return Math.abs(actual - expected) <= relative * Math.abs(expected);
}

Deno.test("intensity equals μ + Σ α·e^{−β(t − tᵢ)} over past arrivals at any later time", () => {
  const estimator = new HawkesEstimator({ initial: PLANTED, refitEvery: 0 });
  const times = simulateHawkes(PLANTED, 120, 3);
  feed(estimator, times);
  const last = EPOCH + Math.round(times[times.length - 1] * 1000);
  for (const after of [0, 1, 250, 1000, 5000]) {
    const t = (last + after - EPOCH) / 1000;
    let expected = PLANTED.mu;
    for (const ti of times) {
      expected += PLANTED.alpha * Math.exp(-PLANTED.beta * (t - Math.round(ti * 1000) / 1000));
    }
    const actual = estimator.intensityAt(last + after);
    assert(Math.abs(actual - expected) < 1e-9 * expected, `${after} ms: ${actual} vs ${expected}`);
  }
  assertEquals(estimator.intensity, estimator.intensityAt(last));
});

Deno.test("prints of one taker order count once; replayed older prints are ignored", () => {
  const estimator = new HawkesEstimator({ initial: PLANTED, refitEvery: 0 });
  const t = EPOCH;
  assertEquals(estimator.update({ time: t, hash: "0xaa", side: "B" }), true);
  assertEquals(estimator.update({ time: t, hash: "0xaa", side: "B" }), false, "same order");
  assertEquals(
    estimator.update({ time: t, hash: "0xbb", side: "B" }),
    true,
    "another order, same ms",
  );
  assertEquals(estimator.update({ time: t + 5, side: "A" }), true);
  assertEquals(estimator.update({ time: t + 5, side: "A" }), false, "no hash: same time and side");
  assertEquals(estimator.update({ time: t + 5, side: "B" }), true, "no hash: other side");
  assertEquals(
    estimator.update({ time: t + 1, hash: "0xcc" }),
    false,
    "older than the last arrival",
  );
  assertEquals(estimator.counts, { prints: 7, arrivals: 4, late: 1, gaps: 0, window: 4 });
});

Deno.test("recovers planted μ 0.3, α 1.5, β 2.5 from an hour of Ogata-thinned arrivals", () => {
  // tolerances: branching ±0.1, μ and β ±25% (an hour holds ≈ 2,700 arrivals)
  for (const seed of [1, 2, 3]) {
    const estimator = new HawkesEstimator();
    feed(estimator, simulateHawkes(PLANTED, 3600, seed));
    const { mu, beta, branching } = estimator;
    assert(Math.abs(branching - 0.6) < 0.1, `seed ${seed}: branching ${branching}`);
    assert(within(mu, PLANTED.mu, 0.25), `seed ${seed}: μ ${mu}`);
    assert(within(beta, PLANTED.beta, 0.25), `seed ${seed}: β ${beta}`);
    assert(within(estimator.stationaryRate, 0.75, 0.15), `rate ${estimator.stationaryRate}`);
  }
});

Deno.test("the fit is a maximum of Ozaki's log-likelihood", () => {
  const times = simulateHawkes(PLANTED, 900, 11);
  const fit = fitHawkes(times);
  assert(fit.converged, `EM did not converge in ${fit.iterations} iterations`);
  const best = directLogLikelihood(times, fit);
  assert(Math.abs(best - fit.logLikelihood) < 1e-6 * Math.abs(best), "recursion vs double sum");
  for (const key of ["mu", "alpha", "beta"] as const) {
    for (const factor of [0.97, 1.03]) {
      const moved = { ...fit, [key]: fit[key] * factor };
      assert(directLogLikelihood(times, moved) < best, `${key} × ${factor} scores higher`);
    }
  }
});

Deno.test("on Poisson arrivals the branching ratio is near 0 and μ is the rate", () => {
  for (const seed of [21, 22, 23]) {
    const estimator = new HawkesEstimator();
    feed(estimator, simulateHawkes({ mu: 0.8, alpha: 0, beta: 1 }, 3600, seed));
    assert(estimator.branching < 0.05, `seed ${seed}: branching ${estimator.branching}`);
    assert(within(estimator.mu, 0.8, 0.1), `seed ${seed}: μ ${estimator.mu}`);
  }
});

Deno.test("recovers the market generator's planted Hawkes parameters from its trade prints", () => {
  const generator = new MarketGenerator({ startMs: EPOCH, seed: 1 });
  const estimator = new HawkesEstimator();
  for (let minute = 1; minute <= 60; minute += 1) {
    for (const frame of generator.advance(EPOCH + minute * 60_000)) {
      if (frame.channel === "trades") { for (const print of frame.data) estimator.update(print); }
    }
  }
  const planted = generator.params.hawkes;
  assertEquals(planted.branching, DEFAULT_HAWKES.alpha / DEFAULT_HAWKES.beta);
  assert(Math.abs(estimator.branching - planted.branching) < 0.1, `n ${estimator.branching}`);
  assert(within(estimator.mu, planted.mu, 0.25), `μ ${estimator.mu}`);
  assert(within(estimator.beta, planted.beta, 0.25), `β ${estimator.beta}`);
  assert(estimator.counts.prints > estimator.counts.arrivals, "multi-print orders were grouped");
});

Deno.test("a silence longer than maxGapSec is missing data, not a quiet market", () => {
  const before = simulateHawkes({ mu: 1, alpha: 0, beta: 1 }, 1200, 31);
  const after = simulateHawkes({ mu: 1, alpha: 0, beta: 1 }, 1200, 32).map((t) => t + 3600);
  const times = [...before, ...after];
  const aware = new HawkesEstimator({ maxGapSec: 60, refitEvery: 0 });
  const naive = new HawkesEstimator({ refitEvery: 0 });
  feed(aware, times);
  feed(naive, times);
  aware.refit();
  naive.refit();
  assertEquals(aware.counts.gaps, 1);
  assert(within(aware.mu, 1, 0.1), `with the gap left out μ ${aware.mu}`);
  assert(naive.mu < 0.7, `counting the gap as observed time drags μ down: ${naive.mu}`);
});

Deno.test("memory is bounded: the window holds the last `window` arrivals", () => {
  const estimator = new HawkesEstimator({ window: 256, refitEvery: 64, minArrivals: 64 });
  feed(estimator, simulateHawkes(PLANTED, 3600, 5));
  const { arrivals, window } = estimator.counts;
  assert(arrivals > 2000, `${arrivals} arrivals`);
  assertEquals(window, 256);
  assertEquals(
    estimator.lastFit?.arrivals,
    255,
    "the first arrival of the window only starts the clock",
  );
});

Deno.test("real BTC trades (2025-09-03, ≈ 4 min of data): near-Poisson arrivals at ≈ 1.2/s", () => {
  const text = Deno.readTextFileSync(sharedData("data/ws_collector_20250903_trades_BTC.csv"));
  const seen = new Set<string>();
  const estimator = new HawkesEstimator({ maxGapSec: 30, refitEvery: 0, maxIterations: 5000 });
  const byTime = new HawkesEstimator({ maxGapSec: 30, refitEvery: 0, maxIterations: 5000 });
  for (const line of text.split(/\r?\n/).slice(1)) {
    if (line === "") continue;
    const [, , , side, tid, ms] = line.split(",");
    if (seen.has(tid)) continue; // the venue replays its last 30 trades on resubscribe
    seen.add(tid);
    estimator.update({ time: Number(ms), side: side === "buy" ? "B" : "A" });
    byTime.update({ time: Number(ms) }); // no side either: one arrival per block time
  }
  const fit = estimator.refit()!;
  const blocks = byTime.refit()!;
  assertEquals(estimator.counts, { prints: 1467, arrivals: 313, late: 0, gaps: 2, window: 313 });
  assert(fit.converged && blocks.converged, "EM converged");
  // 255 s observed between the two socket drops; μ ≈ 1.15/s either way
  assert(Math.abs(fit.spanSec - 255.3) < 0.1, `span ${fit.spanSec}`);
  assert(within(fit.mu, 1.15, 0.05) && within(blocks.mu, 1.15, 0.05), `μ ${fit.mu}, ${blocks.mu}`);
  // by order, the only excitation is 16 pairs of opposite-side orders in the same millisecond
  // (β at its 1,000/s cap, n ≈ 0.05); by block, none at all
  assert(fit.branching < 0.1 && fit.beta >= 999, `by order: n ${fit.branching}, β ${fit.beta}`);
  assert(blocks.branching < 0.01, `by block: n ${blocks.branching}`);
});
