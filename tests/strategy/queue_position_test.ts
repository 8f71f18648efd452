import { assert, assertEquals } from "../_helpers.ts";
import { type QueueConfig, StrategyConfigSchema } from "../../lib/config/strategy_config.ts";
import {
  fillProbability,
  type KeepOptions,
  QueuePosition,
  worthKeeping,
} from "../../lib/strategy/queue_position.ts";

const queueConfig: QueueConfig = StrategyConfigSchema.parse({}).queue; // horizon 30 s, tolerance 0

function bidAt100(bookSizeAtPx = 10): QueuePosition {
  return new QueuePosition({ side: "bid", px: 100, sz: 1, bookSizeAtPx });
}

Deno.test("a new order has the whole resting level ahead of it", () => {
  const order = bidAt100(10);
  assertEquals([order.ahead, order.behind, order.remaining], [10, 0, 1]);
});

Deno.test("trades at our price eat the queue ahead of us", () => {
  const order = bidAt100(10);
  order.onTrade({ px: 100, sz: 4 });
  assertEquals(order.ahead, 6);
  order.onTrade({ px: 100, sz: 9 });
  assertEquals(order.ahead, 0);
});

Deno.test("trades at other prices on our side of the book leave the queue alone", () => {
  const order = bidAt100(10);
  order.onTrade({ px: 100.5, sz: 4 }); // above our bid: a better bid traded
  assertEquals(order.ahead, 10);
});

Deno.test("a trade through our price means nothing is ahead any more", () => {
  const order = bidAt100(10);
  order.onTrade({ px: 99.9, sz: 1 });
  assertEquals(order.ahead, 0);
});

Deno.test("new orders at our price join behind us", () => {
  const order = bidAt100(10);
  order.onLevelSize(16); // ours 1 + others 15
  assertEquals([order.ahead, order.behind], [10, 5]);
});

Deno.test("cancels at our price shrink the queue ahead pro rata", () => {
  // ahead 10, behind 5 (others 15); the level drops to 1 + 12: 3 cancelled,
  // 3 × 10/15 = 2 of them ahead → ahead 8, behind 4
  const order = bidAt100(10);
  order.onLevelSize(16);
  order.onLevelSize(13);
  assertEquals([order.ahead, order.behind], [8, 4]);
});

Deno.test("a book decrease already explained by trades is not counted as cancels", () => {
  // ahead 10; a trade of 4 → ahead 6; the book then shows 1 + 6: no cancel
  const order = bidAt100(10);
  order.onTrade({ px: 100, sz: 4 });
  order.onLevelSize(7);
  assertEquals(order.ahead, 6);
  order.onLevelSize(4); // 3 cancelled of 6 others, all ahead → ahead 3
  assertEquals(order.ahead, 3);
});

Deno.test("fill probability follows exp(−(ahead + size) / expected volume)", () => {
  // m = A·e^{−κδ}·meanTradeSz·h = 1·e^{−0.1·10}·1·10 = 3.678794;
  // P = exp(−(2 + 1)/3.678794) = exp(−0.815485) = 0.442425
  const p = fillProbability(10, {
    queueAhead: 2,
    sz: 1,
    fillIntensityA: 1,
    fillDecayKappa: 0.1,
    meanTradeSz: 1,
    horizonS: 10,
  });
  assert(Math.abs(p - 0.44242489907719484) < 1e-12, `P = ${p}`);
});

const market: Omit<KeepOptions, "newPx" | "newAhead"> = {
  fairPx: 100,
  fillIntensityA: 1,
  fillDecayKappa: 0.2,
  meanTradeSz: 1,
  makerFeeBps: 0,
  config: queueConfig,
};

Deno.test("an order first in the queue is kept rather than improved by one tick to the back", () => {
  // keep: bid 99.95 (5 bps), ahead 0: m = e^{−1}·30 = 11.04, P = e^{−1/11.04} = 0.913, value 4.57
  // move: bid 99.96 (4 bps), 50 ahead: m = e^{−0.8}·30 = 13.48, P = e^{−51/13.48} = 0.023, value 0.09
  const decision = worthKeeping({ side: "bid", px: 99.95, sz: 1, ahead: 0 }, {
    ...market,
    newPx: 99.96,
    newAhead: 50,
  });
  assertEquals([decision.keep, decision.reason], [true, "queue_worth_more"]);
  assert(decision.valueKeepBps > decision.valueMoveBps);
});

Deno.test("an order at the back of a long queue moves to a better, empty price", () => {
  const decision = worthKeeping({ side: "ask", px: 100.05, sz: 1, ahead: 80 }, {
    ...market,
    newPx: 100.04,
    newAhead: 0,
  });
  assertEquals([decision.keep, decision.reason], [false, "price_worth_more"]);
});

Deno.test("when the strategy backs off, the order moves whatever its queue place", () => {
  const order = { side: "bid" as const, px: 99.96, sz: 1, ahead: 0 };
  const decision = worthKeeping(order, { ...market, newPx: 99.95, newAhead: 50 });
  assertEquals([decision.keep, decision.reason], [false, "back_off"]);
  const tolerant = worthKeeping(order, {
    ...market,
    config: { ...queueConfig, backOffToleranceBps: 1.5 },
    newPx: 99.95,
    newAhead: 50,
  });
  assertEquals(tolerant.keep, true);
});

Deno.test("an order already at the wanted price is kept", () => {
  const decision = worthKeeping({ side: "bid", px: 99.96, sz: 1, ahead: 3 }, {
    ...market,
    newPx: 99.96,
    newAhead: 4,
  });
  assertEquals([decision.keep, decision.reason], [true, "same_price"]);
});
