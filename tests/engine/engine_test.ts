/** The quoting engine on a paper exchange: requotes, fills, failures and shutdown. */

import { loadConfig } from "../../lib/config/mm_config.ts";
import { typedBook } from "../../lib/engine/dry_run.ts";
import { QuotingEngine, REQUOTE_REFRESH_MS } from "../../lib/engine/engine.ts";
import { Journal } from "../../lib/engine/journal.ts";
import { MarketModel } from "../../lib/engine/market_model.ts";
import { PaperExchange } from "../../lib/engine/paper_exchange.ts";
import { RateLimitTracker } from "../../lib/engine/rate_tracker.ts";
import { CloidFactory } from "../../lib/hyperliquid/cloid.ts";
import { ServerError } from "../../lib/hyperliquid/errors.ts";
import { MatchingEngine } from "../../lib/sim/matching.ts";
import { assert, assertEquals } from "../_helpers.ts";

const USER = "0x00000000000000000000000000000000000000bb";

/** A market model that counts its readouts: one per quote the engine computes. */
class CountingModel extends MarketModel {
  readouts = 0;
  override readout(nowMs: number) {
    this.readouts += 1;
    return super.readout(nowMs);
  }
}

function setup(startMs = Date.UTC(2026, 0, 5)) {
  let marketMs = startMs;
  const now = () => marketMs;
  const matching = new MatchingEngine({
    assets: [{ coin: "BTC", szDecimals: 5, maxLeverage: 40 }],
    now,
  });
  const paper = new PaperExchange({ engine: matching, user: USER, latencyMs: 0, now });
  const events: Record<string, unknown>[] = [];
  const journal = new Journal({
    now,
    stdout: {
      write: (s) => (events.push(...s.trim().split("\n").map((l) => JSON.parse(l))), true),
    },
  });
  const calls: string[] = [];
  let failNextPlace = false;
  const exchange = new Proxy(paper, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        calls.push(String(property));
        if (property === "placeOrders" && failNextPlace) {
          failNextPlace = false;
          return Promise.reject(new ServerError("exchange:order", { status: 502 }));
        }
        return value.apply(target, args);
      };
    },
  });
  const cloids = new CloidFactory({ sessionId: "00000000000b" });
  const model = new CountingModel("BTC");
  // A well-traded address: plenty of budget, so no rate-limit widening here.
  const tracker = new RateLimitTracker({ now });
  tracker.syncAddress({ nRequestsUsed: 0, nRequestsCap: 10_000_000, cumVlm: 9_990_000 });
  const engine = new QuotingEngine({
    market: {
      coin: "BTC",
      assetIndex: 0,
      szDecimals: 5,
      maxLeverage: 40,
      onlyIsolated: false,
      isDelisted: false,
    },
    exchange,
    model,
    strategy: loadConfig([]).strategy,
    settings: loadConfig([]).engine,
    tracker,
    journal,
    newCloid: () => cloids.next(),
    now,
    startingEquityUsd: 10_000,
  });
  const book = (mid: number, stepMs = 600) => {
    marketMs += stepMs;
    const data = {
      coin: "BTC",
      time: marketMs,
      levels: [
        Array.from({ length: 20 }, (_, i) => ({ px: String(mid - 1 - i), sz: "1", n: 1 })),
        Array.from({ length: 20 }, (_, i) => ({ px: String(mid + 1 + i), sz: "1", n: 1 })),
      ] as [{ px: string; sz: string; n: number }[], { px: string; sz: string; n: number }[]],
    };
    paper.applyBook("BTC", {
      bids: data.levels[0].map((l) => [+l.px, +l.sz]),
      asks: data.levels[1].map((l) => [+l.px, +l.sz]),
      time: marketMs,
    });
    engine.onBook(typedBook(data));
  };
  return {
    engine,
    paper,
    events,
    calls,
    book,
    model,
    failNext: () => (failNextPlace = true),
    /** Moves the clock without market data. */
    wait: (ms: number) => (marketMs += ms),
  };
}

async function turn() {
  for (let i = 0; i < 20; i++) await null;
}

