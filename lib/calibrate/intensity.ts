/**
 * A and κ of the fill-intensity curve λ(δ) = A·e^{−κδ} from a recording's
 * trades at depth: lib/market's own estimator (Poisson maximum likelihood
 * over 0.5-bps buckets, fill_intensity.ts), fitted once over the whole
 * recording for the value and once per UTC hour for the interval
 * (value ± t(0.975, hours − 1) × the hourly fits' standard deviation / √hours).
 *
 * @module
 */

import type { MarketSample } from "./market_sample.ts";
import { type Estimate, Moments, t95 } from "./_stats.ts";

/** Settings of {@link estimateFillIntensity}. */
export interface IntensityOptions {
  /** Trades needed (default 500). */
  minTrades?: number;
  /** Hours with a fit needed for the interval (default 3). */
  minHours?: number;
}

/** What {@link estimateFillIntensity} found. */
export interface IntensityFinding {
  /** Trades per second at the mid. */
  a?: Estimate;
  /** Per bps. */
  kappaPerBps?: Estimate;
  trades: number;
  hours: number;
  /** Count-weighted R² of the whole fit (how exponential the depth profile is). */
  rSquared?: number;
  reason?: string;
}

/** A and κ with intervals (module doc). */
export function estimateFillIntensity(
  sample: MarketSample,
  options: IntensityOptions = {},
): IntensityFinding {
  const whole = sample.wholeIntensity;
  const hourly = sample.hourlyIntensity.filter((fit) =>
    fit.a > 0 && fit.kappaPerBps > 0 && Number.isFinite(fit.kappaPerBps)
  );
  const minTrades = options.minTrades ?? 500;
  const minHours = options.minHours ?? 3;
  const base = { trades: whole.trades, hours: hourly.length };
  if (whole.trades < minTrades) {
    return {
      ...base,
      reason: `${whole.trades} trades within 20 bps of the mid; needs ${minTrades}`,
    };
  }
  if (!(whole.a > 0 && whole.kappaPerBps > 0)) {
    return { ...base, reason: "the trades do not thin out with depth: no decaying fit" };
  }
  if (hourly.length < minHours) {
    return { ...base, reason: `${hourly.length} hours with a fit; the interval needs ${minHours}` };
  }
  const interval = (value: number, of: (fit: typeof hourly[number]) => number): Estimate => {
    const tally = new Moments();
    for (const fit of hourly) tally.update(of(fit));
    const half = t95(tally.n - 1) * tally.standardError;
    return { value, n: whole.trades, ci95: [Math.max(0, value - half), value + half] };
  };
  return {
    ...base,
    a: interval(whole.a, (fit) => fit.a),
    kappaPerBps: interval(whole.kappaPerBps, (fit) => fit.kappaPerBps),
    rSquared: whole.rSquared,
  };
}
