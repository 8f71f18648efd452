/**
 * The reconciler's first phase: which resting orders stay as they are.
 *
 * Per side, desired levels and resting orders are both sorted by price and
 * matched by an order-preserving alignment (dynamic programming over the two
 * sorted lists, O(levels × orders)): the matching keeps as many orders as
 * possible and, among equally many, the one with the least total |Δpx| in
 * bps. Only compatible pairs may match:
 * - within tolerance: |Δpx| ≤ `priceToleranceBps` of the desired price and
 *   |Δsz| ≤ `sizeToleranceShare` of the desired size; or
 * - worth its queue place: the desired level is the order's nearest on its
 *   side and `keepQueue(order, desiredPx)` says so (asked at most once per
 *   order);
 * and in both cases the order must lie on its own side of the desired
 * ladder's midpoint (a kept bid below it, a kept ask above), so that kept
 * orders can never cross the ladder that is put around them.
 *
 * @module
 */

import type { Side } from "./_reconcile_types.ts";

/** A price-sorted desired level as the matcher sees it. */
export interface MatchLevel {
  px: number;
  sz: number;
}

/** A price-sorted resting order as the matcher sees it. */
export interface MatchOrder {
  px: number;
  sz: number;
}

/** Why a matched order stays. */
export type KeepReason = "within_tolerance" | "queue";

/** What the matcher needs to know besides the two lists. */
export interface MatchContext<O extends MatchOrder> {
  side: Side;
  /** Price tolerance as a fraction of the desired price (bps / 10⁴). */
  priceTolerance: number;
  /** Size tolerance as a fraction of the desired size. */
  sizeTolerance: number;
  /** Midpoint of the desired ladder (±Infinity when a side is empty). */
  guardPx: number;
  keepQueue?: (order: O, desiredPx: number) => boolean;
}

/** Relative slack so that a price exactly on the tolerance edge counts as inside it. */
const EDGE = 1e-9;
/** Keeps dominate the score; |Δpx| in bps only breaks ties. */
const KEEP_SCORE = 1e9;

/**
 * Matches desired levels to resting orders of one side, both sorted by
 * ascending price. Returns, per desired index, the index of the order kept
 * for it (or -1) and, per desired index, why.
 */
export function matchKeeps<O extends MatchOrder>(
  levels: readonly MatchLevel[],
  orders: readonly O[],
  context: MatchContext<O>,
): { keptFor: number[]; reasons: (KeepReason | undefined)[] } {
  const n = levels.length, m = orders.length;
  // Plain arrays: a typed array costs more to allocate than these few entries are worth.
  const keptFor: number[] = new Array(n).fill(-1);
  const reasons: (KeepReason | undefined)[] = new Array(n);
  if (n === 0 || m === 0) return { keptFor, reasons };
  if (keepsAllInOrder(levels, orders, context)) {
    // The common requote that changes nothing: with as many orders as levels,
    // keeping all of them is only possible pairing them in order, so when
    // every such pair is within tolerance that is the DP's answer (saves the
    // O(n·m) tables on most requotes).
    for (let i = 0; i < n; i++) {
      keptFor[i] = i;
      reasons[i] = "within_tolerance";
    }
    return { keptFor, reasons };
  }

  const nearest = context.keepQueue ? nearestLevels(levels, orders) : undefined;
  const width = m + 1;
  // score[i][j]: best score aligning levels[i..] with orders[j..]; move: 0 skip level, 1 skip order, 2 match.
  const { score, move, pair } = tables((n + 1) * width, context.keepQueue !== undefined);
  // The edges (no levels or no orders left) score 0; every other cell is written before it is read.
  for (let j = 0; j <= m; j++) score[n * width + j] = 0;
  for (let i = 0; i < n; i++) score[i * width + m] = 0;
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      let best = score[(i + 1) * width + j];
      let choice = 0;
      const skipOrder = score[i * width + j + 1];
      if (skipOrder > best) {
        best = skipOrder;
        choice = 1;
      }
      const kind = compatibility(levels[i], orders[j], i === nearest?.[j], context);
      if (kind !== 0) {
        pair[i * m + j] = kind;
        const bps = Math.abs(orders[j].px - levels[i].px) / levels[i].px * 1e4;
        const matched = score[(i + 1) * width + j + 1] + KEEP_SCORE - bps;
        if (matched > best) {
          best = matched;
          choice = 2;
        }
      }
      score[i * width + j] = best;
      move[i * width + j] = choice;
    }
  }
  let i = 0, j = 0;
  while (i < n && j < m) {
    const choice = move[i * width + j];
    if (choice === 2) {
      keptFor[i] = j;
      reasons[i] = pair[i * m + j] === 1 ? "within_tolerance" : "queue";
      i++;
      j++;
    } else if (choice === 1) j++;
    else i++;
  }
  return { keptFor, reasons };
}

