/**
 * The current order book of one coin from l2Book snapshots, and what a
 * market maker reads off it: touch, mid, spread, depth and imbalance.
 *
 * Hyperliquid's l2Book channel pushes full snapshots (up to 20 levels a
 * side, best first), so each snapshot replaces the book. The levels are
 * copied into preallocated typed arrays with running sums, so an update is
 * O(levels) ≤ O(20) with no allocation and every query is O(1).
 *
 * Units: prices in USD, sizes in coin units, times in epoch ms (the
 * exchange's snapshot time), spreads in USD or bps of mid.
 *
 * @module
 */

import { type BookLevels, isBookLevels, type LevelsBook } from "../hyperliquid/book_levels.ts";
import type { L2Book } from "../hyperliquid/stream_schemas.ts";
import { requireCount } from "./_ewma.ts";

/** A side of the book. */
export type BookSide = "bid" | "ask";

/** Settings of {@link BookState}. */
export interface BookStateOptions {
  /** Levels kept per side; deeper levels are ignored (default 20, the l2Book maximum). */
  maxLevels?: number;
  /** Levels summed by `depth`/`depthUsd` when none are given (default 5). */
  depthLevels?: number;
  /** Levels of the {@link BookState.imbalance} getter (default 1: the touch, as in Stoikov's microprice). */
  imbalanceLevels?: number;
}

/** Defaults of {@link BookStateOptions}. */
export const DEFAULT_BOOK_STATE: Readonly<Required<BookStateOptions>> = {
  maxLevels: 20,
  depthLevels: 5,
  imbalanceLevels: 1,
};

/**
 * One side: prices and running sums of size (coin) and notional (USD),
 * filled up to `summed` levels. An array of levels is copied whole at once;
 * {@link BookLevels} are read lazily, the touch at once and deeper levels
 * when a depth first needs them.
 */
class Side {
  readonly px: Float64Array;
  readonly cumSz: Float64Array;
  readonly cumUsd: Float64Array;
  length = 0;
  /** Levels whose px, cumSz and cumUsd are filled. */
  #summed = 0;
  #source: BookLevels | undefined;

  constructor(capacity: number) {
    this.px = new Float64Array(capacity);
    this.cumSz = new Float64Array(capacity);
    this.cumUsd = new Float64Array(capacity);
  }

  load(levels: readonly { px: number; sz: number }[] | BookLevels): void {
    if (isBookLevels(levels)) {
      this.length = Math.min(levels.length, this.px.length);
      this.#source = levels;
      this.#summed = 0;
      this.#sumTo(Math.min(1, this.length));
      return;
    }
    const n = Math.min(levels.length, this.px.length);
    let sz = 0;
    let usd = 0;
    for (let i = 0; i < n; i++) {
      const level = levels[i];
      sz += level.sz;
      usd += level.px * level.sz;
      this.px[i] = level.px;
      this.cumSz[i] = sz;
      this.cumUsd[i] = usd;
    }
    this.length = n;
    this.#source = undefined;
    this.#summed = n;
  }

  /** Size (coin) over the first `levels` levels, or fewer if the side is shorter. */
  size(levels: number): number {
    const n = Math.min(levels, this.length);
    return n > 0 ? this.#sumTo(n).cumSz[n - 1] : 0;
  }

  /** Notional (USD) over the first `levels` levels. */
  usd(levels: number): number {
    const n = Math.min(levels, this.length);
    return n > 0 ? this.#sumTo(n).cumUsd[n - 1] : 0;
  }

  /** Fills the first `n` (≤ length) levels from the source; the same sums, in the same order, as an array load. */
  #sumTo(n: number): this {
    const source = this.#source;
    let i = this.#summed;
    if (source === undefined || i >= n) return this;
    let sz = i > 0 ? this.cumSz[i - 1] : 0;
    let usd = i > 0 ? this.cumUsd[i - 1] : 0;
    for (; i < n; i++) {
      const px = source.px(i), levelSz = source.sz(i);
      sz += levelSz;
      usd += px * levelSz;
      this.px[i] = px;
      this.cumSz[i] = sz;
      this.cumUsd[i] = usd;
    }
    this.#summed = n;
    return this;
  }
}

