/**
 * Hawkes intensity of taker arrivals, online: the exponential-kernel
 * intensity λ(t) = μ + Σᵢ α·e^{−β(t − tᵢ)} kept by an O(1) recursion, and
 * μ, α, β re-estimated by maximum likelihood on a bounded window of recent
 * arrivals.
 *
 * - An arrival is one taker order: the trade prints of one order share a
 *   hash and a time (without a hash: a time and a side), and count once.
 * - Intensity recursion (Ozaki 1979): with Aₙ = Σ_{j<n} e^{−β(tₙ − tⱼ)},
 *   Aₙ = e^{−β(tₙ − tₙ₋₁)}(1 + Aₙ₋₁), and for t ≥ tₙ
 *   λ(t) = μ + α·e^{−β(t − tₙ)}(1 + Aₙ): O(1) per arrival and per query.
 * - Estimation: every `refitEvery` arrivals the last `window` arrivals are
 *   fitted by EM for the exponential-kernel Hawkes likelihood (Veen &
 *   Schoenberg 2008; Ozaki 1979's log-likelihood), warm-started from the
 *   previous fit; each EM iteration is one O(window) pass, so the cost is
 *   amortised O(window · iterations / refitEvery) per arrival — constant in
 *   the length of the stream (with the defaults ≈ 2048 · 10 / 256 ≈ 80
 *   recursion steps, ≈ 3 µs) — and memory is fixed at `window` times.
 *   A fit (≈ 0.7 ms at the defaults) runs synchronously inside `update`;
 *   set `refitEvery: 0` and call {@link HawkesEstimator.refit} from idle
 *   time to keep it off a hot path.
 * - Data gaps: an inter-arrival gap longer than `maxGapSec` is taken as
 *   missing data (a dropped socket), not as a quiet market: the excitation
 *   restarts from zero and the gap is not counted as observed time.
 *
 * Units: event times are epoch milliseconds (the exchange's `time`);
 * μ, α, β and intensities are per second; the branching ratio n = α/β is
 * dimensionless (the share of arrivals triggered by earlier ones; the
 * stationary rate is μ/(1 − n)).
 *
 * @module
 */

import type { Trade } from "../hyperliquid/stream_schemas.ts";
import {
  type ArrivalRing,
  fitRing,
  type HawkesFitResult,
  type HawkesParams,
  PassStats,
} from "./_hawkes_fit.ts";

export type { HawkesFitResult, HawkesParams } from "./_hawkes_fit.ts";

/** What the estimator reads from a trade print: its time, and hash or side to group prints. */
export type HawkesPrint = Pick<Trade, "time"> & Partial<Pick<Trade, "hash" | "side">>;

/** Options of {@link HawkesEstimator}. */
export interface HawkesEstimatorOptions {
  /** Arrivals kept and fitted (the sliding window). Default 2048. */
  window?: number;
  /** Arrivals between automatic refits; 0 = only on {@link HawkesEstimator.refit}. Default 256. */
  refitEvery?: number;
  /** Arrivals in the window before the first fit. Default 64. */
  minArrivals?: number;
  /** EM iterations per fit at most. Default 200. */
  maxIterations?: number;
  /** EM stops when every parameter changes by less than this, relatively (or the log-likelihood by < 1e-4 nats). Default 1e-4. */
  tolerance?: number;
  /** Inter-arrival gap taken as missing data, seconds. Default Infinity (none). */
  maxGapSec?: number;
  /** Bounds on β, 1/s. Default [0.001, 1000] (1000/s: millisecond timestamps). */
  betaRange?: [number, number];
  /**
   * Parameters to use before the first fit (and to start it from). Without
   * them the estimates are NaN until the first fit, which starts from
   * n = 0.5, β = 1/s and μ matching the window's rate.
   */
  initial?: HawkesParams;
}

/**
 * Online Hawkes estimator of taker-order arrivals (see the module doc for
 * the model, recursions and sources). Feed every trade print in time order
 * with {@link update}; read {@link intensityAt} and the parameter getters.
 */
