/**
 * Wire l2Book frames (decimal strings) as the book a dry-run feeds both the
 * estimators and the paper exchange, over {@link WireLevels}, which parse a
 * level's numbers only when a consumer reads them. The estimators read the
 * touch; the paper exchange reads every price but only the sizes it needs
 * (its best levels and those at mm's prices). Parsing all 80 numbers of
 * every book and writing them into level objects was about a quarter of a
 * replay.
 *
 * @module
 */

import { type LevelsBook, WireLevels } from "../hyperliquid/book_levels.ts";
import type { L2BookFrame } from "../sim/market_file.ts";
import type { BookSnapshot } from "../sim/matching.ts";

/**
 * The frame's book, which is also the paper exchange's snapshot (a
 * {@link LevelsBook} has its `bids`, `asks` and `time`). It holds the frame's
 * own level arrays (never copied), so the frame must not be changed
 * afterwards; a read makes three small objects and parses nothing.
 */
export function readWireBook(data: L2BookFrame["data"]): LevelsBook & BookSnapshot {
  return {
    coin: data.coin,
    time: data.time,
    bids: new WireLevels(data.levels[0]),
    asks: new WireLevels(data.levels[1]),
  };
}
