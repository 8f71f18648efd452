/**
 * The simulator's matching engine and ledger: price-time priority, the
 * exchange's refusal texts, background liquidity and the queue model,
 * modify/cancel, self-trade prevention, hand-checked ledger arithmetic,
 * funding, and the wire shapes of every read.
 *
 * Books are tiny and prices round (BTC: szDecimals 5, integer prices around
 * 100,000; ETH: szDecimals 4) so every figure can be checked by hand.
 */

import {
  CancelStatusSchema,
  ClearinghouseStateSchema,
  FrontendOpenOrderSchema,
  L2BookSchema,
  OpenOrderSchema,
  OrderStatusSchema,
  UserFillSchema,
} from "../../lib/hyperliquid/schemas.ts";
import {
  BACKGROUND_USER,
  type BookSnapshot,
  type EngineEvent,
  MatchingEngine,
  type MatchingEngineOptions,
  type OrderRequest,
  type OrderStatus,
  SIM_ERRORS,
} from "../../lib/sim/matching.ts";
import { assert, assertEquals, assertThrows } from "../_helpers.ts";

const ALICE = "0x00000000000000000000000000000000000a11ce";
const BOB = "0x0000000000000000000000000000000000000b0b";
const CAROL = "0x00000000000000000000000000000000000ca201";
const T0 = 1_750_000_000_000;
const BTC = 0;
const ETH = 1;

interface Setup {
  engine: MatchingEngine;
  events: EngineEvent[];
  advance(ms: number): void;
}

function setup(options: Partial<MatchingEngineOptions> = {}): Setup {
  let now = T0;
  const engine = new MatchingEngine({
    assets: [
      { coin: "BTC", szDecimals: 5, maxLeverage: 40 },
      { coin: "ETH", szDecimals: 4, maxLeverage: 25 },
    ],
    now: () => now,
    ...options,
  });
  const events: EngineEvent[] = [];
  engine.onEvent((event) => events.push(event));
  return { engine, events, advance: (ms) => (now += ms) };
}

function order(
  side: "buy" | "sell",
  sz: number,
  px: number,
  extra: Partial<OrderRequest> = {},
): OrderRequest {
  return { asset: BTC, isBuy: side === "buy", px, sz, tif: "Gtc", reduceOnly: false, ...extra };
}

function restingOid(status: OrderStatus): number {
  if (!("resting" in status)) throw new Error(`expected resting, got ${JSON.stringify(status)}`);
  return status.resting.oid;
}

function btcBook(
  engine: MatchingEngine,
  bids: [number, number][],
  asks: [number, number][],
): void {
  engine.applyBook("BTC", { bids, asks, time: T0 });
}

function fillSummary(engine: MatchingEngine, user: string): string[] {
  return engine.fills(user).reverse().map((f) => `${f.side} ${f.sz}@${f.px}`);
}

// --- priority and partial fills -------------------------------------------------------------

Deno.test("a taker fills the better price first, then equal prices in time order", () => {
  const { engine } = setup();
  engine.placeOrder(BOB, order("sell", 0.1, 100_010));
  engine.placeOrder(CAROL, order("sell", 0.1, 100_005));
  engine.placeOrder(CAROL, order("sell", 0.1, 100_010));
  engine.placeOrder(ALICE, order("buy", 0.3, 100_010));
  assertEquals(fillSummary(engine, ALICE), ["B 0.1@100005", "B 0.1@100010", "B 0.1@100010"]);
  assertEquals(engine.fills(BOB).map((f) => f.px), ["100010"]);
  assertEquals(engine.fills(CAROL).map((f) => f.px), ["100010", "100005"]);
  // BOB's order at 100010 came before CAROL's: it filled first (lower tid).
  assert(engine.fills(BOB)[0].tid < engine.fills(CAROL)[0].tid);
});

Deno.test("a partial fill leaves the maker resting with the rest and its original size", () => {
  const { engine } = setup();
  engine.placeOrder(BOB, order("sell", 0.1, 100_000));
  engine.placeOrder(CAROL, order("sell", 0.1, 100_000));
  const status = engine.placeOrder(ALICE, order("buy", 0.15, 100_000, { tif: "Ioc" }));
  assert("filled" in status);
  assertEquals(status.filled.totalSz, "0.15");
  assertEquals(status.filled.avgPx, "100000");
  assertEquals(engine.openOrders(BOB), []);
  const [carol] = engine.openOrders(CAROL);
  assertEquals([carol.sz, carol.origSz], ["0.05", "0.1"]);
});

Deno.test("a Gtc remainder rests after a partial fill and the answer is resting", () => {
  const { engine } = setup();
  engine.placeOrder(BOB, order("sell", 0.1, 100_000));
  const status = engine.placeOrder(ALICE, order("buy", 0.3, 100_000));
  const oid = restingOid(status);
  const [open] = engine.openOrders(ALICE);
  assertEquals([open.oid, open.sz, open.origSz, open.limitPx], [oid, "0.2", "0.3", "100000"]);
  assertEquals(engine.fills(ALICE).length, 1);
});

