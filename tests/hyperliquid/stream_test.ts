/**
 * HyperliquidStream against a loopback stand-in of Hyperliquid's WebSocket
 * server: typed frames, trade and fill dedupe, isSnapshot, reconnection with
 * re-subscription, staleness, bad payloads, post requests.
 */

import { gunzipSync } from "node:zlib";
import { RecentIds } from "../../lib/hyperliquid/_stream_dedupe.ts";
import {
  type ConnectionEvent,
  HyperliquidStream,
  type HyperliquidStreamOptions,
  type StalenessEvent,
  type StreamError,
  StreamListenerError,
  StreamPayloadError,
  type UserFillsMeta,
  WebSocketRequestError,
  wsUrlFor,
} from "../../lib/hyperliquid/stream.ts";
import {
  type ActiveAssetCtx,
  type AllMids,
  type Bbo,
  type L2Book,
  L2BookSchema,
  type OrderUpdate,
  type StreamFill,
  type Trade,
  type UserEvent,
} from "../../lib/hyperliquid/stream_schemas.ts";
import { assert, assertEquals, assertRejects, sharedData } from "../_helpers.ts";
import { delay, TRADE_REPLAY_SIZE, waitFor, WsStandIn } from "./_ws_stand_in.ts";

const USER = "0x31ca8395cf837de08b24da3f660e77761dfb974b";
const BUYER = "0x5e9ee1089755c3435139848e47e6635505d5a13a";
const SELLER = "0xb7b6f3cea3f66bf525f5d8f965f6dbf6d9b017b2";
/** Fast retries so a dropped connection comes back within tens of ms. */
const FAST_RECONNECT = { reconnectionDelay: 20 };

// --- real data ---------------------------------------------------------------

type WireBook = { coin: string; time: number; levels: [WireLevel[], WireLevel[]] };
type WireLevel = { px: string; sz: string; n: number };

let realBooks: WireBook[] | undefined;

/** The first `count` real BTC l2Book frames' `data` (2024-01-01 12:00 UTC, S3 archive). */
function realBookFrames(count: number): WireBook[] {
  if (realBooks === undefined) {
    const bytes = Deno.readFileSync(sharedData("data/l2Book_BTC_20240101_h12_s3archive.ndjson.gz"));
    const lines = gunzipSync(bytes).toString("utf8").split("\n", 20);
    realBooks = lines.filter((line) => line.trim() !== "").map((line) => JSON.parse(line).raw.data);
  }
  return realBooks.slice(0, count);
}

/** Two real recent mainnet fills (maker, with cloid and a rebate). */
function realFills(): ({ coin: string } & Record<string, unknown>)[] {
  const path = sharedData("hyperliquid/fixtures/userFills_with_cloid_maker_rebate.json");
  return JSON.parse(Deno.readTextFileSync(path)).response;
}

/** A wire trade shaped like the exchange's, with a realistic tid. */
function wireTrade(tid: number, coin = "BTC"): { coin: string } & Record<string, unknown> {
  return {
    coin,
    side: tid % 2 === 0 ? "B" : "A",
    px: (42_727 + (tid % 5)).toFixed(1),
    sz: "0.0123",
    time: 1_704_110_400_000 + (tid % 100_000),
    hash: `0x${tid.toString(16).padStart(64, "0")}`,
    tid,
    users: [BUYER, SELLER],
  };
}

/** A wire fill derived from a real one, with its own tid. */
function wireFill(tid: number): { coin: string } & Record<string, unknown> {
  const [template] = realFills();
  return { ...template, coin: "BTC", tid, time: 1_789_407_400_000 + (tid % 1_000) };
}

// --- harness -----------------------------------------------------------------

/** A stand-in and a stream connected to it, torn down by `await using`. */
function connect(options: Partial<HyperliquidStreamOptions> = {}) {
  const standIn = WsStandIn.start();
  const stream = new HyperliquidStream({
    wsUrl: wsUrlFor(standIn.apiUrl),
    reconnect: FAST_RECONNECT,
    ...options,
  });
  return {
    standIn,
    stream,
    async [Symbol.asyncDispose]() {
      await stream.close();
      await standIn.shutdown();
    },
  };
}

