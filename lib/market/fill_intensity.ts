/**
 * Fill-intensity curve λ(δ) = A·e^{−κδ}: the rate at which a resting quote
 * at distance δ from the mid is reached by taker trades, the curve of
 * Avellaneda & Stoikov (2008, "High-frequency trading in a limit order
 * book", Quant. Finance 8(3)) and of the GLFT quotes (Guéant, Lehalle &
 * Fernandez-Tapia 2013, "Dealing with the inventory risk", Math. Financ.
 * Econ. 7(4)), fitted online from public trades.
 *
 * Distance: δ = s·(px − mid)/mid × 10⁴ bps, s = +1 for a buy taker (it lifts
 * asks above the mid) and −1 for a sell taker, with the mid the last one
 * fed before the trade; a trade on the wrong side of a stale mid counts as
 * δ = 0. Feed a trade before a book of the same time: a book stamped with
 * the trade's block already shows the book after it.
 *
 * Estimate: trades are counted in buckets of `bucketBps` (bucket k holds
 * δ ∈ [k·w, (k+1)·w)) over a rolling window of `windowSec` kept as a ring
 * of `slices` time slices (fixed memory: slices × buckets counts). If λ is
 * the rate of trades reaching δ or further, the rate in bucket k is
 * rₖ = A·e^{−κkw}·(1 − e^{−κw}), so log rₖ is linear in the bucket's lower
 * edge with slope −κ. The fit is weighted least squares of log cₖ on the
 * edge, iterated to the Poisson maximum likelihood of the bucket counts
 * (IRLS for a log-link GLM, McCullagh & Nelder 1989, "Generalized Linear
 * Models" §2.5): the first pass weights each non-empty bucket by its count
 * cₖ (Var log cₖ ≈ 1/cₖ, the delta method), later passes by the fitted
 * counts over all buckets, empty ones included — which removes the
 * downward bias of κ that dropping empty tail buckets leaves (≈ 4% on
 * 1,000 trades). Then A = e^{intercept}/(1 − e^{−κw}) exactly (no
 * mid-bucket approximation). An update is O(1); a slice rotation is
 * O(buckets), amortised O(1); a read is O(buckets × iterations), cached
 * until the next change. Memory is fixed.
 *
 * Units: A in trades per second (the rate at δ = 0: of all trades on that
 * side of the mid); κ per bps ({@link FillIntensityFit.kappaPerBps}); GLFT
 * written in price units needs κ per USD of distance, κ_px = κ_bps·10⁴/mid
 * ({@link FillIntensityEstimator.kappaPerPrice}). Times are epoch ms.
 *
 * @module
 */

import type { Trade } from "../hyperliquid/stream_schemas.ts";

/** What the estimator reads from a trade print. */
export type FillIntensityTrade = Pick<Trade, "time" | "px" | "side">;

/** Options of {@link FillIntensityEstimator}. */
export interface FillIntensityOptions {
  /** Bucket width, bps. Default 0.5. */
  bucketBps?: number;
  /** Buckets; trades at δ ≥ buckets·bucketBps are counted as `beyond`. Default 40 (20 bps). */
  buckets?: number;
  /** Rolling window, seconds. Default 300. */
  windowSec?: number;
  /** Time slices the window is kept in (its granularity). Default 30. */
  slices?: number;
  /** IRLS passes at most per read. Default 25. */
  maxIterations?: number;
  /**
   * A silence (no trade or mid) longer than this, seconds, is missing data
   * (a dropped socket), not a quiet market: it is not counted as observed
   * time. Default Infinity.
   */
  maxGapSec?: number;
}

/** A fit of λ(δ) = A·e^{−κδ} over the window. */
export interface FillIntensityFit {
  /** A: trades per second at δ = 0 (NaN without a fit). */
  a: number;
  /** κ, per bps of distance from the mid (NaN with fewer than two non-empty buckets). */
  kappaPerBps: number;
  /** Count-weighted R² of log counts of the non-empty buckets on the fitted line (≤ 1). */
  rSquared: number;
  /** Trades in the window inside the bucket range. */
  trades: number;
  /** Trades in the window at or beyond the last bucket's edge (not in the fit). */
  beyond: number;
  /** Non-empty buckets. */
  buckets: number;
  /** Observed time the window covers, seconds (missing data excluded). */
  windowSec: number;
  /** IRLS passes the fit took. */
  iterations: number;
}

/** The fitted line of log counts on distance, and how it was found. */
interface FittedLine {
  /** Non-empty buckets. */
  used: number;
  /** Whether two or more buckets at distinct distances gave a line. */
  fits: boolean;
  b0: number;
  /** Slope per bps (κ = −b1). */
  b1: number;
  iterations: number;
  rSquared: number;
}

