/**
 * The paper executor: the Exchange port on the simulator's matching engine,
 * with latency in market time. Books are tiny and prices round (BTC:
 * szDecimals 5, integer prices around 100,000) so figures check by hand.
 */

import { PaperExchange } from "../../lib/engine/paper_exchange.ts";
import { ActionRejectedError, UnknownAssetError } from "../../lib/hyperliquid/errors.ts";
import type { OrderResult, OrderSpec } from "../../lib/hyperliquid/port.ts";
import {
  ClearinghouseStateSchema,
  OpenOrderSchema,
  UserFillSchema,
  UserRateLimitSchema,
} from "../../lib/hyperliquid/schemas.ts";
import type { UserFill } from "../../lib/hyperliquid/schemas.ts";
import { type BookSnapshot, MatchingEngine } from "../../lib/sim/matching.ts";
import { assert, assertEquals, assertRejects } from "../_helpers.ts";

const ALICE = "0x00000000000000000000000000000000000A11CE";
const T0 = 1_750_000_000_000;

interface Setup {
  paper: PaperExchange;
  engine: MatchingEngine;
  fills: UserFill[];
  /** Moves the engine loop's clock (when actions are sent). */
  setNow(ms: number): void;
}

function setup(options: { latencyMs?: number } = {}): Setup {
  let now = T0;
  const engine = new MatchingEngine({
    assets: [
      { coin: "BTC", szDecimals: 5, maxLeverage: 40 },
      { coin: "ETH", szDecimals: 4, maxLeverage: 25 },
    ],
    // Read only after construction: `paper` exists by then.
    now: (): number => paper.timeMs,
  });
  const paper = new PaperExchange({
    engine,
    user: ALICE,
    latencyMs: options.latencyMs ?? 0,
    now: () => now,
  });
  const fills: UserFill[] = [];
  paper.onFill((fill) => fills.push(fill));
  return { paper, engine, fills, setNow: (ms) => (now = ms) };
}

/** One bid and one ask of 1 BTC around 100,000. */
function book(time: number, bid = 99_990, ask = 100_010): BookSnapshot {
  return { bids: [[bid, 1]], asks: [[ask, 1]], time };
}

function bid(px: number, sz = 0.01, extra: Partial<OrderSpec> = {}): OrderSpec {
  return { coin: "BTC", side: "buy", px, sz, tif: "Alo", ...extra };
}

/** Whether a promise has settled after the pending microtasks ran. */
async function settled(promise: Promise<unknown>): Promise<boolean> {
  let done = false;
  promise.then(() => (done = true), () => (done = true));
  await new Promise((resolve) => setTimeout(resolve, 0));
  return done;
}

Deno.test("an Alo bid rests and fills as maker when a feed trade goes through its price", async () => {
  const { paper, fills } = setup();
  paper.applyBook("BTC", book(T0));
  const [result] = await paper.placeOrders([bid(99_990)]);
  assertEquals(result, { status: "resting", oid: 1 });
  paper.applyTrade("BTC", { px: 99_980, sz: 0.5, side: "A", time: T0 + 100, tid: 900 });
  assertEquals(fills.length, 1);
  const fill = UserFillSchema.parse(fills[0]);
  assertEquals([fill.side, fill.px, fill.sz, fill.crossed, fill.oid], [
    "B",
    "99990",
    "0.01",
    false,
    1,
  ]);
  assertEquals(fill.time, T0 + 100);
  assertEquals(await paper.openOrders(), []);
});

Deno.test("a trade at the bid's price fills it only once the queue ahead is eaten", () => {
  const { paper, fills } = setup();
  paper.applyBook("BTC", book(T0));
  paper.placeOrders([bid(99_990)]);
  paper.applyTrade("BTC", { px: 99_990, sz: 0.6, side: "A", time: T0 + 1, tid: 901 });
  assertEquals(fills.length, 0, "0.6 of the 1 BTC ahead eaten");
  paper.applyTrade("BTC", { px: 99_990, sz: 0.405, side: "A", time: T0 + 2, tid: 902 });
  assertEquals(fills.map((f) => f.sz), ["0.005"], "0.4 finishes the queue, 0.005 fills us");
});