// --- tests -------------------------------------------------------------------

Deno.test("l2Book delivers real BTC frames as typed books with numeric levels, best first", async () => {
  const receivedAt = 1_704_110_401_000;
  await using h = connect({ now: () => receivedAt });
  const books: L2Book[] = [];
  await h.stream.l2Book("BTC", (book) => books.push(book));
  const frames = realBookFrames(3);
  for (const frame of frames) h.standIn.publishBook(frame);
  await waitFor(() => books.length === 3, { what: "3 books" });

  assertEquals(books[0].coin, "BTC");
  assertEquals(books[0].time, 1_704_110_399_915);
  assertEquals(books[0].bids[0], { px: 42_727, sz: 0.02265, n: 1 });
  assertEquals(books[0].asks[0], { px: 42_729, sz: 3.83257, n: 2 });
  books.forEach((book, i) => {
    assertEquals(book.time, frames[i].time);
    assertEquals(book.bids.length, frames[i].levels[0].length);
    assertEquals(book.asks.length, frames[i].levels[1].length);
    assert(book.bids.every((level, j) => j === 0 || level.px < book.bids[j - 1].px));
    assert(book.asks.every((level, j) => j === 0 || level.px > book.asks[j - 1].px));
    assert(book.bids[0].px < book.asks[0].px, "book is not crossed");
  });
  assertEquals(h.stream.lastBookUpdateMs("BTC"), receivedAt);
  assertEquals(h.stream.isStale("BTC"), false);
});

Deno.test("trades reach the listener once per tid, through the 30-trade replay on subscribe and after a reconnect", async () => {
  await using h = connect();
  const base = 1_062_032_029_372_000;
  // 40 trades before anyone listens: the exchange keeps the last 30 to replay.
  h.standIn.publishTrades(Array.from({ length: 40 }, (_, i) => wireTrade(base + i)));
  const delivered: Trade[] = [];
  await h.stream.trades("BTC", (trades) => delivered.push(...trades));
  await waitFor(() => delivered.length === TRADE_REPLAY_SIZE, { what: "the subscribe replay" });

  h.standIn.publishTrades([40, 41, 42].map((i) => wireTrade(base + i)));
  await waitFor(() => delivered.length === 33, { what: "live trades" });

  h.standIn.dropAll();
  await waitFor(() => h.standIn.subscribeCount("trades") === 2, { what: "the resubscribe" });
  // The resubscribe replays the last 30 (all seen); a later batch mixes a seen trade with a new one.
  h.standIn.publishTrades([42, 43].map((i) => wireTrade(base + i)));
  await waitFor(() => delivered.length === 34, { what: "the trade after the reconnect" });

  const tids = delivered.map((trade) => trade.tid);
  assertEquals(tids, Array.from({ length: 44 }, (_, i) => base + i).slice(10));
  assertEquals(new Set(tids).size, tids.length);
  assertEquals(delivered[0].px, 42_727 + ((base + 10) % 5));
});

Deno.test("userFills surfaces isSnapshot on the first message and again after a resubscribe, each fill once", async () => {
  await using h = connect();
  const real = realFills();
  h.standIn.publishFills(USER, real);
  const messages: { fills: StreamFill[]; meta: UserFillsMeta }[] = [];
  await h.stream.userFills(USER, (fills, meta) => messages.push({ fills, meta }));
  await waitFor(() => messages.length === 1, { what: "the snapshot" });

  h.standIn.publishFills(USER, [wireFill(900_000_000_000_001)]);
  await waitFor(() => messages.length === 2, { what: "a live fill" });

  // The connection drops; a fill happens while the client is away.
  h.standIn.dropAll();
  h.standIn.publishFills(USER, [wireFill(900_000_000_000_002)]);
  await waitFor(() => messages.length === 3, { what: "the snapshot after the reconnect" });

  assertEquals(messages.map((m) => m.meta), [
    { isSnapshot: true, duplicates: 0 },
    { isSnapshot: false, duplicates: 0 },
    { isSnapshot: true, duplicates: 3 },
  ]);
  assertEquals(messages[0].fills.map((f) => f.tid), [1_109_765_720_343_214, 780_373_658_822_388]);
  assertEquals(messages[0].fills[0].fee, "-0.012639");
  assertEquals(messages[1].fills.map((f) => f.tid), [900_000_000_000_001]);
  assertEquals(messages[2].fills.map((f) => f.tid), [900_000_000_000_002]);
});

