/**
 * The simulator's matching engine and account ledger: pure, no I/O, time
 * from an injected clock. `mm sim`'s HTTP/WebSocket server wraps it; the
 * market generator or replayer feeds it books, trades and funding.
 *
 * Model. Per asset the engine holds (1) users' resting orders in
 * price-time priority and (2) a background book of anonymous liquidity,
 * replaced by every {@link MatchingEngine.applyBook} snapshot. Per user it
 * keeps a cross-margin account (see _ledger.ts for the arithmetic).
 *
 * Rules, with the exchange's texts (Hyperliquid docs, "Error responses"):
 * - Checks in this order: tick ("Price must be divisible by tick size."),
 *   lot or size ≤ 0 ("Order has invalid size."), notional at the limit price
 *   below $10 ("Order must have minimum value of $10."), duplicate cloid
 *   among the user's resting orders (no documented text: "Order has
 *   duplicate cloid."), reduce-only ("Reduce only order would increase
 *   position."), post-only crossing ("Post only order would have immediately
 *   matched, bbo was {bid}@{ask}.", numbers in wire form, e.g.
 *   `30000@30001`, `2440.1@2440.2`; an empty side is written `0`), margin
 *   ("Insufficient margin to place order."), then matching; an Ioc that
 *   fills nothing answers "Order could not immediately match against any
 *   resting orders.".
 * - A taker (Gtc or Ioc) fills against users' resting orders and background
 *   levels, best price first, each fill at the resting price. At one price
 *   the background comes first: it counts as ahead of every user order there
 *   (and a taker eating it shortens those orders' queueAhead). A Gtc
 *   remainder rests (answer `resting`, even after partial fills); an Ioc
 *   remainder is cancelled (answer `filled` with the partial totalSz).
 * - Self-trade prevention (docs, "Self-trade prevention"): a taker meeting
 *   its own resting order cancels the resting one ("selfTradeCanceled"), no
 *   fill, no fee, no trade, and keeps matching behind it.
 * - Reduce-only: refused unless the position is non-zero and the order
 *   opposes it; a larger order is clipped to the position size. A resting
 *   reduce-only order fills at most the position, and is cancelled
 *   ("reduceOnlyCanceled") once the position is flat or on its side.
 * - Margin (cross, simplified): refused when account value (balance +
 *   unrealised PnL at the engine's mark) minus the initial margin
 *   (notional / leverage) of all positions, of all resting non-reduce-only
 *   orders and of the new order would be below zero. Reduce-only orders need
 *   no margin. Engine mark = book mid, else last trade, else entry price.
 * - Modify = cancel the target, then place the new order with a NEW oid (it
 *   loses its queue place). The target is cancelled even when the new order
 *   is then refused. A missing target answers "Cannot modify canceled or
 *   filled order".
 * - Feed trades ({@link MatchingEngine.applyTrade}): an order resting at P
 *   remembers `queueAhead` = background size at P when it arrived; trades at
 *   P eat queueAhead first, then fill orders (time priority); a trade through
 *   P (a sell below a bid, a buy above an ask) fills orders at P, best price
 *   first, sharing the trade's size, and empties their queueAhead. Feed fills
 *   are maker fills. The background book is not changed by feed trades (the
 *   next snapshot shows them), and no "trade" event is emitted for them (the
 *   feed's own trade is the public print).
 * - Snapshots ({@link MatchingEngine.applyBook}): a new background level that
 *   crosses a user's order (best ask ≤ a user's bid, best bid ≥ a user's ask)
 *   fills that order as maker at the user's price, up to the crossing
 *   background size (which is consumed). Then every resting order's
 *   queueAhead becomes min(queueAhead, background size now at its price).
 * - Background sizes are snapped to whole lots; the background counts as one
 *   order per level (`n`) in l2Book.
 *
 * @module
 */

import { isValidPrice, isValidSize, toWireNumber } from "../hyperliquid/wire.ts";
import { clearinghouseWire } from "./_clearinghouse.ts";
import {
  AssetBook,
  type OrderLifecycleStatus,
  type PriceLevel,
  SimOrder,
  type Tif,
} from "./_book.ts";
import {
  Account,
  type FillDirection,
  PositionState,
  recordFill,
  type SimFill,
  type SimFunding,
} from "./_ledger.ts";
import {
  fakeHash,
  lotsToWire,
  MICRO,
  microToWire,
  pow10,
  safeWire,
  unitsToWire,
  wireRounded,
} from "./_numbers.ts";

export type { FillDirection, OrderLifecycleStatus, SimFill, SimFunding, Tif };
export type * from "./_matching_wire.ts";
import type {
  BboWire,
  BookLevelWire,
  BookSnapshot,
  CancelStatus,
  ClearinghouseStateWire,
  EngineEvent,
  FeedTrade,
  FrontendOpenOrderWire,
  FundingTick,
  L2BookWire,
  ModifyRequest,
  OpenOrderWire,
  OrderRequest,
  OrderStatus,
  OrderStatusInfo,
  UserFill,
  WsOrder,
} from "./_matching_wire.ts";

/** The exchange's per-order texts (Hyperliquid docs, "Error responses"), plus the simulator's own. */
export const SIM_ERRORS = {
  tick: "Price must be divisible by tick size.",
  size: "Order has invalid size.",
  minNotional: "Order must have minimum value of $10.",
  margin: "Insufficient margin to place order.",
  reduceOnly: "Reduce only order would increase position.",
  iocCancel: "Order could not immediately match against any resting orders.",
  missingOrder: "Order was never placed, already canceled, or filled.",
  /** Observed on mainnet (no trailing period). */
  modifyMissing: "Cannot modify canceled or filled order",
  /** Not documented by Hyperliquid: the simulator's text. */
  duplicateCloid: "Order has duplicate cloid.",
  /** Not documented by Hyperliquid: the simulator's text. */
  invalidLeverage: "Invalid leverage value.",
} as const;

/** The post-only refusal text for a book whose best bid and ask are `bid` and `ask` (NaN = empty side). */
export function badAloPxError(bid: number, ask: number): string {
  const b = Number.isNaN(bid) ? "0" : toWireNumber(bid);
  const a = Number.isNaN(ask) ? "0" : toWireNumber(ask);
  return `Post only order would have immediately matched, bbo was ${b}@${a}.`;
}