Deno.test("with latency an order is not in the book until market time passes sent + latency", async () => {
  const { paper, fills } = setup({ latencyMs: 50 });
  paper.applyBook("BTC", book(T0));
  const placed = paper.placeOrders([bid(99_990)]);
  paper.applyTrade("BTC", { px: 99_980, sz: 0.5, side: "A", time: T0 + 49, tid: 903 });
  assertEquals(await settled(placed), false);
  assertEquals(fills.length, 0, "the order had not reached the book at T0+49");
  assertEquals(paper.stats().pending, 1);
  paper.applyBook("BTC", book(T0 + 50));
  assertEquals(await placed, [{ status: "resting", oid: 1 }]);
  assertEquals(paper.stats().pending, 0);
});

Deno.test("an action due by a market event is applied before that event", async () => {
  const { paper, fills, engine } = setup({ latencyMs: 50 });
  paper.applyBook("BTC", book(T0));
  const placed = paper.placeOrders([bid(99_990)]);
  paper.applyTrade("BTC", { px: 99_980, sz: 0.5, side: "A", time: T0 + 80, tid: 904 });
  assertEquals(await placed, [{ status: "resting", oid: 1 }]);
  assertEquals(fills.length, 1, "the trade at T0+80 met the order placed at T0+50");
  assertEquals(engine.orderStatus(ALICE, 1).status, "order");
  const status = engine.orderStatus(ALICE, 1);
  assert(status.status === "order");
  assertEquals(
    status.order.order.timestamp,
    T0 + 50,
    "the engine stamps the time the order arrived",
  );
});

Deno.test("flush applies every pending action, in the order sent", async () => {
  const { paper } = setup({ latencyMs: 50 });
  paper.applyBook("BTC", book(T0));
  const first = paper.placeOrders([bid(99_980, 0.01, { cloid: `0x${"1".repeat(32)}` })]);
  const second = paper.cancelByCloid([{ coin: "BTC", cloid: `0x${"1".repeat(32)}` }]);
  paper.flush();
  assertEquals(await first, [{ status: "resting", oid: 1, cloid: `0x${"1".repeat(32)}` }]);
  assertEquals(await second, [{ status: "success" }]);
  assertEquals(paper.timeMs, T0 + 50);
});

Deno.test("a bid cancelled before the trade does not fill", async () => {
  const { paper, fills } = setup();
  paper.applyBook("BTC", book(T0));
  const [placed] = await paper.placeOrders([bid(99_990)]);
  assert(placed.status === "resting");
  assertEquals(await paper.cancelOrders([{ coin: "BTC", oid: placed.oid }]), [{
    status: "success",
  }]);
  paper.applyTrade("BTC", { px: 99_980, sz: 0.5, side: "A", time: T0 + 1, tid: 905 });
  assertEquals(fills, []);
  assertEquals(await paper.cancelOrders([{ coin: "BTC", oid: placed.oid }]), [
    { status: "error", message: "Order was never placed, already canceled, or filled." },
  ]);
});

Deno.test("modify moves a resting order to a new price under a new oid", async () => {
  const { paper } = setup();
  paper.applyBook("BTC", book(T0));
  await paper.placeOrders([bid(99_980)]);
  const moved = await paper.modifyOrders([{ target: 1, order: bid(99_985, 0.02) }]);
  assertEquals(moved, [{ status: "resting", oid: 2 }]);
  const open = await paper.openOrders();
  assertEquals(open.map((o) => [o.oid, o.limitPx, o.sz]), [[2, "99985", "0.02"]]);
  assertEquals(await paper.modifyOrders([{ target: 1, order: bid(99_985) }]), [
    { status: "error", message: "Cannot modify canceled or filled order" },
  ]);
});

