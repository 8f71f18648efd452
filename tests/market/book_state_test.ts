/**
 * BookState: touch, mid, spread, depth, imbalance and staleness from l2Book
 * snapshots, by hand on small books and on the real BTC hour.
 */

import { BookState } from "../../lib/market/book_state.ts";
import type { L2Book } from "../../lib/hyperliquid/stream_schemas.ts";
import { assert, assertEquals, assertThrows } from "../_helpers.ts";
import { realBtcHour } from "./_real_hour.ts";

/** A book from [px, sz] pairs, best first. */
function book(
  time: number,
  bids: [number, number][],
  asks: [number, number][],
  coin = "BTC",
): L2Book {
  const level = ([px, sz]: [number, number]) => ({ px, sz, n: 1 });
  return { coin, time, bids: bids.map(level), asks: asks.map(level) };
}

const SAMPLE = book(
  1_000,
  [[100, 1], [99, 2], [98, 3]],
  [[101, 4], [102, 5]],
);

Deno.test("best bid, best ask, mid and spread (USD and bps) come from the top levels", () => {
  const state = new BookState();
  assert(state.update(SAMPLE));
  assertEquals(state.bestBid, 100);
  assertEquals(state.bestAsk, 101);
  assertEquals(state.mid, 100.5);
  assertEquals(state.spread, 1);
  assertEquals(state.spreadBps, (1 / 100.5) * 10_000);
  assertEquals(state.time, 1_000);
  assertEquals(state.coin, "BTC");
  assert(state.isTwoSided);
});

Deno.test("depth sums coin size and USD notional over the first N levels, or what a side has", () => {
  const state = new BookState({ depthLevels: 2 });
  state.update(SAMPLE);
  assertEquals(state.depth("bid"), 3);
  assertEquals(state.depthUsd("bid"), 100 * 1 + 99 * 2);
  assertEquals(state.depth("ask", 1), 4);
  assertEquals(state.depthUsd("ask", 1), 404);
  assertEquals(state.depth("bid", 10), 6, "only three bid levels exist");
  assertEquals(state.depthUsd("ask", 10), 101 * 4 + 102 * 5);
  assertEquals(state.levels("bid"), 3);
  assertEquals(state.levels("ask"), 2);
});

Deno.test("imbalance at k levels is (bid size − ask size) / (bid size + ask size)", () => {
  const state = new BookState({ imbalanceLevels: 2 });
  state.update(SAMPLE);
  assertEquals(state.imbalanceAt(1), (1 - 4) / (1 + 4));
  assertEquals(state.imbalanceAt(2), (3 - 9) / (3 + 9));
  assertEquals(state.imbalanceAt(3), (6 - 9) / (6 + 9));
  assertEquals(state.imbalance, state.imbalanceAt(2), "the getter uses imbalanceLevels");
});

Deno.test("a snapshot replaces the whole book, shorter sides included", () => {
  const state = new BookState();
  state.update(SAMPLE);
  state.update(book(2_000, [[50, 7]], [[51, 1]]));
  assertEquals(state.depth("bid", 20), 7);
  assertEquals(state.levels("bid"), 1);
  assertEquals(state.mid, 50.5);
  assertEquals(state.updates, 2);
});

Deno.test("a snapshot older than the current one is ignored", () => {
  const state = new BookState();
  state.update(SAMPLE);
  assertEquals(state.update(book(999, [[1, 1]], [[2, 1]])), false);
  assertEquals(state.bestBid, 100);
  assertEquals(state.time, 1_000);
});

Deno.test("a one-sided book has a best bid but NaN ask, mid and spread", () => {
  const state = new BookState();
  state.update(book(1, [[100, 1]], []));
  assert(!state.isTwoSided);
  assertEquals(state.bestBid, 100);
  assert(Number.isNaN(state.bestAsk) && Number.isNaN(state.mid) && Number.isNaN(state.spreadBps));
  assertEquals(state.imbalanceAt(1), 1);
});

Deno.test("stale: true with no book or a book older than maxAgeMs, false otherwise", () => {
  const state = new BookState();
  assert(state.stale(0, 1_000), "no book yet");
  state.update(SAMPLE);
  assert(!state.stale(2_000, 1_000), "exactly maxAgeMs old");
  assert(state.stale(2_001, 1_000));
});

