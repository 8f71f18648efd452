/**
 * One side of an order book read level by level, so that a consumer parses
 * only the levels it reads. A replayed l2Book carries 20 levels a side as
 * decimal strings, but the estimators read the touch and the paper exchange
 * mostly the prices: parsing all 80 numbers of every book was a quarter of
 * a dry-run's time.
 *
 * @module
 */

import { fromWireNumber } from "./wire.ts";

/** One side of a book, best first, read by index. Must not change while a consumer holds it. */
export interface BookLevels {
  /** Levels on the side. */
  readonly length: number;
  /** Price of level `i` (0 = best), USD. */
  px(i: number): number;
  /** Size of level `i`, coins. */
  sz(i: number): number;
}

/** A book whose sides are {@link BookLevels} (the l2Book channel's shape otherwise). */
export interface LevelsBook {
  coin: string;
  /** Exchange time of the snapshot, epoch ms. */
  time: number;
  bids: BookLevels;
  asks: BookLevels;
}

/**
 * A wire side (`{px, sz}` decimal strings, as l2Book sends them) read
 * lazily: each read parses its number, exactly `Number(text)`
 * ({@link fromWireNumber}). Holds `levels` and never copies it, so it is
 * valid as long as `levels` is not changed.
 */
export class WireLevels implements BookLevels {
  constructor(readonly levels: readonly { readonly px: string; readonly sz: string }[]) {}

  get length(): number {
    return this.levels.length;
  }

  px(i: number): number {
    return fromWireNumber(this.levels[i].px);
  }

  sz(i: number): number {
    return fromWireNumber(this.levels[i].sz);
  }
}

/** Whether a side is {@link BookLevels} rather than an array of levels. */
export function isBookLevels(side: BookLevels | readonly unknown[]): side is BookLevels {
  return !Array.isArray(side);
}
