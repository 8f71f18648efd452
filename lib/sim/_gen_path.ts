/**
 * The latent (true) mid price: a random walk in log price on a 100 ms grid
 * whose volatility follows a Markov chain of regimes, plus the permanent
 * moves of liquidation cascades. The path is drawn ahead of the event clock
 * (at least the informed horizon), so informed orders can trade on the move
 * that is coming without the move being caused by them.
 *
 * @module
 */

import { drawNotional } from "./_gen_flow.ts";
import type { GeneratorParams, Regime } from "./_gen_params.ts";
import { REGIMES } from "./_gen_params.ts";
import type { RandomStream } from "./_gen_random.ts";

/** Grid step of the latent path, ms. */
export const PATH_STEP_MS = 100;

const YEAR_MS = 365 * 24 * 3600 * 1000;
const HOUR_MS = 3600 * 1000;

/** One forced order of a liquidation cascade, due at `timeMs`. */
export interface CascadeOrder {
  /** Epoch ms (integer). */
  timeMs: number;
  /** `B` forced buy (shorts liquidated, price up) or `A` forced sell. */
  side: "A" | "B";
  /** Order notional, USD. */
  notionalUsd: number;
}

interface ActiveDrift {
  perStep: number;
  untilStep: number;
}

/**
 * Regime-switching random walk (Hamilton 1989's Markov switching, in
 * continuous time: exponential holding times, then a jump chosen by the
 * transition weights) in log price, with cascade drifts on top. Values are
 * log(mid / startPx) at each grid step; reads are allowed from a window
 * behind the last generated step.
 */
export class LatentPath {
  readonly #p: GeneratorParams;
  readonly #rs: RandomStream;
  readonly #startMs: number;
  readonly #capacity: number;
  readonly #x: Float64Array;
  readonly #regimes: Uint8Array;
  readonly #sigmaStep: number[];
  readonly #drifts: ActiveDrift[] = [];
  readonly #cascades: CascadeOrder[] = [];
  /** Index of the last generated step. */
  #last = 0;
  #regime: number;
  #nextSwitchStep = 0;
  #nextCascadeStep = 0;

