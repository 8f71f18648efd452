/**
 * The simulator driven over real HTTP and WebSocket on loopback: by the
 * `@nktkas/hyperliquid` SDK as an independent client (its own signing with a
 * viem account, its own transports), by mm's own exchange client, and with
 * the official signing vectors.
 */

import {
  ExchangeClient,
  HttpRequestError,
  HttpTransport,
  InfoClient,
  SubscriptionClient,
  WebSocketTransport,
} from "@nktkas/hyperliquid";
import { privateKeyToAccount } from "viem/accounts";
import { SecretKey } from "../../lib/config/secrets.ts";
import { HyperliquidExchange } from "../../lib/hyperliquid/exchange_client.ts";
import { ActionRejectedError, RateLimitedError } from "../../lib/hyperliquid/errors.ts";
import { resolveNetwork } from "../../lib/hyperliquid/network.ts";
import { addressOf } from "../../lib/hyperliquid/signing.ts";
import { startTestSim } from "./_sim.ts";
import { assert, assertEquals, assertRejects, sharedData } from "../_helpers.ts";

const KEY = "0x0123456789012345678901234567890123456789012345678901234567890123";
const OTHER_KEY = "0x1111111111111111111111111111111111111111111111111111111111111111";
const USER = addressOf(KEY);

function sdkClients(url: string, key = KEY) {
  const transport = new HttpTransport({ apiUrl: url });
  return {
    info: new InfoClient({ transport }),
    exchange: new ExchangeClient({ transport, wallet: privateKeyToAccount(key as `0x${string}`) }),
  };
}

Deno.test("the SDK places, reads back, modifies and cancels an order", async () => {
  const sim = startTestSim();
  try {
    const { info, exchange } = sdkClients(sim.server.url);
    const placed = await exchange.order({
      orders: [{ a: 0, b: true, p: "29990", s: "0.01", r: false, t: { limit: { tif: "Alo" } } }],
      grouping: "na",
    });
    const status = placed.response.data.statuses[0];
    assert(typeof status === "object" && "resting" in status, JSON.stringify(status));
    const oid = status.resting.oid;
    const open = await info.openOrders({ user: USER });
    assertEquals(open.map((o) => [o.coin, o.side, o.limitPx, o.sz, o.oid]), [[
      "BTC",
      "B",
      "29990",
      "0.01",
      oid,
    ]]);
    await exchange.modify({
      oid,
      order: { a: 0, b: true, p: "29995", s: "0.02", r: false, t: { limit: { tif: "Alo" } } },
    });
    const moved = await info.openOrders({ user: USER });
    assertEquals(moved.map((o) => [o.limitPx, o.sz]), [["29995", "0.02"]]);
    const book = await info.l2Book({ coin: "BTC" });
    assert(book !== null);
    assertEquals(book.levels[0][0], { px: "30000", sz: "1", n: 1 });
    assert(book.levels[0].some((level) => level.px === "29995" && level.sz === "0.02"));
    await exchange.cancel({ cancels: [{ a: 0, o: moved[0].oid }] });
    assertEquals(await info.openOrders({ user: USER }), []);
  } finally {
    await sim.close();
  }
});

Deno.test("the SDK's taker order fills against the book and shows in fills and clearinghouseState", async () => {
  const sim = startTestSim();
  try {
    const { info, exchange } = sdkClients(sim.server.url);
    const answer = await exchange.order({
      orders: [{ a: 0, b: true, p: "30002", s: "0.5", r: false, t: { limit: { tif: "Ioc" } } }],
      grouping: "na",
    });
    assertEquals(answer.response.data.statuses[0], {
      filled: {
        totalSz: "0.5",
        avgPx: "30001",
        oid: (answer.response.data.statuses[0] as { filled: { oid: number } }).filled.oid,
      },
    });
    const fills = await info.userFills({ user: USER });
    assertEquals(fills.map((f) => [f.coin, f.side, f.px, f.sz, f.dir, f.crossed]), [[
      "BTC",
      "B",
      "30001",
      "0.5",
      "Open Long",
      true,
    ]]);
    assertEquals(fills[0].fee, "6.750225"); // 0.5 × 30001 = 15,000.5 × 0.045%
    const state = await info.clearinghouseState({ user: USER });
    assertEquals(state.assetPositions[0].position.szi, "0.5");
  } finally {
    await sim.close();
  }
});

