/**
 * Realised volatility of the mid, online: an exponentially weighted mean
 * of squared log-returns sampled on a fixed time grid (RiskMetrics 1996,
 * "Technical Document", §5.2: zero-mean EWMA variance), with the weight
 * fading by half every `halfLifeSeconds`.
 *
 * The grid has a point every `gridMs` (aligned to epoch multiples); each
 * point takes the mid in force then (the last observation at or before it),
 * so a gap carries the last mid forward: the move made during the gap shows
 * up as one return when the next mid arrives, and the points in between add
 * zero returns. Grid intervals with no observation are counted as missing.
 * Because those zero returns only shrink the weights, a gap of any length
 * is folded in with one `Math.pow`: every update is O(1), no allocation.
 *
 * Units: σ per √second of the log price (dimensionless / √s), and
 * annualised σ = σ_s × √(365 × 86,400 s) (crypto trades every day).
 *
 * @module
 */

import { requireNonNegative, requirePositive } from "./_ewma.ts";

/** What the volatility reads: a {@link BookState} fits as is. */
export interface MidSample {
  /** Observation time, epoch ms. */
  readonly time: number;
  /** Mid price, USD (> 0). */
  readonly mid: number;
}

/** Settings of {@link Volatility}. */
export interface VolatilityOptions {
  /** Sampling grid step, ms (default 1,000). */
  gridMs?: number;
  /** Half-life of the EWMA weights, seconds of market time (default 300). */
  halfLifeSeconds?: number;
  /** Grid returns before {@link Volatility.ready} (default 60). */
  minSamples?: number;
}

/** Defaults of {@link VolatilityOptions}. */
export const DEFAULT_VOLATILITY: Readonly<Required<VolatilityOptions>> = {
  gridMs: 1_000,
  halfLifeSeconds: 300,
  minSamples: 60,
};

/** Seconds in a 365-day year. */
export const SECONDS_PER_YEAR = 365 * 86_400;

/**
 * EWMA volatility of mid log-returns on a time grid. Before the first grid
 * return the estimates are NaN; a constant price gives exactly 0.
 */
export class Volatility {
  readonly #gridMs: number;
  readonly #stepsPerSecond: number;
  readonly #stepsPerYear: number;
  readonly #keep: number;
  readonly #minSamples: number;
  #sum = 0;
  #weight = 0;
  #samples = 0;
  #missing = 0;
  /** Index of the last grid point closed (its time is index × gridMs). */
  #lastGrid = NaN;
  /** Mid at the last closed grid point (NaN before the first). */
  #gridMid = NaN;
  /** Latest observation. */
  #mid = NaN;
  #time = NaN;
  /** Whether an observation arrived after the last closed grid point. */
  #fresh = false;

  constructor(options: VolatilityOptions = {}) {
    const o = { ...DEFAULT_VOLATILITY, ...options };
    this.#gridMs = requirePositive("gridMs", o.gridMs);
    this.#stepsPerSecond = 1000 / this.#gridMs;
    this.#stepsPerYear = this.#stepsPerSecond * SECONDS_PER_YEAR;
    const halfLifeMs = requirePositive("halfLifeSeconds", o.halfLifeSeconds) * 1000;
    this.#keep = Math.pow(2, -this.#gridMs / halfLifeMs);
    this.#minSamples = requireNonNegative("minSamples", o.minSamples);
  }

  /** A mid observation. Older than the latest, non-finite or ≤ 0: ignored. */
  update(sample: MidSample): void {
    const time = sample.time;
    const mid = sample.mid;
    if (!Number.isFinite(time) || !(mid > 0) || !Number.isFinite(mid)) return;
    if (Number.isNaN(this.#time)) {
      this.#lastGrid = Math.ceil(time / this.#gridMs) - 1;
      this.#mid = mid;
      this.#time = time;
      this.#fresh = true;
      return;
    }
    if (time < this.#time) return;
    // Grid points strictly before `time` still open: they all see the mid in force, this.#mid.
    const n = Math.ceil(time / this.#gridMs) - 1 - this.#lastGrid;
    if (n > 0) this.#close(n);
    this.#mid = mid;
    this.#time = time;
    this.#fresh = true;
  }

  /** Closes `n` grid points: one return to the mid in force, then n − 1 zero returns. */
  #close(n: number): void {
    const keep = this.#keep;
    if (!this.#fresh) this.#missing += 1;
    if (!Number.isNaN(this.#gridMid)) {
      const r = Math.log(this.#mid / this.#gridMid);
      this.#sum = this.#sum * keep + r * r * (1 - keep);
      this.#weight = this.#weight * keep + (1 - keep);
      this.#samples += 1;
    }
    if (n > 1) {
      const keepAll = Math.pow(keep, n - 1);
      this.#sum *= keepAll;
      this.#weight = this.#weight * keepAll + (1 - keepAll);
      this.#samples += n - 1;
      this.#missing += n - 1;
    }
    this.#gridMid = this.#mid;
    this.#lastGrid += n;
    this.#fresh = false;
  }

  /** EWMA variance of one grid return (squared log-return per `gridMs`). */
  get variancePerStep(): number {
    return this.#weight > 0 ? this.#sum / this.#weight : NaN;
  }

  /** Variance of the log mid per second, 1/s. */
  get variancePerSecond(): number {
    return this.#weight > 0 ? (this.#sum / this.#weight) * this.#stepsPerSecond : NaN;
  }

  /** σ of the log mid per √second. */
  get sigmaPerSqrtSecond(): number {
    return this.#weight > 0 ? Math.sqrt((this.#sum / this.#weight) * this.#stepsPerSecond) : NaN;
  }

  /** σ annualised over 365 days (0.25 = 25 %). */
  get sigmaAnnual(): number {
    return this.#weight > 0 ? Math.sqrt((this.#sum / this.#weight) * this.#stepsPerYear) : NaN;
  }

  /** Grid returns folded in (missing points included, as zero returns). */
  get samples(): number {
    return this.#samples;
  }

  /** Grid intervals that had no observation (the mid was carried). */
  get missing(): number {
    return this.#missing;
  }

  /** Whether at least `minSamples` grid returns are in. */
  get ready(): boolean {
    return this.#samples >= this.#minSamples;
  }

  /** Time of the latest observation, epoch ms (NaN before the first). */
  get time(): number {
    return this.#time;
  }

  /** Latest mid, USD. */
  get mid(): number {
    return this.#mid;
  }
}