Deno.test("an Ioc remainder is cancelled and the answer is the partial fill", () => {
  const { engine } = setup();
  engine.placeOrder(BOB, order("sell", 0.1, 100_000));
  const status = engine.placeOrder(ALICE, order("buy", 0.3, 100_000, { tif: "Ioc" }));
  assert("filled" in status);
  assertEquals(status.filled.totalSz, "0.1");
  assertEquals(engine.openOrders(ALICE), []);
  const info = engine.orderStatus(ALICE, status.filled.oid);
  assert(info.status === "order");
  assertEquals(info.order.status, "canceled");
});

// --- refusals ------------------------------------------------------------------------------

Deno.test("Alo crossing the book is refused with the bbo in wire form: 99999@100001", () => {
  const { engine } = setup();
  btcBook(engine, [[99_999, 1]], [[100_001, 1]]);
  assertEquals(engine.placeOrder(ALICE, order("buy", 0.1, 100_001, { tif: "Alo" })), {
    error: "Post only order would have immediately matched, bbo was 99999@100001.",
  });
  assertEquals(engine.placeOrder(ALICE, order("sell", 0.1, 99_000, { tif: "Alo" })), {
    error: "Post only order would have immediately matched, bbo was 99999@100001.",
  });
  assert("resting" in engine.placeOrder(ALICE, order("buy", 0.1, 100_000, { tif: "Alo" })));
});

Deno.test("Alo refusal writes decimal prices without padding: bbo was 2440.1@2440.2", () => {
  const { engine } = setup();
  engine.applyBook("ETH", { bids: [[2440.1, 5]], asks: [[2440.2, 5]], time: T0 });
  const status = engine.placeOrder(
    ALICE,
    order("buy", 1, 2440.2, { asset: ETH, tif: "Alo" }),
  );
  assertEquals(status, {
    error: "Post only order would have immediately matched, bbo was 2440.1@2440.2.",
  });
});

Deno.test("Alo crossing a user's resting order (not only background) is refused", () => {
  const { engine } = setup();
  engine.placeOrder(BOB, order("sell", 0.1, 100_005));
  assertEquals(engine.placeOrder(ALICE, order("buy", 0.1, 100_005, { tif: "Alo" })), {
    error: "Post only order would have immediately matched, bbo was 0@100005.",
  });
});

Deno.test("an Ioc that matches nothing is refused with the exchange's text", () => {
  const { engine } = setup();
  btcBook(engine, [[99_999, 1]], [[100_001, 1]]);
  assertEquals(engine.placeOrder(ALICE, order("buy", 0.1, 100_000, { tif: "Ioc" })), {
    error: "Order could not immediately match against any resting orders.",
  });
  assertEquals(engine.openOrders(ALICE), []);
});

Deno.test("a price off the tick is refused: 100000.5 BTC, 2440.15 ETH", () => {
  const { engine } = setup();
  const tick = { error: "Price must be divisible by tick size." };
  assertEquals(engine.placeOrder(ALICE, order("buy", 0.1, 100_000.5)), tick);
  assertEquals(engine.placeOrder(ALICE, order("buy", 1, 2440.15, { asset: ETH })), tick);
});

Deno.test("a size off the lot, zero or negative is refused as invalid size", () => {
  const { engine } = setup();
  const size = { error: "Order has invalid size." };
  assertEquals(engine.placeOrder(ALICE, order("buy", 0.000001, 100_000)), size);
  assertEquals(engine.placeOrder(ALICE, order("buy", 0, 100_000)), size);
  assertEquals(engine.placeOrder(ALICE, order("buy", -0.1, 100_000)), size);
});

Deno.test("notional below $10 is refused; exactly $10 is accepted", () => {
  const { engine } = setup();
  assertEquals(engine.placeOrder(ALICE, order("buy", 0.0001, 99_999)), {
    error: "Order must have minimum value of $10.",
  });
  assert("resting" in engine.placeOrder(ALICE, order("buy", 0.0001, 100_000)));
});

Deno.test("reduce-only is refused when flat or when it would add to the position", () => {
  const { engine } = setup();
  const text = { error: "Reduce only order would increase position." };
  assertEquals(engine.placeOrder(ALICE, order("sell", 0.1, 100_000, { reduceOnly: true })), text);
  btcBook(engine, [], [[100_000, 1]]);
  engine.placeOrder(ALICE, order("buy", 0.1, 100_000, { tif: "Ioc" }));
  assertEquals(engine.placeOrder(ALICE, order("buy", 0.1, 90_000, { reduceOnly: true })), text);
});