Deno.test("per-order errors carry the exchange's texts", async () => {
  const sim = startTestSim();
  try {
    const { exchange } = sdkClients(sim.server.url);
    const answer = await exchange.order({
      orders: [
        { a: 0, b: true, p: "30001", s: "0.01", r: false, t: { limit: { tif: "Alo" } } },
        { a: 0, b: true, p: "29990.5", s: "0.01", r: false, t: { limit: { tif: "Gtc" } } },
        { a: 0, b: true, p: "29990", s: "0.0001", r: false, t: { limit: { tif: "Gtc" } } },
        { a: 0, b: true, p: "20000", s: "0.01", r: false, t: { limit: { tif: "Ioc" } } },
      ],
      grouping: "na",
    }).catch((error) => error.response);
    const statuses = (answer.response?.data?.statuses ?? answer.data?.statuses) as {
      error: string;
    }[];
    assertEquals(statuses.map((s) => s.error), [
      "Post only order would have immediately matched, bbo was 30000@30001.",
      "Price must be divisible by tick size.",
      "Order must have minimum value of $10.",
      "Order could not immediately match against any resting orders.",
    ]);
  } finally {
    await sim.close();
  }
});

Deno.test("the SDK's WebSocket gets the book, trades and its own fills and order updates", async () => {
  const sim = startTestSim();
  const transport = new WebSocketTransport({ url: sim.server.wsUrl });
  const subs = new SubscriptionClient({ transport });
  try {
    const books: number[] = [];
    const fills: unknown[] = [];
    const updates: unknown[] = [];
    await subs.l2Book({ coin: "BTC" }, (book) => books.push(book.time));
    await subs.userFills({ user: USER }, (event) => fills.push(...event.fills));
    await subs.orderUpdates({ user: USER }, (event) => updates.push(...event));
    const { exchange } = sdkClients(sim.server.url);
    await exchange.order({
      orders: [{ a: 0, b: false, p: "29999", s: "0.1", r: false, t: { limit: { tif: "Ioc" } } }],
      grouping: "na",
    });
    const deadline = Date.now() + 3000;
    while ((fills.length === 0 || books.length === 0) && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    assert(books.length >= 1, "a book snapshot on subscribe");
    assertEquals(fills.length, 1);
    assert(updates.length >= 1, "an order update for the taker order");
  } finally {
    await transport.close();
    await sim.close();
  }
});

Deno.test("past the IP weight limit the answer is HTTP 429", async () => {
  const sim = startTestSim({ ipWeightPerMinute: 10 });
  try {
    const { info } = sdkClients(sim.server.url);
    for (let i = 0; i < 5; i++) await info.l2Book({ coin: "BTC" });
    const error = await info.l2Book({ coin: "BTC" }).catch((e) => e);
    assert(error instanceof HttpRequestError && error.response?.status === 429, String(error));
  } finally {
    await sim.close();
  }
});

Deno.test("past the address budget actions are refused with the exchange's text; mm's client keeps it", async () => {
  const sim = startTestSim({ addressInitialBudget: 2 });
  try {
    const client = new HyperliquidExchange(resolveNetwork({ apiUrl: sim.server.url }), {
      key: new SecretKey(KEY, { source: "test" }),
    });
    await client.scheduleCancel(null);
    await client.scheduleCancel(null);
    await assertRejects(
      () => client.scheduleCancel(null),
      ActionRejectedError,
      "Too many cumulative requests sent (3 > 2) for cumulative volume traded $0.",
    );
    const limit = await client.rateLimit();
    assertEquals([limit.nRequestsUsed, limit.nRequestsCap], [2, 2]);
  } finally {
    await sim.close();
  }
});

Deno.test("mm's own client trades on the simulator, batches answering per order", async () => {
  const sim = startTestSim();
  try {
    const client = new HyperliquidExchange(resolveNetwork({ apiUrl: sim.server.url }), {
      key: new SecretKey(KEY, { source: "test" }),
    });
    const results = await client.placeOrders([
      {
        coin: "BTC",
        side: "buy",
        px: 29_990.4,
        sz: 0.01,
        tif: "Alo",
        cloid: "0x6d6d0000000000010000000000000001",
      },
      { coin: "BTC", side: "buy", px: 30_001, sz: 0.01, tif: "Alo" },
      { coin: "ETH", side: "sell", px: 3_010, sz: 0.01, tif: "Alo" },
    ]);
    assertEquals(results.map((r) => r.status), ["resting", "error", "resting"]);
    const open = await client.openOrders();
    assertEquals(open.map((o) => [o.coin, o.limitPx]).sort(), [["BTC", "29990"], ["ETH", "3010"]]);
    const cancelled = await client.cancelByCloid([{
      coin: "BTC",
      cloid: "0x6d6d0000000000010000000000000001",
    }]);
    assertEquals(cancelled, [{ status: "success" }]);
  } finally {
    await sim.close();
  }
});

Deno.test("a reused nonce is refused", async () => {
  const sim = startTestSim();
  try {
    const frozen = new HyperliquidExchange(resolveNetwork({ apiUrl: sim.server.url }), {
      key: new SecretKey(KEY, { source: "test" }),
    }, { now: () => sim.clock.ms });
    await frozen.scheduleCancel(null);
    const again = new HyperliquidExchange(resolveNetwork({ apiUrl: sim.server.url }), {
      key: new SecretKey(KEY, { source: "test" }),
    }, { now: () => sim.clock.ms });
    await assertRejects(
      () => again.scheduleCancel(null),
      ActionRejectedError,
      "Invalid nonce: duplicate nonce",
    );
  } finally {
    await sim.close();
  }
});

Deno.test("the scheduled cancel fires and pulls every order", async () => {
  const sim = startTestSim();
  try {
    const client = new HyperliquidExchange(resolveNetwork({ apiUrl: sim.server.url }), {
      key: new SecretKey(KEY, { source: "test" }),
    }, { now: () => sim.clock.ms });
    await client.placeOrders([{ coin: "BTC", side: "buy", px: 29_000, sz: 0.01, tif: "Alo" }]);
    await assertRejects(
      () => client.scheduleCancel(sim.clock.ms + 1000),
      ActionRejectedError,
      "at least 5 seconds",
    );
    await client.scheduleCancel(sim.clock.ms + 6000);
    sim.clock.ms += 6001;
    assertEquals(sim.server.actions.fireScheduled(sim.clock.ms), [USER]);
    assertEquals(await client.openOrders(), []);
  } finally {
    await sim.close();
  }
});

Deno.test("actions signed with the official vectors are accepted as the vector key's", async () => {
  const vectors = JSON.parse(Deno.readTextFileSync(sharedData("hyperliquid/l1-vectors.json")));
  const vector = vectors.signatureVectors.find((v: { name: string }) => v.name === "order_gtc");
  for (const [network, isTestnet] of [["mainnet", false], ["testnet", true]] as const) {
    const sim = startTestSim({ startMs: vector.nonce, isTestnet });
    try {
      const response = await fetch(`${sim.server.url}/exchange`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          action: vector.action,
          nonce: vector.nonce,
          signature: vector[network],
          vaultAddress: null,
        }),
      });
      assertEquals(response.headers.get("content-type"), "application/json");
      const body = await response.json();
      assertEquals(body.status, "ok", JSON.stringify(body));
      const owner = addressOf(vectors.privateKey);
      const open = await (await fetch(`${sim.server.url}/info`, {
        method: "POST",
        body: JSON.stringify({ type: "openOrders", user: owner }),
      })).json();
      assertEquals(open.length, 1, `${network}: the order rests for the vector key's address`);
    } finally {
      await sim.close();
    }
  }
});

