/**
 * Mid prices per coin from a market file's `l2Book` frames, for markouts and
 * P&L attribution: mid = (best bid + best ask) / 2 at the frame's `time`
 * (lib/sim/market_file.ts). Only changes of the mid are kept, plus each
 * coin's first and last frame time, so lookups of "the last mid at or before
 * t" are exact while memory grows with the mid's changes, not the frames.
 * A one-sided or empty book has no mid and is skipped. `trades` frames are
 * ignored.
 *
 * Units: times epoch ms, mids USD.
 *
 * @module
 */

import { type Regime, RegimeClassifier } from "../market/regime.ts";
import { Volatility } from "../market/volatility.ts";
import type { MarketFrame } from "../sim/market_file.ts";

interface CoinMids {
  times: number[];
  mids: number[];
  /** Time of the coin's first book with a mid, epoch ms. */
  startMs: number;
  /** Time of the coin's last book with a mid, epoch ms: where its data ends. */
  endMs: number;
  sorted: boolean;
  /** Regime changes (times and regimes), computed on first use. */
  regimes?: { times: number[]; regimes: Regime[] };
}

/** Mid series per coin, built from l2Book frames (module doc). */
export class MidSeries {
  readonly #coins = new Map<string, CoinMids>();

  /** Reads every batch of frames (from `readMarketFrames`). */
  static async fromFrames(batches: AsyncIterable<MarketFrame[]>): Promise<MidSeries> {
    const series = new MidSeries();
    for await (const batch of batches) {
      for (const frame of batch) series.addFrame(frame);
    }
    return series;
  }

  /** Adds one frame; only `l2Book` frames with both sides count. */
  addFrame(frame: MarketFrame): void {
    if (frame.channel !== "l2Book") return;
    const [bids, asks] = frame.data.levels;
    if (bids.length === 0 || asks.length === 0) return;
    this.add(frame.data.coin, frame.data.time, (Number(bids[0].px) + Number(asks[0].px)) / 2);
  }

  /** Adds the mid (USD) of `coin` at `timeMs`. */
  add(coin: string, timeMs: number, mid: number): void {
    let series = this.#coins.get(coin);
    if (series === undefined) {
      series = { times: [], mids: [], startMs: timeMs, endMs: timeMs, sorted: true };
      this.#coins.set(coin, series);
    }
    const n = series.times.length;
    if (n > 0 && timeMs < series.times[n - 1]) series.sorted = false;
    if (n === 0 || mid !== series.mids[n - 1] || !series.sorted) {
      series.times.push(timeMs);
      series.mids.push(mid);
    }
    series.startMs = Math.min(series.startMs, timeMs);
    series.endMs = Math.max(series.endMs, timeMs);
  }

  /** The coins with mids. */
  get coins(): string[] {
    return [...this.#coins.keys()];
  }

  /** Where `coin`'s data starts (its first book with a mid), epoch ms; `undefined` without data. */
  startMs(coin: string): number | undefined {
    return this.#coins.get(coin)?.startMs;
  }

  /** How many times `coin`'s mid changed, its first mid included (0 without data). */
  changes(coin: string): number {
    return this.#coins.get(coin)?.times.length ?? 0;
  }

  /** Where `coin`'s data ends (its last book), epoch ms; `undefined` without data. */
  endMs(coin: string): number | undefined {
    return this.#coins.get(coin)?.endMs;
  }

  /**
   * The last mid of `coin` at or before `timeMs` (USD), or `undefined` when
   * `timeMs` is before the coin's first book or after its last (the data does
   * not cover it).
   */
  midAt(coin: string, timeMs: number): number | undefined {
    const series = this.#coins.get(coin);
    if (series === undefined || timeMs < series.startMs || timeMs > series.endMs) return undefined;
    if (!series.sorted) sortSeries(series);
    return series.mids[lastAtOrBefore(series.times, timeMs)];
  }

  /**
   * The volatility regime of `coin` at `timeMs` (lib/market's classifier
   * over the mids), or `undefined` where the data does not cover it or σ is
   * not yet estimated (the first minute of data).
   */
  regimeAt(coin: string, timeMs: number): Regime | undefined {
    const series = this.#coins.get(coin);
    if (series === undefined || timeMs < series.startMs || timeMs > series.endMs) return undefined;
    if (!series.sorted) sortSeries(series);
    series.regimes ??= regimeTimeline(series);
    const { times, regimes } = series.regimes;
    if (times.length === 0 || timeMs < times[0]) return undefined;
    return regimes[lastAtOrBefore(times, timeMs)];
  }
}

/** Index of the last of ascending `times` at or before `timeMs` (0 when all are later). */
function lastAtOrBefore(times: readonly number[], timeMs: number): number {
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (times[mid] <= timeMs) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The volatility regime of each stretch of a mid series: lib/market's EWMA
 * volatility and hysteresis classifier run over the mids, keeping the
 * change points.
 */
function regimeTimeline(series: CoinMids): { times: number[]; regimes: Regime[] } {
  const volatility = new Volatility();
  const classifier = new RegimeClassifier();
  const times: number[] = [], regimes: Regime[] = [];
  for (let i = 0; i < series.times.length; i++) {
    const time = series.times[i];
    volatility.update({ time, mid: series.mids[i] });
    classifier.update({ time, sigmaAnnual: volatility.sigmaAnnual, ready: volatility.ready });
    if (!volatility.ready) continue; // no regime before σ has enough data
    const regime = classifier.regime;
    if (regimes.length === 0 || regimes[regimes.length - 1] !== regime) {
      times.push(time);
      regimes.push(regime);
    }
  }
  return { times, regimes };
}

/** Sorts an out-of-order series by time (stable: equal times keep file order). */
function sortSeries(series: CoinMids): void {
  const order = series.times.map((_, i) => i).sort((a, b) => series.times[a] - series.times[b]);
  series.times = order.map((i) => series.times[i]);
  series.mids = order.map((i) => series.mids[i]);
  series.sorted = true;
}
