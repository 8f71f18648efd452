/**
 * Taker order flow: notional sizes (lognormal body, Pareto tail) and the
 * arrival clock (a Hawkes process with an exponential kernel, simulated
 * exactly, with the baseline raised in toxic hours).
 *
 * @module
 */

import type { HawkesParams, SizeParams, ToxicParams } from "./_gen_params.ts";
import type { RandomStream } from "./_gen_random.ts";

const HOUR_MS = 3600 * 1000;

/**
 * One taker order's notional, USD: with probability `tailShare` a Pareto
 * (type I) draw `tailFromUsd · U^(−1/tailIndex)`, otherwise a lognormal body
 * draw rejected until it lies in [`minUsd`, `tailFromUsd`).
 */
export function drawNotional(random: RandomStream, sizes: SizeParams): number {
  if (random.uniform() < sizes.tailShare) {
    return sizes.tailFromUsd * random.positive() ** (-1 / sizes.tailIndex);
  }
  for (;;) {
    const x = sizes.bodyMedianUsd * Math.exp(sizes.bodySigma * random.normal());
    if (x >= sizes.minUsd && x < sizes.tailFromUsd) return x;
  }
}

/** Whether epoch ms `ms` falls in one of the UTC `hours`. */
export function inHours(ms: number, hours: ReadonlySet<number>): boolean {
  return hours.has(Math.floor(ms / HOUR_MS) % 24);
}

/**
 * Arrival times of taker orders: a Hawkes process with intensity
 * λ(t) = μ(t) + Σ α·exp(−β(t − tᵢ)), μ(t) = μ (× `rateMultiplier` in toxic
 * hours), simulated exactly by the method of Dassios & Zhao (2013, "Exact
 * simulation of Hawkes process with exponentially decaying intensity"): the
 * next arrival is the earlier of a baseline Poisson arrival and the first
 * arrival of the decaying excitation, drawn by inversion. The baseline is
 * constant within a UTC hour; at an hour boundary the draw restarts (valid:
 * the process is Markov in its excitation).
 */
export class HawkesClock {
  readonly #mu: number;
  readonly #alpha: number;
  readonly #beta: number;
  readonly #toxicHours: ReadonlySet<number>;
  readonly #toxicMultiplier: number;
  readonly #rs: RandomStream;
  /** Time of the last arrival (or boundary), epoch ms. */
  #t: number;
  /** Excitation λ − μ at `#t`, per second. */
  #excess = 0;

  constructor(
    hawkes: HawkesParams,
    options: { toxic: ToxicParams; startMs: number; random: RandomStream },
  ) {
    this.#mu = hawkes.mu;
    this.#alpha = hawkes.alpha;
    this.#beta = hawkes.beta;
    this.#toxicHours = new Set(options.toxic.hours);
    this.#toxicMultiplier = options.toxic.rateMultiplier;
    this.#rs = options.random;
    this.#t = options.startMs;
  }

  /** The next arrival, epoch ms (fractional); the clock moves to it. */
  next(): number {
    for (;;) {
      const hourEnd = (Math.floor(this.#t / HOUR_MS) + 1) * HOUR_MS;
      const mu = inHours(this.#t, this.#toxicHours) ? this.#mu * this.#toxicMultiplier : this.#mu;
      let waitSec = this.#rs.exponential(1 / mu);
      if (this.#excess > 0) {
        const d = 1 + (this.#beta * Math.log(this.#rs.positive())) / this.#excess;
        if (d > 0) waitSec = Math.min(waitSec, -Math.log(d) / this.#beta);
      }
      const at = this.#t + waitSec * 1000;
      if (at < hourEnd) {
        this.#excess = this.#excess * Math.exp(-this.#beta * waitSec) + this.#alpha;
        this.#t = at;
        return at;
      }
      this.#excess *= Math.exp((-this.#beta * (hourEnd - this.#t)) / 1000);
      this.#t = hourEnd;
    }
  }
}
