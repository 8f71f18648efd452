/**
 * Volatility regime from an annualised σ: calm, normal, volatile or
 * extreme, with hysteresis and a minimum dwell time so that a σ hovering at
 * a threshold does not flap (a Schmitt trigger, per threshold).
 *
 * - Up: the regime rises as soon as σ ≥ the threshold of a higher regime
 *   (by default at once: widening quotes must not wait), straight to the
 *   highest regime whose threshold σ reaches.
 * - Down: it falls only when σ < threshold × (1 − hysteresis) of the
 *   current regime, to the highest regime whose lowered threshold σ still
 *   reaches, and only after `minDwellMs` in the current regime.
 *
 * Default thresholds 0.35 / 0.75 / 1.5 (annualised σ entering normal,
 * volatile, extreme) sit near the geometric midpoints of the simulator's
 * planted regimes (σ 0.25, 0.5, 1.0, 2.0; lib/sim/_gen_params.ts); the real
 * BTC hour of 2024-01-01 12:00 UTC measures ≈ 0.25 (calm).
 *
 * O(1) per update, no allocation.
 *
 * @module
 */

import { requireNonNegative } from "./_ewma.ts";

/** Regimes, calmest first. */
export const REGIMES = ["calm", "normal", "volatile", "extreme"] as const;

/** A volatility regime. */
export type Regime = typeof REGIMES[number];

/** What the classifier reads: a {@link Volatility} fits as is. */
export interface SigmaReading {
  /** Reading time, epoch ms. */
  readonly time: number;
  /** Annualised σ (0.25 = 25 %); NaN readings are ignored. */
  readonly sigmaAnnual: number;
  /** When present and false (an estimator still warming up), the reading is ignored. */
  readonly ready?: boolean;
}

/** Settings of {@link RegimeClassifier}. */
export interface RegimeOptions {
  /** Annualised σ at which normal, volatile and extreme begin, increasing (default 0.35, 0.75, 1.5). */
  thresholds?: readonly [number, number, number];
  /** Fraction h in [0, 1): leave a regime only below threshold × (1 − h) (default 0.15). */
  hysteresis?: number;
  /** Time in a regime before it may step down, ms (default 60,000). */
  minDwellMs?: number;
  /** Time in a regime before it may step up, ms (default 0: escalate at once). */
  escalationDwellMs?: number;
  /** Regime before the first reading (default "normal"); the first reading classifies directly. */
  initial?: Regime;
}

/** Defaults of {@link RegimeOptions}. */
export const DEFAULT_REGIME: Readonly<Required<RegimeOptions>> = {
  thresholds: [0.35, 0.75, 1.5],
  hysteresis: 0.15,
  minDwellMs: 60_000,
  escalationDwellMs: 0,
  initial: "normal",
};

/** A four-state σ classifier with hysteresis and dwell. */
export class RegimeClassifier {
  /** Lower bound of each regime (calm: 0). */
  readonly #enter: Float64Array;
  /** Lowered bound under which a regime is left. */
  readonly #leave: Float64Array;
  readonly #minDwellMs: number;
  readonly #escalationDwellMs: number;
  #index: number;
  #since = NaN;
  #changes = 0;
  #readings = 0;

  constructor(options: RegimeOptions = {}) {
    const o = { ...DEFAULT_REGIME, ...options };
    const [normal, volatile, extreme] = o.thresholds;
    if (!(0 < normal && normal < volatile && volatile < extreme && Number.isFinite(extreme))) {
      throw new RangeError(`thresholds must be increasing and > 0, got ${o.thresholds.join(", ")}`);
    }
    if (!(o.hysteresis >= 0 && o.hysteresis < 1)) {
      throw new RangeError(`hysteresis must be in [0, 1), got ${o.hysteresis}`);
    }
    this.#enter = Float64Array.of(0, normal, volatile, extreme);
    this.#leave = this.#enter.map((bound) => bound * (1 - o.hysteresis));
    this.#minDwellMs = requireNonNegative("minDwellMs", o.minDwellMs);
    this.#escalationDwellMs = requireNonNegative("escalationDwellMs", o.escalationDwellMs);
    this.#index = REGIMES.indexOf(o.initial);
    if (this.#index < 0) throw new RangeError(`unknown regime ${o.initial}`);
  }

  /** A σ reading; returns true when the regime changed. */
  update(reading: SigmaReading): boolean {
    const sigma = reading.sigmaAnnual;
    const time = reading.time;
    if (reading.ready === false) return false;
    if (!Number.isFinite(sigma) || sigma < 0 || !Number.isFinite(time)) return false;
    this.#readings += 1;
    if (this.#readings === 1) {
      const first = this.#highest(this.#enter, sigma, REGIMES.length - 1);
      this.#since = time;
      if (first === this.#index) return false;
      this.#index = first;
      this.#changes += 1;
      return true;
    }
    const current = this.#index;
    const dwell = time - this.#since;
    let next = current;
    if (current < REGIMES.length - 1 && sigma >= this.#enter[current + 1]) {
      if (dwell >= this.#escalationDwellMs) {
        next = this.#highest(this.#enter, sigma, REGIMES.length - 1);
      }
    } else if (current > 0 && sigma < this.#leave[current]) {
      if (dwell >= this.#minDwellMs) next = this.#highest(this.#leave, sigma, current - 1);
    }
    if (next === current) return false;
    this.#index = next;
    this.#since = time;
    this.#changes += 1;
    return true;
  }

  /** The highest regime ≤ `top` whose bound σ reaches. */
  #highest(bounds: Float64Array, sigma: number, top: number): number {
    let i = top;
    while (i > 0 && sigma < bounds[i]) i -= 1;
    return i;
  }

  /** The current regime. */
  get regime(): Regime {
    return REGIMES[this.#index];
  }

  /** The current regime's index in {@link REGIMES} (0 calm … 3 extreme). */
  get index(): number {
    return this.#index;
  }

  /** When the current regime was entered, epoch ms (NaN before the first reading). */
  get since(): number {
    return this.#since;
  }

  /** Regime changes so far (the first reading's classification included). */
  get changes(): number {
    return this.#changes;
  }
}
