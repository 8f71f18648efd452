/**
 * The order reconciler: turns the difference between the desired ladder and
 * mm's resting orders into the fewest exchange actions. Pure: plain data in,
 * a plan out; no I/O, no clock.
 *
 * Algorithm, for one coin:
 * 1. Keep. Per side, desired levels and resting orders are aligned by price
 *    (an order-preserving min-cost matching over the two price-sorted lists,
 *    maximising the orders kept, ties broken by least |Δpx|). An order is kept
 *    for a level when its price is within `priceToleranceBps` and its size
 *    within `sizeToleranceShare` of the level's, or when the level is its
 *    nearest and `keepQueue` says its queue place is worth more than the price
 *    improvement. A kept order must lie on its own side of the desired ladder's
 *    midpoint, so it can never cross what is put around it.
 * 2. Move. Every level not kept is filled by moving (`batchModify`) an order
 *    not kept: first orders of the same side, best-first on both lists (the
 *    surplus left over being the orders farthest from the touch), then, since
 *    a modify may change side, surplus orders of the other side (bids turning
 *    asks go to the highest ask levels, asks turning bids to the lowest bid
 *    levels, so that the moves can be sequenced). So a requote that only
 *    shifts prices or skews the ladder is a single `batchModify`.
 * 3. Only then cancel the true surplus (one bulk cancel) and place the true
 *    shortfall (one bulk order).
 * 4. Sequence and split. The plan's steps run in order: cancels, then
 *    modifies, then places, each split into batches of at most `maxBatch`
 *    (Hyperliquid weighs an action 1 + floor(n / 40), so ≤ 39 items cost 1).
 *    Within the modifies, moves are ordered so that mm's bids and asks never
 *    cross at any intermediate state: a move is applied only when its new price
 *    is clear of every opposite order still waiting to move, moves going away
 *    (asks up, bids down) first; on a jump up the asks move before the bids,
 *    on a jump down the bids before the asks. Cancelling before moving and
 *    placing after means every state along the way is a subset of the old or
 *    the final, non-crossing book. Steps must be sent one after another, each
 *    after the previous one's answer. Moves that no order can make safe
 *    (say two bids that must both become asks below the other's old price)
 *    become a cancel before and a place after the modifies instead.
 *
 * Every modified or placed order gets a new cloid from `newCloid` (a modify
 * creates a new order on Hyperliquid). Quotes are post-only (`Alo`).
 *
 * @module
 */

import type { CancelSpec, ModifySpec, OrderSpec } from "../hyperliquid/port.ts";
import { type KeepReason, keepsAllInOrder, matchKeeps } from "./_reconcile_match.ts";
import { sequenceMoves } from "./_reconcile_sequence.ts";
import type { DesiredLevel, RestingOrder, Side } from "./_reconcile_types.ts";

export type { DesiredLevel, RestingOrder, Side } from "./_reconcile_types.ts";
export type { KeepReason } from "./_reconcile_match.ts";

/** Default price tolerance for keeping an order, bps of the desired price. */
export const DEFAULT_PRICE_TOLERANCE_BPS = 1.5;
/** Default size tolerance for keeping an order, share of the desired size. */
export const DEFAULT_SIZE_TOLERANCE_SHARE = 0.2;
/** Default items per action: Hyperliquid weighs 1 + floor(n / 40), so 39 still costs 1. */
export const DEFAULT_MAX_BATCH = 39;

const SIDES = ["buy", "sell"] as const;

type PerSide<T> = { buy: T[]; sell: T[] };

/** How to reconcile. */
export interface ReconcileOptions {
  /** The coin reconciled; resting orders of other coins are left alone. */
  coin: string;
  /** Keep an order whose price is within this many bps of a desired level (default 1.5). */
  priceToleranceBps?: number;
  /** Keep an order when |sz − desired| / desired ≤ this (default 0.2). */
  sizeToleranceShare?: number;
  /**
   * The queue-position model's verdict for an order outside tolerance and its
   * nearest desired price: true when its queue place is worth more than the
   * price improvement, and it should stay.
   */
  keepQueue?: (order: RestingOrder, desiredPx: number) => boolean;
  /** Items per action (default 39; must be a positive integer). */
  maxBatch?: number;
  /** A fresh, unique cloid for each placed or modified order. */
  newCloid: () => string;
}