Deno.test("a reduce-only order larger than the position is clipped to it", () => {
  const { engine } = setup();
  btcBook(engine, [], [[100_000, 1]]);
  engine.placeOrder(ALICE, order("buy", 0.1, 100_000, { tif: "Ioc" }));
  restingOid(engine.placeOrder(ALICE, order("sell", 0.25, 110_000, { reduceOnly: true })));
  const [open] = engine.frontendOpenOrders(ALICE);
  assertEquals([open.sz, open.origSz, open.reduceOnly], ["0.1", "0.1", true]);
});

Deno.test("a resting reduce-only order is cancelled once the position is closed", () => {
  const { engine } = setup();
  btcBook(engine, [[99_000, 1]], [[100_000, 1]]);
  engine.placeOrder(ALICE, order("buy", 0.1, 100_000, { tif: "Ioc" }));
  const oid = restingOid(
    engine.placeOrder(ALICE, order("sell", 0.1, 110_000, { reduceOnly: true })),
  );
  engine.placeOrder(ALICE, order("sell", 0.1, 99_000, { tif: "Ioc" }));
  assertEquals(engine.openOrders(ALICE), []);
  const info = engine.orderStatus(ALICE, oid);
  assert(info.status === "order");
  assertEquals(info.order.status, "reduceOnlyCanceled");
});

Deno.test("margin: $1,000 at 20x carries $20,000 of orders; the next $10 is refused", () => {
  const { engine } = setup({ startingBalanceUsd: 1_000 });
  assert("resting" in engine.placeOrder(ALICE, order("buy", 0.2, 100_000)));
  assertEquals(engine.placeOrder(ALICE, order("buy", 0.0001, 100_000)), {
    error: "Insufficient margin to place order.",
  });
  // Cancelling frees the margin.
  engine.cancel(ALICE, BTC, engine.openOrders(ALICE)[0].oid);
  assert("resting" in engine.placeOrder(ALICE, order("buy", 0.0001, 100_000)));
});

Deno.test("a reduce-only order needs no margin", () => {
  const { engine } = setup({ startingBalanceUsd: 1_000 });
  btcBook(engine, [[99_990, 1]], [[100_000, 1]]);
  // $20,000 at 20x uses all $1,000; the $9 fee leaves the account short of margin.
  assert("filled" in engine.placeOrder(ALICE, order("buy", 0.2, 100_000, { tif: "Ioc" })));
  assertEquals(engine.placeOrder(ALICE, order("sell", 0.1, 101_000)), {
    error: SIM_ERRORS.margin,
  });
  assert("resting" in engine.placeOrder(ALICE, order("sell", 0.1, 101_000, { reduceOnly: true })));
});

Deno.test("a duplicate cloid of a resting order is refused", () => {
  const { engine } = setup();
  const cloid = "0x6d6d0000000000000000000000000001";
  restingOid(engine.placeOrder(ALICE, order("buy", 0.1, 90_000, { cloid })));
  assertEquals(engine.placeOrder(ALICE, order("buy", 0.1, 89_000, { cloid })), {
    error: SIM_ERRORS.duplicateCloid,
  });
  // Another user may use it.
  assert("resting" in engine.placeOrder(BOB, order("buy", 0.1, 89_000, { cloid })));
});

Deno.test("with appendAssetToErrors, refusals end with ' asset=N' as recent mainnet answers", () => {
  const { engine } = setup({ appendAssetToErrors: true });
  assertEquals(engine.placeOrder(ALICE, order("buy", 1, 2440.15, { asset: ETH })), {
    error: "Price must be divisible by tick size. asset=1",
  });
});

Deno.test("leverage beyond the asset's maximum is refused; within it, it is shown", () => {
  const { engine } = setup();
  assertEquals(engine.updateLeverage(ALICE, BTC, 41, true), SIM_ERRORS.invalidLeverage);
  assertEquals(engine.updateLeverage(ALICE, BTC, 0, true), SIM_ERRORS.invalidLeverage);
  assertEquals(engine.updateLeverage(ALICE, BTC, 10, true), undefined);
  btcBook(engine, [], [[100_000, 1]]);
  engine.placeOrder(ALICE, order("buy", 0.1, 100_000, { tif: "Ioc" }));
  const state = engine.clearinghouseState(ALICE, { BTC: 100_000 });
  assertEquals(state.assetPositions[0].position.leverage, { type: "cross", value: 10 });
  assertEquals(state.assetPositions[0].position.marginUsed, "1000");
});

// --- background liquidity and the queue model -----------------------------------------------

