/**
 * The market's quoted spread as a process, per volatility regime: a
 * time-weighted exponential mean of the spread (bps of mid) for each
 * regime and for all of them together, with sample counts.
 *
 * The spread is a step function of time: each observation holds until the
 * next one, so on each update the previous spread is counted, under the
 * previous update's regime, for the time it was in force (at most
 * `maxGapMs`, so a stalled feed does not write one value over minutes).
 * Weights fade with a half-life of `halfLifeSeconds` of time spent in that
 * regime; means are debiased (Σ wᵢsᵢ / Σ wᵢ), so a regime seen briefly
 * still reads its own spreads. Time-weighting makes the mean independent
 * of how often books arrive (Hyperliquid pushes l2Book each block, ≥ 0.5 s
 * apart, more often when the book moves).
 *
 * O(1) per update, no allocation.
 *
 * @module
 */

import { requirePositive, TimeDecayedMean } from "./_ewma.ts";
import { type Regime, REGIMES } from "./regime.ts";

/** What the spread process reads: a {@link BookState} fits as is. */
export interface SpreadSample {
  /** Observation time, epoch ms. */
  readonly time: number;
  /** Quoted spread, bps of mid (NaN for a one-sided book: counts nothing). */
  readonly spreadBps: number;
}

/** Settings of {@link SpreadProcess}. */
export interface SpreadProcessOptions {
  /** Half-life of the weights, seconds of time in the regime (default 300). */
  halfLifeSeconds?: number;
  /** Longest time one observation counts for, ms (default 5,000). */
  maxGapMs?: number;
}

/** Defaults of {@link SpreadProcessOptions}. */
export const DEFAULT_SPREAD_PROCESS: Readonly<Required<SpreadProcessOptions>> = {
  halfLifeSeconds: 300,
  maxGapMs: 5_000,
};

/** Time-weighted EWMA of the quoted spread, per regime. */
export class SpreadProcess {
  readonly #byRegime: TimeDecayedMean[];
  readonly #all: TimeDecayedMean;
  readonly #counts = new Float64Array(REGIMES.length);
  readonly #seconds = new Float64Array(REGIMES.length);
  readonly #maxGapMs: number;
  #time = NaN;
  #spread = NaN;
  #regime = 0;

  constructor(options: SpreadProcessOptions = {}) {
    const o = { ...DEFAULT_SPREAD_PROCESS, ...options };
    const halfLifeMs = requirePositive("halfLifeSeconds", o.halfLifeSeconds) * 1000;
    this.#maxGapMs = requirePositive("maxGapMs", o.maxGapMs);
    this.#byRegime = REGIMES.map(() => new TimeDecayedMean(halfLifeMs));
    this.#all = new TimeDecayedMean(halfLifeMs);
  }

  /**
   * A spread observation under `regime`. Closes the previous observation's
   * interval (credited to its own regime); out-of-order samples are ignored.
   */
  update(sample: SpreadSample, regime: Regime): void {
    const time = sample.time;
    if (!Number.isFinite(time) || time < this.#time) return;
    const index = REGIMES.indexOf(regime);
    if (index < 0) throw new RangeError(`unknown regime ${regime}`);
    if (Number.isFinite(this.#spread)) {
      const ms = Math.min(time - this.#time, this.#maxGapMs);
      this.#byRegime[this.#regime].add(this.#spread, ms);
      this.#all.add(this.#spread, ms);
      if (ms > 0) this.#seconds[this.#regime] += ms / 1000;
    }
    this.#time = time;
    this.#spread = sample.spreadBps;
    this.#regime = index;
    if (Number.isFinite(sample.spreadBps)) this.#counts[index] += 1;
  }

  /** Mean spread, bps, in `regime` (all regimes when omitted); NaN before any time was counted. */
  meanBps(regime?: Regime): number {
    return this.#mean(regime).mean;
  }

  /** Spread observations received in `regime` (all regimes when omitted). */
  count(regime?: Regime): number {
    if (regime !== undefined) return this.#counts[regimeIndex(regime)];
    let total = 0;
    for (const n of this.#counts) total += n;
    return total;
  }

  /** Market time counted in `regime` (all when omitted), seconds. */
  seconds(regime?: Regime): number {
    if (regime !== undefined) return this.#seconds[regimeIndex(regime)];
    let total = 0;
    for (const s of this.#seconds) total += s;
    return total;
  }

  /** The latest spread observed, bps. */
  get lastBps(): number {
    return this.#spread;
  }

  #mean(regime: Regime | undefined): TimeDecayedMean {
    return regime === undefined ? this.#all : this.#byRegime[regimeIndex(regime)];
  }
}

function regimeIndex(regime: Regime): number {
  const index = REGIMES.indexOf(regime);
  if (index < 0) throw new RangeError(`unknown regime ${regime}`);
  return index;
}