/** A modify by exchange order id. */
export type OrderModify = ModifySpec & { target: number };

/** A resting order that stays, and the desired level it now stands for. */
export interface KeptOrder {
  order: RestingOrder;
  level: number;
  reason: KeepReason;
}

/** Why the plan does what it does to one order or level. */
export type ReconcileReason =
  | { action: "keep"; oid: number; side: Side; level: number; why: KeepReason }
  | {
    action: "modify";
    oid: number;
    side: Side;
    level: number;
    why: "price" | "size" | "price_and_size" | "side";
  }
  | { action: "cancel"; oid: number; side: Side; why: "surplus" | "unsafe_move" }
  | { action: "place"; side: Side; level: number; why: "shortfall" | "unsafe_move" };

/** One signed exchange action of a plan. */
export type PlanStep =
  | { kind: "cancel"; cancels: CancelSpec[] }
  | { kind: "modify"; modifies: OrderModify[] }
  | { kind: "place"; orders: OrderSpec[] };

/** What to send. `modify`, `cancel` and `place` are in execution order. */
export interface ReconcilePlan {
  keep: KeptOrder[];
  modify: OrderModify[];
  cancel: CancelSpec[];
  place: OrderSpec[];
  /** The signed actions, in the order they must be sent. */
  steps: PlanStep[];
  /** Number of signed actions (`steps.length`). */
  actions: number;
  /** IP weight of all steps: Σ 1 + floor(n / 40). */
  weight: number;
  /** Address-limit requests: every order, modify and cancel counts 1 (Hyperliquid docs). */
  requests: number;
  reasons: ReconcileReason[];
}

interface Assignment {
  order: RestingOrder;
  level: DesiredLevel;
  fromSide: Side;
  fromPx: number;
  toSide: Side;
  toPx: number;
}

/**
 * Plans the fewest actions that turn `resting` into `desired` (see the module
 * doc for the algorithm). Throws RangeError for a level with a non-positive
 * or non-finite price or size, a desired ladder whose best bid is not below
 * its best ask, or a bad option.
 */