Deno.test("results have the port's shapes: filled, error and resting", async () => {
  const { paper } = setup();
  paper.applyBook("BTC", book(T0));
  const results: OrderResult[] = await paper.placeOrders([
    { coin: "BTC", side: "buy", px: 100_020, sz: 0.02, tif: "Ioc" },
    bid(100_010),
    bid(99_000),
  ]);
  assertEquals(results, [
    { status: "filled", oid: 1, totalSz: 0.02, avgPx: 100_010 },
    {
      status: "error",
      message: "Post only order would have immediately matched, bbo was 99990@100010.",
    },
    { status: "resting", oid: 3 },
  ]);
});

Deno.test("prices round to the tick bids down, asks up, and sizes down to the lot", async () => {
  const { paper } = setup();
  paper.applyBook("BTC", book(T0, 99_000, 101_000));
  await paper.placeOrders([
    bid(99_990.9, 0.012349),
    { coin: "BTC", side: "sell", px: 100_010.1, sz: 0.019999, tif: "Alo" },
  ]);
  const open = await paper.openOrders();
  assertEquals(
    open.map((o) => [o.side, o.limitPx, o.sz]).sort(),
    [["A", "100011", "0.01999"], ["B", "99990", "0.01234"]],
  );
});

Deno.test("an unknown coin rejects the whole call and sends nothing", async () => {
  const { paper } = setup();
  await assertRejects(() => paper.placeOrders([{ ...bid(10), coin: "btc" }]), UnknownAssetError);
  assertEquals(paper.stats().actions, 0);
});

Deno.test("empty batches answer [] without sending", async () => {
  const { paper } = setup();
  assertEquals(await paper.placeOrders([]), []);
  assertEquals(await paper.cancelOrders([]), []);
  assertEquals(paper.stats().actions, 0);
});

Deno.test("stats count actions, IP weights and address requests as a live run would spend them", async () => {
  const { paper } = setup();
  paper.applyBook("BTC", book(T0));
  const orders = Array.from({ length: 41 }, (_, i) => bid(99_000 - i));
  await paper.placeOrders(orders);
  await paper.cancelOrders([{ coin: "BTC", oid: 1 }, { coin: "BTC", oid: 2 }]);
  await paper.scheduleCancel(T0 + 60_000);
  await paper.openOrders();
  const stats = paper.stats();
  assertEquals(stats.actions, 3);
  assertEquals(stats.actionWeight, 2 + 1 + 1);
  assertEquals(stats.addressRequests, 41 + 2 + 1);
  assertEquals(stats.byKind.order, { actions: 1, items: 41, weight: 2 });
  assertEquals(stats.byKind.cancel, { actions: 1, items: 2, weight: 1 });
  assertEquals(stats.byKind.scheduleCancel, { actions: 1, items: 0, weight: 1 });
  assertEquals(stats.infoRequests, 2, "meta once, openOrders once");
  assertEquals(stats.infoWeight, 20 + 20);
});

Deno.test("rateLimit reports the requests used against 10,000 plus the volume traded", async () => {
  const { paper } = setup();
  paper.applyBook("BTC", book(T0));
  await paper.placeOrders([{ coin: "BTC", side: "buy", px: 100_010, sz: 0.1, tif: "Ioc" }]);
  const limit = UserRateLimitSchema.parse(await paper.rateLimit());
  assertEquals(limit, { cumVlm: "10001", nRequestsUsed: 1, nRequestsCap: 20_001 });
});

