/**
 * Wire l2Book frames (decimal strings) as the two typed views a dry-run
 * feeds: the estimators' {@link L2Book} and the paper exchange's
 * {@link BookSnapshot}. Each level is parsed once and written into objects
 * reused from frame to frame: a day's replay reads about 135,000 books of
 * 40 levels, and allocating two fresh objects per level cost more than the
 * parsing did.
 *
 * @module
 */

import { fromWireNumber } from "../hyperliquid/wire.ts";
import type { L2Book } from "../hyperliquid/stream_schemas.ts";
import type { WireLevel } from "../sim/market_file.ts";
import type { BookSnapshot } from "../sim/matching.ts";

type Level = { px: number; sz: number; n: number };

/** One side's reused objects: the typed levels and the snapshot's [px, sz] pairs. */
class SideViews {
  readonly levels: Level[] = [];
  readonly pairs: [number, number][] = [];

  fill(wire: readonly WireLevel[]): void {
    const { levels, pairs } = this;
    const n = wire.length;
    for (let i = 0; i < n; i++) {
      const w = wire[i];
      const px = fromWireNumber(w.px), sz = fromWireNumber(w.sz);
      const level = levels[i];
      if (level === undefined) {
        levels.push({ px, sz, n: w.n });
        pairs.push([px, sz]);
        continue;
      }
      level.px = px;
      level.sz = sz;
      level.n = w.n;
      const pair = pairs[i];
      pair[0] = px;
      pair[1] = sz;
    }
    levels.length = n;
    pairs.length = n;
  }
}

/**
 * Reads wire books into views it owns: what {@link WireBookReader.read}
 * returns is overwritten by the next read, so a consumer must copy what it
 * keeps (the estimators' BookState and the matching engine's background
 * book both copy).
 */
export class WireBookReader {
  readonly #bids = new SideViews();
  readonly #asks = new SideViews();
  readonly #book: L2Book = { coin: "", time: 0, bids: this.#bids.levels, asks: this.#asks.levels };
  readonly #snapshot = { bids: this.#bids.pairs, asks: this.#asks.pairs, time: 0 };

  /** The frame's book (numbers) and the same levels as [px, sz] pairs; valid until the next read. */
  read(
    data: { coin: string; time: number; levels: [WireLevel[], WireLevel[]] },
  ): { book: L2Book; snapshot: BookSnapshot } {
    this.#bids.fill(data.levels[0]);
    this.#asks.fill(data.levels[1]);
    this.#book.coin = data.coin;
    this.#book.time = data.time;
    this.#snapshot.time = data.time;
    return { book: this.#book, snapshot: this.#snapshot };
  }
}