export function reconcile(
  desired: readonly DesiredLevel[],
  resting: readonly RestingOrder[],
  options: ReconcileOptions,
): ReconcilePlan {
  const priceTolerance = (options.priceToleranceBps ?? DEFAULT_PRICE_TOLERANCE_BPS) / 1e4;
  const sizeTolerance = options.sizeToleranceShare ?? DEFAULT_SIZE_TOLERANCE_SHARE;
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  checkOptions(priceTolerance, sizeTolerance, maxBatch);
  const tolerance = { price: priceTolerance, size: sizeTolerance };

  const { levels, orders, guardPx } = bySide(desired, resting, options.coin);
  const reasons: ReconcileReason[] = [];
  const { keep, spareLevels, spareOrders } = keepPhase(levels, orders, {
    tolerance,
    guardPx,
    keepQueue: options.keepQueue,
    reasons,
  });
  if (isEmpty(spareLevels) && isEmpty(spareOrders)) {
    // Every order kept for a level (most requotes): nothing to move, cancel or place.
    return {
      keep,
      modify: [],
      cancel: [],
      place: [],
      steps: [],
      actions: 0,
      weight: 0,
      requests: 0,
      reasons,
    };
  }
  const { ordered, unsafe } = sequenceMoves(pairMoves(spareLevels, spareOrders));

  const cancel: CancelSpec[] = [];
  const modify: OrderModify[] = [];
  const place: OrderSpec[] = [];
  for (const side of SIDES) {
    for (const order of spareOrders[side]) {
      cancel.push({ coin: options.coin, oid: order.oid });
      reasons.push({ action: "cancel", oid: order.oid, side, why: "surplus" });
    }
  }
  for (const move of unsafe) {
    cancel.push({ coin: options.coin, oid: move.order.oid });
    reasons.push({
      action: "cancel",
      oid: move.order.oid,
      side: move.fromSide,
      why: "unsafe_move",
    });
  }
  for (const move of ordered) {
    modify.push({ target: move.order.oid, order: quote(move.level, options) });
    const why = modifyReason(move, tolerance);
    reasons.push({
      action: "modify",
      oid: move.order.oid,
      side: move.toSide,
      level: move.level.level,
      why,
    });
  }
  for (const move of unsafe) {
    place.push(quote(move.level, options));
    reasons.push({
      action: "place",
      side: move.toSide,
      level: move.level.level,
      why: "unsafe_move",
    });
  }
  for (const side of SIDES) {
    for (const level of bestFirst(spareLevels[side], side)) {
      place.push(quote(level, options));
      reasons.push({ action: "place", side, level: level.level, why: "shortfall" });
    }
  }

  const steps: PlanStep[] = [];
  for (const cancels of chunks(cancel, maxBatch)) steps.push({ kind: "cancel", cancels });
  for (const modifies of chunks(modify, maxBatch)) steps.push({ kind: "modify", modifies });
  for (const orders of chunks(place, maxBatch)) steps.push({ kind: "place", orders });
  let weight = 0;
  for (const step of steps) weight += 1 + Math.floor(stepLength(step) / 40);
  return {
    keep,
    modify,
    cancel,
    place,
    steps,
    actions: steps.length,
    weight,
    requests: cancel.length + modify.length + place.length,
    reasons,
  };
}

/**
 * Whether {@link reconcile} would keep every resting order of the coin, each
 * for a level, and so plan no action; decided without building the plan (a
 * requote whose ladder moved within tolerance, the most common kind): on
 * each side as many orders as levels, paired in price order, each pair
 * within tolerance and on its own side of the ladder's midpoint. Without
 * `keepQueue` this is exactly `reconcile(…).actions === 0`; with it, true
 * still implies that. Throws as reconcile does for a bad level or option.
 */
export function keepsEverything(
  desired: readonly DesiredLevel[],
  resting: readonly RestingOrder[],
  options: ReconcileOptions,
): boolean {
  const priceTolerance = (options.priceToleranceBps ?? DEFAULT_PRICE_TOLERANCE_BPS) / 1e4;
  const sizeTolerance = options.sizeToleranceShare ?? DEFAULT_SIZE_TOLERANCE_SHARE;
  checkOptions(priceTolerance, sizeTolerance, options.maxBatch ?? DEFAULT_MAX_BATCH);
  const { levels, orders, guardPx } = bySide(desired, resting, options.coin);
  for (const side of SIDES) {
    const context = { side, priceTolerance, sizeTolerance, guardPx, keepQueue: options.keepQueue };
    if (!keepsAllInOrder(levels[side], orders[side], context)) return false;
  }
  return true;
}

/**
 * Desired levels and this coin's resting orders per side, each in ascending
 * price, and the desired ladder's midpoint (±Infinity with a side empty).
 */
function bySide(
  desired: readonly DesiredLevel[],
  resting: readonly RestingOrder[],
  coin: string,
): { levels: PerSide<DesiredLevel>; orders: PerSide<RestingOrder>; guardPx: number } {
  const levels: PerSide<DesiredLevel> = { buy: [], sell: [] };
  for (const level of desired) {
    checkLevel(level);
    levels[level.side].push(level);
  }
  const orders: PerSide<RestingOrder> = { buy: [], sell: [] };
  for (const order of resting) if (order.coin === coin) orders[order.side].push(order);
  sortByPx(levels.buy);
  sortByPx(levels.sell);
  sortByPx(orders.buy);
  sortByPx(orders.sell);
  const bestBid = levels.buy.length > 0 ? levels.buy[levels.buy.length - 1].px : -Infinity;
  const bestAsk = levels.sell.length > 0 ? levels.sell[0].px : Infinity;
  if (!(bestBid < bestAsk)) {
    throw new RangeError(
      `desired ladder crosses itself: best bid ${bestBid} ≥ best ask ${bestAsk}`,
    );
  }
  const guardPx = Number.isFinite(bestBid) && Number.isFinite(bestAsk)
    ? (bestBid + bestAsk) / 2
    : Number.isFinite(bestBid)
    ? Infinity
    : -Infinity;
  return { levels, orders, guardPx };
}

