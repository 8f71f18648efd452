/**
 * The background book side reset from levels read by index holds exactly
 * what a reset from [px, sz] pairs holds for a side best first (as l2Book
 * sends it): the same best level, the same size at every price, the same
 * consumption, over sides with empty and invalid sizes, invalid prices,
 * repeated prices and more levels than a lazy side takes; it reads only the
 * prices and sizes asked for; and it takes a side out of order as given.
 * Capping users' queues in one walk agrees with asking each price alone.
 */

import { BackgroundSide, SideBook, SimOrder } from "../../lib/sim/_book.ts";
import { Draws } from "../market/_random.ts";
import { assertEquals } from "../_helpers.ts";

class CountingLevels {
  priceReads = 0;
  sizeReads = 0;
  constructor(readonly pairs: [number, number][]) {}
  get length(): number {
    return this.pairs.length;
  }
  px(i: number): number {
    this.priceReads += 1;
    return this.pairs[i][0];
  }
  sz(i: number): number {
    this.sizeReads += 1;
    return this.pairs[i][1];
  }
}

/** What a side holds, probed at every price from `low` to `high`, then consumed level by level. */
function probe(side: BackgroundSide, low: number, high: number): unknown[] {
  const out: unknown[] = [];
  for (let px = low; px <= high; px++) out.push(side.sizeAt(px));
  while (!side.empty) {
    out.push(side.bestPx(), side.bestLots());
    side.consume(Math.max(1, Math.floor(side.bestLots() / 2)));
    out.push(side.sizeAt(side.empty ? 0 : side.bestPx()));
  }
  return out;
}

Deno.test("a background side from levels read by index holds what one from pairs holds, best first", () => {
  const draws = new Draws(11);
  for (let round = 0; round < 500; round++) {
    const isBid = draws.uniform() < 0.5;
    const pairs: [number, number][] = [];
    let px = 100;
    const count = draws.uniform() < 0.05 ? 40 : 1 + Math.floor(draws.uniform() * 12);
    for (let i = 0; i < count; i++) {
      const r = draws.uniform();
      pairs.push([px, r < 0.2 ? 0 : r < 0.25 ? 0.0004 : r < 0.3 ? Number.NaN : 0.001 * (1 + i)]);
      if (draws.uniform() > 0.3) px += isBid ? -1 : 1;
    }
    if (draws.uniform() < 0.05) pairs.splice(1, 0, [draws.uniform() < 0.5 ? Number.NaN : 0, 1]);
    const eager = new BackgroundSide(isBid), lazy = new BackgroundSide(isBid);
    eager.reset(pairs, 1000);
    lazy.reset(new CountingLevels(pairs), 1000);
    assertEquals(probe(lazy, 50, 150), probe(eager, 50, 150), JSON.stringify(pairs));
  }
});

Deno.test("a background side from levels read by index reads nothing until asked, then only what is asked", () => {
  const levels = new CountingLevels([[100, 0], [99, 0.5], [98, 1], [97, 2], [96, 3]]);
  const side = new BackgroundSide(true);
  side.reset(levels, 1000);
  assertEquals([levels.priceReads, levels.sizeReads], [0, 0]);
  // Below the deepest price: the deepest price alone answers.
  assertEquals(side.sizeAt(95), 0);
  assertEquals([levels.priceReads, levels.sizeReads], [1, 0]);
  // The best level: level 0 is empty, so level 1 (price and size of both).
  assertEquals([side.bestPx(), side.bestLots()], [99, 500]);
  assertEquals([levels.priceReads, levels.sizeReads], [3, 2]);
  // Down to 97: levels 2 and 3 are read on the way, level 4 stays unread but for its price.
  assertEquals(side.sizeAt(97), 2000);
  assertEquals([levels.priceReads, levels.sizeReads], [5, 3]);
});

Deno.test("a background side from levels read by index takes a side out of order as given", () => {
  const side = new BackgroundSide(true);
  side.reset(new CountingLevels([[98, 1], [100, 2], [99, 3]]), 1000);
  // Pairs would be sorted (best bid 100); levels read by index are best first as l2Book sends them.
  assertEquals([side.bestPx(), side.bestLots()], [98, 1000]);
  const sorted = new BackgroundSide(true);
  sorted.reset([[98, 1], [100, 2], [99, 3]], 1000);
  assertEquals([sorted.bestPx(), sorted.bestLots()], [100, 2000]);
});

Deno.test("capping users' queues in one walk gives each order the background size at its price", () => {
  const draws = new Draws(5);
  for (let round = 0; round < 300; round++) {
    const isBid = draws.uniform() < 0.5;
    const pairs: [number, number][] = [];
    let px = 100;
    const count = Math.floor(draws.uniform() * 15);
    for (let i = 0; i < count; i++) {
      const r = draws.uniform();
      pairs.push([r < 0.05 ? Number.NaN : px, r < 0.25 ? 0 : 0.001 * (1 + i)]);
      if (draws.uniform() > 0.3) px += isBid ? -1 : 1;
    }
    if (draws.uniform() < 0.2) pairs.reverse();
    const lazy = draws.uniform() < 0.5;
    const takeBest = draws.uniform() < 0.3;
    const side = () => {
      const bg = new BackgroundSide(isBid);
      bg.reset(lazy ? new CountingLevels(pairs) : pairs, 1000);
      if (takeBest && !bg.empty) bg.consume(1); // a partly taken best level
      return bg;
    };
    // Users' orders at random prices around the side, each with a long queue ahead.
    const users = new SideBook(isBid);
    const orders: SimOrder[] = [];
    for (let i = 0; i < 6; i++) {
      const at = 100 + (isBid ? -1 : 1) * Math.floor(draws.between(-3, 18));
      const order = new SimOrder(i, "u", 0, isBid, at, at, 1, 1, "Gtc", false, undefined, 0);
      order.queueAhead = 1e9;
      users.append(order);
      orders.push(order);
    }
    const one = side(), each = side();
    one.capQueues(users.levels);
    const expected = orders.map((order) => Math.min(1e9, each.sizeAt(order.px)));
    assertEquals(orders.map((order) => order.queueAhead), expected, JSON.stringify(pairs));
  }
});