  constructor(params: GeneratorParams, options: { startMs: number; random: RandomStream }) {
    this.#p = params;
    this.#rs = options.random;
    this.#startMs = options.startMs;
    this.#capacity = Math.ceil((params.informed.horizonSec * 1000) / PATH_STEP_MS) + 4096;
    this.#x = new Float64Array(this.#capacity);
    this.#regimes = new Uint8Array(this.#capacity);
    this.#sigmaStep = REGIMES.map((r) =>
      params.regimes[r].sigma * Math.sqrt(PATH_STEP_MS / YEAR_MS)
    );
    this.#regime = REGIMES.indexOf(params.startRegime);
    this.#regimes[0] = this.#regime;
    this.#drawSwitch(0);
    this.#drawCascade(0);
  }

  /** Draws the path up to the step holding `ms`. */
  ensure(ms: number): void {
    const target = this.#step(ms);
    while (this.#last < target) this.#extend();
  }

  /** log(mid / startPx) at `ms` (the grid value of its step). */
  logMidAt(ms: number): number {
    return this.#x[this.#slot(ms)];
  }

  /** The regime at `ms`. */
  regimeAt(ms: number): Regime {
    return REGIMES[this.#regimes[this.#slot(ms)]];
  }

  /** The earliest scheduled cascade order, if any. */
  peekCascade(): CascadeOrder | undefined {
    return this.#cascades[0];
  }

  /** Removes and returns the earliest scheduled cascade order. */
  takeCascade(): CascadeOrder | undefined {
    return this.#cascades.shift();
  }

  #step(ms: number): number {
    return Math.max(0, Math.floor((ms - this.#startMs) / PATH_STEP_MS));
  }

  #slot(ms: number): number {
    this.ensure(ms);
    const step = this.#step(ms);
    if (step <= this.#last - this.#capacity) {
      throw new RangeError(`latent path no longer holds ${ms} (too far behind)`);
    }
    return step % this.#capacity;
  }

  /** Generates step `last + 1` from step `last`. */
  #extend(): void {
    const j = this.#last;
    if (j === this.#nextSwitchStep) this.#switchRegime(j);
    if (j === this.#nextCascadeStep) this.#startCascade(j);
    let dx = this.#sigmaStep[this.#regime] * this.#rs.normal();
    for (let i = this.#drifts.length - 1; i >= 0; i -= 1) {
      const drift = this.#drifts[i];
      dx += drift.perStep;
      if (j >= drift.untilStep) this.#drifts.splice(i, 1);
    }
    const next = j + 1;
    this.#x[next % this.#capacity] = this.#x[j % this.#capacity] + dx;
    this.#regimes[next % this.#capacity] = this.#regime;
    this.#last = next;
  }

  #switchRegime(j: number): void {
    const from = REGIMES[this.#regime];
    const weights = this.#p.transitions[from];
    let total = 0;
    for (const r of REGIMES) total += weights[r] ?? 0;
    let u = this.#rs.uniform() * total;
    let to = this.#regime;
    for (let r = 0; r < REGIMES.length; r += 1) {
      const w = weights[REGIMES[r]] ?? 0;
      if (w <= 0) continue;
      to = r;
      if (u < w) break;
      u -= w;
    }
    this.#regime = to;
    this.#regimes[j % this.#capacity] = to;
    this.#drawSwitch(j);
    this.#drawCascade(j); // memoryless: a new regime, a new cascade rate
  }

  #drawSwitch(j: number): void {
    const meanSteps = (this.#p.regimes[REGIMES[this.#regime]].meanMinutes * 60_000) / PATH_STEP_MS;
    this.#nextSwitchStep = j + 1 + Math.floor(this.#rs.exponential(meanSteps));
  }

  #drawCascade(j: number): void {
    const perHour = this.#p.regimes[REGIMES[this.#regime]].cascadesPerHour;
    if (perHour <= 0) {
      this.#nextCascadeStep = -1;
      return;
    }
    const meanSteps = HOUR_MS / perHour / PATH_STEP_MS;
    this.#nextCascadeStep = j + 1 + Math.floor(this.#rs.exponential(meanSteps));
  }

  /** A cascade from step `j`: a drift over its duration and its forced orders. */
  #startCascade(j: number): void {
    const c = this.#p.cascades;
    const rs = this.#rs;
    const up = rs.uniform() < 0.5;
    const moveBps = c.minMoveBps + rs.exponential(c.meanExtraMoveBps);
    const durationMs = 1000 *
      (c.durationSec[0] + rs.uniform() * (c.durationSec[1] - c.durationSec[0]));
    const steps = Math.max(1, Math.round(durationMs / PATH_STEP_MS));
    const move = Math.log1p(((up ? 1 : -1) * moveBps) / 10_000);
    this.#drifts.push({ perStep: move / steps, untilStep: j + steps - 1 });
    const orders = c.meanOrders > 0 ? 1 + rs.poisson(Math.max(0, c.meanOrders - 1)) : 0;
    const startMs = this.#startMs + j * PATH_STEP_MS;
    for (let i = 0; i < orders; i += 1) {
      this.#schedule({
        timeMs: Math.floor(startMs + rs.uniform() * durationMs),
        side: up ? "B" : "A",
        notionalUsd: drawNotional(rs, this.#p.sizes) * c.sizeMultiplier,
      });
    }
    this.#drawCascade(j);
  }

  /** Inserts in time order (after equal times: first scheduled, first out). */
  #schedule(order: CascadeOrder): void {
    let i = this.#cascades.length;
    while (i > 0 && this.#cascades[i - 1].timeMs > order.timeMs) i -= 1;
    this.#cascades.splice(i, 0, order);
  }
}
