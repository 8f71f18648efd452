/** Seeded random draws for the market tests, on the project's mulberry32. */

import { mulberry32 } from "../../lib/analysis/synthetic_history.ts";

/** A seeded source of uniform [0, 1), uniform [a, b) and standard normal draws. */
export class Draws {
  readonly #next: () => number;

  constructor(seed: number) {
    this.#next = mulberry32(seed);
  }

  /** Uniform in [0, 1). */
  uniform(): number {
    return this.#next();
  }

  /** Uniform in [low, high). */
  between(low: number, high: number): number {
    return low + (high - low) * this.#next();
  }

  /** Standard normal (Box–Muller). */
  gaussian(): number {
    const u = 1 - this.#next();
    const v = this.#next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}
