/**
 * The adverse-selection scale of lib/strategy/kelly.ts and the spread floor
 * that breaks even, from fills with their adverse moves (flow.ts).
 *
 * Kelly's model: a fill at depth δ is informed with probability
 * α(δ) = α_touch·e^{−δ/decay}, and an informed fill loses M = σ·√h, so the
 * expected adverse move at δ is α(δ)·M. Hence
 * - α at the fills' mean depth δ̄ is mean adverse / M, and
 *   α_touch = α(δ̄)·e^{δ̄/decay} with the decay in force;
 * - the decay is fitted only when the fills span enough depths: the slope of
 *   log mean adverse over depth (weighted least squares over depth buckets
 *   of 1 bps, each with enough fills and a positive mean) must be negative
 *   and significant; decay = −1/slope.
 *
 * Break-even floor: a fill earns its depth and pays the maker fee and the
 * adverse move, so a side breaks even at δ* = fee + mean adverse; the
 * floor (both sides) is 2·δ*, never below twice the fee. Its interval is
 * that of the mean, cluster-robust over 15-minute blocks: fills come in
 * bursts into one price move and are not independent.
 *
 * @module
 */

import type { AdverseObservation } from "./flow.ts";
import { clusteredMeanEstimate, type Estimate, Moments, weightedLine, Z95 } from "./_stats.ts";

/** Fills within one block of this many ms count as one cluster for intervals. */
const CLUSTER_MS = 15 * 60_000;

/**
 * The minimum spread (both sides, bps) at which a fill breaks even: each side
 * earns its depth and pays the fee and the adverse move, so 2·(fee + adverse),
 * never below twice the fee.
 */
export function breakEvenFloorBps(feeBps: number, adverseBps: number): number {
  return Math.max(2 * feeBps, 2 * (feeBps + adverseBps));
}

/** Settings of {@link estimateAdverse}. */
export interface AdverseOptions {
  /** σ over the horizon in bps, M of the Kelly model (σ_bps/√s · √h). */
  adverseMoveBps: number;
  /** Maker fee, bps. */
  makerFeeBps: number;
  /** The decay in force, bps. */
  currentDecayBps: number;
  /** Fills needed (default 100). */
  minFills?: number;
  /** Fills a depth bucket needs for the decay fit (default 30). */
  minPerBucket?: number;
}

/** What {@link estimateAdverse} found. */
export interface AdverseFinding {
  fills: number;
  /** Mean adverse move over the horizon, bps. */
  adverse?: Estimate;
  meanDepthBps?: number;
  alphaTouch?: Estimate;
  decayBps?: Estimate;
  /** Break-even minSpreadBps. */
  floorBps?: Estimate;
  reason?: string;
  decayReason?: string;
  buckets?: { depthBps: number; fills: number; meanAdverseBps: number }[];
}

/** α_touch, its decay and the break-even floor (module doc). */
export function estimateAdverse(
  observations: readonly AdverseObservation[],
  options: AdverseOptions,
): AdverseFinding {
  const minFills = options.minFills ?? 100;
  const fills = observations.length;
  if (fills < minFills) {
    return { fills, reason: `${fills} fills with market mids; needs ${minFills}` };
  }
  const depth = new Moments();
  for (const o of observations) depth.update(o.depthBps);
  // Fills come in bursts into one move: the interval treats each 15-minute block as one cluster.
  const adverse = clusteredMeanEstimate(
    observations.map((o) => o.adverseBps),
    observations.map((o) => Math.floor(o.timeMs / CLUSTER_MS)),
  );
  const floor = (bps: number) => breakEvenFloorBps(options.makerFeeBps, bps);
  const found: AdverseFinding = {
    fills,
    adverse,
    meanDepthBps: depth.mean,
    floorBps: {
      value: floor(adverse.value),
      n: fills,
      ci95: [floor(adverse.ci95[0]), floor(adverse.ci95[1])],
    },
  };
  const m = options.adverseMoveBps;
  // Buckets of 1 bps of depth.
  const buckets = new Map<number, Moments>();
  for (const o of observations) {
    const key = Math.max(0, Math.floor(o.depthBps));
    let bucket = buckets.get(key);
    if (bucket === undefined) buckets.set(key, bucket = new Moments());
    bucket.update(o.adverseBps);
  }
  const minPerBucket = options.minPerBucket ?? 30;
  const usable = [...buckets.entries()]
    .filter(([, b]) => b.n >= minPerBucket && b.mean > 0)
    .sort(([a], [b]) => a - b);
  found.buckets = [...buckets.entries()].sort(([a], [b]) => a - b).map(([key, b]) => ({
    depthBps: key + 0.5,
    fills: b.n,
    meanAdverseBps: b.mean,
  }));
  let decay = options.currentDecayBps;
  if (usable.length < 3) {
    found.decayReason = `${usable.length} depth buckets (1 bps) with ${minPerBucket}+ fills ` +
      `and a positive mean adverse move; the decay fit needs 3`;
  } else {
    // Var(log mean) ≈ var / (n · mean²), the delta method.
    const line = weightedLine(
      usable.map(([key]) => key + 0.5),
      usable.map(([, b]) => Math.log(b.mean)),
      usable.map(([, b]) => (b.n * b.mean * b.mean) / Math.max(b.variance, 1e-12)),
    );
    if (!(line.slope + Z95 * line.slopeSe < 0)) {
      found.decayReason = `adverse moves do not fall significantly with depth: slope ` +
        `${line.slope.toFixed(4)} ± ${(Z95 * line.slopeSe).toFixed(4)} per bps`;
    } else {
      decay = -1 / line.slope;
      const steep = line.slope - Z95 * line.slopeSe, flat = line.slope + Z95 * line.slopeSe;
      found.decayBps = { value: decay, n: fills, ci95: [-1 / steep, -1 / flat] };
    }
  }
  if (!(m > 0)) {
    found.reason = "no σ to scale α by (needs the market's volatility)";
    return found;
  }
  const scale = Math.exp(depth.mean / decay) / m;
  const clip = (value: number) => Math.min(1, Math.max(0, value));
  found.alphaTouch = {
    value: clip(adverse.value * scale),
    n: fills,
    ci95: [clip(adverse.ci95[0] * scale), clip(adverse.ci95[1] * scale)],
  };
  return found;
}