Deno.test("the first book places a 5 + 5 ladder in one signed action, around the mid", async () => {
  const { engine, book, events } = setup();
  await engine.start();
  book(90_000);
  await turn();
  const resting = engine.resting;
  assertEquals(resting.filter((o) => o.side === "buy").length, 5);
  assertEquals(resting.filter((o) => o.side === "sell").length, 5);
  assert(
    resting.every((o) => (o.side === "buy" ? o.px < 90_000 : o.px > 90_000)),
    "bids below, asks above the mid",
  );
  assertEquals(events.filter((e) => e.type === "action").length, 1);
});

Deno.test("an unchanged market needs no further action", async () => {
  const { engine, book, events } = setup();
  await engine.start();
  book(90_000);
  await turn();
  book(90_000);
  await turn();
  assertEquals(events.filter((e) => e.type === "action").length, 1);
});

Deno.test("a failed action is not re-sent blindly: open orders are re-read first", async () => {
  const { engine, book, calls, failNext, events } = setup();
  await engine.start();
  failNext();
  book(90_000);
  await turn();
  assert(events.some((e) => e.type === "error"), "the failure is journaled");
  const afterFailure = calls.length;
  book(90_000);
  await turn();
  assertEquals(calls[afterFailure], "openOrders", "the next tick resyncs");
  book(90_000);
  await turn();
  assertEquals(engine.resting.length, 10, "then quotes as usual");
});

Deno.test("shutdown cancels every order and finds none resting", async () => {
  const { engine, book, paper } = setup();
  await engine.start();
  book(90_000);
  await turn();
  assertEquals(await engine.shutdown(), 0);
  assertEquals(await paper.openOrders(), []);
});

Deno.test("a quote is computed only when due: a move, the refresh interval, the hour, not its own answered action", async () => {
  // 00:58:00 UTC: the hour turns during the test.
  const { engine, book, model, events } = setup(Date.UTC(2026, 0, 5, 0, 58));
  await engine.start();
  book(90_000);
  await turn();
  assertEquals(model.readouts, 1);
  assertEquals(events.filter((e) => e.type === "action").length, 1);
  // The ladder just placed is what was asked for: the next still books compute nothing.
  book(90_000);
  book(90_000);
  await turn();
  assertEquals(model.readouts, 1, "no quote for the engine's own answered action");
  // A mid move under a quarter of the 1.5 bps tolerance (3 USD = 0.33 bps): still nothing.
  book(90_003);
  assertEquals(model.readouts, 1, "a small move computes no quote");
  // A quarter of the tolerance or more: a quote.
  book(90_004);
  assertEquals(model.readouts, 2, "a move of 0.44 bps computes a quote");
  // Still market: the next quote when the refresh interval has passed.
  const steps = Math.ceil(REQUOTE_REFRESH_MS / 600);
  for (let i = 1; i < steps; i++) book(90_004);
  assertEquals(model.readouts, 2, "nothing within the refresh interval");
  book(90_004);
  assertEquals(model.readouts, 3, "a quote once the refresh interval passed");
  // 00:59:59.9 → 01:00:00.5: a new UTC hour (toxic hours) requotes at once.
  const toHour = Date.UTC(2026, 0, 5, 1) - (Date.UTC(2026, 0, 5, 0, 58) + 600 * (steps + 5));
  book(90_004, toHour - 100);
  const before = model.readouts;
  book(90_004, 600);
  assertEquals(model.readouts, before + 1, "the hour changed");
});

Deno.test("the timer computes nothing while the feed is fresh and nothing is due, and pulls a stale feed", async () => {
  const { engine, book, model, wait, events } = setup();
  await engine.start();
  book(90_000);
  await turn();
  assertEquals(engine.resting.length, 10);
  const readouts = model.readouts;
  wait(1000);
  engine.onTimer();
  assertEquals(model.readouts, readouts, "fresh data, nothing due: no quote");
  // The feed goes silent past maxDataAgeMs (2 s): the next tick pulls every order.
  wait(1500);
  engine.onTimer();
  await turn();
  assertEquals(engine.resting.length, 0, "a stale feed pulls the quotes at the next tick");
  const pull = events.findLast((e) => e.type === "quote")!;
  assertEquals(pull.decision, "pull");
  assert(JSON.stringify(pull.reasons).includes("stale_data"));
  // Data comes back at the very same mid: the first fresh book quotes again at once.
  book(90_000, 100);
  await turn();
  assertEquals(engine.resting.length, 10, "quoting resumes on the first fresh book");
});
