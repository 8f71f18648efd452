/**
 * σ and the volatility regime thresholds from a recording's mids.
 *
 * σ: the mid is sampled on a fixed grid (default 5 s, coarse enough that
 * tick noise is small against a move) and the squared log returns are
 * summed per window (default 5 min); each window gives a realised variance
 * rate. σ is the square root of their mean, annualised; its interval comes
 * from the spread of the window rates (so volatility clustering widens it,
 * as it should).
 *
 * Regimes: the windows' log σ are clustered in four (one-dimensional
 * k-means, Lloyd's algorithm, started at the 12.5/37.5/62.5/87.5 %
 * quantiles); each threshold is the geometric midpoint of two neighbouring
 * cluster centres, with an interval from their standard errors. The
 * thresholds are only proposed when every cluster holds enough windows and
 * neighbouring centres differ by a clear factor; otherwise the data shows
 * fewer than four volatility levels and the thresholds stay.
 *
 * @module
 */

import { sigmaAnnualFromBpsPerSqrtS } from "../strategy/estimates.ts";
import type { MarketSample } from "./market_sample.ts";
import { type Estimate, Moments, t95 } from "./_stats.ts";

/** Settings of {@link estimateVolatility}. */
export interface VolatilityOptions {
  /** Sampling grid, s (default 5). */
  gridSec?: number;
  /** Window of one realised variance, s (default 300). */
  windowSec?: number;
  /** Windows σ needs at least (default 6: half an hour at 5 min). */
  minWindows?: number;
  /** Windows each of the four regimes needs (default 4). */
  minWindowsPerRegime?: number;
  /** Least ratio between neighbouring regime centres (default 1.3). */
  minCentreRatio?: number;
}

/** One volatility level found in the data. */
export interface RegimeCluster {
  /** Annualised σ at the cluster's centre (geometric mean of its windows). */
  sigmaAnnual: number;
  windows: number;
}

/** What {@link estimateVolatility} found. */
export interface VolatilityFinding {
  /** Annualised σ over the recording, or undefined with too few windows. */
  sigma?: Estimate;
  /** Normal, volatile and extreme thresholds (annualised σ), when four levels are clear. */
  thresholds?: Estimate[];
  /** The four clusters, calmest first (present whenever σ is). */
  clusters?: RegimeCluster[];
  /** Why σ or the thresholds were not estimated. */
  sigmaReason?: string;
  thresholdReason?: string;
  windows: number;
  /** σ of the 5-minute window holding `timeMs`, bps/√s (NaN outside the data). */
  sigmaBpsAt?: (timeMs: number) => number;
}