Deno.test("a malformed signature is refused", async () => {
  const sim = startTestSim();
  try {
    const response = await fetch(`${sim.server.url}/exchange`, {
      method: "POST",
      body: JSON.stringify({
        action: { type: "scheduleCancel" },
        nonce: sim.clock.ms,
        signature: { r: "0x0", s: "0x0", v: 27 },
      }),
    });
    assertEquals(await response.json(), { status: "err", response: "Invalid signature" });
  } finally {
    await sim.close();
  }
});

Deno.test("a rate-limited HTTP answer maps to mm's RateLimitedError", async () => {
  const sim = startTestSim({ ipWeightPerMinute: 1 });
  try {
    const client = new HyperliquidExchange(resolveNetwork({ apiUrl: sim.server.url }), {
      key: new SecretKey(OTHER_KEY, { source: "test" }),
    });
    await assertRejects(() => client.info.meta(), RateLimitedError);
  } finally {
    await sim.close();
  }
});

Deno.test("a resting order fills when replayed trades go through its price (queue model)", async () => {
  const sim = startTestSim();
  try {
    const client = new HyperliquidExchange(resolveNetwork({ apiUrl: sim.server.url }), {
      key: new SecretKey(KEY, { source: "test" }),
    });
    // Rests at 29,999 behind 2 BTC of background size.
    const [placed] = await client.placeOrders([{
      coin: "BTC",
      side: "buy",
      px: 29_999,
      sz: 0.01,
      tif: "Alo",
    }]);
    assertEquals(placed.status, "resting");
    const trade = (px: string, sz: string, tid: number) => ({
      coin: "BTC",
      side: "A",
      px,
      sz,
      time: sim.clock.ms,
      hash: "0x" + "ab".repeat(32),
      tid,
      users: ["0x1", "0x2"],
    });
    sim.server.publishMarket({ channel: "trades", data: [trade("29999", "1.5", 1)] });
    assertEquals((await client.fills()).length, 0, "1.5 of the 2 BTC ahead traded: still queued");
    sim.server.publishMarket({ channel: "trades", data: [trade("29998", "0.5", 2)] });
    const fills = await client.fills();
    assertEquals(fills.map((f) => [f.px, f.sz, f.crossed]), [["29999", "0.01", false]]);
  } finally {
    await sim.close();
  }
});

