/**
 * The market and user data stream mm's engine runs on: Hyperliquid's
 * WebSocket through `@nktkas/hyperliquid`'s `WebSocketTransport` (which owns
 * reconnection with backoff, re-subscription after a reconnect, ping
 * keep-alive and post-request matching), plus what a market maker needs on
 * top:
 *
 * - every payload validated with zod ({@link ./stream_schemas.ts}); a bad one
 *   is reported through {@link HyperliquidStream.onError} and dropped alone;
 * - trades deduped by `tid` (the exchange replays ~30 on every subscribe);
 * - own fills deduped by `tid` across reconnects, with `isSnapshot` passed on;
 * - connection events and a reconnect count;
 * - order-book staleness per coin, signalled once when a book goes quiet and
 *   again when it comes back;
 * - `post()` of info requests and signed actions over the same socket.
 *
 * @example
 * ```ts ignore
 * import { HyperliquidStream, wsUrlFor } from "./stream.ts";
 *
 * const stream = new HyperliquidStream({ wsUrl: wsUrlFor("https://api.hyperliquid.xyz") });
 * stream.onStale((event) => console.error(event));
 * await stream.l2Book("BTC", (book) => console.log(book.bids[0], book.asks[0]));
 * // …
 * await stream.close();
 * ```
 *
 * @module
 */

import {
  WebSocketRequestError,
  WebSocketTransport,
  type WebSocketTransportOptions,
} from "@nktkas/hyperliquid";
import type { z } from "zod";
import { RecentIds } from "./_stream_dedupe.ts";
import { ListenerSet } from "./_stream_listeners.ts";
import { type StalenessEvent, StalenessWatch } from "./_stream_staleness.ts";
import {
  type ActionResponse,
  ActionResponseSchema,
  type ActiveAssetCtx,
  ActiveAssetCtxSchema,
  type AllMids,
  AllMidsSchema,
  type Bbo,
  BboSchema,
  type L2Book,
  L2BookSchema,
  type OrderUpdate,
  OrderUpdatesSchema,
  type StreamFill,
  type Trade,
  TradesSchema,
  type UserEvent,
  UserEventSchema,
  UserFillsSchema,
} from "./stream_schemas.ts";

export type { StalenessEvent } from "./_stream_staleness.ts";
export { WebSocketRequestError };
/** `http://h:p` → `ws://h:p/ws`, `https://h` → `wss://h/ws`: one helper, shared with network.ts. */
export { wsUrlFor } from "./network.ts";

/** Reconnection policy, passed to the SDK's ReconnectingWebSocket (`maxRetries`, `reconnectionDelay`, `connectionTimeout`, …). */
export type StreamReconnectOptions = NonNullable<WebSocketTransportOptions["reconnect"]>;

/** Ping keep-alive, passed to the SDK: `interval` between pings and pong `timeout`, both ms. */
export type StreamKeepAliveOptions = NonNullable<WebSocketTransportOptions["keepAlive"]>;

/** Options of {@link HyperliquidStream}. */
export interface HyperliquidStreamOptions {
  /** WebSocket URL, e.g. `wss://api.hyperliquid.xyz/ws`; see {@link wsUrlFor}. */
  wsUrl: string;
  /** Silence (ms) after which a coin's book counts as stale. Default 5,000. */
  staleAfterMs?: number;
  /** How often (ms, real time) staleness is checked. Default staleAfterMs / 4, within 10–1,000. */
  staleCheckEveryMs?: number;
  /** The clock (epoch ms) for event times and staleness. Default `Date.now`. */
  now?: () => number;
  /** Reconnection policy. SDK default: unlimited retries, 75–10,000 ms jittered exponential delay. */
  reconnect?: StreamReconnectOptions;
  /** Keep-alive. SDK default: ping every 30,000 ms, reconnect after 10,000 ms without pong. */
  keepAlive?: StreamKeepAliveOptions;
  /** Timeout (ms) for subscribe confirmations and posts; `null` for none. Default 10,000. */
  requestTimeoutMs?: number | null;
  /** How many trade ids each trades subscription remembers for dedupe. Default 1,000. */
  tradeDedupeSize?: number;
  /** How many fill ids each userFills subscription remembers. Default 10,000 (a snapshot holds up to 2,000). */
  fillDedupeSize?: number;
}

/** A live subscription; `unsubscribe()` stops delivery and tells the server. Idempotent. */
export interface StreamSubscription {
  unsubscribe(): Promise<void>;
}

