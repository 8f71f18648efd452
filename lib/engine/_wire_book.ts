/**
 * Wire l2Book frames (decimal strings) as the two views a dry-run feeds:
 * the estimators' book and the paper exchange's snapshot, both over the
 * same {@link WireLevels}, which parse a level's numbers only when a
 * consumer reads them. The estimators read the touch; the paper exchange
 * reads every price but only the sizes it needs (its best levels, its
 * deepest, and those at mm's prices). Parsing all 80 numbers of every book
 * and writing them into level objects was about a quarter of a replay.
 *
 * @module
 */

import { type LevelsBook, WireLevels } from "../hyperliquid/book_levels.ts";
import type { WireLevel } from "../sim/market_file.ts";
import type { BookSnapshot } from "../sim/matching.ts";

/**
 * The frame's book and the same levels as the paper exchange's snapshot.
 * Both views hold the frame's own level arrays (never copied), so the frame
 * must not be changed afterwards; a read makes four small objects and parses
 * nothing.
 */
export function readWireBook(
  data: { coin: string; time: number; levels: [WireLevel[], WireLevel[]] },
): { book: LevelsBook; snapshot: BookSnapshot } {
  const bids = new WireLevels(data.levels[0]);
  const asks = new WireLevels(data.levels[1]);
  return {
    book: { coin: data.coin, time: data.time, bids, asks },
    snapshot: { bids, asks, time: data.time },
  };
}