/** Phase 1: the orders kept, and the levels and orders left over (ascending price). */
function keepPhase(
  levels: PerSide<DesiredLevel>,
  orders: PerSide<RestingOrder>,
  context: {
    tolerance: { price: number; size: number };
    guardPx: number;
    keepQueue: ReconcileOptions["keepQueue"];
    reasons: ReconcileReason[];
  },
): { keep: KeptOrder[]; spareLevels: PerSide<DesiredLevel>; spareOrders: PerSide<RestingOrder> } {
  const keep: KeptOrder[] = [];
  const spareLevels: PerSide<DesiredLevel> = { buy: [], sell: [] };
  const spareOrders: PerSide<RestingOrder> = { buy: [], sell: [] };
  for (const side of SIDES) {
    const { keptFor, reasons: why } = matchKeeps(levels[side], orders[side], {
      side,
      priceTolerance: context.tolerance.price,
      sizeTolerance: context.tolerance.size,
      guardPx: context.guardPx,
      keepQueue: context.keepQueue,
    });
    const used: boolean[] = new Array(orders[side].length).fill(false);
    for (let i = 0; i < levels[side].length; i++) {
      const level = levels[side][i], j = keptFor[i];
      if (j < 0) {
        spareLevels[side].push(level);
        continue;
      }
      used[j] = true;
      const order = orders[side][j];
      const reason = why[i] ?? "within_tolerance";
      keep.push({ order, level: level.level, reason });
      context.reasons.push({
        action: "keep",
        oid: order.oid,
        side,
        level: level.level,
        why: reason,
      });
    }
    for (let j = 0; j < orders[side].length; j++) {
      if (!used[j]) spareOrders[side].push(orders[side][j]);
    }
  }
  return { keep, spareLevels, spareOrders };
}

/**
 * Pairs spare levels with spare orders, consuming both: same side first,
 * best-first on both lists; then leftovers across sides, chosen and paired so
 * that the moves can be sequenced without crossing: a bid turning ask may go
 * only above every bid still waiting, so the lowest spare bids move, onto the
 * highest ask levels, highest with highest (and mirrored for asks turning
 * bids). What is left is cancelled (orders) or placed (levels).
 */
function pairMoves(
  spareLevels: PerSide<DesiredLevel>,
  spareOrders: PerSide<RestingOrder>,
): Assignment[] {
  const moves: Assignment[] = [];
  for (const side of SIDES) {
    const wanted = bestFirst(spareLevels[side], side);
    const have = bestFirst(spareOrders[side], side);
    const n = Math.min(wanted.length, have.length);
    for (let k = 0; k < n; k++) moves.push(assignment(have[k], wanted[k]));
    spareLevels[side] = ascending(wanted.slice(n), side);
    spareOrders[side] = ascending(have.slice(n), side);
  }
  // Bids becoming asks: move the lowest spare bids (the higher ones are
  // cancelled first and block nothing), highest with highest, onto the highest
  // ask levels. Asks becoming bids: the mirror image.
  const bids = spareOrders.buy, asks = spareLevels.sell;
  const up = Math.min(bids.length, asks.length);
  for (let k = 0; k < up; k++) {
    moves.push(assignment(bids[up - 1 - k], asks[asks.length - 1 - k]));
  }
  spareOrders.buy = bids.slice(up);
  spareLevels.sell = asks.slice(0, asks.length - up);
  const offers = spareOrders.sell, buys = spareLevels.buy;
  const down = Math.min(offers.length, buys.length);
  for (let k = 0; k < down; k++) {
    moves.push(assignment(offers[offers.length - down + k], buys[k]));
  }
  spareOrders.sell = offers.slice(0, offers.length - down);
  spareLevels.buy = buys.slice(down);
  return moves;
}