/** Online fit of the fill-intensity curve from trades and mids (module doc). */
export class FillIntensityEstimator {
  readonly #width: number;
  readonly #buckets: number;
  readonly #slices: number;
  readonly #sliceMs: number;
  readonly #maxIterations: number;
  /** counts[slot·buckets + k]: trades of a slice in bucket k. */
  readonly #counts: Float64Array;
  readonly #beyondBySlice: Float64Array;
  /** Missing-data time inside each slice, ms. */
  readonly #missingBySlice: Float64Array;
  readonly #maxGapMs: number;
  #missing = 0;
  /** Window totals per bucket. */
  readonly #total: Float64Array;
  #beyond = 0;
  #trades = 0;
  #originMs = NaN;
  /** Absolute index of the current slice. */
  #slice = 0;
  #nowMs = -Infinity;
  #mid = NaN;
  #fit: FillIntensityFit | undefined;
  /** The fitted line, a function of the bucket totals alone: kept until they change. */
  #line: FittedLine | undefined;

  constructor(options: FillIntensityOptions = {}) {
    const width = options.bucketBps ?? 0.5;
    const buckets = options.buckets ?? 40;
    const windowSec = options.windowSec ?? 300;
    const slices = options.slices ?? 30;
    const maxIterations = options.maxIterations ?? 25;
    check(width > 0 && Number.isFinite(width), "bucketBps", "must be a positive number");
    check(Number.isInteger(buckets) && buckets >= 2, "buckets", "must be an integer ≥ 2");
    check(windowSec > 0 && Number.isFinite(windowSec), "windowSec", "must be a positive number");
    check(Number.isInteger(slices) && slices >= 2, "slices", "must be an integer ≥ 2");
    check(Number.isInteger(maxIterations) && maxIterations >= 1, "maxIterations", "must be ≥ 1");
    this.#width = width;
    this.#buckets = buckets;
    this.#slices = slices;
    this.#sliceMs = (windowSec * 1000) / slices;
    this.#maxIterations = maxIterations;
    this.#counts = new Float64Array(slices * buckets);
    this.#beyondBySlice = new Float64Array(slices);
    this.#missingBySlice = new Float64Array(slices);
    this.#maxGapMs = (options.maxGapSec ?? Infinity) * 1000;
    check(this.#maxGapMs > 0, "maxGapSec", "must be > 0");
    this.#total = new Float64Array(buckets);
  }

  /** Takes a mid (USD) at `time` (epoch ms); trades are measured from the last one. */
  updateMid(time: number, mid: number): void {
    if (!(mid > 0)) return;
    this.#advance(time);
    this.#mid = mid;
  }

  /**
   * Takes one trade print: counts it at its distance from the last mid.
   * Returns the distance in bps, or NaN (not counted) before any mid.
   */
  update(trade: FillIntensityTrade): number {
    this.#advance(trade.time);
    const mid = this.#mid;
    if (!(mid > 0)) return NaN;
    const signed = trade.side === "B" ? trade.px - mid : mid - trade.px;
    const delta = signed > 0 ? (signed / mid) * 1e4 : 0;
    const k = Math.floor(delta / this.#width);
    const slot = this.#slice % this.#slices;
    this.#fit = undefined;
    if (k >= this.#buckets) {
      this.#beyondBySlice[slot] += 1;
      this.#beyond += 1;
    } else {
      this.#counts[slot * this.#buckets + k] += 1;
      this.#total[k] += 1;
      this.#line = undefined;
      this.#trades += 1;
    }
    return delta;
  }

  /** Moves the clock to `time`, expiring slices that left the window. */
  #advance(time: number): void {
    if (!(time > this.#nowMs)) return;
    if (Number.isNaN(this.#originMs)) this.#originMs = time;
    const fromMs = this.#nowMs;
    this.#nowMs = time;
    this.#fit = undefined;
    const slice = Math.floor((time - this.#originMs) / this.#sliceMs);
    if (slice !== this.#slice) {
      const steps = Math.min(slice - this.#slice, this.#slices);
      const b = this.#buckets;
      for (let s = 1; s <= steps; s += 1) {
        const slot = (this.#slice + s) % this.#slices;
        const base = slot * b;
        for (let k = 0; k < b; k += 1) {
          this.#total[k] -= this.#counts[base + k];
          this.#trades -= this.#counts[base + k];
          this.#counts[base + k] = 0;
        }
        this.#beyond -= this.#beyondBySlice[slot];
        this.#beyondBySlice[slot] = 0;
        this.#missing -= this.#missingBySlice[slot];
        this.#missingBySlice[slot] = 0;
      }
      this.#slice = slice;
      this.#line = undefined;
    }
    if (time - fromMs > this.#maxGapMs) this.#markMissing(fromMs, time);
  }

  /** Books (fromMs, toMs] as missing in the slices of the window it overlaps. */
  #markMissing(fromMs: number, toMs: number): void {
    const first = Math.max(this.#slice - this.#slices + 1, 0);
    for (let s = first; s <= this.#slice; s += 1) {
      const lo = Math.max(fromMs, this.#originMs + s * this.#sliceMs);
      const hi = Math.min(toMs, this.#originMs + (s + 1) * this.#sliceMs);
      if (hi <= lo) continue;
      this.#missingBySlice[s % this.#slices] += hi - lo;
      this.#missing += hi - lo;
    }
  }

  /** Observed time the window covers now, seconds (missing data excluded). */
  #coveredSec(): number {
    if (Number.isNaN(this.#originMs)) return 0;
    const sinceStart = this.#nowMs - this.#originMs;
    const partial = sinceStart - this.#slice * this.#sliceMs;
    const span = Math.min(sinceStart, (this.#slices - 1) * this.#sliceMs + partial);
    return Math.max(0, span - this.#missing) / 1000;
  }

  /** The current fit (computed on the first read after a change, then cached). */
  get fit(): Readonly<FillIntensityFit> {
    this.#fit ??= this.#compute();
    return this.#fit;
  }

  #compute(): FillIntensityFit {
    const covered = this.#coveredSec();
    const result: FillIntensityFit = {
      a: NaN,
      kappaPerBps: NaN,
      rSquared: NaN,
      trades: this.#trades,
      beyond: this.#beyond,
      buckets: 0,
      windowSec: covered,
      iterations: 0,
    };
    // The line depends on the totals only, A also on the time covered: as
    // time passes without trades (most refits) only A is computed again.
    const line = this.#line ??= this.#fitLine();
    result.buckets = line.used;
    if (!line.fits || !(covered > 0)) return result;
    result.iterations = line.iterations;
    const kappa = -line.b1;
    result.kappaPerBps = kappa;
    result.rSquared = line.rSquared;
    if (kappa > 0) result.a = Math.exp(line.b0) / covered / -Math.expm1(-kappa * this.#width);
    return result;
  }

  /** log count = b0 + b1·δ over the window's bucket totals (module doc). */
  #fitLine(): FittedLine {
    const total = this.#total;
    const w = this.#width;
    // pass 1: count-weighted least squares of log c on the edge, non-empty buckets
    let sw = 0, sx = 0, sy = 0, sxx = 0, sxy = 0, syy = 0, used = 0;
    for (let k = 0; k < this.#buckets; k += 1) {
      const c = total[k];
      if (c < 1) continue;
      const x = k * w;
      const y = Math.log(c);
      sw += c;
      sx += c * x;
      sy += c * y;
      sxx += c * x * x;
      sxy += c * x * y;
      syy += c * y * y;
      used += 1;
    }
    const varX = sxx - (sx * sx) / sw;
    if (used < 2 || !(varX > 0)) {
      return { used, fits: false, b0: NaN, b1: NaN, iterations: 0, rSquared: NaN };
    }
    let b1 = (sxy - (sx * sy) / sw) / varX;
    let b0 = (sy - b1 * sx) / sw;
    // further passes: Poisson IRLS over every bucket, weights = fitted counts
    let iterations = 1;
    while (iterations < this.#maxIterations) {
      let tw = 0, tx = 0, tz = 0, txx = 0, txz = 0;
      for (let k = 0; k < this.#buckets; k += 1) {
        const x = k * w;
        const eta = b0 + b1 * x;
        const mu = Math.exp(eta);
        const z = eta + (total[k] - mu) / mu;
        tw += mu;
        tx += mu * x;
        tz += mu * z;
        txx += mu * x * x;
        txz += mu * x * z;
      }
      const next1 = (txz - (tx * tz) / tw) / (txx - (tx * tx) / tw);
      const next0 = (tz - next1 * tx) / tw;
      iterations += 1;
      if (!Number.isFinite(next1) || !Number.isFinite(next0)) break;
      const change = Math.abs(next1 - b1) + Math.abs(next0 - b0);
      b1 = next1;
      b0 = next0;
      if (change < 1e-10) break;
    }
    // R² of the non-empty buckets' log counts around the fitted line, count-weighted
    const mean = sy / sw;
    let residual = 0;
    for (let k = 0; k < this.#buckets; k += 1) {
      const c = total[k];
      if (c >= 1) residual += c * (Math.log(c) - b0 - b1 * k * w) ** 2;
    }
    const spread = syy - sw * mean * mean;
    const rSquared = spread > 0 ? 1 - residual / spread : 1;
    return { used, fits: true, b0, b1, iterations, rSquared };
  }

  /** κ per bps (NaN until two buckets have trades). */
  get kappaPerBps(): number {
    return this.fit.kappaPerBps;
  }

  /** A, trades per second at δ = 0. */
  get a(): number {
    return this.fit.a;
  }

  /** κ per USD of distance at `mid` (default: the last mid): κ_bps·10⁴/mid. */
  kappaPerPrice(mid: number = this.#mid): number {
    return (this.fit.kappaPerBps * 1e4) / mid;
  }

  /** λ(δ) = A·e^{−κδ}: trades per second reaching `deltaBps` from the mid. */
  rateAt(deltaBps: number): number {
    const { a, kappaPerBps } = this.fit;
    return a * Math.exp(-kappaPerBps * deltaBps);
  }

  /** The last mid fed, USD. */
  get mid(): number {
    return this.#mid;
  }
}

function check(ok: boolean, name: string, rule: string): void {
  if (!ok) throw new RangeError(`${name} ${rule}`);
}
