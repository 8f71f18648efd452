/**
 * The simulator's order book of one asset: users' resting orders in
 * price-time priority (price levels of FIFO queues) and the "background"
 * book of anonymous liquidity from the market data feed.
 *
 * Sizes are integer lots; see _numbers.ts.
 *
 * @module
 */

import { type BookLevels, isBookLevels } from "../hyperliquid/book_levels.ts";

/** Time in force: `Alo` post-only, `Gtc` resting, `Ioc` immediate-or-cancel. */
export type Tif = "Alo" | "Gtc" | "Ioc";

/**
 * An order's processing status, as the orderUpdates channel and the
 * orderStatus info request name it (the subset the simulator produces).
 */
export type OrderLifecycleStatus =
  | "open"
  | "filled"
  | "canceled"
  | "rejected"
  | "selfTradeCanceled"
  | "reduceOnlyCanceled"
  | "scheduledCancel"
  | "tickRejected"
  | "minTradeNtlRejected"
  | "perpMarginRejected"
  | "reduceOnlyRejected"
  | "badAloPxRejected"
  | "iocCancelRejected";

/** One user order: while resting it is linked into its price level. */
export class SimOrder {
  prev: SimOrder | null = null;
  next: SimOrder | null = null;
  level: PriceLevel | null = null;
  /** Background lots ahead of this order at its price (the queue model). */
  queueAhead = 0;
  status: OrderLifecycleStatus = "open";
  statusTimestamp: number;
  /** The limit price in wire form, once computed. */
  pxText: string | undefined = undefined;

  constructor(
    readonly oid: number,
    readonly user: string,
    readonly asset: number,
    readonly isBuy: boolean,
    readonly px: number,
    readonly pxUnits: number,
    /** Remaining lots. */
    public lots: number,
    /** Lots when placed (after a reduce-only clip). */
    public origLots: number,
    readonly tif: Tif,
    readonly reduceOnly: boolean,
    readonly cloid: string | undefined,
    readonly timestamp: number,
  ) {
    this.statusTimestamp = timestamp;
  }
}

/** A price level of users' orders: a FIFO doubly linked list. */
export class PriceLevel {
  head: SimOrder | null = null;
  tail: SimOrder | null = null;
  count = 0;
  /** Sum of the remaining lots of the level's orders. */
  lots = 0;

  constructor(readonly px: number, readonly key: number) {}
}

/**
 * One side of the users' book. Levels are kept sorted worst first, best
 * last, so that touching the best level is O(1) at the array's end.
 */
export class SideBook {
  /** Levels, worst first and best last. */
  readonly levels: PriceLevel[] = [];
  readonly #byPx = new Map<number, PriceLevel>();

  constructor(readonly isBid: boolean) {}

  /** The best level, if any. */
  best(): PriceLevel | undefined {
    return this.levels[this.levels.length - 1];
  }

  /** The level at `px`, if any. */
  at(px: number): PriceLevel | undefined {
    return this.#byPx.get(px);
  }

  /** Links `order` at the tail of its price level (creating the level). */
  append(order: SimOrder): void {
    let level = this.#byPx.get(order.px);
    if (level === undefined) {
      level = new PriceLevel(order.px, this.isBid ? order.px : -order.px);
      this.#insertLevel(level);
      this.#byPx.set(order.px, level);
    }
    order.level = level;
    order.prev = level.tail;
    order.next = null;
    if (level.tail === null) level.head = order;
    else level.tail.next = order;
    level.tail = order;
    level.count += 1;
    level.lots += order.lots;
  }

  /** Unlinks a resting `order` (dropping its level when it empties). */
  remove(order: SimOrder): void {
    const level = order.level;
    if (level === null) return;
    if (order.prev === null) level.head = order.next;
    else order.prev.next = order.next;
    if (order.next === null) level.tail = order.prev;
    else order.next.prev = order.prev;
    order.prev = null;
    order.next = null;
    order.level = null;
    level.count -= 1;
    level.lots -= order.lots;
    if (level.count === 0) {
      this.#byPx.delete(level.px);
      this.#removeLevel(level);
    }
  }

  #insertLevel(level: PriceLevel): void {
    const levels = this.levels;
    const n = levels.length;
    if (n === 0 || levels[n - 1].key < level.key) {
      levels.push(level);
      return;
    }
    levels.splice(this.#lowerBound(level.key), 0, level);
  }