function assignment(order: RestingOrder, level: DesiredLevel): Assignment {
  return {
    order,
    level,
    fromSide: order.side,
    fromPx: order.px,
    toSide: level.side,
    toPx: level.px,
  };
}

function quote(level: DesiredLevel, options: ReconcileOptions): OrderSpec {
  return {
    coin: options.coin,
    side: level.side,
    px: level.px,
    sz: level.sz,
    tif: "Alo",
    cloid: options.newCloid(),
  };
}

function modifyReason(
  move: Assignment,
  tolerance: { price: number; size: number },
): "price" | "size" | "price_and_size" | "side" {
  if (move.fromSide !== move.toSide) return "side";
  const level = move.level;
  const priceOff = Math.abs(move.fromPx - level.px) > level.px * tolerance.price;
  const sizeOff = Math.abs(move.order.sz - level.sz) > level.sz * tolerance.size;
  if (priceOff && sizeOff) return "price_and_size";
  return sizeOff ? "size" : "price";
}

function isEmpty<T>(perSide: PerSide<T>): boolean {
  return perSide.buy.length === 0 && perSide.sell.length === 0;
}

/**
 * Sorts by ascending price in place, stably (ties keep their order), as
 * `list.sort((a, b) => a.px - b.px)` does for finite prices: an insertion
 * sort, cheaper than Array.prototype.sort for a ladder's few entries.
 */
function sortByPx(list: { px: number }[]): void {
  for (let i = 1; i < list.length; i++) {
    const item = list[i];
    let j = i - 1;
    while (j >= 0 && list[j].px > item.px) {
      list[j + 1] = list[j];
      j--;
    }
    list[j + 1] = item;
  }
}

/** A copy of an ascending-price list, best price first for `side`. */
function bestFirst<T extends { px: number }>(list: readonly T[], side: Side): T[] {
  return side === "buy" ? list.slice().reverse() : list.slice();
}

/** A best-first list of `side` back in ascending price (the same flip). */
function ascending<T extends { px: number }>(list: readonly T[], side: Side): T[] {
  return bestFirst(list, side);
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let at = 0; at < items.length; at += size) out.push(items.slice(at, at + size));
  return out;
}

function stepLength(step: PlanStep): number {
  return step.kind === "cancel"
    ? step.cancels.length
    : step.kind === "modify"
    ? step.modifies.length
    : step.orders.length;
}

function checkLevel(level: DesiredLevel): void {
  if (!(level.px > 0) || !Number.isFinite(level.px)) {
    throw new RangeError(
      `desired ${level.side} level ${level.level}: price must be > 0, got ${level.px}`,
    );
  }
  if (!(level.sz > 0) || !Number.isFinite(level.sz)) {
    throw new RangeError(
      `desired ${level.side} level ${level.level}: size must be > 0, got ${level.sz}`,
    );
  }
}

function checkOptions(priceTolerance: number, sizeTolerance: number, maxBatch: number): void {
  if (!(priceTolerance >= 0) || !Number.isFinite(priceTolerance)) {
    throw new RangeError(`priceToleranceBps must be ≥ 0, got ${priceTolerance * 1e4}`);
  }
  if (!(sizeTolerance >= 0) || !Number.isFinite(sizeTolerance)) {
    throw new RangeError(`sizeToleranceShare must be ≥ 0, got ${sizeTolerance}`);
  }
  if (!Number.isInteger(maxBatch) || maxBatch < 1) {
    throw new RangeError(`maxBatch must be a positive integer, got ${maxBatch}`);
  }
}