/** The address standing for background (feed) liquidity in trades' `users`. */
export const BACKGROUND_USER = "0x0000000000000000000000000000000000000000";

/** Minimum order notional, µ$ ($10; docs, "Error responses"). */
const MIN_NOTIONAL_MICRO = 10 * MICRO;
/** Levels a side in l2Book (as the exchange). */
const L2_DEPTH = 20;
/** Fills a `userFills` / `userFillsByTime` answer holds at most (Hyperliquid docs). */
const FILLS_PER_ANSWER = 2000;

/** One perpetual the engine trades; its asset index is its position in `assets`. */
export interface SimAsset {
  coin: string;
  /** Size decimals (`meta.universe[i].szDecimals`). */
  szDecimals: number;
  /** Largest leverage allowed. */
  maxLeverage: number;
}

/** How to build a {@link MatchingEngine}. */
export interface MatchingEngineOptions {
  /** Tradable perps; asset index = position here. */
  assets: readonly SimAsset[];
  /** Clock, epoch ms. */
  now: () => number;
  /** Maker fee rate (default 0.00015, Hyperliquid base tier); negative = rebate. */
  makerFeeRate?: number;
  /** Taker fee rate (default 0.00045, Hyperliquid base tier). */
  takerFeeRate?: number;
  /** USDC balance of an account on first use (default 100,000). */
  startingBalanceUsd?: number;
  /** Cross leverage of a new account per asset (default 20, capped at the asset's max). */
  defaultLeverage?: number;
  /** Fills kept per user (default 10,000, as the exchange keeps). */
  fillHistoryLimit?: number;
  /** Finished orders kept for orderStatus (default 100,000). */
  orderHistoryLimit?: number;
  /** First oid handed out (default 1). */
  firstOid?: number;
  /** First tid handed out (default 1); set apart from the feed's tids if both are published. */
  firstTid?: number;
  /**
   * Append ` asset={index}` to order refusals, as recent mainnet answers do
   * (e.g. "Insufficient margin to place order. asset=4"). Default false: the
   * documented texts exactly.
   */
  appendAssetToErrors?: boolean;
}

interface AssetMeta {
  readonly coin: string;
  readonly szDecimals: number;
  readonly maxLeverage: number;
  readonly lotScale: number;
  readonly pxScale: number;
}

const NO_CHILDREN: never[] = [];

const EVENT_TYPES: readonly EngineEvent["type"][] = ["fill", "orderUpdate", "trade", "funding"];

/** A listener and the event types it wants. */
interface Subscription {
  listener: (event: EngineEvent) => void;
  types: ReadonlySet<EngineEvent["type"]>;
}

/**
 * A Hyperliquid-like matching engine and account ledger for the simulator.
 * Every mutating call runs to completion, then delivers its events to the
 * listeners (so a listener may call back into the engine).
 */
