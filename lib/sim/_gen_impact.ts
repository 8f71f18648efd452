/**
 * The generator's transient impact (ImpactParams in _gen_params.ts): the sum
 * of every taker order's push on the displayed mid, each fading as
 * exp(−age / τ). An exponential kernel makes the sum one number carried
 * forward in time, so a read or a push costs O(1).
 *
 * @module
 */

import type { ImpactParams } from "./_gen_params.ts";

/** Transient impact in log price, read and pushed in market time (non-decreasing). */
export class TransientImpact {
  readonly #perSqrtUsd: number;
  readonly #decayMs: number;
  /** log(displayed / latent mid) at `#atMs`. */
  #logImpact = 0;
  #atMs = -Infinity;

  constructor(params: ImpactParams) {
    this.#perSqrtUsd = params.bpsAt10kUsd / 10_000 / Math.sqrt(10_000);
    this.#decayMs = params.decaySec * 1000;
  }

  /** Whether orders move the mid at all (false: `logAt` is always 0). */
  get enabled(): boolean {
    return this.#perSqrtUsd > 0;
  }

  /** log(displayed mid / latent mid) at `ms`, epoch ms. */
  logAt(ms: number): number {
    if (this.#logImpact === 0 || ms <= this.#atMs) return this.#logImpact;
    this.#logImpact *= Math.exp(-(ms - this.#atMs) / this.#decayMs);
    this.#atMs = ms;
    return this.#logImpact;
  }

  /** An order of `notionalUsd` at `ms`: a buy (`B`) pushes up, a sell (`A`) down. */
  push(ms: number, side: "A" | "B", notionalUsd: number): void {
    if (!this.enabled) return;
    const push = this.#perSqrtUsd * Math.sqrt(notionalUsd);
    this.#logImpact = this.logAt(ms) + (side === "B" ? push : -push);
    this.#atMs = Math.max(this.#atMs, ms);
  }
}
