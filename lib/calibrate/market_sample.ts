/**
 * What calibration keeps of a market recording (`mm record`, `mm sim
 * --generate`): the mid at every book change (analysis's own MidSeries), and every taker order —
 * trades sharing a transaction hash are one order — with its side, notional,
 * how deep into the book it reached from the mid before it, and the price it
 * paid at the touch. The fill-intensity curve is fitted while reading, by
 * lib/market's own estimator: once over the whole recording and once per
 * UTC hour (the hours give the interval).
 *
 * Memory: a few numbers per mid change and per order (a day of the
 * generated BTC market: ≈ 100k mids, ≈ 65k orders).
 *
 * Units: times epoch ms, prices USD, depths bps of the mid.
 *
 * @module
 */

import { FillIntensityEstimator, type FillIntensityFit } from "../market/fill_intensity.ts";
import type { MarketFrame, WireTrade } from "../sim/market_file.ts";
import { MidSeries } from "../analysis/markouts.ts";

/** One taker order of the recording. */
export interface TakerOrder {
  timeMs: number;
  /** +1 the taker bought (lifted asks), −1 it sold. */
  takerSide: 1 | -1;
  /** Σ px·sz of its trades, USD. */
  notionalUsd: number;
  /** How far past the mid its farthest trade went, bps (≥ 0). */
  reachBps: number;
  /** The last mid before it, USD. */
  midBefore: number;
}

/** A whole-recording fill-intensity fit window: effectively unbounded (400 days). */
const WHOLE_WINDOW_SEC = 400 * 86_400;
const HOUR_MS = 3_600_000;

/** Mids and taker orders of one coin's recording (module doc). */
export class MarketSample {
  #coin: string | undefined;
  readonly #mids = new MidSeries();
  readonly orders: TakerOrder[] = [];
  /** Fill-intensity fits of each complete UTC hour with trades. */
  readonly hourlyIntensity: FillIntensityFit[] = [];
  #books = 0;
  #trades = 0;
  #firstMs = NaN;
  #lastMs = NaN;
  #mid = NaN;
  readonly #wholeIntensity = new FillIntensityEstimator({
    windowSec: WHOLE_WINDOW_SEC,
    slices: 2,
  });
  #hourIntensity: FillIntensityEstimator | undefined;
  #hour = NaN;
  #skippedCoins = new Set<string>();

  /** Keeps `coin`'s frames only (default: the first coin seen). */
  constructor(options: { coin?: string } = {}) {
    this.#coin = options.coin;
  }

  /** The coin read (the first seen unless one was asked for). */
  get coin(): string | undefined {
    return this.#coin;
  }

  /** Reads a recording's batches of frames (from `readMarketFrames`). */
  static async fromFrames(
    batches: AsyncIterable<MarketFrame[]> | Iterable<MarketFrame[]>,
    options: { coin?: string } = {},
  ): Promise<MarketSample> {
    const sample = new MarketSample(options);
    for await (const batch of batches) {
      for (const frame of batch) sample.update(frame);
    }
    sample.finish();
    return sample;
  }

  /** Takes one frame. */
  update(frame: MarketFrame): void {
    if (frame.channel === "l2Book") {
      const { coin, time, levels: [bids, asks] } = frame.data;
      if (!this.#accept(coin) || bids.length === 0 || asks.length === 0) return;
      const mid = (Number(bids[0].px) + Number(asks[0].px)) / 2;
      this.#books += 1;
      this.#seen(time);
      this.#rollHour(time);
      this.#wholeIntensity.updateMid(time, mid);
      this.#hourIntensity?.updateMid(time, mid);
      this.#mids.add(coin, time, mid);
      this.#mid = mid;
      return;
    }
    let order: WireTrade[] = [];
    for (const trade of frame.data) {
      if (!this.#accept(trade.coin)) continue;
      this.#trades += 1;
      this.#seen(trade.time);
      this.#rollHour(trade.time);
      const typed = { time: trade.time, px: Number(trade.px), side: trade.side };
      this.#wholeIntensity.update(typed);
      this.#hourIntensity?.update(typed);
      if (order.length > 0 && order[0].hash !== trade.hash) {
        this.#addOrder(order);
        order = [];
      }
      order.push(trade);
    }
    if (order.length > 0) this.#addOrder(order);
  }

  /** Closes the last hour's fill-intensity fit (call after the last frame). */
  finish(): void {
    this.#closeHour();
  }

  /** Book snapshots and trade prints read. */
  get counts(): { books: number; trades: number; orders: number; skippedCoins: string[] } {
    return {
      books: this.#books,
      trades: this.#trades,
      orders: this.orders.length,
      skippedCoins: [...this.#skippedCoins],
    };
  }

  /** First and last market time, epoch ms (NaN when empty). */
  get spanMs(): { startMs: number; endMs: number } {
    return { startMs: this.#firstMs, endMs: this.#lastMs };
  }

  /** The fill-intensity fit over the whole recording. */
  get wholeIntensity(): FillIntensityFit {
    return this.#wholeIntensity.fit;
  }

  /** Time of the first book with a mid, epoch ms (NaN without one). */
  get firstMidMs(): number {
    return this.#coin === undefined ? NaN : this.#mids.startMs(this.#coin) ?? NaN;
  }

  /** How many times the mid changed, its first value included. */
  get midChanges(): number {
    return this.#coin === undefined ? 0 : this.#mids.changes(this.#coin);
  }

  /**
   * The last mid at or before `timeMs`, or NaN before the first mid or after
   * the recording's last frame (a trade after the last book still counts as
   * data: the last book's mid holds until it).
   */
  midAt(timeMs: number): number {
    const coin = this.#coin;
    if (coin === undefined || !(timeMs <= this.#lastMs)) return NaN;
    const lastBookMs = this.#mids.endMs(coin) ?? NaN;
    return this.#mids.midAt(coin, Math.min(timeMs, lastBookMs)) ?? NaN;
  }

  #accept(coin: string): boolean {
    this.#coin ??= coin;
    if (coin === this.#coin) return true;
    this.#skippedCoins.add(coin);
    return false;
  }

  #seen(timeMs: number): void {
    if (!(this.#firstMs <= timeMs)) this.#firstMs = timeMs;
    if (!(this.#lastMs >= timeMs)) this.#lastMs = timeMs;
  }

  #rollHour(timeMs: number): void {
    const hour = Math.floor(timeMs / HOUR_MS);
    if (hour === this.#hour) return;
    this.#closeHour();
    this.#hour = hour;
    this.#hourIntensity = new FillIntensityEstimator({ windowSec: 2 * 3600, slices: 2 });
    if (this.#mid > 0) this.#hourIntensity.updateMid(timeMs, this.#mid);
  }

  #closeHour(): void {
    const fit = this.#hourIntensity?.fit;
    if (fit !== undefined && fit.trades > 0) this.hourlyIntensity.push({ ...fit });
    this.#hourIntensity = undefined;
  }

  #addOrder(trades: WireTrade[]): void {
    const midBefore = this.#mid;
    if (!(midBefore > 0)) return;
    const takerSide = trades[0].side === "B" ? 1 : -1;
    let notionalUsd = 0, reachBps = 0;
    for (const trade of trades) {
      const px = Number(trade.px);
      notionalUsd += px * Number(trade.sz);
      reachBps = Math.max(reachBps, (takerSide * (px - midBefore) / midBefore) * 10_000);
    }
    this.orders.push({ timeMs: trades[0].time, takerSide, notionalUsd, reachBps, midBefore });
  }
}