Deno.test("a scheduled cancel cancels the resting orders when market time reaches it", async () => {
  const { paper, engine } = setup();
  paper.applyBook("BTC", book(T0));
  await paper.placeOrders([bid(99_990)]);
  await paper.scheduleCancel(T0 + 10_000);
  paper.applyBook("BTC", book(T0 + 9_999));
  assertEquals((await paper.openOrders()).length, 1);
  paper.advance(T0 + 10_000);
  assertEquals(await paper.openOrders(), []);
  const status = engine.orderStatus(ALICE, 1);
  assert(status.status === "order");
  assertEquals([status.order.status, status.order.statusTimestamp], [
    "scheduledCancel",
    T0 + 10_000,
  ]);
  assertEquals(paper.scheduledCancelAtMs, undefined);
});

Deno.test("a scheduled cancel under 5 s ahead is rejected with the exchange's text", async () => {
  const { paper } = setup();
  await assertRejects(
    () => paper.scheduleCancel(T0 + 4_999),
    ActionRejectedError,
    "at least 5 seconds",
  );
  await paper.scheduleCancel(T0 + 5_000);
  await paper.scheduleCancel(null);
  assertEquals(paper.scheduledCancelAtMs, undefined);
});

Deno.test("updateLeverage refuses a leverage above the asset's maximum", async () => {
  const { paper } = setup();
  await paper.updateLeverage("ETH", { leverage: 10, isCross: false });
  await assertRejects(
    () => paper.updateLeverage("ETH", { leverage: 26, isCross: true }),
    ActionRejectedError,
  );
});

Deno.test("accountState and fills show a taker fill in the exchange's shapes", async () => {
  const { paper } = setup();
  paper.applyBook("BTC", book(T0));
  await paper.placeOrders([{ coin: "BTC", side: "buy", px: 100_010, sz: 0.01, tif: "Ioc" }]);
  const state = ClearinghouseStateSchema.parse(await paper.accountState());
  assertEquals(state.assetPositions.map((p) => [p.position.coin, p.position.szi]), [[
    "BTC",
    "0.01",
  ]]);
  const fills = await paper.fills();
  assertEquals(fills.map((f) => [f.side, f.px, f.crossed, f.dir]), [[
    "B",
    "100010",
    true,
    "Open Long",
  ]]);
  assertEquals((await paper.fills({ sinceMs: T0 + 1 })).length, 0);
  assertEquals(OpenOrderSchema.array().parse(await paper.openOrders()), []);
});

Deno.test("markets lists the engine's assets", async () => {
  const { paper } = setup();
  const markets = await paper.markets();
  assertEquals(markets.all().map((m) => [m.coin, m.assetIndex, m.szDecimals]), [
    ["BTC", 0, 5],
    ["ETH", 1, 4],
  ]);
  assertEquals(await paper.markets(), markets);
});

Deno.test("the same feed and actions give the same fills", async () => {
  async function run(): Promise<string> {
    const { paper, fills, setNow } = setup({ latencyMs: 30 });
    for (let i = 0; i < 20; i++) {
      const t = T0 + i * 100;
      setNow(t);
      paper.applyBook("BTC", book(t, 99_990 - (i % 3), 100_010 + (i % 2)));
      void paper.placeOrders([bid(99_990 - (i % 3)), {
        coin: "BTC",
        side: "sell",
        px: 100_010 + (i % 2),
        sz: 0.01,
        tif: "Alo",
      }]);
      paper.applyTrade("BTC", {
        px: i % 2 === 0 ? 99_985 : 100_015,
        sz: 0.3,
        side: i % 2 === 0 ? "A" : "B",
        time: t + 50,
        tid: 1_000 + i,
      });
    }
    paper.flush();
    return JSON.stringify({ fills, state: await paper.accountState() });
  }
  const first = await run();
  assert(JSON.parse(first).fills.length > 0);
  assertEquals(await run(), first);
});

Deno.test("close rejects the pending actions and detaches from the engine", async () => {
  const { paper, fills } = setup({ latencyMs: 50 });
  paper.applyBook("BTC", book(T0));
  const placed = paper.placeOrders([bid(99_990)]);
  paper.close();
  await assertRejects(() => placed, Error, "closed");
  assertEquals(fills, []);
});
