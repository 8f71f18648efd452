/**
 * The rate of a stream of amounts (USDC filled, say), per minute, as an
 * exponentially weighted moving average in time.
 *
 * @module
 */

const MINUTE_MS = 60_000;

/**
 * Exponentially decayed sum S of amounts, S ← S·e^(−λΔt) + amount with
 * λ = ln 2 / half-life; the rate is λ·S (a steady stream of r per ms
 * converges to exactly r). Starts at 0 and under-reads for the first few
 * half-lives, which errs on the careful side for a replenish rate. O(1), no
 * allocation.
 */
export class DecayedRate {
  readonly #lambdaPerMs: number;
  #sum = 0;
  #atMs = -Infinity;

  /** `halfLifeMs` > 0, ms. */
  constructor(halfLifeMs: number) {
    if (!(halfLifeMs > 0) || !Number.isFinite(halfLifeMs)) {
      throw new RangeError(`half-life must be a positive finite time, got ${halfLifeMs} ms`);
    }
    this.#lambdaPerMs = Math.LN2 / halfLifeMs;
  }

  /** Counts `amount` at `nowMs` (epoch ms). */
  add(amount: number, nowMs: number): void {
    this.#sum = this.#decayed(nowMs) + amount;
    this.#atMs = Math.max(this.#atMs, nowMs);
  }

  /** The rate at `nowMs`, amount per minute. */
  perMinute(nowMs: number): number {
    return this.#decayed(nowMs) * this.#lambdaPerMs * MINUTE_MS;
  }

  #decayed(nowMs: number): number {
    if (this.#sum === 0) return 0;
    const elapsed = Math.max(0, nowMs - this.#atMs);
    return this.#sum * Math.exp(-this.#lambdaPerMs * elapsed);
  }
}
