/**
 * The matching engine fed books as {@link BookLevels} (prices and sizes read
 * lazily, when needed) behaves exactly as when fed [px, sz] pairs: the same
 * answers, fills, events and books, over random books best first (as
 * l2Book sends them) that include empty and invalid sizes, invalid and
 * duplicate prices.
 */

import type { BookLevels } from "../../lib/hyperliquid/book_levels.ts";
import { type EngineEvent, MatchingEngine, type OrderRequest } from "../../lib/sim/matching.ts";
import { Draws } from "../market/_random.ts";
import { assertEquals } from "../_helpers.ts";

const USERS = [
  "0x00000000000000000000000000000000000a11ce",
  "0x0000000000000000000000000000000000000b0b",
];

class PairLevels implements BookLevels {
  constructor(readonly pairs: [number, number][]) {}
  get length(): number {
    return this.pairs.length;
  }
  px(i: number): number {
    return this.pairs[i][0];
  }
  sz(i: number): number {
    return this.pairs[i][1];
  }
}

function engine(now: () => number): { engine: MatchingEngine; events: EngineEvent[] } {
  const m = new MatchingEngine({
    assets: [{ coin: "BTC", szDecimals: 3, maxLeverage: 40 }],
    now,
    startingBalanceUsd: 1_000_000,
  });
  const events: EngineEvent[] = [];
  m.onEvent((event) => events.push(event));
  return { engine: m, events };
}

/** A side of `count` levels from `best`, `step` apart; some sizes empty or bad, some prices repeated or invalid. */
function side(draws: Draws, best: number, step: number, count: number): [number, number][] {
  const out: [number, number][] = [];
  let px = best;
  for (let i = 0; i < count; i++) {
    const r = draws.uniform();
    const sz = r < 0.1
      ? 0
      : r < 0.13
      ? 0.0004
      : r < 0.15
      ? Number.NaN
      : Math.round(draws.between(0.001, 2) * 1000) / 1000;
    out.push([px, sz]);
    if (draws.uniform() > 0.2) px += step;
  }
  if (draws.uniform() < 0.1 && count > 3) out[2] = [Number.NaN, 1];
  if (draws.uniform() < 0.05) out.push([-1, 1]);
  return out;
}

Deno.test("books as levels read by index match books as pairs, operation by operation", () => {
  for (let seed = 1; seed <= 40; seed++) {
    const draws = new Draws(seed);
    let now = 1_750_000_000_000;
    const a = engine(() => now), b = engine(() => now);
    const answers: unknown[][] = [[], []];
    let mid = 100_000;
    for (let step = 0; step < 300; step++) {
      now += 100;
      const r = draws.uniform();
      if (r < 0.35) {
        mid += Math.round(draws.between(-5, 5));
        const count = 1 + Math.floor(draws.uniform() * 20);
        const bids = side(draws, mid - 1, -1, count), asks = side(draws, mid + 1, 1, count);
        const time = now;
        answers[0].push(a.engine.applyBook("BTC", { bids, asks, time }));
        answers[1].push(
          b.engine.applyBook("BTC", {
            bids: new PairLevels(bids),
            asks: new PairLevels(asks),
            time,
          }),
        );
      } else if (r < 0.8) {
        const isBuy = draws.uniform() < 0.5;
        const offset = Math.round(draws.between(-4, 8));
        const tif = (["Alo", "Gtc", "Ioc"] as const)[Math.floor(draws.uniform() * 3)];
        const order: OrderRequest = {
          asset: 0,
          isBuy,
          px: isBuy ? mid - offset : mid + offset,
          sz: Math.round(draws.between(0.001, 1.5) * 1000) / 1000,
          tif,
          reduceOnly: false,
        };
        const user = USERS[Math.floor(draws.uniform() * 2)];
        answers[0].push(a.engine.placeOrder(user, order));
        answers[1].push(b.engine.placeOrder(user, order));
      } else if (r < 0.95) {
        const trade = {
          px: mid + Math.round(draws.between(-6, 6)),
          sz: Math.round(draws.between(0.001, 3) * 1000) / 1000,
          side: draws.uniform() < 0.5 ? "A" as const : "B" as const,
          time: now,
          tid: step,
        };
        answers[0].push(a.engine.applyTrade("BTC", trade));
        answers[1].push(b.engine.applyTrade("BTC", trade));
      } else {
        answers[0].push(a.engine.l2Book("BTC"), a.engine.bbo("BTC"), a.engine.mid("BTC"));
        answers[1].push(b.engine.l2Book("BTC"), b.engine.bbo("BTC"), b.engine.mid("BTC"));
      }
    }
    assertEquals(answers[1], answers[0], `seed ${seed}`);
    assertEquals(b.events, a.events, `seed ${seed}`);
    assertEquals(
      USERS.map((u) => b.engine.openOrders(u)),
      USERS.map((u) => a.engine.openOrders(u)),
    );
    assertEquals(a.events.some((e) => e.type === "fill"), true, `seed ${seed}: the run fills`);
  }
});