Deno.test("a taker eats background before users' orders at the same price, then the next price", () => {
  const { engine } = setup();
  btcBook(engine, [], [[100_000, 0.1], [100_002, 1]]);
  engine.placeOrder(BOB, order("sell", 0.1, 100_000));
  engine.placeOrder(CAROL, order("sell", 0.1, 100_001));
  engine.placeOrder(ALICE, order("buy", 0.25, 100_002, { tif: "Ioc" }));
  assertEquals(fillSummary(engine, ALICE), ["B 0.1@100000", "B 0.1@100000", "B 0.05@100001"]);
  assertEquals(fillSummary(engine, BOB), ["A 0.1@100000"]);
  assertEquals(fillSummary(engine, CAROL), ["A 0.05@100001"]);
  const book = engine.l2Book("BTC");
  assertEquals(book?.levels[1], [
    { px: "100001", sz: "0.05", n: 1 },
    { px: "100002", sz: "1", n: 1 },
  ]);
});

Deno.test("consumed background stays gone until the next snapshot", () => {
  const { engine } = setup();
  btcBook(engine, [], [[100_000, 0.1]]);
  engine.placeOrder(ALICE, order("buy", 0.1, 100_000, { tif: "Ioc" }));
  assertEquals(engine.placeOrder(ALICE, order("buy", 0.1, 100_000, { tif: "Ioc" })), {
    error: SIM_ERRORS.iocCancel,
  });
  btcBook(engine, [], [[100_000, 0.1]]);
  assert("filled" in engine.placeOrder(ALICE, order("buy", 0.1, 100_000, { tif: "Ioc" })));
});

Deno.test("trades at the order's price eat queueAhead first, then fill the order as maker", () => {
  const { engine } = setup();
  btcBook(engine, [[100_000, 0.5]], [[100_010, 1]]);
  engine.placeOrder(BOB, order("buy", 0.1, 100_000, { tif: "Alo" }));
  assertEquals(engine.applyTrade("BTC", { px: 100_000, sz: 0.3, side: "A", time: T0, tid: 1 }), []);
  const fills = engine.applyTrade("BTC", { px: 100_000, sz: 0.3, side: "A", time: T0, tid: 2 });
  assertEquals(fills.length, 1);
  const { fill } = fills[0];
  assertEquals([fill.sz, fill.px, fill.crossed, fill.fee, fill.side], [
    "0.1",
    "100000",
    false,
    "1.5",
    "B",
  ]);
  assertEquals(engine.openOrders(BOB), []);
});

Deno.test("queueAhead is shared: a second order at the price waits behind the first", () => {
  const { engine } = setup();
  btcBook(engine, [[100_000, 0.2]], [[100_010, 1]]);
  engine.placeOrder(BOB, order("buy", 0.1, 100_000, { tif: "Alo" }));
  engine.placeOrder(CAROL, order("buy", 0.1, 100_000, { tif: "Alo" }));
  // 0.2 of background ahead of both, then BOB, then CAROL.
  const fills = engine.applyTrade("BTC", { px: 100_000, sz: 0.35, side: "A", time: T0, tid: 1 });
  assertEquals(fills.map((f) => [f.user, f.fill.sz]), [[BOB, "0.1"], [CAROL, "0.05"]]);
});

Deno.test("a trade through the price fills the order at its own price, up to the trade size", () => {
  const { engine } = setup();
  btcBook(engine, [[100_000, 5]], [[100_010, 1]]);
  engine.placeOrder(BOB, order("buy", 0.1, 100_000, { tif: "Alo" }));
  const fills = engine.applyTrade("BTC", { px: 99_999, sz: 0.04, side: "A", time: T0, tid: 1 });
  assertEquals(fills.map((f) => [f.fill.sz, f.fill.px]), [["0.04", "100000"]]);
  // A buy at or below the bid does not touch it.
  assertEquals(engine.applyTrade("BTC", { px: 100_000, sz: 1, side: "B", time: T0, tid: 2 }), []);
});

Deno.test("a snapshot whose ask crosses a resting bid fills it as maker at the bid, up to the crossing size", () => {
  const { engine } = setup();
  btcBook(engine, [[99_990, 1]], [[100_010, 1]]);
  engine.placeOrder(BOB, order("buy", 0.1, 100_000, { tif: "Alo" }));
  const crossing: BookSnapshot = {
    bids: [[99_980, 1]],
    asks: [[99_990, 0.06], [100_005, 1]],
    time: T0 + 5,
  };
  const first = engine.applyBook("BTC", crossing);
  assertEquals(first.map((f) => [f.fill.sz, f.fill.px, f.fill.crossed]), [[
    "0.06",
    "100000",
    false,
  ]]);
  assertEquals(engine.openOrders(BOB)[0].sz, "0.04");
  assertEquals(engine.l2Book("BTC")?.levels[1][0], { px: "100005", sz: "1", n: 1 });
  engine.applyBook("BTC", crossing);
  assertEquals(engine.openOrders(BOB), []);
});

