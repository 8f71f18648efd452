/**
 * The few statistics calibration needs: running moments, a mean with its
 * 95 % confidence interval (normal approximation, fine for the hundreds of
 * observations calibration asks for), Welch's two-sample z, and a weighted
 * straight-line fit with standard errors.
 *
 * @module
 */

/** z of a two-sided 95 % interval. */
export const Z95 = 1.959963984540054;

/** Student's t quantiles t(0.975, df) for df 1–30 (beyond 30: interpolated towards z). */
const T975 = [
  12.706,
  4.303,
  3.182,
  2.776,
  2.571,
  2.447,
  2.365,
  2.306,
  2.262,
  2.228,
  2.201,
  2.179,
  2.16,
  2.145,
  2.131,
  2.12,
  2.11,
  2.101,
  2.093,
  2.086,
  2.08,
  2.074,
  2.069,
  2.064,
  2.06,
  2.056,
  2.052,
  2.048,
  2.045,
  2.042,
];

/**
 * The multiplier of a two-sided 95 % interval of a mean from `df` degrees of
 * freedom: Student's t, so a handful of windows or hours is not read as
 * precisely as thousands (above 30, t ≈ z + 2.4/df, within 0.002).
 */
export function t95(df: number): number {
  if (!(df >= 1)) return Infinity;
  if (df <= 30) return T975[Math.floor(df) - 1];
  return Z95 + 2.4 / df;
}

/** Count, sum and sum of squares of a stream of numbers (Welford would be overkill at these sizes). */
export class Moments {
  n = 0;
  sum = 0;
  sumSq = 0;

  /** Adds one value. */
  update(value: number): void {
    this.n += 1;
    this.sum += value;
    this.sumSq += value * value;
  }

  /** Adds another tally's values. */
  merge(other: Moments): void {
    this.n += other.n;
    this.sum += other.sum;
    this.sumSq += other.sumSq;
  }

  /** The mean, NaN when empty. */
  get mean(): number {
    return this.n === 0 ? NaN : this.sum / this.n;
  }

  /** The sample variance (n − 1), NaN below two values. */
  get variance(): number {
    if (this.n < 2) return NaN;
    return Math.max(0, (this.sumSq - (this.sum * this.sum) / this.n) / (this.n - 1));
  }

  /** Standard error of the mean. */
  get standardError(): number {
    return Math.sqrt(this.variance / this.n);
  }
}

/** A mean (or any estimate) with its sample size and 95 % interval. */
export interface Estimate {
  value: number;
  n: number;
  ci95: [number, number];
}

/** The mean of a tally with its 95 % interval (Student's t on n − 1). */
export function meanEstimate(moments: Moments): Estimate {
  const half = t95(moments.n - 1) * moments.standardError;
  return {
    value: moments.mean,
    n: moments.n,
    ci95: [moments.mean - half, moments.mean + half],
  };
}

/** Welch's statistic (mean a − mean b) / √(se_a² + se_b²); NaN when either side is short. */
export function welchZ(a: Moments, b: Moments): number {
  if (a.n < 2 || b.n < 2) return NaN;
  const se = Math.sqrt(a.variance / a.n + b.variance / b.n);
  return se > 0 ? (a.mean - b.mean) / se : NaN;
}

/** A weighted least-squares line y = intercept + slope·x with standard errors. */
export interface LineFit {
  intercept: number;
  slope: number;
  interceptSe: number;
  slopeSe: number;
  points: number;
}

/**
 * Weighted least squares with weights 1/Var(yᵢ) (so the standard errors
 * come from the weights themselves, not the residuals). NaN fields below
 * two distinct x.
 */
export function weightedLine(
  xs: readonly number[],
  ys: readonly number[],
  weights: readonly number[],
): LineFit {
  let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0;
  for (let i = 0; i < xs.length; i++) {
    const w = weights[i];
    sw += w;
    sx += w * xs[i];
    sy += w * ys[i];
    sxx += w * xs[i] * xs[i];
    sxy += w * xs[i] * ys[i];
  }
  const det = sw * sxx - sx * sx;
  if (!(det > 0) || xs.length < 2) {
    return { intercept: NaN, slope: NaN, interceptSe: NaN, slopeSe: NaN, points: xs.length };
  }
  const slope = (sw * sxy - sx * sy) / det;
  return {
    intercept: (sy - slope * sx) / sw,
    slope,
    interceptSe: Math.sqrt(sxx / det),
    slopeSe: Math.sqrt(sw / det),
    points: xs.length,
  };
}

/**
 * The mean of values that come in clusters (fills of one price move), with
 * a cluster-robust 95 % interval: the variance of the mean from the spread
 * of the clusters' sums around it (Liang & Zeger 1986, the "CR0" sandwich),
 * so thirty fills into one trend count as about one observation, not
 * thirty. `n` stays the number of values; `clusters` is how many groups.
 */
export function clusteredMeanEstimate(
  values: readonly number[],
  clusterOf: readonly number[],
): Estimate & { clusters: number } {
  const sums = new Map<number, { sum: number; n: number }>();
  let total = 0;
  values.forEach((value, i) => {
    const key = clusterOf[i];
    const cluster = sums.get(key) ?? { sum: 0, n: 0 };
    cluster.sum += value;
    cluster.n += 1;
    sums.set(key, cluster);
    total += value;
  });
  const n = values.length;
  const mean = n === 0 ? NaN : total / n;
  let meat = 0;
  for (const { sum, n: size } of sums.values()) meat += (sum - size * mean) ** 2;
  const g = sums.size;
  // Small-sample factor g/(g − 1); a single cluster has no interval.
  const se = g < 2 ? Infinity : Math.sqrt((meat * g) / (g - 1)) / n;
  const half = t95(g - 1) * se;
  return { value: mean, n, ci95: [mean - half, mean + half], clusters: g };
}

/** Rounds to `digits` decimals (for the patch and rationale). */
export function roundTo(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
