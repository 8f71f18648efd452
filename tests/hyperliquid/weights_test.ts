import { addressRequests, exchangeWeight, infoWeight } from "../../lib/hyperliquid/weights.ts";
import { assertEquals } from "../_helpers.ts";

const orders = (n: number) => ({
  type: "order",
  orders: Array.from({ length: n }, () => ({})),
  grouping: "na",
});

Deno.test("an unbatched exchange action weighs 1", () => {
  assertEquals(exchangeWeight({ type: "scheduleCancel" }), 1);
  assertEquals(exchangeWeight(orders(1)), 1);
});

Deno.test("a batch weighs 1 + floor(n / 40): 39 -> 1, 40 -> 2, 79 -> 2, 80 -> 3", () => {
  assertEquals([39, 40, 79, 80].map((n) => exchangeWeight(orders(n))), [1, 2, 2, 3]);
  assertEquals(exchangeWeight({ type: "cancel", cancels: Array(40).fill({}) }), 2);
  assertEquals(exchangeWeight({ type: "batchModify", modifies: Array(100).fill({}) }), 3);
});

Deno.test("light info requests weigh 2, userRole 60, the rest 20", () => {
  assertEquals(
    ["l2Book", "allMids", "clearinghouseState", "orderStatus", "userRole", "meta", "openOrders"]
      .map((type) => infoWeight(type)),
    [2, 2, 2, 2, 60, 20, 20],
  );
});

Deno.test("history requests add 1 per 20 items answered; candles 1 per 60", () => {
  assertEquals(infoWeight("userFills", { itemsReturned: 0 }), 20);
  assertEquals(infoWeight("userFills", { itemsReturned: 2000 }), 120);
  assertEquals(infoWeight("userFillsByTime", { itemsReturned: 39 }), 21);
  assertEquals(infoWeight("candleSnapshot", { itemsReturned: 120 }), 22);
  assertEquals(infoWeight("openOrders", { itemsReturned: 500 }), 20);
});

Deno.test("the address budget counts a batch of n orders as n requests, anything else as 1", () => {
  assertEquals(addressRequests(orders(5)), 5);
  assertEquals(addressRequests({ type: "cancel", cancels: [{}, {}] }), 2);
  assertEquals(addressRequests({ type: "scheduleCancel" }), 1);
  assertEquals(addressRequests(orders(0)), 1);
});