Deno.test("a shrinking background level shortens queueAhead to its new size", () => {
  const { engine } = setup();
  btcBook(engine, [[100_000, 1]], [[100_010, 1]]);
  engine.placeOrder(BOB, order("buy", 0.1, 100_000, { tif: "Alo" }));
  btcBook(engine, [[100_000, 0.2]], [[100_010, 1]]);
  const fills = engine.applyTrade("BTC", { px: 100_000, sz: 0.25, side: "A", time: T0, tid: 1 });
  assertEquals(fills.map((f) => f.fill.sz), ["0.05"]);
});

// --- modify and cancel ---------------------------------------------------------------------

Deno.test("modify gives a new oid and the order loses its place in the queue", () => {
  const { engine } = setup();
  const first = restingOid(engine.placeOrder(BOB, order("buy", 0.1, 100_000)));
  engine.placeOrder(CAROL, order("buy", 0.1, 100_000));
  const moved = restingOid(engine.modifyOrder(BOB, first, order("buy", 0.1, 100_000)));
  assert(moved !== first);
  assertEquals(engine.openOrders(BOB).map((o) => o.oid), [moved]);
  const old = engine.orderStatus(BOB, first);
  assert(old.status === "order");
  assertEquals(old.order.status, "canceled");
  engine.placeOrder(ALICE, order("sell", 0.1, 100_000, { tif: "Ioc" }));
  assertEquals(engine.fills(CAROL).length, 1);
  assertEquals(engine.fills(BOB).length, 0);
});

Deno.test("modify by cloid works and a missing target gets the exchange's text", () => {
  const { engine } = setup();
  const cloid = "0x6d6d00000000000000000000000000aa";
  engine.placeOrder(BOB, order("buy", 0.1, 99_000, { cloid }));
  const status = engine.modifyOrder(BOB, cloid, order("buy", 0.2, 99_500, { cloid }));
  assert("resting" in status);
  assertEquals(status.resting.cloid, cloid);
  assertEquals(engine.openOrders(BOB)[0].limitPx, "99500");
  assertEquals(engine.modifyOrder(BOB, 987_654, order("buy", 0.1, 99_000)), {
    error: "Cannot modify canceled or filled order",
  });
});

Deno.test("batchModify answers one status per entry, in order", () => {
  const { engine } = setup();
  const a = restingOid(engine.placeOrder(BOB, order("buy", 0.1, 99_000)));
  const statuses = engine.batchModify(BOB, [
    { target: a, order: order("buy", 0.1, 99_100) },
    { target: 424_242, order: order("buy", 0.1, 99_200) },
  ]);
  assert("resting" in statuses[0]);
  assertEquals(statuses[1], { error: SIM_ERRORS.modifyMissing });
});

Deno.test("cancel answers success once, then the missing-order text", () => {
  const { engine } = setup();
  const oid = restingOid(engine.placeOrder(BOB, order("buy", 0.1, 99_000)));
  assertEquals(engine.cancel(BOB, ETH, oid), {
    error: "Order was never placed, already canceled, or filled.",
  });
  assertEquals(engine.cancel(BOB, BTC, oid), "success");
  assertEquals(engine.cancel(BOB, BTC, oid), {
    error: "Order was never placed, already canceled, or filled.",
  });
  assertEquals(engine.cancel(ALICE, BTC, 123), {
    error: "Order was never placed, already canceled, or filled.",
  });
});

Deno.test("cancelByCloid finds the order by cloid, case-insensitively", () => {
  const { engine } = setup();
  const cloid = "0x6d6d00000000000000000000000000bb";
  engine.placeOrder(BOB, order("buy", 0.1, 99_000, { cloid }));
  assertEquals(engine.cancelByCloid(BOB, BTC, cloid.toUpperCase().replace("0X", "0x")), "success");
  assertEquals(engine.cancelByCloid(BOB, BTC, cloid), { error: SIM_ERRORS.missingOrder });
});

Deno.test("cancelAll pulls every resting order with status scheduledCancel", () => {
  const { engine } = setup();
  const oid = restingOid(engine.placeOrder(BOB, order("buy", 0.1, 99_000)));
  engine.placeOrder(BOB, order("sell", 1, 2500, { asset: ETH }));
  assertEquals(engine.cancelAll(BOB), 2);
  assertEquals(engine.openOrders(BOB), []);
  const info = engine.orderStatus(BOB, oid);
  assert(info.status === "order");
  assertEquals(info.order.status, "scheduledCancel");
});

// --- self-trade ------------------------------------------------------------------------------