/**
 * The latest l2Book snapshot of one coin. Numbers read NaN until a
 * snapshot with both sides has been applied (check {@link isTwoSided}).
 *
 * - mid = (best bid + best ask) / 2, USD
 * - spread = best ask − best bid, USD; spreadBps = spread / mid × 10⁴
 * - depth(side, N) = Σ size over the first N levels (coin); depthUsd = Σ px·size (USD)
 * - imbalanceAt(k) = (B − A) / (B + A) with B, A the bid and ask size over
 *   the first k levels: in [−1, 1], > 0 when bids outweigh asks
 *   (Cartea, Jaimungal & Penalva 2015, §4.3; Stoikov 2018, "The micro-price").
 */
export class BookState {
  readonly #bids: Side;
  readonly #asks: Side;
  readonly #depthLevels: number;
  readonly #imbalanceLevels: number;
  #coin = "";
  #time = NaN;
  #updates = 0;

  constructor(options: BookStateOptions = {}) {
    const o = { ...DEFAULT_BOOK_STATE, ...options };
    const maxLevels = requireCount("maxLevels", o.maxLevels);
    this.#bids = new Side(maxLevels);
    this.#asks = new Side(maxLevels);
    this.#depthLevels = requireCount("depthLevels", o.depthLevels);
    this.#imbalanceLevels = requireCount("imbalanceLevels", o.imbalanceLevels);
  }

  /**
   * Replaces the book with a snapshot (bids best-first, asks best-first).
   * A snapshot older than the current one is ignored and returns false.
   * Throws if the coin differs from the first snapshot's: one BookState per coin.
   * Arrays of levels are copied; {@link BookLevels} sides are held and read
   * when needed (the touch at once), so they must not change until the next
   * update.
   */
  update(book: L2Book | LevelsBook): boolean {
    if (this.#updates > 0) {
      if (book.coin !== this.#coin) {
        throw new Error(`BookState for ${this.#coin} got a ${book.coin} snapshot`);
      }
      if (book.time < this.#time) return false;
    } else {
      this.#coin = book.coin;
    }
    this.#bids.load(book.bids);
    this.#asks.load(book.asks);
    this.#time = book.time;
    this.#updates += 1;
    return true;
  }

  /** The coin, "" before the first snapshot. */
  get coin(): string {
    return this.#coin;
  }

  /** Exchange time of the current snapshot, epoch ms (NaN before the first). */
  get time(): number {
    return this.#time;
  }

  /** Snapshots applied. */
  get updates(): number {
    return this.#updates;
  }

  /** Whether both sides have at least one level. */
  get isTwoSided(): boolean {
    return this.#bids.length > 0 && this.#asks.length > 0;
  }

  /** Levels held on a side. */
  levels(side: BookSide): number {
    return (side === "bid" ? this.#bids : this.#asks).length;
  }

  /** Best (highest) bid, USD; NaN when the bid side is empty. */
  get bestBid(): number {
    return this.#bids.length > 0 ? this.#bids.px[0] : NaN;
  }

  /** Best (lowest) ask, USD; NaN when the ask side is empty. */
  get bestAsk(): number {
    return this.#asks.length > 0 ? this.#asks.px[0] : NaN;
  }

  /** Mid price (best bid + best ask) / 2, USD. */
  get mid(): number {
    return (this.bestBid + this.bestAsk) / 2;
  }

  /** Quoted spread, best ask − best bid, USD. */
  get spread(): number {
    return this.bestAsk - this.bestBid;
  }

  /** Quoted spread in basis points of mid. */
  get spreadBps(): number {
    return (this.spread / this.mid) * 10_000;
  }

  /** Size on a side over the first `levels` levels (default `depthLevels`), coin units. */
  depth(side: BookSide, levels: number = this.#depthLevels): number {
    return (side === "bid" ? this.#bids : this.#asks).size(levels);
  }

  /** Notional on a side over the first `levels` levels (default `depthLevels`), USD. */
  depthUsd(side: BookSide, levels: number = this.#depthLevels): number {
    return (side === "bid" ? this.#bids : this.#asks).usd(levels);
  }

  /** (bid size − ask size) / (bid size + ask size) over the first `levels` levels; NaN for an empty book. */
  imbalanceAt(levels: number): number {
    const bid = this.#bids.size(levels);
    const ask = this.#asks.size(levels);
    return (bid - ask) / (bid + ask);
  }

  /** {@link imbalanceAt} at the configured `imbalanceLevels` (default 1, the touch). */
  get imbalance(): number {
    return this.imbalanceAt(this.#imbalanceLevels);
  }

  /** True when there is no snapshot or the current one is older than `maxAgeMs` at `nowMs` (epoch ms). */
  stale(nowMs: number, maxAgeMs: number): boolean {
    return !(nowMs - this.#time <= maxAgeMs);
  }
}
