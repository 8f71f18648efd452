/**
 * Queue position of our own resting orders, and whether a place in the
 * queue is worth more than a slightly better price.
 *
 * Estimate of the size ahead of one order (coins), price-time priority:
 * - placed: everything already resting at our price is ahead (the book
 *   size at our price just before our order landed);
 * - a trade at our price consumes the queue from the front: it takes from
 *   the size ahead first (any rest fills us, reported by `onFill`);
 * - a trade through our price (a print below our bid, above our ask) means
 *   the whole level traded: nothing is ahead (or behind) any more;
 * - a book update at our price: others = level size − our remaining size.
 *   A decrease of others not already explained by trades is cancels, spread
 *   pro rata over the queue (a cancel is as likely to come from any coin
 *   resting there): ahead shrinks by cancelled × ahead / others. An
 *   increase is new orders, which join behind us. Ahead never exceeds others.
 *
 * Known bias: a trade seen in the book before its print arrives is first
 * counted as a cancel (pro rata) and then again as a trade, so the size
 * ahead is under- rather than over-estimated for a moment.
 *
 * @module
 */

import type { QueueConfig } from "../config/strategy_config.ts";
import type { Side } from "./ladder.ts";

/** A resting order's place, as plain data. */
export interface QueueOrder {
  side: Side;
  /** Price, USD. */
  px: number;
  /** Remaining size, coins. */
  sz: number;
  /** Estimated size ahead of us at our price, coins. */
  ahead: number;
}

/** How an order was placed. */
export interface QueuePlacement {
  side: Side;
  px: number;
  /** Our size, coins. */
  sz: number;
  /** Book size at our price just before our order, coins. */
  bookSizeAtPx: number;
}

/** The size-ahead estimate of one resting order (module doc for the rules). */
export class QueuePosition {
  readonly side: Side;
  readonly px: number;
  #remaining: number;
  #ahead: number;
  /** Others (not us) resting at our price, coins. */
  #others: number;

  constructor(placement: QueuePlacement) {
    this.side = placement.side;
    this.px = placement.px;
    this.#remaining = Math.max(0, placement.sz);
    this.#ahead = Math.max(0, placement.bookSizeAtPx);
    this.#others = this.#ahead;
  }

  /** Estimated size ahead, coins. */
  get ahead(): number {
    return this.#ahead;
  }