Deno.test("self-trade: the taker cancels its own resting order and fills behind it, fee-free on it", () => {
  const { engine, events } = setup();
  const own = restingOid(engine.placeOrder(ALICE, order("sell", 0.1, 100_000)));
  engine.placeOrder(BOB, order("sell", 0.1, 100_001));
  events.length = 0;
  const status = engine.placeOrder(ALICE, order("buy", 0.1, 100_001, { tif: "Ioc" }));
  assert("filled" in status);
  assertEquals(status.filled.avgPx, "100001");
  assertEquals(fillSummary(engine, ALICE), ["B 0.1@100001"]);
  const info = engine.orderStatus(ALICE, own);
  assert(info.status === "order");
  assertEquals(info.order.status, "selfTradeCanceled");
  assertEquals(events.filter((e) => e.type === "trade").length, 1);
});

// --- ledger ----------------------------------------------------------------------------------

Deno.test("ledger: open, add, partial close, flip — entry, closedPnl, fees and balance to the µ$", () => {
  // Taker fee 0.045%. Hand-checked:
  // buy 0.1 @ 100000: fee 4.5, entry 100000                    balance 99995.5
  // buy 0.1 @ 101000: fee 4.545, entry 100500                  balance 99990.955
  // sell 0.05 @ 102000: pnl +75, fee 2.295                      balance 100063.66
  // sell 0.25 @ 99000: pnl 0.15·(99000−100500) = −225, fee 11.1375, short 0.1 @ 99000
  //                                                             balance 99827.5225
  const { engine } = setup();
  btcBook(engine, [], [[100_000, 1]]);
  engine.placeOrder(ALICE, order("buy", 0.1, 100_000, { tif: "Ioc" }));
  btcBook(engine, [], [[101_000, 1]]);
  engine.placeOrder(ALICE, order("buy", 0.1, 101_000, { tif: "Ioc" }));
  btcBook(engine, [[102_000, 1]], []);
  engine.placeOrder(ALICE, order("sell", 0.05, 102_000, { tif: "Ioc" }));
  btcBook(engine, [[99_000, 1]], []);
  engine.placeOrder(ALICE, order("sell", 0.25, 99_000, { tif: "Ioc" }));

  const rows = engine.fills(ALICE).reverse().map((f) => [
    f.dir,
    f.startPosition,
    f.sz,
    f.px,
    f.closedPnl,
    f.fee,
    f.crossed,
  ]);
  assertEquals(rows, [
    ["Open Long", "0", "0.1", "100000", "0", "4.5", true],
    ["Open Long", "0.1", "0.1", "101000", "0", "4.545", true],
    ["Close Long", "0.2", "0.05", "102000", "75", "2.295", true],
    ["Long > Short", "0.15", "0.25", "99000", "-225", "11.1375", true],
  ]);
  assertEquals(engine.balanceUsd(ALICE), 99_827.5225);
  assertEquals(engine.cumulativeVolumeUsd(ALICE), 10_000 + 10_100 + 5_100 + 24_750);

  const state = engine.clearinghouseState(ALICE, { BTC: 98_000 });
  const { position } = state.assetPositions[0];
  assertEquals(
    [position.szi, position.entryPx, position.positionValue, position.unrealizedPnl],
    ["-0.1", "99000", "9800", "100"],
  );
  assertEquals([position.marginUsed, position.returnOnEquity], ["490", "0.20408163"]);
  assertEquals(state.marginSummary, {
    accountValue: "99927.5225",
    totalNtlPos: "9800",
    totalRawUsd: "109727.5225",
    totalMarginUsed: "490",
  });
  assertEquals(state.withdrawable, "99437.5225");
});

Deno.test("maker fills pay the maker rate; a negative maker rate is a rebate", () => {
  const { engine } = setup({ makerFeeRate: -0.00002 });
  engine.placeOrder(BOB, order("sell", 0.1, 100_000));
  engine.placeOrder(ALICE, order("buy", 0.1, 100_000, { tif: "Ioc" }));
  const [maker] = engine.fills(BOB);
  assertEquals([maker.fee, maker.crossed, maker.side], ["-0.2", false, "A"]);
  assertEquals(engine.balanceUsd(BOB), 100_000.2);
  assertEquals(engine.fills(ALICE)[0].fee, "4.5");
  // Both sides share the trade's tid and hash.
  assertEquals(maker.tid, engine.fills(ALICE)[0].tid);
  assertEquals(maker.hash, engine.fills(ALICE)[0].hash);
});