Deno.test("after the server drops the connection the stream reconnects, resubscribes and reports close, reconnecting and open", async () => {
  await using h = connect();
  const events: ConnectionEvent[] = [];
  h.stream.onConnection((event) => events.push(event));
  const books: L2Book[] = [];
  await h.stream.l2Book("BTC", (book) => books.push(book));
  await h.stream.trades("BTC", () => {});
  assertEquals(h.stream.connected, true);

  h.standIn.dropAll();
  await waitFor(() => events.some((e) => e.type === "open" && e.reconnect), { what: "reopen" });
  await waitFor(() => h.standIn.subscribeCount("l2Book") === 2, { what: "l2Book resubscribe" });
  await waitFor(() => h.standIn.subscribeCount("trades") === 2, { what: "trades resubscribe" });
  h.standIn.publishBook(realBookFrames(1)[0]);
  await waitFor(() => books.length === 1, { what: "a book on the new connection" });

  assertEquals(events.map((e) => e.type), ["open", "close", "reconnecting", "open"]);
  const [, close, reconnecting] = events;
  assertEquals(close.type === "close" && close.code, 4000);
  assertEquals(close.type === "close" && close.permanent, false);
  assertEquals(reconnecting.type === "reconnecting" && reconnecting.attempt, 1);
  assertEquals(h.stream.reconnects, 1);
  assertEquals(h.standIn.totalConnections, 2);
});

Deno.test("onStale fires once when book updates stop for staleAfterMs, and recovery follows when they resume", async () => {
  const staleAfterMs = 150;
  await using h = connect({ staleAfterMs });
  const signals: StalenessEvent[] = [];
  h.stream.onStale((event) => signals.push(event));
  const books: L2Book[] = [];
  await h.stream.l2Book("BTC", (book) => books.push(book));
  const [first, second] = realBookFrames(2);
  h.standIn.publishBook(first);
  await waitFor(() => books.length === 1, { what: "the first book" });
  assertEquals(h.stream.isStale("BTC"), false);

  await waitFor(() => signals.length === 1, { what: "the stale signal" });
  assertEquals(h.stream.isStale("BTC"), true);
  await delay(staleAfterMs); // several more checks pass: still one signal
  assertEquals(signals.length, 1);

  h.standIn.publishBook(second);
  await waitFor(() => signals.length === 2, { what: "the recovery signal" });
  assertEquals(h.stream.isStale("BTC"), false);

  const [stale, recovered] = signals;
  assert(stale.type === "stale" && recovered.type === "recovered");
  assertEquals(stale.coin, "BTC");
  assert(stale.silentForMs >= staleAfterMs);
  assertEquals(recovered.coin, "BTC");
  assert(recovered.staleForMs >= staleAfterMs);
});

Deno.test("an invalid payload is reported through onError with its channel and zod issue, and the stream keeps delivering", async () => {
  await using h = connect();
  const errors: StreamError[] = [];
  h.stream.onError((error) => errors.push(error));
  const books: L2Book[] = [];
  await h.stream.l2Book("BTC", (book) => books.push(book));

  const [good] = realBookFrames(1);
  const bad = structuredClone(good) as unknown as { levels: { px: string }[][] };
  bad.levels[0][0].px = "not-a-price";
  h.standIn.sendRaw(JSON.stringify({ channel: "l2Book", data: bad }));
  h.standIn.publishBook(good);
  await waitFor(() => books.length === 1, { what: "the valid book after the bad one" });

  assertEquals(errors.length, 1);
  const [error] = errors;
  assert(error instanceof StreamPayloadError, `got ${error}`);
  assertEquals(error.channel, "l2Book");
  assertEquals(error.issue?.path, ["levels", 0, 0, "px"]);
  assertEquals(error.payload, bad);
  assertEquals(books[0].bids[0].px, 42_727);
  assertEquals(h.stream.reconnects, 0);
});