/**
 * The DP's tables, at least `cells` long: score, move (0 skip level, 1 skip
 * order, 2 match) and pair (0 incompatible, 1 within tolerance, 2 queue).
 * Reused from call to call (allocating three typed arrays per reconcile cost
 * more than filling them), except when a `keepQueue` callback runs during
 * the fill: it could reconcile in turn, so that call gets its own.
 */
function tables(
  cells: number,
  own: boolean,
): { score: Float64Array; move: Uint8Array; pair: Uint8Array } {
  if (own) {
    return {
      score: new Float64Array(cells),
      move: new Uint8Array(cells),
      pair: new Uint8Array(cells),
    };
  }
  if (scratch.score.length < cells) {
    const size = Math.max(cells, 2 * scratch.score.length);
    scratch = {
      score: new Float64Array(size),
      move: new Uint8Array(size),
      pair: new Uint8Array(size),
    };
  }
  return scratch;
}

let scratch = { score: new Float64Array(64), move: new Uint8Array(64), pair: new Uint8Array(64) };

/**
 * Whether {@link matchKeeps} keeps every order, each for the level of the
 * same rank, without its tables: no `keepQueue`, as many orders as levels,
 * and every such pair within tolerance and on its own side. With as many
 * orders as levels, keeping all of them is only possible pairing them in
 * order, so without `keepQueue` this is exactly "every order is kept".
 */
export function keepsAllInOrder<O extends MatchOrder>(
  levels: readonly MatchLevel[],
  orders: readonly O[],
  context: MatchContext<O>,
): boolean {
  return context.keepQueue === undefined && levels.length === orders.length &&
    pairwiseWithinTolerance(levels, orders, context);
}

/** Whether level i and order i are within tolerance (and on their own side) for every i. */
function pairwiseWithinTolerance<O extends MatchOrder>(
  levels: readonly MatchLevel[],
  orders: readonly O[],
  context: MatchContext<O>,
): boolean {
  for (let i = 0; i < levels.length; i++) {
    if (compatibility(levels[i], orders[i], false, context) !== 1) return false;
  }
  return true;
}

/** 0 incompatible, 1 within tolerance, 2 kept for its queue place. */
function compatibility<O extends MatchOrder>(
  level: MatchLevel,
  order: O,
  isNearest: boolean,
  context: MatchContext<O>,
): 0 | 1 | 2 {
  const onOwnSide = context.side === "buy"
    ? order.px < context.guardPx
    : order.px > context.guardPx;
  if (!onOwnSide) return 0;
  const priceOk = Math.abs(order.px - level.px) <= level.px * (context.priceTolerance + EDGE);
  const sizeOk = Math.abs(order.sz - level.sz) <= level.sz * (context.sizeTolerance + EDGE);
  if (priceOk && sizeOk) return 1;
  if (isNearest && context.keepQueue?.(order, level.px) === true) return 2;
  return 0;
}

/** For each order (ascending px), the index of the level (ascending px) nearest in price. */
function nearestLevels(levels: readonly MatchLevel[], orders: readonly MatchOrder[]): Int32Array {
  const nearest = new Int32Array(orders.length);
  let i = 0;
  for (let j = 0; j < orders.length; j++) {
    const px = orders[j].px;
    while (
      i + 1 < levels.length && Math.abs(levels[i + 1].px - px) <= Math.abs(levels[i].px - px)
    ) i++;
    nearest[j] = i;
  }
  return nearest;
}