Deno.test("funding: longs pay and shorts receive when the rate is positive", () => {
  const { engine } = setup();
  engine.placeOrder(BOB, order("sell", 0.1, 100_000));
  engine.placeOrder(ALICE, order("buy", 0.1, 100_000, { tif: "Ioc" }));
  const before = [engine.balanceUsd(ALICE), engine.balanceUsd(BOB)];
  engine.applyFunding("BTC", { rate: 0.0001, markPx: 100_000, time: T0 + 3_600_000 });
  assertEquals(engine.balanceUsd(ALICE), before[0] - 1);
  assertEquals(engine.balanceUsd(BOB), before[1] + 1);
  const [paid] = engine.funding(ALICE);
  assertEquals(paid.delta, {
    type: "funding",
    coin: "BTC",
    usdc: "-1",
    szi: "0.1",
    fundingRate: "0.0001",
    nSamples: null,
  });
  assertEquals(engine.funding(BOB)[0].delta.usdc, "1");
  engine.applyFunding("BTC", { rate: -0.0001, markPx: 100_000, time: T0 + 7_200_000 });
  assertEquals(engine.balanceUsd(ALICE), before[0]);
  const pos = engine.clearinghouseState(ALICE).assetPositions[0].position;
  assertEquals(pos.cumFunding?.allTime, "0");
});

Deno.test("fillsByTime keeps the window, oldest first; fills is newest first", () => {
  const { engine, advance } = setup();
  btcBook(engine, [], [[100_000, 1]]);
  for (let i = 0; i < 3; i++) {
    engine.placeOrder(ALICE, order("buy", 0.01, 100_000, { tif: "Ioc" }));
    advance(1000);
  }
  assertEquals(engine.fills(ALICE).map((f) => f.time), [T0 + 2000, T0 + 1000, T0]);
  assertEquals(engine.fillsByTime(ALICE, T0 + 500).map((f) => f.time), [T0 + 1000, T0 + 2000]);
  assertEquals(engine.fillsByTime(ALICE, T0, T0 + 1000).map((f) => f.time), [T0, T0 + 1000]);
});

// --- events ----------------------------------------------------------------------------------

Deno.test("a trade between users emits both fills, one trade [buyer, seller] and the order updates", () => {
  const { engine, events } = setup();
  const cloid = "0x6d6d00000000000000000000000000cc";
  const makerOid = restingOid(engine.placeOrder(BOB, order("sell", 0.1, 100_000)));
  assertEquals(events.map((e) => e.type === "orderUpdate" && e.status), ["open"]);
  events.length = 0;
  engine.placeOrder(ALICE, order("buy", 0.1, 100_000, { tif: "Ioc", cloid }));
  const kinds = events.map((e) =>
    e.type === "orderUpdate" ? `${e.type}:${e.user}:${e.status}` : `${e.type}`
  );
  assertEquals(kinds, [
    "fill",
    "fill",
    `orderUpdate:${BOB}:filled`,
    "trade",
    `orderUpdate:${ALICE}:filled`,
  ]);
  const trade = events.find((e) => e.type === "trade");
  assert(trade?.type === "trade");
  assertEquals(trade.trade.users, [ALICE, BOB]);
  assertEquals([trade.trade.side, trade.trade.px, trade.trade.sz], ["B", "100000", "0.1"]);
  const bobDone = events.find((e) => e.type === "orderUpdate" && e.user === BOB);
  assert(bobDone?.type === "orderUpdate");
  assertEquals(bobDone.order.oid, makerOid);
  assertEquals([bobDone.order.sz, bobDone.order.origSz], ["0", "0.1"]);
  const aliceFill = events.find((e) => e.type === "fill" && e.user === ALICE);
  assert(aliceFill?.type === "fill");
  assertEquals(aliceFill.fill.cloid, cloid);
});

Deno.test("a trade against background names the zero address as counterparty", () => {
  const { engine, events } = setup();
  btcBook(engine, [[99_000, 1]], []);
  engine.placeOrder(ALICE, order("sell", 0.1, 99_000, { tif: "Ioc" }));
  const trade = events.find((e) => e.type === "trade");
  assert(trade?.type === "trade");
  assertEquals(trade.trade.users, [BACKGROUND_USER, ALICE]);
  assertEquals(trade.trade.side, "A");
  assert(/^0x[0-9a-f]{64}$/.test(trade.trade.hash));
});

Deno.test("a refused order is reported once with its specific status", () => {
  const { engine, events } = setup();
  btcBook(engine, [[99_999, 1]], [[100_001, 1]]);
  engine.placeOrder(ALICE, order("buy", 0.1, 100_001, { tif: "Alo" }));
  engine.placeOrder(ALICE, order("buy", 0.1, 100_000, { tif: "Ioc" }));
  engine.placeOrder(ALICE, order("buy", 0.1, 100_000.5));
  assertEquals(events.map((e) => e.type === "orderUpdate" && e.status), [
    "badAloPxRejected",
    "iocCancelRejected",
    "tickRejected",
  ]);
});

Deno.test("a listener may call back into the engine: events arrive after the call completes", () => {
  const { engine } = setup();
  const seen: number[] = [];
  engine.onEvent((event) => {
    if (event.type === "orderUpdate" && event.status === "open") {
      seen.push(engine.openOrders(event.user).length);
      engine.cancel(event.user, BTC, event.order.oid);
    }
  });
  engine.placeOrder(BOB, order("buy", 0.1, 99_000));
  assertEquals(seen, [1]);
  assertEquals(engine.openOrders(BOB), []);
});