Deno.test("a listener that throws is reported as a StreamListenerError and later frames still arrive", async () => {
  await using h = connect();
  const errors: StreamError[] = [];
  h.stream.onError((error) => errors.push(error));
  let calls = 0;
  await h.stream.l2Book("BTC", () => {
    calls += 1;
    if (calls === 1) throw new Error("engine bug");
  });
  const [first, second] = realBookFrames(2);
  h.standIn.publishBook(first);
  h.standIn.publishBook(second);
  await waitFor(() => calls === 2, { what: "the second book" });

  assertEquals(errors.length, 1);
  assert(errors[0] instanceof StreamListenerError);
  assertEquals(errors[0].channel, "l2Book");
  assertEquals(h.stream.connected, true);
});

Deno.test("post() round-trips an info request and a signed action over the WebSocket", async () => {
  await using h = connect();
  const [frame] = realBookFrames(1);
  h.standIn.publishBook(frame);

  const raw = await h.stream.post("info", { type: "l2Book", coin: "BTC" });
  assertEquals(raw, frame);
  const typed = await h.stream.post("info", { type: "l2Book", coin: "BTC" }, {
    schema: L2BookSchema,
  });
  assertEquals(typed.asks[0], { px: 42_729, sz: 3.83257, n: 2 });

  const action = { action: { type: "scheduleCancel" }, nonce: 1_704_110_400_000 };
  const answer = await h.stream.post("action", action);
  assert(answer.status === "ok");
  assertEquals(answer.response.type, "order");
  const posted = h.standIn.received.filter((m) => m.method === "post");
  assertEquals(posted.map((m) => m.method === "post" && m.request), [
    { type: "info", payload: { type: "l2Book", coin: "BTC" } },
    { type: "info", payload: { type: "l2Book", coin: "BTC" } },
    { type: "action", payload: action },
  ]);

  h.standIn.answerPost = () => ({ type: "error", message: "429 Too Many Requests" });
  await assertRejects(
    () => h.stream.post("info", { type: "allMids" }),
    WebSocketRequestError,
    "429",
  );
});

Deno.test("bbo, allMids and activeAssetCtx frames arrive validated, with prices as numbers", async () => {
  await using h = connect();
  const bbos: Bbo[] = [];
  const mids: AllMids[] = [];
  const ctxs: ActiveAssetCtx[] = [];
  await h.stream.bbo("BTC", (bbo) => bbos.push(bbo));
  await h.stream.allMids((value) => mids.push(value));
  await h.stream.activeAssetCtx("BTC", (ctx) => ctxs.push(ctx));

  h.standIn.publish("bbo", {
    coin: "BTC",
    time: 1_704_110_399_915,
    bbo: [{ px: "42727.0", sz: "0.02265", n: 1 }, null],
  });
  h.standIn.publish("allMids", { mids: { BTC: "42728.0", ETH: "2281.45", "@107": "31.2" } });
  h.standIn.publish("activeAssetCtx", {
    coin: "BTC",
    ctx: {
      funding: "0.0000125",
      openInterest: "12345.678",
      prevDayPx: "42100.0",
      dayNtlVlm: "1234567890.12",
      premium: "-0.00012",
      oraclePx: "42720.0",
      markPx: "42726.0",
      midPx: "42728.0",
      impactPxs: ["42727.0", "42729.0"],
      dayBaseVlm: "28901.2",
    },
  });
  await waitFor(() => bbos.length === 1 && mids.length === 1 && ctxs.length === 1, {
    what: "one frame per channel",
  });

  assertEquals(bbos[0], {
    coin: "BTC",
    time: 1_704_110_399_915,
    bid: { px: 42_727, sz: 0.02265, n: 1 },
    ask: null,
  });
  assertEquals(mids[0].mids.ETH, 2_281.45);
  assertEquals(ctxs[0].ctx.funding, 0.0000125);
  assertEquals(ctxs[0].ctx.premium, -0.00012);
  assertEquals(ctxs[0].ctx.impactPxs, [42_727, 42_729]);
});