export class MatchingEngine {
  readonly #pxTexts = new Map<number, string>();
  readonly #assets: AssetMeta[];
  readonly #publicAssets: readonly SimAsset[];
  readonly #assetByCoin = new Map<string, number>();
  readonly #books: AssetBook[];
  readonly #accounts = new Map<string, Account>();
  readonly #history = new Map<number, SimOrder>();
  /** oids of #history in arrival order, a ring of orderHistoryLimit slots (a Map read as a FIFO slows with deletes). */
  readonly #historyRing: (number | undefined)[];
  #historyPos = 0;
  readonly #now: () => number;
  readonly #makerFeeRate: number;
  readonly #takerFeeRate: number;
  readonly #startingBalanceMicro: number;
  readonly #defaultLeverage: number;
  readonly #fillHistoryLimit: number;
  readonly #orderHistoryLimit: number;
  readonly #appendAsset: boolean;
  readonly #listeners: Subscription[] = [];
  /** Listeners per event type: an event nobody listens to is not built. */
  readonly #wants: Record<EngineEvent["type"], number> = {
    fill: 0,
    orderUpdate: 0,
    trade: 0,
    funding: 0,
  };
  #pending: EngineEvent[] = [];
  #nextOid: number;
  #nextTid: number;
  #fundingSeq = 0;

  constructor(options: MatchingEngineOptions) {
    if (options.assets.length === 0) throw new RangeError("the engine needs at least one asset");
    this.#assets = options.assets.map((asset, i) => {
      if (!Number.isInteger(asset.szDecimals) || asset.szDecimals < 0 || asset.szDecimals > 6) {
        throw new RangeError(`${asset.coin}: szDecimals must be an integer in [0, 6]`);
      }
      if (!Number.isInteger(asset.maxLeverage) || asset.maxLeverage < 1) {
        throw new RangeError(`${asset.coin}: maxLeverage must be a positive integer`);
      }
      if (this.#assetByCoin.has(asset.coin)) throw new RangeError(`duplicate coin ${asset.coin}`);
      this.#assetByCoin.set(asset.coin, i);
      return {
        coin: asset.coin,
        szDecimals: asset.szDecimals,
        maxLeverage: asset.maxLeverage,
        lotScale: pow10(asset.szDecimals),
        pxScale: pow10(6 - asset.szDecimals),
      };
    });
    this.#publicAssets = Object.freeze(
      this.#assets.map(({ coin, szDecimals, maxLeverage }) =>
        Object.freeze({ coin, szDecimals, maxLeverage })
      ),
    );
    this.#books = this.#assets.map(() => new AssetBook());
    this.#now = options.now;
    this.#makerFeeRate = options.makerFeeRate ?? 0.00015;
    this.#takerFeeRate = options.takerFeeRate ?? 0.00045;
    this.#startingBalanceMicro = Math.round((options.startingBalanceUsd ?? 100_000) * MICRO);
    this.#defaultLeverage = options.defaultLeverage ?? 20;
    if (!Number.isInteger(this.#defaultLeverage) || this.#defaultLeverage < 1) {
      throw new RangeError("defaultLeverage must be a positive integer");
    }
    this.#fillHistoryLimit = options.fillHistoryLimit ?? 10_000;
    this.#orderHistoryLimit = options.orderHistoryLimit ?? 100_000;
    if (!Number.isInteger(this.#orderHistoryLimit) || this.#orderHistoryLimit < 1) {
      throw new RangeError("orderHistoryLimit must be a positive integer");
    }
    this.#historyRing = new Array(this.#orderHistoryLimit);
    this.#nextOid = options.firstOid ?? 1;
    this.#nextTid = options.firstTid ?? 1;
    this.#appendAsset = options.appendAssetToErrors ?? false;
  }

  /**
   * Subscribes to events, all of them or only those of `types`; returns the
   * unsubscribe function. Events of a type no listener wants are not built
   * (the paper exchange wants fills only: building an orderUpdate per order
   * placed or closed was a tenth of a dry-run's matching time).
   */
  onEvent(
    listener: (event: EngineEvent) => void,
    options: { types?: readonly EngineEvent["type"][] } = {},
  ): () => void {
    const types = options.types ?? EVENT_TYPES;
    const subscription: Subscription = { listener, types: new Set(types) };
    this.#listeners.push(subscription);
    for (const type of subscription.types) this.#wants[type] += 1;
    return () => {
      const i = this.#listeners.indexOf(subscription);
      if (i < 0) return;
      this.#listeners.splice(i, 1);
      for (const type of subscription.types) this.#wants[type] -= 1;
    };
  }

  /** The tradable perps, in asset-index order. */
  get assets(): readonly SimAsset[] {
    return this.#publicAssets;
  }

  /** Asset index of `coin`, or undefined. */
  assetIndex(coin: string): number | undefined {
    return this.#assetByCoin.get(coin);
  }

  // --- orders ------------------------------------------------------------------------------

  /** Places one order for `user` (lowercase 0x address); see the module doc for the rules. */
  placeOrder(user: string, order: OrderRequest): OrderStatus {
    const status = this.#place(user.toLowerCase(), order, this.#now());
    this.#flush();
    return status;
  }

  /**
   * Replaces the resting order `target` (oid or cloid) by `order`: cancel,
   * then place with a new oid. Missing target: "Cannot modify canceled or
   * filled order".
   */
  modifyOrder(user: string, target: number | string, order: OrderRequest): OrderStatus {
    const status = this.#modify(user.toLowerCase(), target, order, this.#now());
    this.#flush();
    return status;
  }

  /** Modifies in sequence; one answer per entry, in order. */
  batchModify(user: string, modifies: readonly ModifyRequest[]): OrderStatus[] {
    const u = user.toLowerCase();
    const time = this.#now();
    const out = modifies.map((m) => this.#modify(u, m.target, m.order, time));
    this.#flush();
    return out;
  }

  /** Cancels a resting order by oid. */
  cancel(user: string, asset: number, oid: number): CancelStatus {
    const order = this.#accounts.get(user.toLowerCase())?.orders.get(oid);
    return this.#cancelResting(order, asset);
  }

  /** Cancels a resting order by cloid. */
  cancelByCloid(user: string, asset: number, cloid: string): CancelStatus {
    const order = this.#accounts.get(user.toLowerCase())?.cloids.get(cloid.toLowerCase());
    return this.#cancelResting(order, asset);
  }

  /**
   * Cancels every resting order of `user` (the dead man's switch firing);
   * the orders' status is `status` (default "scheduledCancel"). Returns how
   * many were cancelled.
   */
  cancelAll(
    user: string,
    options: { status?: "scheduledCancel" | "canceled" } = {},
  ): number {
    const account = this.#accounts.get(user.toLowerCase());
    if (account === undefined) return 0;
    const time = this.#now();
    const orders = [...account.orders.values()];
    for (const order of orders) this.#close(order, options.status ?? "scheduledCancel", time);
    this.#flush();
    return orders.length;
  }

  /**
   * Sets `user`'s leverage on `asset` (an integer in 1..maxLeverage).
   * Returns undefined when done, else the refusal text. Margin is always
   * computed cross; `isCross` only labels the position.
   */
  updateLeverage(
    user: string,
    asset: number,
    leverage: number,
    isCross: boolean,
  ): string | undefined {
    const meta = this.#assets[asset];
    if (meta === undefined) return `Unknown asset ${asset}.`;
    if (!Number.isInteger(leverage) || leverage < 1 || leverage > meta.maxLeverage) {
      return SIM_ERRORS.invalidLeverage;
    }
    const position = this.#account(user.toLowerCase()).positions[asset];
    position.leverage = leverage;
    position.isCross = isCross;
    return undefined;
  }

  // --- market data -------------------------------------------------------------------------

  /**
   * Replaces the background book of `coin` (levels best first). Users'
   * orders the new background crosses fill as maker at their own price, up
   * to the crossing size. Returns those fills.
   */
  applyBook(coin: string, snapshot: BookSnapshot): UserFill[] {
    const asset = this.#assetOf(coin);
    const meta = this.#assets[asset];
    const book = this.#books[asset];
    book.bgBids.reset(snapshot.bids, meta.lotScale);
    book.bgAsks.reset(snapshot.asks, meta.lotScale);
    const out: UserFill[] = [];
    this.#crossBackground(asset, true, snapshot.time, out);
    this.#crossBackground(asset, false, snapshot.time, out);
    book.bgBids.capQueues(book.bids.levels);
    book.bgAsks.capQueues(book.asks.levels);
    this.#flush();
    return out;
  }

  /**
   * A trade from the feed: fills users' resting orders by the queue model
   * (module doc). Returns the users' (maker) fills.
   */
  applyTrade(coin: string, trade: FeedTrade): UserFill[] {
    const asset = this.#assetOf(coin);
    const meta = this.#assets[asset];
    const book = this.#books[asset];
    book.lastTradePx = trade.px;
    const hitsBids = trade.side === "A";
    const side = hitsBids ? book.bids : book.asks;
    let budget = Math.round(trade.sz * meta.lotScale);
    const out: UserFill[] = [];
    if (!(budget > 0)) return out;
    const time = trade.time;
    // Levels strictly through the trade price: filled best first.
    for (;;) {
      const level = side.best();
      if (level === undefined) break;
      if (hitsBids ? level.px <= trade.px : level.px >= trade.px) break;
      if (budget <= 0) {
        // The print went through this price: nothing is ahead any more.
        for (let o = level.head; o !== null; o = o.next) o.queueAhead = 0;
        break;
      }
      const maker = level.head as SimOrder;
      const lots = Math.min(budget, this.#fillable(maker));
      if (lots === 0) {
        this.#close(maker, "reduceOnlyCanceled", time);
        continue;
      }
      budget -= lots;
      out.push(this.#fillVsBackground(maker, lots, time, false));
    }
    // Orders behind the through-levels at the next prices also had the print go through them.
    if (budget <= 0) {
      for (let i = side.levels.length - 1; i >= 0; i--) {
        const level = side.levels[i];
        if (hitsBids ? level.px <= trade.px : level.px >= trade.px) break;
        for (let o = level.head; o !== null; o = o.next) o.queueAhead = 0;
      }
    }
    // The level at the trade price: queueAhead first, then time priority.
    const level = side.at(trade.px);
    if (level !== undefined) {
      const orders: SimOrder[] = [];
      for (let o = level.head; o !== null; o = o.next) orders.push(o);
      let bgConsumed = 0;
      for (const order of orders) {
        if (order.status !== "open") continue;
        const ahead = Math.max(0, order.queueAhead - bgConsumed);
        const eaten = Math.min(budget, ahead);
        budget -= eaten;
        bgConsumed += eaten;
        order.queueAhead = Math.max(0, order.queueAhead - bgConsumed);
        if (budget <= 0 || order.queueAhead > 0) continue;
        const lots = Math.min(budget, this.#fillable(order));
        if (lots === 0) {
          this.#close(order, "reduceOnlyCanceled", time);
          continue;
        }
        budget -= lots;
        out.push(this.#fillVsBackground(order, lots, time, false));
      }
    }
    this.#flush();
    return out;
  }

  /**
   * Funding for `coin`: each position pays `szi · markPx · rate` (longs pay
   * when rate > 0, shorts receive), rounded to the micro-dollar, recorded in
   * the `userFunding` shape. Returns the payments.
   */
  applyFunding(coin: string, tick: FundingTick): { user: string; funding: SimFunding }[] {
    const asset = this.#assetOf(coin);
    const meta = this.#assets[asset];
    const out: { user: string; funding: SimFunding }[] = [];
    for (const account of this.#accounts.values()) {
      const pos = account.positions[asset];
      if (pos.lots === 0) continue;
      const szi = pos.lots / meta.lotScale;
      const paidMicro = Math.round(szi * tick.markPx * tick.rate * MICRO);
      account.balanceMicro -= paidMicro;
      pos.fundingAllTimeMicro += paidMicro;
      pos.fundingSinceOpenMicro += paidMicro;
      pos.fundingSinceChangeMicro += paidMicro;
      const funding: SimFunding = {
        time: tick.time,
        hash: fakeHash(this.#fundingSeq++, 1),
        delta: {
          type: "funding",
          coin: meta.coin,
          usdc: microToWire(-paidMicro),
          szi: lotsToWire(pos.lots, meta.lotScale),
          fundingRate: wireRounded(tick.rate, 8),
          nSamples: null,
        },
      };
      account.funding.push(funding);
      if (account.funding.length > this.#fillHistoryLimit + 1024) {
        account.funding = account.funding.slice(account.funding.length - this.#fillHistoryLimit);
      }
      out.push({ user: account.user, funding });
      if (this.#wants.funding > 0) {
        this.#pending.push({ type: "funding", user: account.user, funding });
      }
    }
    this.#flush();
    return out;
  }

  // --- reads -------------------------------------------------------------------------------

  /** `openOrders`: the user's resting orders, newest first. */
  openOrders(user: string): OpenOrderWire[] {
    const account = this.#accounts.get(user.toLowerCase());
    if (account === undefined) return [];
    const out: OpenOrderWire[] = [];
    for (const order of account.orders.values()) {
      out.push(this.#openOrderWire(order));
    }
    return out.reverse();
  }

  /** `frontendOpenOrders`: the user's resting orders with type, tif and flags, newest first. */
  frontendOpenOrders(user: string): FrontendOpenOrderWire[] {
    const account = this.#accounts.get(user.toLowerCase());
    if (account === undefined) return [];
    const out: FrontendOpenOrderWire[] = [];
    for (const order of account.orders.values()) out.push(this.#frontendOrder(order));
    return out.reverse();
  }

  /** `orderStatus` by oid or cloid (resting or among the last finished orders). */
  orderStatus(user: string, target: number | string): OrderStatusInfo {
    const account = this.#accounts.get(user.toLowerCase());
    if (account === undefined) return { status: "unknownOid" };
    let order: SimOrder | undefined;
    if (typeof target === "number") {
      order = account.orders.get(target) ?? this.#history.get(target);
    } else {
      const cloid = target.toLowerCase();
      order = account.cloids.get(cloid);
      if (order === undefined) {
        const oid = account.pastCloids.get(cloid);
        if (oid !== undefined) order = this.#history.get(oid);
      }
    }
    if (order === undefined || order.user !== account.user) return { status: "unknownOid" };
    return {
      status: "order",
      order: {
        order: this.#frontendOrder(order),
        status: order.status,
        statusTimestamp: order.statusTimestamp,
      },
    };
  }

  /** `userFills`: the user's fills, newest first, at most 2,000 (as the exchange). */
  fills(user: string): SimFill[] {
    const fills = this.#accounts.get(user.toLowerCase())?.fills ?? [];
    const out: SimFill[] = [];
    for (let i = fills.length - 1; i >= 0 && out.length < FILLS_PER_ANSWER; i--) out.push(fills[i]);
    return out;
  }

  /**
   * `userFillsByTime`: fills with start ≤ time ≤ end (epoch ms), oldest
   * first, at most 2,000 (page on with the last fill's time).
   */
  fillsByTime(user: string, start: number, end?: number): SimFill[] {
    const fills = this.#accounts.get(user.toLowerCase())?.fills ?? [];
    const out: SimFill[] = [];
    for (const fill of fills) {
      if (fill.time < start || (end !== undefined && fill.time > end)) continue;
      out.push(fill);
      if (out.length >= FILLS_PER_ANSWER) break;
    }
    return out;
  }

  /** `userFunding`: the user's funding payments, oldest first, within [start, end] when given. */
  funding(user: string, start = 0, end?: number): SimFunding[] {
    const funding = this.#accounts.get(user.toLowerCase())?.funding ?? [];
    return funding.filter((f) => f.time >= start && (end === undefined || f.time <= end));
  }

  /** Traded notional of `user`, USD, maker and taker (drives the address request budget). */
  cumulativeVolumeUsd(user: string): number {
    return (this.#accounts.get(user.toLowerCase())?.volumeMicro ?? 0) / MICRO;
  }

  /** USDC balance of `user` (deposit + realised PnL − fees + funding), USD. */
  balanceUsd(user: string): number {
    return this.#account(user.toLowerCase()).balanceMicro / MICRO;
  }

  /**
   * `clearinghouseState` of `user`, valuing positions at `markPx` (coin →
   * USD; the engine's own mark — mid, else last trade, else entry — for
   * coins missing there). See the module doc
   * of _ledger.ts; liquidationPx is the price of this asset at which account
   * value would meet maintenance margin (half the initial margin at max
   * leverage), other positions held at their mark, or null if none > 0.
   */
  clearinghouseState(
    user: string,
    markPx: Readonly<Record<string, number>> = {},
  ): ClearinghouseStateWire {
    return clearinghouseWire(this.#account(user.toLowerCase()), {
      assets: this.#assets,
      markPx,
      markOf: (asset, fallback) => this.#markOf(asset, fallback),
      timeMs: this.#now(),
    });
  }

  /** `l2Book` of `coin`: background + users' orders per price, 20 levels a side; undefined for an unknown coin. */
  l2Book(coin: string): L2BookWire | undefined {
    const asset = this.#assetByCoin.get(coin);
    if (asset === undefined) return undefined;
    return {
      coin,
      time: this.#now(),
      levels: [this.#levels(asset, true, L2_DEPTH), this.#levels(asset, false, L2_DEPTH)],
    };
  }

  /** Best bid and offer of `coin` (bbo channel shape, null for an empty side); undefined for an unknown coin. */
  bbo(coin: string): BboWire | undefined {
    const asset = this.#assetByCoin.get(coin);
    if (asset === undefined) return undefined;
    return {
      coin,
      time: this.#now(),
      bbo: [this.#levels(asset, true, 1)[0] ?? null, this.#levels(asset, false, 1)[0] ?? null],
    };
  }

  /** Whether any user's order rests on `coin` (else the book is the feed's alone). */
  hasUserOrders(coin: string): boolean {
    const asset = this.#assetByCoin.get(coin);
    if (asset === undefined) return false;
    const book = this.#books[asset];
    return book.bids.levels.length > 0 || book.asks.levels.length > 0;
  }

  /** Mid price of `coin` (users' orders and background), USD; undefined when a side is empty or the coin unknown. */
  mid(coin: string): number | undefined {
    const asset = this.#assetByCoin.get(coin);
    if (asset === undefined) return undefined;
    const book = this.#books[asset];
    const bid = book.bestBid();
    const ask = book.bestAsk();
    return Number.isNaN(bid) || Number.isNaN(ask) ? undefined : (bid + ask) / 2;
  }

  // --- internals: placing ------------------------------------------------------------------

  #place(user: string, req: OrderRequest, time: number): OrderStatus {
    const meta = this.#assets[req.asset];
    if (meta === undefined) return { error: `Unknown asset ${req.asset}.` };
    const account = this.#account(user);
    const book = this.#books[req.asset];
    const cloid = req.cloid === undefined ? undefined : req.cloid.toLowerCase();
    const rawLots = req.sz * meta.lotScale;
    const lots = Number.isFinite(rawLots) ? Math.round(rawLots) : 0;
    const rawUnits = req.px * meta.pxScale;
    const pxUnits = Number.isFinite(rawUnits) ? Math.round(rawUnits) : 0;
    const order = new SimOrder(
      this.#nextOid++,
      user,
      req.asset,
      req.isBuy,
      req.px,
      pxUnits,
      lots,
      lots,
      req.tif,
      req.reduceOnly,
      cloid,
      time,
    );

    if (!isValidPrice(req.px, meta)) return this.#reject(order, "tickRejected", SIM_ERRORS.tick);
    if (!isValidSize(req.sz, meta)) return this.#reject(order, "rejected", SIM_ERRORS.size);
    if (pxUnits * lots < MIN_NOTIONAL_MICRO) {
      return this.#reject(order, "minTradeNtlRejected", SIM_ERRORS.minNotional);
    }
    if (cloid !== undefined && account.cloids.has(cloid)) {
      return this.#reject(order, "rejected", SIM_ERRORS.duplicateCloid);
    }
    if (req.reduceOnly) {
      const held = account.positions[req.asset].lots;
      if (held === 0 || (held > 0) === req.isBuy) {
        return this.#reject(order, "reduceOnlyRejected", SIM_ERRORS.reduceOnly);
      }
      const cap = Math.abs(held);
      if (order.lots > cap) order.lots = order.origLots = cap;
    }
    if (req.tif === "Alo") {
      const bid = book.bestBid();
      const ask = book.bestAsk();
      if (req.isBuy ? req.px >= ask : req.px <= bid) {
        return this.#reject(order, "badAloPxRejected", badAloPxError(bid, ask));
      }
    }
    if (!req.reduceOnly && !this.#marginAllows(account, req.asset, pxUnits * order.lots)) {
      return this.#reject(order, "perpMarginRejected", SIM_ERRORS.margin);
    }

    let notionalMicro = 0;
    if (req.tif !== "Alo") notionalMicro = this.#take(order, time);
    const filledLots = order.origLots - order.lots;
    if (order.lots === 0 || (req.tif === "Ioc" && filledLots > 0)) {
      this.#close(order, order.lots === 0 ? "filled" : "canceled", time);
      return this.#filledStatus(order, meta, filledLots, notionalMicro);
    }
    if (req.tif === "Ioc") return this.#reject(order, "iocCancelRejected", SIM_ERRORS.iocCancel);
    this.#rest(order, account, book);
    this.#orderUpdate(order);
    return { resting: cloid === undefined ? { oid: order.oid } : { oid: order.oid, cloid } };
  }

  #modify(user: string, target: number | string, req: OrderRequest, time: number): OrderStatus {
    const account = this.#accounts.get(user);
    const order = typeof target === "number"
      ? account?.orders.get(target)
      : account?.cloids.get(target.toLowerCase());
    if (order === undefined) return { error: SIM_ERRORS.modifyMissing };
    this.#close(order, "canceled", time);
    return this.#place(user, req, time);
  }

  #cancelResting(order: SimOrder | undefined, asset: number): CancelStatus {
    if (order === undefined || order.asset !== asset) return { error: SIM_ERRORS.missingOrder };
    this.#close(order, "canceled", this.#now());
    this.#flush();
    return "success";
  }

  #filledStatus(
    order: SimOrder,
    meta: AssetMeta,
    filledLots: number,
    notionalMicro: number,
  ): OrderStatus {
    const avgPx = notionalMicro / meta.pxScale / filledLots;
    const filled: { totalSz: string; avgPx: string; oid: number; cloid?: string } = {
      totalSz: lotsToWire(filledLots, meta.lotScale),
      avgPx: wireRounded(avgPx, 8),
      oid: order.oid,
    };
    if (order.cloid !== undefined) filled.cloid = order.cloid;
    return { filled };
  }

  #reject(order: SimOrder, status: OrderLifecycleStatus, text: string): OrderStatus {
    order.status = status;
    this.#remember(order);
    this.#orderUpdate(order);
    return { error: this.#appendAsset ? `${text} asset=${order.asset}` : text };
  }

  /** Margin rule of the module doc: true when the account can carry `addMicro` more order notional on `asset`. */
  #marginAllows(account: Account, asset: number, addMicro: number): boolean {
    let value = account.balanceMicro / MICRO;
    let required = 0;
    const positions = account.positions;
    for (let i = 0; i < positions.length; i++) {
      const pos = positions[i];
      const add = i === asset ? addMicro : 0;
      if (pos.lots === 0 && pos.openOrderNtlMicro === 0 && add === 0) continue;
      let positionNtl = 0;
      if (pos.lots !== 0) {
        const mark = this.#markOf(i, pos.entryPx);
        const szi = pos.lots / this.#assets[i].lotScale;
        value += szi * (mark - pos.entryPx);
        positionNtl = Math.abs(szi) * mark;
      }
      required += (positionNtl + (pos.openOrderNtlMicro + add) / MICRO) / pos.leverage;
    }
    return value - required >= 0;
  }

  /** Engine mark: mid, else last trade, else `fallback`. */
  #markOf(asset: number, fallback: number): number {
    const book = this.#books[asset];
    const bid = book.bestBid();
    const ask = book.bestAsk();
    if (!Number.isNaN(bid) && !Number.isNaN(ask)) return (bid + ask) / 2;
    if (!Number.isNaN(book.lastTradePx)) return book.lastTradePx;
    return fallback;
  }

  /** Matches `taker` against the opposite side; returns the filled notional, µ$. */
  #take(taker: SimOrder, time: number): number {
    const book = this.#books[taker.asset];
    const isBuy = taker.isBuy;
    const opposite = isBuy ? book.asks : book.bids;
    const bg = isBuy ? book.bgAsks : book.bgBids;
    const pxScale = this.#assets[taker.asset].pxScale;
    let notionalMicro = 0;
    while (taker.lots > 0) {
      const level = opposite.best();
      const bgLive = !bg.empty;
      if (level === undefined && !bgLive) break;
      const useBg = level === undefined ||
        (bgLive && (isBuy ? bg.bestPx() <= level.px : bg.bestPx() >= level.px));
      const px = useBg ? bg.bestPx() : (level as PriceLevel).px;
      if (isBuy ? px > taker.px : px < taker.px) break;
      if (useBg) {
        const lots = Math.min(taker.lots, bg.bestLots());
        bg.consume(lots);
        if (level !== undefined && level.px === px) {
          for (let o = level.head; o !== null; o = o.next) {
            o.queueAhead = o.queueAhead > lots ? o.queueAhead - lots : 0;
          }
        }
        notionalMicro += Math.round(px * pxScale) * lots;
        this.#match(taker, null, px, lots, time);
        continue;
      }
      const maker = (level as PriceLevel).head as SimOrder;
      if (maker.user === taker.user) {
        this.#close(maker, "selfTradeCanceled", time);
        continue;
      }
      const cap = this.#fillable(maker);
      if (cap === 0) {
        this.#close(maker, "reduceOnlyCanceled", time);
        continue;
      }
      const lots = Math.min(taker.lots, cap);
      notionalMicro += maker.pxUnits * lots;
      this.#match(taker, maker, px, lots, time);
    }
    return notionalMicro;
  }

  /** One trade between a taker and a resting maker (null = background). */
  #match(taker: SimOrder, maker: SimOrder | null, px: number, lots: number, time: number): void {
    const asset = taker.asset;
    const meta = this.#assets[asset];
    const tid = this.#nextTid++;
    const hash = fakeHash(tid, 0);
    const pxUnits = Math.round(px * meta.pxScale);
    const pxText = maker === null ? safeWire(px) : this.#pxText(maker);
    const takerAccount = this.#account(taker.user);
    taker.lots -= lots;
    const takerFill = recordFill(takerAccount, {
      coin: meta.coin,
      asset,
      lotScale: meta.lotScale,
      isBuy: taker.isBuy,
      px,
      pxText,
      pxUnits,
      lots,
      feeRate: this.#takerFeeRate,
      crossed: true,
      oid: taker.oid,
      cloid: taker.cloid,
      tid,
      hash,
      time,
      historyLimit: this.#fillHistoryLimit,
    });
    this.#fillEvent(taker.user, takerFill);
    const makerUser = maker === null ? BACKGROUND_USER : maker.user;
    if (maker !== null) this.#makerFill(maker, lots, time, tid, hash);
    this.#checkReduceOnly(takerAccount, asset, time);
    this.#books[asset].lastTradePx = px;
    if (this.#wants.trade > 0) {
      this.#pending.push({
        type: "trade",
        coin: meta.coin,
        trade: {
          coin: meta.coin,
          side: taker.isBuy ? "B" : "A",
          px: pxText,
          sz: lotsToWire(lots, meta.lotScale),
          time,
          hash,
          tid,
          users: taker.isBuy ? [taker.user, makerUser] : [makerUser, taker.user],
        },
      });
    }
  }

  /** A resting order fills `lots` at its own price as maker. */
  #makerFill(maker: SimOrder, lots: number, time: number, tid: number, hash: string): SimFill {
    const meta = this.#assets[maker.asset];
    const account = this.#account(maker.user);
    const pos = account.positions[maker.asset];
    maker.lots -= lots;
    if (maker.level !== null) maker.level.lots -= lots;
    if (!maker.reduceOnly) pos.openOrderNtlMicro -= maker.pxUnits * lots;
    const fill = recordFill(account, {
      coin: meta.coin,
      asset: maker.asset,
      lotScale: meta.lotScale,
      isBuy: maker.isBuy,
      px: maker.px,
      pxText: this.#pxText(maker),
      pxUnits: maker.pxUnits,
      lots,
      feeRate: this.#makerFeeRate,
      crossed: false,
      oid: maker.oid,
      cloid: maker.cloid,
      tid,
      hash,
      time,
      historyLimit: this.#fillHistoryLimit,
    });
    this.#fillEvent(maker.user, fill);
    if (maker.lots === 0) this.#close(maker, "filled", time);
    this.#checkReduceOnly(account, maker.asset, time);
    return fill;
  }

  /** A resting order fills as maker against background (feed trade or crossing snapshot). */
  #fillVsBackground(maker: SimOrder, lots: number, time: number, publish: boolean): UserFill {
    const meta = this.#assets[maker.asset];
    const tid = this.#nextTid++;
    const hash = fakeHash(tid, 0);
    const fill = this.#makerFill(maker, lots, time, tid, hash);
    this.#books[maker.asset].lastTradePx = maker.px;
    if (publish && this.#wants.trade > 0) {
      this.#pending.push({
        type: "trade",
        coin: meta.coin,
        trade: {
          coin: meta.coin,
          side: maker.isBuy ? "A" : "B",
          px: this.#pxText(maker),
          sz: lotsToWire(lots, meta.lotScale),
          time,
          hash,
          tid,
          users: maker.isBuy ? [maker.user, BACKGROUND_USER] : [BACKGROUND_USER, maker.user],
        },
      });
    }
    return { user: maker.user, fill };
  }

  /** Lots a resting order may still fill (reduce-only: at most the opposing position). */
  #fillable(order: SimOrder): number {
    if (!order.reduceOnly) return order.lots;
    const held = this.#account(order.user).positions[order.asset].lots;
    if (held === 0 || (held > 0) === order.isBuy) return 0;
    const cap = Math.abs(held);
    return order.lots < cap ? order.lots : cap;
  }

  /** Cancels the user's resting reduce-only orders on `asset` that no longer reduce. */
  #checkReduceOnly(account: Account, asset: number, time: number): void {
    if (account.positions[asset].reduceOnlyOrders === 0) return;
    for (const order of account.orders.values()) {
      if (order.asset === asset && order.reduceOnly && this.#fillable(order) === 0) {
        this.#close(order, "reduceOnlyCanceled", time);
      }
    }
  }

  #rest(order: SimOrder, account: Account, book: AssetBook): void {
    const bg = order.isBuy ? book.bgBids : book.bgAsks;
    order.queueAhead = bg.sizeAt(order.px);
    (order.isBuy ? book.bids : book.asks).append(order);
    account.orders.set(order.oid, order);
    if (order.cloid !== undefined) account.cloids.set(order.cloid, order);
    const pos = account.positions[order.asset];
    if (order.reduceOnly) pos.reduceOnlyOrders += 1;
    else pos.openOrderNtlMicro += order.pxUnits * order.lots;
  }

  /** Ends an order (resting or just matched): unlinks it, records its status, tells listeners. */
  #close(order: SimOrder, status: OrderLifecycleStatus, time: number): void {
    if (order.level !== null) {
      const book = this.#books[order.asset];
      (order.isBuy ? book.bids : book.asks).remove(order);
      const account = this.#account(order.user);
      account.orders.delete(order.oid);
      if (order.cloid !== undefined && account.cloids.get(order.cloid) === order) {
        account.cloids.delete(order.cloid);
      }
      const pos = account.positions[order.asset];
      if (order.reduceOnly) pos.reduceOnlyOrders -= 1;
      else pos.openOrderNtlMicro -= order.pxUnits * order.lots;
    }
    order.status = status;
    order.statusTimestamp = time;
    this.#remember(order);
    this.#orderUpdate(order);
  }

  /** Keeps a finished order for orderStatus, forgetting the oldest beyond the limit. */
  #remember(order: SimOrder): void {
    const evicted = this.#historyRing[this.#historyPos];
    if (evicted !== undefined) {
      const oldest = this.#history.get(evicted);
      this.#history.delete(evicted);
      if (oldest?.cloid !== undefined) {
        const past = this.#accounts.get(oldest.user)?.pastCloids;
        if (past?.get(oldest.cloid) === oldest.oid) past.delete(oldest.cloid);
      }
    }
    this.#historyRing[this.#historyPos] = order.oid;
    this.#historyPos = (this.#historyPos + 1) % this.#orderHistoryLimit;
    this.#history.set(order.oid, order);
    if (order.cloid !== undefined) {
      this.#account(order.user).pastCloids.set(order.cloid, order.oid);
    }
  }

  // --- internals: background ---------------------------------------------------------------

  /** Users' bids (or asks) crossed by the new background fill as maker at their price. */
  #crossBackground(asset: number, bids: boolean, time: number, out: UserFill[]): void {
    const book = this.#books[asset];
    const side = bids ? book.bids : book.asks;
    const bg = bids ? book.bgAsks : book.bgBids;
    for (;;) {
      const level = side.best();
      if (level === undefined || bg.empty) return;
      if (bids ? bg.bestPx() > level.px : bg.bestPx() < level.px) return;
      const maker = level.head as SimOrder;
      const lots = Math.min(this.#fillable(maker), bg.bestLots());
      if (lots === 0) {
        this.#close(maker, "reduceOnlyCanceled", time);
        continue;
      }
      bg.consume(lots);
      out.push(this.#fillVsBackground(maker, lots, time, true));
    }
  }

  // --- internals: reads and events ---------------------------------------------------------

  /** Aggregated levels of one side, best first. */
  #levels(asset: number, bids: boolean, depth: number): BookLevelWire[] {
    const book = this.#books[asset];
    const meta = this.#assets[asset];
    const users = (bids ? book.bids : book.asks).levels;
    const bg = bids ? book.bgBids : book.bgAsks;
    const out: BookLevelWire[] = [];
    let u = users.length - 1;
    let b = bg.firstLevel();
    const bgCount = bg.levelCount;
    while (out.length < depth && (u >= 0 || b < bgCount)) {
      const userPx = u >= 0 ? users[u].px : Number.NaN;
      const bgPx = b < bgCount ? bg.pxAt(b) : Number.NaN;
      let px: number;
      let lots = 0;
      let n = 0;
      const takeUser = u >= 0 &&
        (b >= bgCount || (bids ? userPx >= bgPx : userPx <= bgPx));
      const takeBg = b < bgCount &&
        (u < 0 || (bids ? bgPx >= userPx : bgPx <= userPx));
      if (takeUser) {
        px = userPx;
        lots += users[u].lots;
        n += users[u].count;
        u -= 1;
      } else {
        px = bgPx;
      }
      if (takeBg) {
        lots += bg.lotsAt(b);
        n += 1;
        b = bg.nextLevel(b + 1);
      }
      out.push({ px: this.#levelPxText(px), sz: lotsToWire(lots, meta.lotScale), n });
    }
    return out;
  }

  /** Wire text of a book price, cached: the same prices come back snapshot after snapshot. */
  #levelPxText(px: number): string {
    let text = this.#pxTexts.get(px);
    if (text === undefined) {
      if (this.#pxTexts.size >= 100_000) this.#pxTexts.clear();
      text = safeWire(px);
      this.#pxTexts.set(px, text);
    }
    return text;
  }

  /** An order's limit price in wire form (exact from its price units when on the tick). */
  #pxText(order: SimOrder): string {
    let text = order.pxText;
    if (text === undefined) {
      const meta = this.#assets[order.asset];
      text = order.pxUnits / meta.pxScale === order.px
        ? unitsToWire(order.pxUnits, 6 - meta.szDecimals)
        : safeWire(order.px);
      order.pxText = text;
    }
    return text;
  }

  #frontendOrder(order: SimOrder): FrontendOpenOrderWire {
    const meta = this.#assets[order.asset];
    return {
      coin: meta.coin,
      side: order.isBuy ? "B" : "A",
      limitPx: this.#pxText(order),
      sz: lotsToWire(order.lots, meta.lotScale),
      oid: order.oid,
      timestamp: order.timestamp,
      triggerCondition: "N/A",
      isTrigger: false,
      triggerPx: "0.0",
      children: NO_CHILDREN,
      isPositionTpsl: false,
      reduceOnly: order.reduceOnly,
      orderType: "Limit",
      origSz: lotsToWire(order.origLots, meta.lotScale),
      tif: order.tif,
      cloid: order.cloid ?? null,
    };
  }

  /** An order as `openOrders` (and the orderUpdates channel) write it. */
  #openOrderWire(order: SimOrder): OpenOrderWire {
    const meta = this.#assets[order.asset];
    const wire: OpenOrderWire = {
      coin: meta.coin,
      side: order.isBuy ? "B" : "A",
      limitPx: this.#pxText(order),
      sz: lotsToWire(order.lots, meta.lotScale),
      oid: order.oid,
      timestamp: order.timestamp,
      origSz: lotsToWire(order.origLots, meta.lotScale),
    };
    if (order.cloid !== undefined) wire.cloid = order.cloid;
    return wire;
  }

  #orderUpdate(order: SimOrder): void {
    if (this.#wants.orderUpdate === 0) return;
    const wire: WsOrder = this.#openOrderWire(order);
    if (order.reduceOnly) wire.reduceOnly = true;
    this.#pending.push({
      type: "orderUpdate",
      user: order.user,
      order: wire,
      status: order.status,
      statusTimestamp: order.statusTimestamp,
    });
  }

  #fillEvent(user: string, fill: SimFill): void {
    if (this.#wants.fill > 0) this.#pending.push({ type: "fill", user, fill });
  }

  /** Delivers pending events; a throwing listener does not stop the others (its error is rethrown asynchronously). */
  #flush(): void {
    while (this.#pending.length > 0) {
      const events = this.#pending;
      this.#pending = [];
      const listeners = [...this.#listeners];
      for (const event of events) {
        for (const { listener, types } of listeners) {
          if (!types.has(event.type)) continue;
          try {
            listener(event);
          } catch (error) {
            queueMicrotask(() => {
              throw error;
            });
          }
        }
      }
    }
  }

  #account(user: string): Account {
    let account = this.#accounts.get(user);
    if (account === undefined) {
      account = new Account(
        user,
        this.#startingBalanceMicro,
        this.#assets.map((meta) =>
          new PositionState(Math.min(this.#defaultLeverage, meta.maxLeverage), true)
        ),
      );
      this.#accounts.set(user, account);
    }
    return account;
  }

  #assetOf(coin: string): number {
    const asset = this.#assetByCoin.get(coin);
    if (asset === undefined) throw new RangeError(`unknown coin ${coin}`);
    return asset;
  }
}