Deno.test("a listener of some event types gets only those; the others still get every event", () => {
  const { engine, events } = setup();
  const fillsOnly: EngineEvent[] = [];
  const unsubscribe = engine.onEvent((event) => fillsOnly.push(event), { types: ["fill"] });
  btcBook(engine, [[99_990, 1]], [[100_010, 1]]);
  engine.placeOrder(BOB, order("sell", 0.1, 100_005));
  engine.placeOrder(ALICE, order("buy", 0.1, 100_005, { tif: "Ioc" }));
  assertEquals(fillsOnly.map((e) => e.type === "fill" && e.user), [ALICE, BOB]);
  assertEquals(new Set(events.map((e) => e.type)), new Set(["orderUpdate", "fill", "trade"]));
  unsubscribe();
  engine.placeOrder(BOB, order("sell", 0.1, 100_005));
  engine.placeOrder(ALICE, order("buy", 0.1, 100_005, { tif: "Ioc" }));
  assertEquals(fillsOnly.length, 2);
});

// --- reads in the exact API shapes -----------------------------------------------------------

Deno.test("every read parses with the lib/hyperliquid zod schemas", () => {
  const { engine } = setup();
  const cloid = "0x6d6d00000000000000000000000000dd";
  btcBook(engine, [[99_990, 1], [99_980, 2]], [[100_010, 1], [100_020, 2]]);
  engine.placeOrder(BOB, order("buy", 0.1, 99_995, { tif: "Alo", cloid }));
  engine.placeOrder(BOB, order("sell", 0.1, 100_005));
  const statuses: unknown[] = [
    engine.placeOrder(ALICE, order("buy", 0.15, 100_010, { tif: "Ioc" })),
    engine.placeOrder(ALICE, order("buy", 0.1, 99_000)),
    engine.placeOrder(ALICE, order("buy", 0.1, 99_000.5)),
  ];
  for (const status of statuses) OrderStatusSchema.parse(status);
  CancelStatusSchema.parse(engine.cancel(ALICE, BTC, 999_999));
  engine.applyFunding("BTC", { rate: 0.0000125, markPx: 100_001, time: T0 });

  for (const user of [ALICE, BOB]) {
    for (const o of engine.openOrders(user)) OpenOrderSchema.parse(o);
    for (const o of engine.frontendOpenOrders(user)) FrontendOpenOrderSchema.parse(o);
    for (const f of engine.fills(user)) UserFillSchema.parse(f);
    const state = ClearinghouseStateSchema.parse(engine.clearinghouseState(user, { BTC: 100_001 }));
    assertEquals(state.assetPositions.length, 1);
  }
  assertEquals(engine.openOrders(BOB)[0].cloid, cloid);
  const book = L2BookSchema.parse(engine.l2Book("BTC"));
  assertEquals(book.levels[0][0], { px: "99995", sz: "0.1", n: 1 });
  const status = engine.orderStatus(BOB, cloid);
  assert(status.status === "order");
  FrontendOpenOrderSchema.parse(status.order.order);
  assertEquals(engine.orderStatus(BOB, 424_242), { status: "unknownOid" });
});

Deno.test("l2Book merges users' orders into background levels, at most 20 a side", () => {
  const { engine } = setup();
  const bids = Array.from({ length: 30 }, (_, i) => [99_000 - i, 1] as [number, number]);
  btcBook(engine, bids, [[100_000, 1]]);
  engine.placeOrder(BOB, order("buy", 0.1, 99_000, { tif: "Alo" }));
  engine.placeOrder(CAROL, order("buy", 0.2, 99_000, { tif: "Alo" }));
  engine.placeOrder(CAROL, order("buy", 0.3, 99_500, { tif: "Alo" }));
  const book = engine.l2Book("BTC");
  assert(book !== undefined);
  assertEquals(book.levels[0].length, 20);
  assertEquals(book.levels[0].slice(0, 2), [
    { px: "99500", sz: "0.3", n: 1 },
    { px: "99000", sz: "1.3", n: 3 },
  ]);
  assertEquals(engine.bbo("BTC")?.bbo, [
    { px: "99500", sz: "0.3", n: 1 },
    { px: "100000", sz: "1", n: 1 },
  ]);
  assertEquals(engine.mid("BTC"), 99_750);
  assertEquals(engine.l2Book("DOGE"), undefined);
});

Deno.test("a feed message for an unknown coin is a programming error", () => {
  const { engine } = setup();
  assertThrows(
    () => engine.applyBook("DOGE", { bids: [], asks: [], time: T0 }),
    RangeError,
    "DOGE",
  );
});