/**
 * A change of connection state. Times from the injected clock (epoch ms).
 * - `open`: connected; `reconnect` is false only for the very first connection.
 * - `close`: an open connection was lost (`permanent` after {@link HyperliquidStream.close}
 *   or when the reconnect policy gives up).
 * - `reconnecting`: a new connection attempt is scheduled; `attempt` counts from 1
 *   since the last open.
 */
export type ConnectionEvent =
  | { type: "open"; ts: number; reconnect: boolean }
  | { type: "close"; ts: number; code: number; permanent: boolean }
  | { type: "reconnecting"; ts: number; attempt: number };

/** What a userFills listener learns besides the fills. */
export interface UserFillsMeta {
  /** True for the snapshot the exchange sends first after each (re)subscribe: reconcile, don't add. */
  isSnapshot: boolean;
  /** Fills of the message dropped as already delivered (replays after a reconnect). */
  duplicates: number;
}

/** Options of {@link HyperliquidStream.post}. */
export interface PostOptions {
  /** Cancels the wait for the answer. */
  signal?: AbortSignal;
}

/** Options of {@link HyperliquidStream.post} with a schema that validates (and types) the answer. */
export interface PostOptionsWithSchema<S extends z.ZodType> extends PostOptions {
  /** Replaces the default check (ActionResponseSchema for actions, none for info). */
  schema: S;
}

/** Base of the errors the stream reports through {@link HyperliquidStream.onError}. */
export class StreamError extends Error {
  override name = "StreamError";
  /** The WebSocket channel concerned (`l2Book`, `trades`, `user`, `post`, …). */
  readonly channel: string;

  constructor(message: string, channel: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.channel = channel;
  }
}

/** A payload that failed its schema; the message was dropped, the stream goes on. */
export class StreamPayloadError extends StreamError {
  override name = "StreamPayloadError";
  /** zod's issues, first one first. */
  readonly issues: readonly z.core.$ZodIssue[];
  /** The offending `data`, as received. */
  readonly payload: unknown;

  constructor(channel: string, issues: readonly z.core.$ZodIssue[], payload: unknown) {
    const first = issues[0];
    const where = first && first.path.length > 0 ? ` at ${first.path.join(".")}` : "";
    super(`invalid ${channel} payload${where}: ${first?.message ?? "unknown issue"}`, channel);
    this.issues = issues;
    this.payload = payload;
  }

  /** The first zod issue. */
  get issue(): z.core.$ZodIssue | undefined {
    return this.issues[0];
  }
}

/** A listener threw; the error is caught so the socket and other listeners go on. */
export class StreamListenerError extends StreamError {
  override name = "StreamListenerError";

  constructor(channel: string, cause: unknown) {
    super(`a ${channel} listener threw: ${describe(cause)}`, channel, { cause });
  }
}

/**
 * The server refused a re-subscription after a reconnect (or it timed out):
 * that subscription is gone and delivers nothing more; subscribe again.
 */
export class StreamSubscriptionError extends StreamError {
  override name = "StreamSubscriptionError";
  /** The subscription that failed, as sent. */
  readonly subscription: Readonly<Record<string, unknown>>;

  constructor(channel: string, subscription: Readonly<Record<string, unknown>>, cause: unknown) {
    super(`${channel} subscription lost: ${describe(cause)}`, channel, { cause });
    this.subscription = subscription;
  }
}

/** Defaults of {@link HyperliquidStreamOptions}. */
const DEFAULTS = {
  staleAfterMs: 5_000,
  requestTimeoutMs: 10_000,
  tradeDedupeSize: 1_000,
  fillDedupeSize: 10_000,
} as const;

/**
 * Hyperliquid market and user data over one WebSocket. Connecting starts at
 * construction; a subscribe made before the socket is open is sent when it
 * opens (and rejects if that connection attempt fails). Once confirmed, a
 * subscription survives reconnects: the SDK subscribes again on every open.
 * Call {@link close} when done: it stops the socket and every timer.
 */
export class HyperliquidStream {
  readonly #transport: WebSocketTransport;
  readonly #now: () => number;
  readonly #staleness: StalenessWatch;
  readonly #tradeDedupeSize: number;
  readonly #fillDedupeSize: number;
  readonly #connectionListeners = new ListenerSet<ConnectionEvent>();
  readonly #staleListeners = new ListenerSet<StalenessEvent>();
  readonly #errorListeners = new ListenerSet<StreamError>();
  /** Payload objects already reported invalid: each frame reaches every listener of its channel. */
  readonly #reportedInvalid = new WeakSet<object>();
  readonly #terminated: Promise<void>;
  #opens = 0;
  #attempt = 0;
  #isOpen = false;
  #closing = false;