/** σ and regime thresholds from `sample`'s mids (module doc). */
export function estimateVolatility(
  sample: MarketSample,
  options: VolatilityOptions = {},
): VolatilityFinding {
  const gridMs = (options.gridSec ?? 5) * 1000;
  const windowMs = (options.windowSec ?? 300) * 1000;
  const minWindows = options.minWindows ?? 6;
  // From the first mid (a recording may open with trades, e.g. the feed's replay on subscribe).
  const startMs = sample.firstMidMs;
  const { endMs } = sample.spanMs;
  const rates: number[] = []; // variance rate per window, (log return)² per second
  if (sample.midChanges > 1) {
    const stepsPerWindow = Math.round(windowMs / gridMs);
    let previous = Math.log(sample.midAt(startMs));
    let sumSq = 0, steps = 0;
    for (let t = startMs + gridMs; t <= endMs; t += gridMs) {
      const now = Math.log(sample.midAt(t));
      sumSq += (now - previous) ** 2;
      previous = now;
      if (++steps === stepsPerWindow) {
        rates.push(sumSq / (windowMs / 1000));
        sumSq = 0;
        steps = 0;
      }
    }
  }
  if (rates.length < minWindows) {
    const reason = `${rates.length} complete ${
      windowMs / 60_000
    }-minute windows of mids; σ needs ${minWindows}`;
    return { sigmaReason: reason, thresholdReason: reason, windows: rates.length };
  }
  const tally = new Moments();
  for (const rate of rates) tally.update(rate);
  const annual = (rate: number) =>
    sigmaAnnualFromBpsPerSqrtS(Math.sqrt(Math.max(0, rate)) * 10_000);
  const se = tally.standardError;
  const sigma: Estimate = {
    value: annual(tally.mean),
    n: rates.length,
    ci95: [
      annual(tally.mean - t95(rates.length - 1) * se),
      annual(tally.mean + t95(rates.length - 1) * se),
    ],
  };
  const logs = rates.filter((rate) => rate > 0).map((rate) => Math.log(annual(rate)));
  const clusters = kMeans4(logs);
  const found: VolatilityFinding = {
    sigma,
    windows: rates.length,
    sigmaBpsAt: (timeMs) => {
      const rate = rates[Math.floor((timeMs - startMs) / windowMs)];
      return rate === undefined ? NaN : Math.sqrt(rate) * 10_000;
    },
    clusters: clusters.map((c) => ({ sigmaAnnual: Math.exp(c.mean), windows: c.n })),
  };
  const minPerRegime = options.minWindowsPerRegime ?? 4;
  const minRatio = options.minCentreRatio ?? 1.3;
  const thin = clusters.findIndex((c) => c.n < minPerRegime);
  const close = clusters.findIndex((c, i) =>
    i > 0 && Math.exp(c.mean - clusters[i - 1].mean) < minRatio
  );
  if (thin >= 0) {
    found.thresholdReason =
      `the ${ordinal(thin)} volatility level holds ${clusters[thin].n} windows; ` +
      `each of four needs ${minPerRegime}`;
  } else if (close >= 0) {
    found.thresholdReason = `fewer than four distinct volatility levels: neighbouring levels ` +
      `σ ${Math.exp(clusters[close - 1].mean).toFixed(3)} and ${
        Math.exp(clusters[close].mean).toFixed(3)
      } differ by less than ×${minRatio}`;
  } else {
    found.thresholds = [1, 2, 3].map((i) => {
      const mid = (clusters[i - 1].mean + clusters[i].mean) / 2;
      // Student's t on the smaller of the two levels (conservative).
      const half = t95(Math.min(clusters[i - 1].n, clusters[i].n) - 1) * 0.5 *
        Math.hypot(clusters[i - 1].se, clusters[i].se);
      return {
        value: Math.exp(mid),
        n: clusters[i - 1].n + clusters[i].n,
        ci95: [Math.exp(mid - half), Math.exp(mid + half)],
      };
    });
  }
  return found;
}

interface Cluster {
  mean: number;
  se: number;
  n: number;
}

/** Lloyd's k-means with k = 4 on sorted one-dimensional data. */
function kMeans4(values: number[]): Cluster[] {
  const sorted = [...values].sort((a, b) => a - b);
  const quantile = (p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
  let centres = [0.125, 0.375, 0.625, 0.875].map(quantile);
  let groups: number[][] = [];
  for (let pass = 0; pass < 100; pass++) {
    groups = centres.map(() => []);
    for (const value of sorted) {
      let best = 0;
      for (let k = 1; k < 4; k++) {
        if (Math.abs(value - centres[k]) < Math.abs(value - centres[best])) best = k;
      }
      groups[best].push(value);
    }
    const next = groups.map((group, k) =>
      group.length === 0 ? centres[k] : group.reduce((a, b) => a + b, 0) / group.length
    );
    if (next.every((centre, k) => centre === centres[k])) break;
    centres = next;
  }
  return groups.map((group, k) => {
    const tally = new Moments();
    for (const value of group) tally.update(value);
    return {
      mean: centres[k],
      se: group.length > 1 ? tally.standardError : Infinity,
      n: group.length,
    };
  });
}

function ordinal(index: number): string {
  return ["calmest", "second", "third", "fourth"][index];
}
