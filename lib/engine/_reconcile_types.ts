/**
 * Plain-data inputs of the reconciler, shared by its internals.
 *
 * @module
 */

/** Order side in trader terms. */
export type Side = "buy" | "sell";

/** One level of the ladder mm wants resting. Price and size are already on tick and lot. */
export interface DesiredLevel {
  side: Side;
  /** Limit price, USD. */
  px: number;
  /** Size, coin units. */
  sz: number;
  /** Ladder level, 0 = nearest the touch. */
  level: number;
}

/** One of mm's resting orders, as the order tracker knows it. */
export interface RestingOrder {
  /** Exchange order id. */
  oid: number;
  /** Client order id. */
  cloid: string;
  coin: string;
  side: Side;
  /** Limit price, USD. */
  px: number;
  /** Remaining size, coin units. */
  sz: number;
  /** When it was placed, epoch ms. */
  placedAtMs: number;
  /** Size resting ahead of it at its price, coin units, when the queue model knows. */
  queueAheadSz?: number;
}