Deno.test("levels beyond maxLevels are ignored", () => {
  const state = new BookState({ maxLevels: 2 });
  state.update(SAMPLE);
  assertEquals(state.levels("bid"), 2);
  assertEquals(state.depth("bid", 20), 3);
});

Deno.test("a snapshot of another coin is a wiring error", () => {
  const state = new BookState();
  state.update(SAMPLE);
  assertThrows(() => state.update(book(2_000, [[1, 1]], [[2, 1]], "ETH")), Error, "ETH");
});

Deno.test("bad options are refused", () => {
  assertThrows(() => new BookState({ depthLevels: 0 }), RangeError, "depthLevels");
  assertThrows(() => new BookState({ maxLevels: 1.5 }), RangeError, "maxLevels");
});

Deno.test("the real BTC hour: two-sided, median spread 2 USD ≈ 0.47 bps, touch leans bid", () => {
  const books = realBtcHour();
  const state = new BookState();
  const spreads: number[] = [];
  let touch = 0;
  let five = 0;
  for (const snapshot of books) {
    assert(state.update(snapshot));
    assert(state.isTwoSided);
    assert(state.spread > 0, "never crossed or locked");
    spreads.push(state.spreadBps);
    touch += state.imbalanceAt(1);
    five += state.imbalanceAt(5);
  }
  spreads.sort((a, b) => a - b);
  const median = spreads[spreads.length >> 1];
  // 2 USD at ≈ 42,700 USD: 0.468 bps (SOURCES.md: BTC quotes on a 1 USD tick here).
  assert(median > 0.4 && median < 0.55, `median spread ${median} bps`);
  const meanTouch = touch / books.length;
  const meanFive = five / books.length;
  assert(meanTouch > 0.2 && meanTouch < 0.35, `mean touch imbalance ${meanTouch}`);
  assert(meanFive > -0.15 && meanFive < 0.05, `mean 5-level imbalance ${meanFive}`);
});

/** Levels read by index, counting the reads. */
class CountingLevels {
  reads = 0;
  constructor(readonly pairs: [number, number][]) {}
  get length(): number {
    return this.pairs.length;
  }
  px(i: number): number {
    this.reads += 1;
    return this.pairs[i][0];
  }
  sz(i: number): number {
    this.reads += 1;
    return this.pairs[i][1];
  }
}

Deno.test("levels read by index give the same figures as arrays, reading the touch only until a depth asks", () => {
  const bids: [number, number][] = [[100, 1.25], [99.5, 2.5], [99, 0.125], [98, 3]];
  const asks: [number, number][] = [[101, 0.75], [101.5, 5], [102, 1.5]];
  const eager = new BookState();
  eager.update(book(1_000, bids, asks));
  const lazy = new BookState();
  const lazyBids = new CountingLevels(bids), lazyAsks = new CountingLevels(asks);
  assert(lazy.update({ coin: "BTC", time: 1_000, bids: lazyBids, asks: lazyAsks }));
  assertEquals([lazy.bestBid, lazy.bestAsk, lazy.mid, lazy.imbalance], [
    eager.bestBid,
    eager.bestAsk,
    eager.mid,
    eager.imbalance,
  ]);
  assertEquals(lazyBids.reads + lazyAsks.reads, 4);
  assertEquals([lazy.levels("bid"), lazy.levels("ask")], [4, 3]);
  for (const n of [2, 1, 3, 10]) {
    assertEquals(lazy.depth("bid", n), eager.depth("bid", n));
    assertEquals(lazy.depthUsd("ask", n), eager.depthUsd("ask", n));
    assertEquals(lazy.imbalanceAt(n), eager.imbalanceAt(n));
  }
  assertEquals(lazyBids.reads, 2 * bids.length);
  // A new snapshot by arrays replaces the lazy one whole.
  lazy.update(book(2_000, [[50, 1]], [[51, 2]]));
  assertEquals([lazy.depth("bid", 5), lazy.depthUsd("ask", 5)], [1, 102]);
});

Deno.test("levels read by index: an empty side reads nothing and is not two-sided", () => {
  const state = new BookState();
  const empty = new CountingLevels([]);
  state.update({ coin: "BTC", time: 1, bids: new CountingLevels([[100, 1]]), asks: empty });
  assertEquals([state.isTwoSided, state.depth("ask"), empty.reads], [false, 0, 0]);
});
