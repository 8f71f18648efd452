/**
 * How long we hold inventory: each fill that reduces a position closes the
 * oldest open lots first (FIFO), and every closed piece is held from its
 * opening fill to the closing one. The size-weighted median of those times
 * is the horizon over which a fill's adverse move is really paid — a quote
 * filled into a trend loses what the trend does while the inventory is
 * held, not only its first minute.
 *
 * Lots still open at the end are not counted (their holding time is not
 * known yet); `openLots` says how many.
 *
 * @module
 */

import { fillSide } from "../analysis/markouts.ts";
import type { TradeFill } from "../analysis/trade_fill.ts";

/** What {@link holdingTime} found. */
export interface HoldingTime {
  /** Size-weighted median holding time of closed pieces, s (NaN when none closed). */
  medianSec: number;
  /** Closed pieces. */
  closed: number;
  /** Lots open at the end. */
  openLots: number;
}

interface Lot {
  timeMs: number;
  /** Signed size, coins (+ long, − short). */
  size: number;
}

/** FIFO holding times of `fills` (module doc), time-ordered per coin. */
export function holdingTime(fills: readonly TradeFill[]): HoldingTime {
  const lots = new Map<string, Lot[]>();
  const pieces: { sec: number; size: number }[] = [];
  const sorted = [...fills].sort((a, b) => a.tsMs - b.tsMs);
  for (const fill of sorted) {
    const queue = lots.get(fill.coin) ?? [];
    lots.set(fill.coin, queue);
    let remaining = fillSide(fill.dir) * fill.sz;
    while (
      remaining !== 0 && queue.length > 0 && Math.sign(queue[0].size) !== Math.sign(remaining)
    ) {
      const lot = queue[0];
      const used = Math.min(Math.abs(lot.size), Math.abs(remaining));
      pieces.push({ sec: (fill.tsMs - lot.timeMs) / 1000, size: used });
      lot.size -= Math.sign(lot.size) * used;
      remaining -= Math.sign(remaining) * used;
      if (Math.abs(lot.size) < 1e-12) queue.shift();
    }
    if (Math.abs(remaining) > 1e-12) queue.push({ timeMs: fill.tsMs, size: remaining });
  }
  let openLots = 0;
  for (const queue of lots.values()) openLots += queue.length;
  return { medianSec: weightedMedian(pieces), closed: pieces.length, openLots };
}

function weightedMedian(pieces: { sec: number; size: number }[]): number {
  if (pieces.length === 0) return NaN;
  const sorted = [...pieces].sort((a, b) => a.sec - b.sec);
  const total = sorted.reduce((sum, p) => sum + p.size, 0);
  let seen = 0;
  for (const piece of sorted) {
    seen += piece.size;
    if (seen >= total / 2) return piece.sec;
  }
  return sorted[sorted.length - 1].sec;
}