Deno.test("every info endpoint answers in the API's shape (parsed by mm's zod schemas)", async () => {
  const sim = startTestSim();
  try {
    const client = new HyperliquidExchange(resolveNetwork({ apiUrl: sim.server.url }), {
      key: new SecretKey(KEY, { source: "test" }),
    });
    const [resting] = await client.placeOrders([
      {
        coin: "BTC",
        side: "buy",
        px: 29_000,
        sz: 0.01,
        tif: "Alo",
        cloid: "0x6d6d0000000000020000000000000001",
      },
    ]);
    await client.placeOrders([{ coin: "BTC", side: "buy", px: 30_005, sz: 0.01, tif: "Ioc" }]);
    const info = client.info;
    const [meta, ctxs] = await info.metaAndAssetCtxs();
    assertEquals([meta.universe.length, ctxs.length], [2, 2]);
    assertEquals(Object.keys(await info.allMids()).sort(), ["BTC", "ETH"]);
    assertEquals((await info.frontendOpenOrders(USER)).map((o) => [o.orderType, o.tif, o.cloid]), [
      ["Limit", "Alo", "0x6d6d0000000000020000000000000001"],
    ]);
    assertEquals((await info.userFillsByTime(USER, { startTime: 0 })).length, 1);
    assertEquals((await info.clearinghouseState(USER)).assetPositions.length, 1);
    const byOid = await (await fetch(`${sim.server.url}/info`, {
      method: "POST",
      body: JSON.stringify({
        type: "orderStatus",
        user: USER,
        oid: (resting as { oid: number }).oid,
      }),
    })).json();
    assertEquals([byOid.status, byOid.order.status], ["order", "open"]);
    const unknown = await (await fetch(`${sim.server.url}/info`, {
      method: "POST",
      body: JSON.stringify({ type: "orderStatus", user: USER, oid: 999_999 }),
    })).json();
    assertEquals(unknown, { status: "unknownOid" });
  } finally {
    await sim.close();
  }
});

Deno.test("batchModify moves several orders in one action; updateLeverage is checked against the asset", async () => {
  const sim = startTestSim();
  try {
    const client = new HyperliquidExchange(resolveNetwork({ apiUrl: sim.server.url }), {
      key: new SecretKey(KEY, { source: "test" }),
    });
    const placed = await client.placeOrders([
      { coin: "BTC", side: "buy", px: 29_000, sz: 0.01, tif: "Alo" },
      { coin: "BTC", side: "sell", px: 31_000, sz: 0.01, tif: "Alo" },
    ]);
    const oids = placed.map((r) => (r as { oid: number }).oid);
    const moved = await client.modifyOrders([
      { target: oids[0], order: { coin: "BTC", side: "buy", px: 29_500, sz: 0.02, tif: "Alo" } },
      { target: oids[1], order: { coin: "BTC", side: "sell", px: 30_500, sz: 0.02, tif: "Alo" } },
    ]);
    assertEquals(moved.map((r) => r.status), ["resting", "resting"]);
    const open = await client.openOrders();
    assertEquals(open.map((o) => [o.limitPx, o.sz]).sort(), [["29500", "0.02"], ["30500", "0.02"]]);
    await client.updateLeverage("BTC", { leverage: 10, isCross: true });
    await assertRejects(
      () => client.updateLeverage("BTC", { leverage: 100, isCross: true }),
      ActionRejectedError,
    );
  } finally {
    await sim.close();
  }
});
