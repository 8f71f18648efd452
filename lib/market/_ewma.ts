/**
 * Exponentially weighted means in time and option checks, shared by the
 * market estimators.
 *
 * @module
 */

/**
 * The time-weighted exponential mean of a step function: each value counts
 * for the time it was in force, and weight fades with a half-life in time
 * (an observation `halfLifeMs` old weighs half a fresh one). Debiased: the
 * mean is Σ wᵢxᵢ / Σ wᵢ over what has been seen, so there is no start-up
 * pull towards zero. O(1) per `add`, no allocation.
 */
export class TimeDecayedMean {
  readonly #ratePerMs: number;
  #sum = 0;
  #weight = 0;

  /** `halfLifeMs` > 0, ms. */
  constructor(halfLifeMs: number) {
    if (!(halfLifeMs > 0) || !Number.isFinite(halfLifeMs)) {
      throw new RangeError(`half-life must be a positive finite time, got ${halfLifeMs} ms`);
    }
    this.#ratePerMs = Math.LN2 / halfLifeMs;
  }

  /** Counts `value` as in force for `durationMs` (ignored unless > 0 and finite). */
  add(value: number, durationMs: number): void {
    if (!(durationMs > 0) || !Number.isFinite(value)) return;
    const keep = Math.exp(-this.#ratePerMs * durationMs);
    this.#sum = this.#sum * keep + value * (1 - keep);
    this.#weight = this.#weight * keep + (1 - keep);
  }

  /** The weighted mean; NaN before anything was added. */
  get mean(): number {
    return this.#weight > 0 ? this.#sum / this.#weight : NaN;
  }

  /** Total weight in (0, 1]: 1 − 2^(−time seen / half-life). */
  get weight(): number {
    return this.#weight;
  }
}

/** `value` if it is a finite number > 0; a RangeError naming `name` otherwise. */
export function requirePositive(name: string, value: number): number {
  if (!(Number.isFinite(value) && value > 0)) {
    throw new RangeError(`${name} must be > 0, got ${value}`);
  }
  return value;
}

/** `value` if it is a finite number ≥ 0; a RangeError naming `name` otherwise. */
export function requireNonNegative(name: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`${name} must be ≥ 0, got ${value}`);
  }
  return value;
}

/** `value` if it is an integer ≥ 1; a RangeError naming `name` otherwise. */
export function requireCount(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`${name} must be an integer ≥ 1, got ${value}`);
  }
  return value;
}