  constructor(options: HyperliquidStreamOptions) {
    this.#now = options.now ?? Date.now;
    const staleAfterMs = options.staleAfterMs ?? DEFAULTS.staleAfterMs;
    if (!(staleAfterMs > 0)) throw new RangeError(`staleAfterMs must be > 0, got ${staleAfterMs}`);
    this.#tradeDedupeSize = options.tradeDedupeSize ?? DEFAULTS.tradeDedupeSize;
    this.#fillDedupeSize = options.fillDedupeSize ?? DEFAULTS.fillDedupeSize;
    this.#staleness = new StalenessWatch({
      staleAfterMs,
      checkEveryMs: options.staleCheckEveryMs ??
        Math.max(10, Math.min(1_000, Math.floor(staleAfterMs / 4))),
      now: this.#now,
      emit: (event) =>
        this.#staleListeners.emit(event, (error) => this.#listenerThrew("stale", error)),
    });
    this.#transport = new WebSocketTransport({
      url: options.wsUrl,
      reconnect: options.reconnect,
      keepAlive: options.keepAlive,
      timeout: options.requestTimeoutMs === undefined
        ? DEFAULTS.requestTimeoutMs
        : options.requestTimeoutMs,
      resubscribe: true,
    });
    const socket = this.#transport.socket;
    socket.addEventListener("open", () => this.#handleOpen());
    socket.addEventListener("close", (event) => this.#handleClose(event));
    this.#terminated = new Promise((resolve) => {
      socket.addEventListener("close", () => {
        if (socket.terminationSignal.aborted) resolve();
      });
    });
  }

  // --- connection -----------------------------------------------------------

  /** Whether the socket is open now: posts go out at once (otherwise they queue, and fail if the next attempt fails). */
  get connected(): boolean {
    return this.#isOpen;
  }

  /** How many times the connection was re-established after the first open. */
  get reconnects(): number {
    return Math.max(0, this.#opens - 1);
  }

  /**
   * Resolves once the socket is open.
   *
   * @throws {WebSocketRequestError} when the stream is closed or `signal` aborts first.
   */
  ready(signal?: AbortSignal): Promise<void> {
    return this.#transport.ready(signal);
  }

  /** Listens to connection changes; returns a function that stops listening. */
  onConnection(listener: (event: ConnectionEvent) => void): () => void {
    return this.#connectionListeners.add(listener);
  }

  /** Listens to dropped payloads, throwing listeners and lost subscriptions; returns a stop function. */
  onError(listener: (error: StreamError) => void): () => void {
    return this.#errorListeners.add(listener);
  }

  // --- staleness ------------------------------------------------------------

  /**
   * Listens to book staleness: `stale` once when a subscribed coin's l2Book has
   * been silent for `staleAfterMs`, `recovered` when updates resume. Returns a
   * stop function.
   */
  onStale(listener: (event: StalenessEvent) => void): () => void {
    return this.#staleListeners.add(listener);
  }

  /** Whether `coin`'s book is older than `staleAfterMs` now; true for a coin with no l2Book subscription. */
  isStale(coin: string): boolean {
    return this.#staleness.isStale(coin);
  }

  /** When the last l2Book update for `coin` arrived (injected clock, epoch ms); undefined before the first. */
  lastBookUpdateMs(coin: string): number | undefined {
    return this.#staleness.lastUpdateMs(coin);
  }

  // --- market data ----------------------------------------------------------

  /**
   * Subscribes to `coin`'s order book (full-precision snapshots, up to 20
   * levels a side) and watches its staleness. One l2Book subscription per coin.
   * Every subscribe method resolves once the server confirms.
   *
   * @throws {WebSocketRequestError} when the server refuses, the confirmation times
   *   out, the connection attempt fails, or the stream is closed.
   */
  l2Book(coin: string, listener: (book: L2Book) => void): Promise<StreamSubscription> {
    this.#staleness.track(coin);
    return this.#subscribe({
      channel: "l2Book",
      schema: L2BookSchema,
      subscription: { type: "l2Book", coin, nSigFigs: null, mantissa: null },
      deliver: (book) => {
        if (book.coin !== coin) return;
        this.#staleness.touch(coin);
        listener(book);
      },
      release: () => this.#staleness.untrack(coin),
    });
  }

  /**
   * Subscribes to `coin`'s public trades. Each trade reaches the listener once:
   * the ~30 trades the exchange replays on every (re)subscribe are dropped by
   * `tid` (the last `tradeDedupeSize` ids are remembered).
   */
  trades(coin: string, listener: (trades: Trade[]) => void): Promise<StreamSubscription> {
    const seen = new RecentIds<number>(this.#tradeDedupeSize);
    return this.#subscribe({
      channel: "trades",
      schema: TradesSchema,
      subscription: { type: "trades", coin },
      deliver: (trades) => {
        const fresh = trades.filter((trade) => trade.coin === coin && seen.add(trade.tid));
        if (fresh.length > 0) listener(fresh);
      },
    });
  }

  /** Subscribes to `coin`'s best bid and offer. */
  bbo(coin: string, listener: (bbo: Bbo) => void): Promise<StreamSubscription> {
    return this.#subscribe({
      channel: "bbo",
      schema: BboSchema,
      subscription: { type: "bbo", coin },
      deliver: (bbo) => {
        if (bbo.coin === coin) listener(bbo);
      },
    });
  }

  /** Subscribes to every coin's mid price (the main dex, or `options.dex`). */
  allMids(
    listener: (mids: AllMids) => void,
    options: { dex?: string } = {},
  ): Promise<StreamSubscription> {
    const dex = options.dex || undefined;
    return this.#subscribe({
      channel: "allMids",
      schema: AllMidsSchema,
      subscription: dex === undefined ? { type: "allMids" } : { type: "allMids", dex },
      deliver: (mids) => {
        if ((mids.dex || undefined) === dex) listener(mids);
      },
    });
  }

  /** Subscribes to a perpetual's context: mark, oracle, funding, open interest. */
  activeAssetCtx(
    coin: string,
    listener: (ctx: ActiveAssetCtx) => void,
  ): Promise<StreamSubscription> {
    return this.#subscribe({
      channel: "activeAssetCtx",
      schema: ActiveAssetCtxSchema,
      subscription: { type: "activeAssetCtx", coin },
      deliver: (ctx) => {
        if (ctx.coin === coin) listener(ctx);
      },
    });
  }

  // --- user data ------------------------------------------------------------

  /**
   * Subscribes to `user`'s order status changes. The frames carry no user, so
   * with several users subscribed each listener sees every user's updates.
   */
  orderUpdates(
    user: string,
    listener: (updates: OrderUpdate[]) => void,
  ): Promise<StreamSubscription> {
    return this.#subscribe({
      channel: "orderUpdates",
      schema: OrderUpdatesSchema,
      subscription: { type: "orderUpdates", user: user.toLowerCase() },
      deliver: listener,
    });
  }

  /**
   * Subscribes to `user`'s fills. After each (re)subscribe the exchange first
   * sends a snapshot of recent fills: the listener gets it with
   * `isSnapshot: true` (even when every fill in it was already delivered), so
   * the engine reconciles instead of adding. Fills are deduped by `tid` across
   * reconnects, so after a reconnect the snapshot carries only the fills missed
   * while disconnected.
   */
  userFills(
    user: string,
    listener: (fills: StreamFill[], meta: UserFillsMeta) => void,
  ): Promise<StreamSubscription> {
    const address = user.toLowerCase();
    const seen = new RecentIds<string>(this.#fillDedupeSize);
    return this.#subscribe({
      channel: "userFills",
      schema: UserFillsSchema,
      subscription: { type: "userFills", user: address },
      deliver: (message) => {
        if (message.user.toLowerCase() !== address) return;
        const isSnapshot = message.isSnapshot === true;
        const fresh = message.fills.filter((fill) => seen.add(fillKey(fill)));
        if (fresh.length === 0 && !isSnapshot) return;
        listener(fresh, { isSnapshot, duplicates: message.fills.length - fresh.length });
      },
    });
  }

  /**
   * Subscribes to `user`'s events (channel `user`): fills, funding payments,
   * liquidations, exchange-side cancels. The frames carry no user.
   */
  userEvents(user: string, listener: (event: UserEvent) => void): Promise<StreamSubscription> {
    return this.#subscribe({
      channel: "user",
      schema: UserEventSchema,
      subscription: { type: "userEvents", user: user.toLowerCase() },
      deliver: listener,
    });
  }

  // --- post requests --------------------------------------------------------

  /**
   * Posts an info request or a signed action over the WebSocket and returns
   * the answer: an info request's `data`, or an action's `{status, response}`
   * (an `err` status is returned, not thrown). While disconnected the SDK
   * queues the request for the next open, but rejects it as soon as a
   * connection attempt fails: check {@link connected} and use HTTP otherwise.
   *
   * @throws {WebSocketRequestError} on a server error answer, a timeout, an abort,
   *   a failed connection attempt or a closed stream.
   * @throws {StreamPayloadError} when the answer fails the schema.
   */
  post<S extends z.ZodType>(
    type: "info" | "action",
    payload: Readonly<Record<string, unknown>>,
    options: PostOptionsWithSchema<S>,
  ): Promise<z.output<S>>;
  post(
    type: "action",
    payload: Readonly<Record<string, unknown>>,
    options?: PostOptions,
  ): Promise<ActionResponse>;
  post(
    type: "info",
    payload: Readonly<Record<string, unknown>>,
    options?: PostOptions,
  ): Promise<unknown>;
  async post(
    type: "info" | "action",
    payload: Readonly<Record<string, unknown>>,
    options: PostOptions & { schema?: z.ZodType } = {},
  ): Promise<unknown> {
    const answer = await this.#transport.request<unknown>(
      type === "action" ? "exchange" : "info",
      payload,
      options.signal,
    );
    const schema = options.schema ?? (type === "action" ? ActionResponseSchema : undefined);
    if (schema === undefined) return answer;
    const parsed = schema.safeParse(answer);
    if (!parsed.success) throw new StreamPayloadError("post", parsed.error.issues, answer);
    return parsed.data;
  }

  // --- shutdown -------------------------------------------------------------

  /**
   * Closes the socket for good and stops every timer; resolves once the
   * socket has closed. Pending posts and subscribes reject. Idempotent.
   */
  async close(): Promise<void> {
    if (!this.#closing) {
      this.#closing = true;
      this.#staleness.close();
      this.#transport.close();
    }
    await this.#terminated;
  }

  /** `await using stream = new HyperliquidStream(…)` closes it at scope end. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  // --- internals ------------------------------------------------------------

  async #subscribe<S extends z.ZodType>(spec: {
    channel: string;
    schema: S;
    subscription: Readonly<Record<string, unknown>>;
    deliver: (data: z.output<S>) => void;
    release?: () => void;
  }): Promise<StreamSubscription> {
    const { channel, schema, subscription, deliver } = spec;
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      spec.release?.();
    };
    const listener = (event: CustomEvent<unknown>) => {
      const parsed = schema.safeParse(event.detail);
      if (!parsed.success) {
        this.#reportInvalid(channel, parsed.error.issues, event.detail);
        return;
      }
      try {
        deliver(parsed.data);
      } catch (error) {
        this.#listenerThrew(channel, error);
      }
    };
    const handle = await this.#transport.subscribe<unknown>(channel, subscription, listener, {
      onError: (error) => {
        release();
        if (!this.#closing) this.#report(new StreamSubscriptionError(channel, subscription, error));
      },
    }).catch((error: unknown) => {
      release();
      throw error;
    });
    return {
      unsubscribe: async () => {
        if (released) return;
        release();
        await handle.unsubscribe();
      },
    };
  }

  #handleOpen(): void {
    this.#opens += 1;
    this.#attempt = 0;
    this.#isOpen = true;
    this.#emitConnection({ type: "open", ts: this.#now(), reconnect: this.#opens > 1 });
  }

  #handleClose(event: Event): void {
    const ts = this.#now();
    const permanent = this.#transport.socket.terminationSignal.aborted;
    const code = event instanceof CloseEvent ? event.code : 1006;
    if (this.#isOpen || permanent) this.#emitConnection({ type: "close", ts, code, permanent });
    this.#isOpen = false;
    if (permanent) return;
    this.#attempt += 1;
    this.#emitConnection({ type: "reconnecting", ts, attempt: this.#attempt });
  }

  #emitConnection(event: ConnectionEvent): void {
    this.#connectionListeners.emit(event, (error) => this.#listenerThrew("connection", error));
  }

  #reportInvalid(channel: string, issues: readonly z.core.$ZodIssue[], payload: unknown): void {
    if (typeof payload === "object" && payload !== null) {
      if (this.#reportedInvalid.has(payload)) return;
      this.#reportedInvalid.add(payload);
    }
    this.#report(new StreamPayloadError(channel, issues, payload));
  }

  #listenerThrew(channel: string, error: unknown): void {
    this.#report(new StreamListenerError(channel, error));
  }

  #report(error: StreamError): void {
    // An onError listener that throws is ignored: reporting it would loop.
    this.#errorListeners.emit(error, () => {});
  }
}

/** A fill's identity: its `tid`, or (very old history without one) its hash, order and amounts. */
function fillKey(fill: StreamFill): string {
  return fill.tid === undefined
    ? `${fill.hash}/${fill.oid}/${fill.time}/${fill.px}/${fill.sz}`
    : `tid:${fill.tid}`;
}

/** An error's message, or the value as text. */
function describe(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