Deno.test("orderUpdates and userEvents frames arrive validated, keeping the exchange's decimal strings", async () => {
  await using h = connect();
  const updates: OrderUpdate[] = [];
  const events: UserEvent[] = [];
  await h.stream.orderUpdates(USER, (batch) => updates.push(...batch));
  await h.stream.userEvents(USER, (event) => events.push(event));

  h.standIn.publish("orderUpdates", [{
    order: {
      coin: "BTC",
      side: "B",
      limitPx: "42700.0",
      sz: "0.0",
      oid: 544_900_123_760,
      timestamp: 1_704_110_399_000,
      origSz: "0.00535",
      cloid: "0x5bdd47600dea461f36c8378cd7b4150c",
    },
    status: "filled",
    statusTimestamp: 1_704_110_399_915,
  }]);
  h.standIn.publish("user", {
    funding: {
      time: 1_704_110_400_000,
      coin: "BTC",
      usdc: "-0.53",
      szi: "4.22618",
      fundingRate: "0.0000125",
      nSamples: null,
    },
  });
  h.standIn.publish("user", { fills: [realFills()[0]] });
  await waitFor(() => updates.length === 1 && events.length === 2, { what: "the user frames" });

  assertEquals(updates[0].status, "filled");
  assertEquals(updates[0].order.limitPx, "42700.0");
  const [funding, fills] = events;
  assert("funding" in funding);
  assertEquals(funding.funding.usdc, "-0.53");
  assert("fills" in fills);
  assertEquals(fills.fills[0].fee, "-0.012639");
});

Deno.test("keep-alive pings are answered by pongs and the connection stays up", async () => {
  await using h = connect({ keepAlive: { interval: 25, timeout: 1_000 } });
  await h.stream.ready();
  await waitFor(() => h.standIn.pingCount >= 3, { what: "three pings" });
  assertEquals(h.stream.reconnects, 0);
  assertEquals(h.standIn.totalConnections, 1);
});

Deno.test("close() reports a permanent close, stops staleness and refuses later subscriptions", async () => {
  await using h = connect({ staleAfterMs: 150 });
  const events: ConnectionEvent[] = [];
  h.stream.onConnection((event) => events.push(event));
  await h.stream.l2Book("BTC", () => {});
  await h.stream.close();

  assertEquals(events.map((e) => e.type), ["open", "close"]);
  assertEquals(events[1].type === "close" && events[1].permanent, true);
  assertEquals(h.stream.connected, false);
  assertEquals(h.stream.isStale("BTC"), true);
  await assertRejects(() => h.stream.trades("BTC", () => {}), WebSocketRequestError);
});

Deno.test("while the server is unreachable the stream keeps reporting reconnect attempts, and close() ends them", async () => {
  const gone = WsStandIn.start();
  await gone.shutdown(); // nothing listens on its port any more
  const stream = new HyperliquidStream({ wsUrl: gone.url, reconnect: FAST_RECONNECT });
  const events: ConnectionEvent[] = [];
  stream.onConnection((event) => events.push(event));
  await waitFor(() => events.length >= 2, { what: "two reconnect attempts" });
  await stream.close();

  assertEquals(events.slice(0, 2), [
    { type: "reconnecting", ts: events[0].ts, attempt: 1 },
    { type: "reconnecting", ts: events[1].ts, attempt: 2 },
  ]);
  const last = events[events.length - 1];
  assertEquals(last.type === "close" && last.permanent, true);
  assertEquals(stream.reconnects, 0);
});

Deno.test("trade dedupe memory is bounded: only the last N ids are remembered", () => {
  const ids = new RecentIds<number>(3);
  assertEquals([1, 2, 3, 1].map((id) => ids.add(id)), [true, true, true, false]);
  assertEquals(ids.add(4), true); // forgets 1
  assertEquals(ids.size, 3);
  assertEquals(ids.add(1), true);
  assertEquals(ids.add(4), false);
});