  #removeLevel(level: PriceLevel): void {
    const levels = this.levels;
    const n = levels.length;
    if (levels[n - 1] === level) {
      levels.pop();
      return;
    }
    const i = this.#lowerBound(level.key);
    if (levels[i] === level) levels.splice(i, 1);
  }

  /** First index whose key is ≥ `key`. */
  #lowerBound(key: number): number {
    const levels = this.levels;
    let lo = 0;
    let hi = levels.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (levels[mid].key < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Most levels a side reads lazily: one bit each in an int32 mask (l2Book sends at most 20). */
const LAZY_LEVELS = 31;
/** Every level read (an eager reset). */
const ALL_READ = -1;

/**
 * One side of the background book: levels best first as the feed gave
 * them; liquidity taken by users' orders is consumed from `head` on, until
 * the next snapshot replaces the side.
 *
 * A side reset from {@link BookLevels} (at most 31 levels: any l2Book) is
 * taken best first in the order given, as Hyperliquid sends l2Book and as
 * the estimators read it (lib/market/book_state.ts), and reads a level's
 * price and size only when something asks for them (the best level, the
 * deepest price, the levels down to a user's price): a level whose price or
 * size turns out invalid or empty then counts as absent, exactly as if the
 * reset had dropped it. For a side in order that is exactly what a reset
 * from pairs holds; a side out of order is not sorted (pairs are). Reading
 * every price of every snapshot was the largest cost of a dry-run replay.
 * Other sides are read whole at once.
 */
export class BackgroundSide {
  /** Prices of the levels kept, best first. */
  #px: number[] = [];
  /** Lots per level, once read (see #read); 0: absent (empty or invalid size, or consumed). */
  #lots: number[] = [];
  /** Bit k set: level k's lots are read (a lazy reset reads at most {@link LAZY_LEVELS}). */
  #read = ALL_READ;
  /** Bit k set: level k's price is read (NaN: invalid, the level is absent). */
  #pxRead = ALL_READ;
  #source: BookLevels | undefined;
  #lotScale = 1;
  /** Index of the best level that may still have lots. */
  #head = 0;

  constructor(readonly isBid: boolean) {}

  /** True when no background liquidity is left on this side. */
  get empty(): boolean {
    return this.#settledHead() >= this.#px.length;
  }

  /** Price of the best level left (call only when not empty). */
  bestPx(): number {
    return this.#priceAt(this.#settledHead());
  }

  /** Lots of the best level left (call only when not empty). */
  bestLots(): number {
    return this.#lots[this.#settledHead()];
  }

  /** Takes `lots` from the best level. */
  consume(lots: number): void {
    const head = this.#settledHead();
    const left = this.#lots[head] - lots;
    this.#lots[head] = left;
    if (left <= 0) this.#head += 1;
  }

  /** Lots left at exactly `px` (0 when no level there). */
  sizeAt(px: number): number {
    if (this.#beyondDeepest(px)) return 0;
    return this.#lotsFrom(this.#walkTo(this.#settledHead(), px), px);
  }

  /**
   * Caps the queue ahead of every users' order in `levels` (a users' side,
   * worst first as {@link SideBook} keeps it) at the background lots left at
   * its price: {@link sizeAt} for each level, in one walk down this side
   * instead of one walk per level (levels skipped for a better price are
   * better than every later one too, so the walks agree).
   */
  capQueues(levels: readonly PriceLevel[]): void {
    let k = -1; // where the walk stands, from the head once a level needs it
    for (let i = levels.length - 1; i >= 0; i--) {
      const level = levels[i];
      let size = 0;
      if (!this.#beyondDeepest(level.px)) {
        k = this.#walkTo(k < 0 ? this.#settledHead() : k, level.px);
        size = this.#lotsFrom(k, level.px);
      }
      for (let o = level.head; o !== null; o = o.next) {
        if (o.queueAhead > size) o.queueAhead = size;
      }
    }
  }

  /**
   * Whether nothing can rest at `px`: an empty side, or `px` beyond the
   * deepest price (where mm's quotes usually rest: no walk, no size read; an
   * absent deepest level hides none, and an invalid deepest price, NaN,
   * compares false so the side is walked).
   */
  #beyondDeepest(px: number): boolean {
    const n = this.#px.length;
    if (n === 0) return true;
    const deepest = this.#priceAt(n - 1);
    return this.isBid ? px < deepest : px > deepest;
  }

  /** Index of the first level from `k` on with a valid price at `px` or worse (≥ levelCount: none). */
  #walkTo(k: number, px: number): number {
    const n = this.#px.length;
    for (; k < n; k++) {
      const p = this.#priceAt(k);
      if (p === p && !(this.isBid ? p > px : p < px)) break; // NaN: an absent level
    }
    return k;
  }

  /** Lots of the first level from `k` on at exactly `px` with lots left (0: none before a worse price). */
  #lotsFrom(k: number, px: number): number {
    const n = this.#px.length;
    for (; k < n; k++) {
      const p = this.#priceAt(k);
      if (p !== p) continue; // NaN: an invalid price, an absent level
      if (p !== px) return 0;
      const lots = this.#lotsAt(k);
      if (lots > 0) return lots;
    }
    return 0;
  }

  /** Levels kept by the last reset (some may be absent or consumed: walk with {@link nextLevel}). */
  get levelCount(): number {
    return this.#px.length;
  }

  /** Index of the first level at or after `k` with lots left; ≥ {@link levelCount} when none. */
  nextLevel(k: number): number {
    const n = this.#px.length;
    while (k < n && this.#lotsAt(k) <= 0) k++;
    return k;
  }

  /** Index of the best level left; ≥ {@link levelCount} when none. */
  firstLevel(): number {
    return this.#settledHead();
  }

  /** Price of level `k` (an index from {@link nextLevel}). */
  pxAt(k: number): number {
    return this.#priceAt(k);
  }

  /** Lots of level `k` (an index from {@link nextLevel}). */
  lotsAt(k: number): number {
    return this.#lotsAt(k);
  }

  /**
   * Replaces the side with `levels` ([px, sz] pairs, or {@link BookLevels});
   * sizes are snapped to whole lots, empty or invalid levels dropped, and the
   * rest sorted best first (bids descending, asks ascending).
   */
  reset(
    levels: readonly (readonly [number, number])[] | BookLevels,
    lotScale: number,
  ): void {
    this.#head = 0;
    this.#lotScale = lotScale;
    if (isBookLevels(levels)) {
      if (this.#resetLazy(levels)) return;
      this.#resetEager((i) => levels.px(i), (i) => levels.sz(i), levels.length);
      return;
    }
    this.#resetEager((i) => levels[i][0], (i) => levels[i][1], levels.length);
  }

  /**
   * Takes `levels` in place, reading nothing yet; false (to read everything
   * at once instead) when there are more levels than the read masks hold.
   */
  #resetLazy(levels: BookLevels): boolean {
    const n = levels.length;
    if (n > LAZY_LEVELS) return false;
    // Written over the previous snapshot's arrays (a replay resets a side per book).
    this.#px.length = n;
    this.#lots.length = n;
    this.#read = 0;
    this.#pxRead = 0;
    this.#source = levels;
    return true;
  }

  #resetEager(pxOf: (i: number) => number, szOf: (i: number) => number, count: number): void {
    const px = this.#px, lots = this.#lots;
    let n = 0;
    let sorted = true;
    for (let i = 0; i < count; i++) {
      const price = pxOf(i);
      const size = Math.round(szOf(i) * this.#lotScale);
      if (!(Number.isFinite(price) && price > 0 && Number.isFinite(size) && size > 0)) continue;
      if (n > 0 && (this.isBid ? price > px[n - 1] : price < px[n - 1])) sorted = false;
      px[n] = price;
      lots[n] = size;
      n += 1;
    }
    px.length = n;
    lots.length = n;
    this.#read = ALL_READ;
    this.#pxRead = ALL_READ;
    this.#source = undefined;
    if (!sorted) {
      const order = px.map((_, i) => i).sort(
        this.isBid ? (a, b) => px[b] - px[a] : (a, b) => px[a] - px[b],
      );
      this.#px = order.map((i) => px[i]);
      this.#lots = order.map((i) => lots[i]);
    }
  }

  /** Price of kept level `k`, reading it from the source the first time (NaN: invalid). */
  #priceAt(k: number): number {
    const bit = 1 << k;
    if ((this.#pxRead & bit) !== 0) return this.#px[k];
    const price = (this.#source as BookLevels).px(k);
    const valid = Number.isFinite(price) && price > 0 ? price : Number.NaN;
    this.#px[k] = valid;
    this.#pxRead |= bit;
    return valid;
  }

  /** Lots of kept level `k`, reading its size from the source the first time (0: absent). */
  #lotsAt(k: number): number {
    const bit = 1 << k;
    if ((this.#read & bit) !== 0) return this.#lots[k];
    const price = this.#priceAt(k);
    const size = price === price // not NaN: a valid price
      ? Math.round((this.#source as BookLevels).sz(k) * this.#lotScale)
      : 0;
    const lots = Number.isFinite(size) && size > 0 ? size : 0;
    this.#lots[k] = lots;
    this.#read |= bit;
    return lots;
  }

  /** Moves `head` past absent levels; returns it. */
  #settledHead(): number {
    return this.#head = this.nextLevel(this.#head);
  }
}

/** Everything the engine keeps per asset. */
export class AssetBook {
  readonly bids = new SideBook(true);
  readonly asks = new SideBook(false);
  readonly bgBids = new BackgroundSide(true);
  readonly bgAsks = new BackgroundSide(false);
  /** Price of the last trade seen (feed or engine), NaN before any. */
  lastTradePx = Number.NaN;

  /** Best bid over users' orders and background, NaN when the side is empty. */
  bestBid(): number {
    const level = this.bids.best();
    const user = level === undefined ? Number.NaN : level.px;
    const bg = this.bgBids.empty ? Number.NaN : this.bgBids.bestPx();
    if (Number.isNaN(user)) return bg;
    if (Number.isNaN(bg)) return user;
    return user > bg ? user : bg;
  }

  /** Best ask over users' orders and background, NaN when the side is empty. */
  bestAsk(): number {
    const level = this.asks.best();
    const user = level === undefined ? Number.NaN : level.px;
    const bg = this.bgAsks.empty ? Number.NaN : this.bgAsks.bestPx();
    if (Number.isNaN(user)) return bg;
    if (Number.isNaN(bg)) return user;
    return user < bg ? user : bg;
  }
}