  /** Estimated size of others behind us, coins. */
  get behind(): number {
    return Math.max(0, this.#others - this.#ahead);
  }

  /** Our remaining size, coins. */
  get remaining(): number {
    return this.#remaining;
  }

  /** A trade print in this coin (px USD, sz coins). */
  onTrade(trade: { px: number; sz: number }): void {
    const through = this.side === "bid" ? trade.px < this.px : trade.px > this.px;
    if (through) {
      this.#others = 0; // the whole level traded (we were filled too: see onFill)
      this.#ahead = 0;
      return;
    }
    if (trade.px !== this.px) return;
    const taken = Math.min(this.#ahead, Math.max(0, trade.sz));
    this.#ahead -= taken;
    this.#others -= taken;
  }

  /** Our own fill of `sz` coins. */
  onFill(sz: number): void {
    this.#remaining = Math.max(0, this.#remaining - Math.max(0, sz));
    this.#ahead = 0; // a fill means the queue ahead of us is gone
  }

  /** A book update: total size resting at our price (ours included), coins. */
  onLevelSize(sizeAtPx: number): void {
    const others = Math.max(0, sizeAtPx - this.#remaining);
    const cancelled = this.#others - others;
    if (cancelled > 0 && this.#others > 0) {
      this.#ahead -= (cancelled * this.#ahead) / this.#others;
    }
    this.#others = others;
    this.#ahead = Math.max(0, Math.min(this.#ahead, others));
  }

  /** The order's place as plain data. */
  snapshot(): QueueOrder {
    return { side: this.side, px: this.px, sz: this.#remaining, ahead: this.#ahead };
  }
}

/** The market around a keep-or-move question. */
export interface KeepOptions {
  /** The price the strategy now wants, USD. */
  newPx: number;
  /** Book size at `newPx` (we would join behind it), coins. */
  newAhead: number;
  /** Fair price, USD: depths are measured from it. */
  fairPx: number;
  /** A of λ(δ) = A·e^{−κδ}, trades per second reaching depth 0. */
  fillIntensityA: number;
  /** κ, per bps. */
  fillDecayKappa: number;
  /** Mean size of a trade that reaches our depth, coins. */
  meanTradeSz: number;
  /** Maker fee, bps. */
  makerFeeBps: number;
  config: QueueConfig;
}

/** The keep-or-move answer with its numbers. */
export interface KeepDecision {
  keep: boolean;
  reason: "same_price" | "back_off" | "queue_worth_more" | "price_worth_more";
  /** P(fill within the horizon) staying / moving. */
  pFillKeep: number;
  pFillMove: number;
  /** P(fill) × (depth − fee), bps, staying / moving. */
  valueKeepBps: number;
  valueMoveBps: number;
}

/**
 * P(an order with `queueAhead + sz` coins to clear fills within the
 * horizon) when the volume reaching its depth over the horizon is taken as
 * exponential with mean m = A·e^{−κδ}·meanTradeSz·h: exp(−(ahead + sz)/m).
 */
export function fillProbability(
  depthBps: number,
  options: {
    queueAhead: number;
    sz: number;
    fillIntensityA: number;
    fillDecayKappa: number;
    meanTradeSz: number;
    horizonS: number;
  },
): number {
  const m = options.fillIntensityA * Math.exp(-options.fillDecayKappa * Math.max(0, depthBps)) *
    options.meanTradeSz * options.horizonS;
  if (!(m > 0)) return 0;
  return Math.exp(-(Math.max(0, options.queueAhead) + Math.max(0, options.sz)) / m);
}

/**
 * Whether to keep a resting order rather than re-place it at `newPx`.
 *
 * Rule: an order is worth P(fill within the horizon) × (depth − fee) in bps
 * ({@link fillProbability}). When the new price is better (nearer fair),
 * keep the order while its value with its place in the queue is at least
 * the value of the better price at the back of that level's queue — i.e.
 * keep when the fill-probability gain of the better price is worth less
 * than the queue position. When the new price is further from fair (the
 * strategy backs off), move unless the difference is within
 * `backOffToleranceBps` — risk wins over queue value. Same price: keep.
 */
export function worthKeeping(order: QueueOrder, options: KeepOptions): KeepDecision {
  const sign = order.side === "bid" ? -1 : 1;
  const depthOf = (px: number) => (sign * (px - options.fairPx) / options.fairPx) * 1e4;
  const oldDepth = depthOf(order.px);
  const newDepth = depthOf(options.newPx);
  const common = {
    sz: order.sz,
    fillIntensityA: options.fillIntensityA,
    fillDecayKappa: options.fillDecayKappa,
    meanTradeSz: options.meanTradeSz,
    horizonS: options.config.horizonS,
  };
  const pFillKeep = fillProbability(oldDepth, { ...common, queueAhead: order.ahead });
  const pFillMove = fillProbability(newDepth, { ...common, queueAhead: options.newAhead });
  const valueKeepBps = pFillKeep * (oldDepth - options.makerFeeBps);
  const valueMoveBps = pFillMove * (newDepth - options.makerFeeBps);
  const numbers = { pFillKeep, pFillMove, valueKeepBps, valueMoveBps };
  if (options.newPx === order.px) return { keep: true, reason: "same_price", ...numbers };
  if (newDepth > oldDepth) {
    const keep = newDepth - oldDepth <= options.config.backOffToleranceBps;
    return { keep, reason: "back_off", ...numbers };
  }
  const keep = valueKeepBps >= valueMoveBps;
  return { keep, reason: keep ? "queue_worth_more" : "price_worth_more", ...numbers };
}