export class HawkesEstimator {
  readonly #ring: ArrivalRing;
  readonly #capacity: number;
  readonly #refitEvery: number;
  readonly #minArrivals: number;
  readonly #maxGapSec: number;
  readonly #em: { maxIterations: number; tolerance: number; minBeta: number; maxBeta: number };
  readonly #stats = new PassStats();
  #mu: number;
  #alpha: number;
  #beta: number;
  #fit: HawkesFitResult | undefined;
  /** Epoch ms of the first arrival: times in the ring are seconds since it. */
  #originMs = NaN;
  #lastMs = -Infinity;
  #lastHash: string | undefined;
  #lastSide: string | undefined;
  /** Aₙ at the last arrival under the current β. */
  #excitation = 0;
  #sinceFit = 0;
  #arrivals = 0;
  #prints = 0;
  #late = 0;
  #gaps = 0;

  constructor(options: HawkesEstimatorOptions = {}) {
    const window = options.window ?? 2048;
    const [minBeta, maxBeta] = options.betaRange ?? [0.001, 1000];
    check(Number.isInteger(window) && window >= 16, "window", "must be an integer ≥ 16");
    const refitEvery = options.refitEvery ?? 256;
    check(Number.isInteger(refitEvery) && refitEvery >= 0, "refitEvery", "must be an integer ≥ 0");
    const minArrivals = options.minArrivals ?? 64;
    check(
      Number.isInteger(minArrivals) && minArrivals >= 3 && minArrivals <= window,
      "minArrivals",
      "must be an integer in [3, window]",
    );
    check(minBeta > 0 && maxBeta > minBeta, "betaRange", "must be 0 < min < max");
    check(!((options.maxGapSec ?? Infinity) <= 0), "maxGapSec", "must be > 0");
    this.#capacity = window;
    this.#ring = {
      times: new Float64Array(window),
      segment: new Uint8Array(window),
      start: 0,
      count: 0,
    };
    this.#refitEvery = refitEvery;
    this.#minArrivals = minArrivals;
    this.#maxGapSec = options.maxGapSec ?? Infinity;
    this.#em = {
      maxIterations: options.maxIterations ?? 200,
      tolerance: options.tolerance ?? 1e-4,
      minBeta,
      maxBeta,
    };
    const initial = options.initial;
    if (initial !== undefined) {
      check(
        initial.mu > 0 && initial.alpha >= 0 && initial.beta > 0,
        "initial",
        "needs μ > 0, α ≥ 0, β > 0",
      );
    }
    this.#mu = initial?.mu ?? NaN;
    this.#alpha = initial?.alpha ?? NaN;
    this.#beta = initial?.beta ?? NaN;
  }

  /**
   * Takes one trade print (in time order). Returns whether it began a new
   * arrival; a print of the arrival already counted returns false, and so
   * does a print older than the last arrival (a replay after a reconnect),
   * which is ignored. May run a refit (see the module doc).
   */
  update(print: HawkesPrint): boolean {
    this.#prints += 1;
    const ms = print.time;
    if (ms < this.#lastMs) {
      this.#late += 1;
      return false;
    }
    if (ms === this.#lastMs) {
      const same = print.hash !== undefined
        ? print.hash === this.#lastHash
        : print.side === this.#lastSide;
      if (same) return false;
    }
    this.#lastHash = print.hash;
    this.#lastSide = print.side;
    this.#arrive(ms);
    return true;
  }

  #arrive(ms: number): void {
    const ring = this.#ring;
    let gap = false;
    if (this.#arrivals === 0) this.#originMs = ms;
    else {
      const d = (ms - this.#lastMs) / 1000;
      if (d > this.#maxGapSec) {
        gap = true;
        this.#gaps += 1;
        this.#excitation = 0;
      } else if (this.#beta > 0) {
        this.#excitation = Math.exp(-this.#beta * d) * (1 + this.#excitation);
      }
    }
    this.#lastMs = ms;
    this.#arrivals += 1;
    let index = ring.start + ring.count;
    if (ring.count === this.#capacity) {
      index = ring.start;
      ring.start = ring.start + 1 === this.#capacity ? 0 : ring.start + 1;
    } else {
      ring.count += 1;
      if (index >= this.#capacity) index -= this.#capacity;
    }
    ring.times[index] = (ms - this.#originMs) / 1000;
    ring.segment[index] = gap ? 1 : 0;
    this.#sinceFit += 1;
    if (
      this.#refitEvery > 0 && ring.count >= this.#minArrivals &&
      (this.#fit === undefined || this.#sinceFit >= this.#refitEvery)
    ) {
      this.refit();
    }
  }

  /**
   * Fits μ, α, β to the window now (EM, warm-started) and returns the fit;
   * undefined (estimates unchanged) when the window has fewer than 3
   * arrivals or no time span. O(window · iterations).
   */
  refit(): HawkesFitResult | undefined {
    const ring = this.#ring;
    if (ring.count < 3) return undefined;
    let start: HawkesParams;
    if (this.#mu > 0 && this.#alpha > 0 && this.#beta > 0) {
      start = { mu: this.#mu, alpha: this.#alpha, beta: this.#beta };
    } else {
      const first = ring.times[ring.start];
      const last = ring.times[(ring.start + ring.count - 1) % this.#capacity];
      const rate = (ring.count - 1) / Math.max(last - first, 1e-3);
      start = { mu: rate / 2, alpha: 0.5, beta: 1 };
    }
    const fit = fitRing(ring, start, { ...this.#em, stats: this.#stats });
    if (fit.arrivals === 0 || !(fit.spanSec > 0)) return undefined;
    this.#fit = fit;
    this.#mu = fit.mu;
    this.#alpha = fit.alpha;
    this.#beta = fit.beta;
    this.#excitation = this.#stats.lastExcitation;
    this.#sinceFit = 0;
    return fit;
  }

  /**
   * λ(t), arrivals per second, at `timeMs` (epoch ms) at or after the last
   * arrival, under the current estimates: μ + α·e^{−β(t − tₙ)}(1 + Aₙ).
   * Just after an arrival this includes its own jump α. A time before the
   * last arrival is read as the last arrival's time. μ before any arrival.
   */
  intensityAt(timeMs: number): number {
    if (this.#arrivals === 0) return this.#mu;
    const d = Math.max(0, (timeMs - this.#lastMs) / 1000);
    return this.#mu + this.#alpha * Math.exp(-this.#beta * d) * (1 + this.#excitation);
  }

  /** λ just after the last arrival, per second. */
  get intensity(): number {
    return this.intensityAt(this.#lastMs);
  }

  /** Baseline (immigrant) rate μ, arrivals per second. */
  get mu(): number {
    return this.#mu;
  }

  /** Jump α of the intensity per arrival, per second. */
  get alpha(): number {
    return this.#alpha;
  }

  /** Decay rate β of the excitation, per second (its half-life is ln 2/β seconds). */
  get beta(): number {
    return this.#beta;
  }

  /** Branching ratio n = α/β (dimensionless, < 1 for a stationary process). */
  get branching(): number {
    return this.#alpha / this.#beta;
  }

  /** Long-run arrival rate μ/(1 − n), per second (Infinity when n ≥ 1). */
  get stationaryRate(): number {
    const n = this.branching;
    return n < 1 ? this.#mu / (1 - n) : Infinity;
  }

  /** The last fit (its log-likelihood, span, iterations), undefined before the first. */
  get lastFit(): Readonly<HawkesFitResult> | undefined {
    return this.#fit;
  }

  /** Counters: prints seen, arrivals counted, late prints ignored, data gaps, arrivals in the window. */
  get counts(): { prints: number; arrivals: number; late: number; gaps: number; window: number } {
    return {
      prints: this.#prints,
      arrivals: this.#arrivals,
      late: this.#late,
      gaps: this.#gaps,
      window: this.#ring.count,
    };
  }
}

/**
 * A batch maximum-likelihood fit (the same EM as the estimator) of arrival
 * times in seconds, ascending, observed from the first to the last arrival.
 * `gaps` lists indices of arrivals that follow a data gap.
 */
export function fitHawkes(
  timesSec: ArrayLike<number>,
  options: {
    start?: HawkesParams;
    gaps?: number[];
    maxIterations?: number;
    tolerance?: number;
    betaRange?: [number, number];
  } = {},
): HawkesFitResult {
  const n = timesSec.length;
  check(n >= 3, "timesSec", "needs at least 3 arrivals");
  const times = Float64Array.from(timesSec);
  const segment = new Uint8Array(n);
  for (const i of options.gaps ?? []) segment[i] = 1;
  const rate = (n - 1) / Math.max(times[n - 1] - times[0], 1e-3);
  const [minBeta, maxBeta] = options.betaRange ?? [0.001, 1000];
  return fitRing(
    { times, segment, start: 0, count: n },
    options.start ?? { mu: rate / 2, alpha: 0.5, beta: 1 },
    {
      maxIterations: options.maxIterations ?? 2000,
      tolerance: options.tolerance ?? 1e-7,
      minBeta,
      maxBeta,
      stats: new PassStats(),
    },
  );
}

function check(ok: boolean, name: string, rule: string): void {
  if (!ok) throw new RangeError(`${name} ${rule}`);
}
