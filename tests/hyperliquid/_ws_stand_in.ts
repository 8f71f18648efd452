/**
 * A stand-in for Hyperliquid's WebSocket server, on loopback, for tests. It
 * speaks the exchange's protocol closely:
 *
 * - `{"method":"subscribe","subscription":{…}}` → `{"channel":"subscriptionResponse",
 *   "data":{"method":"subscribe","subscription":{…}}}`, then what the exchange
 *   sends at once: the latest book for l2Book, the last 30 trades for trades,
 *   a `{"isSnapshot":true,…}` snapshot for userFills;
 * - `{"method":"unsubscribe",…}` → the same echo with `"method":"unsubscribe"`;
 * - `{"method":"ping"}` → `{"channel":"pong"}`;
 * - `{"method":"post","id":N,"request":{"type":"info"|"action","payload":…}}` →
 *   `{"channel":"post","data":{"id":N,"response":{"type":"info","payload":{"type":…,"data":…}}}}`
 *   (`{"type":"action","payload":…}` for actions, `{"type":"error","payload":"…"}` on error);
 * - anything else → `{"channel":"error","data":"…"}`.
 *
 * Hooks push frames, drop every connection, and count what clients sent.
 *
 * @module
 */

import { z } from "zod";
import { CHANNEL_OF } from "../../lib/sim/ws_hub.ts";

/** How many recent trades the exchange replays on a trades subscribe. */
export const TRADE_REPLAY_SIZE = 30;

const SubscriptionSchema = z.looseObject({ type: z.string().min(1) });

const ClientMessageSchema = z.discriminatedUnion("method", [
  z.object({ method: z.literal("subscribe"), subscription: SubscriptionSchema }),
  z.object({ method: z.literal("unsubscribe"), subscription: SubscriptionSchema }),
  z.object({ method: z.literal("ping") }),
  z.object({
    method: z.literal("post"),
    id: z.number().int(),
    request: z.object({
      type: z.enum(["info", "action"]),
      payload: z.looseObject({}),
    }),
  }),
]);

/** A message a client sent, as parsed. */
export type ClientMessage = z.infer<typeof ClientMessageSchema>;

/** A subscription object, e.g. `{ type: "l2Book", coin: "BTC" }`. */
export type Subscription = z.infer<typeof SubscriptionSchema>;

/** A post request's body. */
export type PostRequest = Extract<ClientMessage, { method: "post" }>["request"];

/** How the stand-in answers a post: info data, an action payload, or an error text. */
export type PostAnswer =
  | { type: "info"; data: unknown }
  | { type: "action"; payload: unknown }
  | { type: "error"; message: string };

interface Connection {
  socket: WebSocket;
  /** Keyed by the subscription's JSON. */
  subscriptions: Map<string, Subscription>;
}

/** A wire trade or fill as far as the stand-in cares. */
type WithCoin = { coin: string } & Record<string, unknown>;

/** A loopback Hyperliquid WebSocket server for one test. */
export class WsStandIn {
  /** `ws://127.0.0.1:<port>/ws`. */
  readonly url: string;
  /** `http://127.0.0.1:<port>` (what wsUrlFor derives `url` from). */
  readonly apiUrl: string;
  /** Every message clients sent, in order. */
  readonly received: ClientMessage[] = [];
  /** How many connections were ever accepted. */
  totalConnections = 0;
  /** Answers post requests; replace it in a test. Default: l2Book info from the latest book, actions resting. */
  answerPost: (request: PostRequest) => PostAnswer = (request) => this.#defaultAnswer(request);

  readonly #server: Deno.HttpServer<Deno.NetAddr>;
  readonly #connections = new Set<Connection>();
  readonly #books = new Map<string, unknown>();
  readonly #trades = new Map<string, WithCoin[]>();
  readonly #fills = new Map<string, WithCoin[]>();

  private constructor() {
    this.#server = Deno.serve(
      { port: 0, hostname: "127.0.0.1", onListen: () => {} },
      (request) => this.#handle(request),
    );
    const { hostname, port } = this.#server.addr;
    this.apiUrl = `http://${hostname}:${port}`;
    this.url = `ws://${hostname}:${port}/ws`;
  }

  /** Starts a stand-in on a free loopback port. */
  static start(): WsStandIn {
    return new WsStandIn();
  }

  /** Connections open now. */
  get openConnections(): number {
    return [...this.#connections].filter((c) => c.socket.readyState === WebSocket.OPEN).length;
  }

  /** How many subscribe messages of `type` clients sent (every connection, all time). */
  subscribeCount(type: string): number {
    return this.received.filter((m) => m.method === "subscribe" && m.subscription.type === type)
      .length;
  }

  /** How many pings clients sent. */
  get pingCount(): number {
    return this.received.filter((m) => m.method === "ping").length;
  }

  /** Remembers `book` (wire `data` of an l2Book frame) as the coin's latest and pushes it. */
  publishBook(book: { coin: string } & Record<string, unknown>): void {
    this.#books.set(book.coin, book);
    this.publish("l2Book", book);
  }

  /** Appends trades (one coin) to the replay history and pushes them. */
  publishTrades(trades: WithCoin[]): void {
    const coin = trades[0]?.coin;
    if (coin === undefined) return;
    const history = [...(this.#trades.get(coin) ?? []), ...trades];
    this.#trades.set(coin, history.slice(-TRADE_REPLAY_SIZE));
    this.publish("trades", trades);
  }

  /** Appends fills to `user`'s history (the next snapshot) and pushes them live to subscribers. */
  publishFills(user: string, fills: WithCoin[]): void {
    const key = user.toLowerCase();
    this.#fills.set(key, [...(this.#fills.get(key) ?? []), ...fills]);
    this.publish("userFills", { user: key, fills });
  }

  /**
   * Pushes `{"channel": channel, "data": data}` to every connection subscribed
   * to that channel (matching coin and user when both sides name one).
   */
  publish(channel: string, data: unknown): void {
    const text = JSON.stringify({ channel, data });
    for (const connection of this.#connections) {
      const wanted = [...connection.subscriptions.values()].some((s) => matches(s, channel, data));
      if (wanted) send(connection.socket, text);
    }
  }

  /** Sends `text` as is to every open connection. */
  sendRaw(text: string): void {
    for (const connection of this.#connections) send(connection.socket, text);
  }

  /** Closes every connection from the server side (clients should reconnect). */
  dropAll(): void {
    for (const connection of this.#connections) {
      connection.subscriptions.clear();
      if (connection.socket.readyState === WebSocket.OPEN) {
        connection.socket.close(4000, "dropped by stand-in");
      }
    }
  }

  /** Closes every connection and stops the server. */
  async shutdown(): Promise<void> {
    this.dropAll();
    await this.#server.shutdown();
  }

  #handle(request: Request): Response {
    const path = new URL(request.url).pathname;
    if (path !== "/ws" || request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
      return new Response("expected a WebSocket upgrade on /ws", { status: 426 });
    }
    const { socket, response } = Deno.upgradeWebSocket(request);
    const connection: Connection = { socket, subscriptions: new Map() };
    this.#connections.add(connection);
    this.totalConnections += 1;
    socket.onmessage = (event) => this.#onMessage(connection, event.data);
    socket.onclose = () => this.#connections.delete(connection);
    socket.onerror = () => this.#connections.delete(connection);
    return response;
  }

  #onMessage(connection: Connection, raw: unknown): void {
    const text = typeof raw === "string" ? raw : "";
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    const parsed = ClientMessageSchema.safeParse(json);
    if (!parsed.success) {
      send(
        connection.socket,
        frame("error", `Error parsing JSON into valid websocket request: ${text}`),
      );
      return;
    }
    const message = parsed.data;
    this.received.push(message);
    switch (message.method) {
      case "ping":
        send(connection.socket, JSON.stringify({ channel: "pong" }));
        return;
      case "subscribe":
        this.#subscribe(connection, message.subscription);
        return;
      case "unsubscribe":
        this.#unsubscribe(connection, message.subscription);
        return;
      case "post":
        send(
          connection.socket,
          frame("post", { id: message.id, response: this.#post(message.request) }),
        );
        return;
    }
  }

  #subscribe(connection: Connection, subscription: Subscription): void {
    const socket = connection.socket;
    const key = JSON.stringify(subscription);
    if (!(subscription.type in CHANNEL_OF)) {
      send(socket, frame("error", `Invalid subscription ${key}`));
      return;
    }
    if (connection.subscriptions.has(key)) {
      send(socket, frame("error", `Already subscribed: ${key}`));
      return;
    }
    connection.subscriptions.set(key, subscription);
    send(socket, frame("subscriptionResponse", { method: "subscribe", subscription }));
    // What the exchange sends right after confirming.
    const coin = typeof subscription.coin === "string" ? subscription.coin : undefined;
    const user = typeof subscription.user === "string"
      ? subscription.user.toLowerCase()
      : undefined;
    if (subscription.type === "l2Book" && coin !== undefined && this.#books.has(coin)) {
      send(socket, frame("l2Book", this.#books.get(coin)));
    }
    if (subscription.type === "trades" && coin !== undefined) {
      const replay = this.#trades.get(coin) ?? [];
      if (replay.length > 0) send(socket, frame("trades", replay));
    }
    if (subscription.type === "userFills" && user !== undefined) {
      const fills = this.#fills.get(user) ?? [];
      send(socket, frame("userFills", { isSnapshot: true, user, fills }));
    }
  }

  #unsubscribe(connection: Connection, subscription: Subscription): void {
    const key = JSON.stringify(subscription);
    if (!connection.subscriptions.delete(key)) {
      send(connection.socket, frame("error", `Already unsubscribed: ${key}`));
      return;
    }
    send(connection.socket, frame("subscriptionResponse", { method: "unsubscribe", subscription }));
  }

  #post(request: PostRequest): unknown {
    const answer = this.answerPost(request);
    switch (answer.type) {
      case "info":
        return { type: "info", payload: { type: request.payload.type, data: answer.data } };
      case "action":
        return { type: "action", payload: answer.payload };
      case "error":
        return { type: "error", payload: answer.message };
    }
  }

  #defaultAnswer(request: PostRequest): PostAnswer {
    if (request.type === "action") {
      return {
        type: "action",
        payload: {
          status: "ok",
          response: { type: "order", data: { statuses: [{ resting: { oid: 88383 } }] } },
        },
      };
    }
    const coin = request.payload.coin;
    if (request.payload.type === "l2Book" && typeof coin === "string") {
      return { type: "info", data: this.#books.get(coin) ?? null };
    }
    return { type: "info", data: null };
  }
}

/** Whether a subscription wants a frame: same channel, and same coin / user where both name one. */
function matches(subscription: Subscription, channel: string, data: unknown): boolean {
  if (CHANNEL_OF[subscription.type] !== channel) return false;
  const sample = Array.isArray(data) ? data[0] : data;
  if (typeof sample !== "object" || sample === null) return true;
  const fields = sample as Record<string, unknown>;
  if (typeof subscription.coin === "string" && typeof fields.coin === "string") {
    return subscription.coin === fields.coin;
  }
  if (typeof subscription.user === "string" && typeof fields.user === "string") {
    return subscription.user.toLowerCase() === fields.user.toLowerCase();
  }
  return true;
}

/** `{"channel": channel, "data": data}` as text. */
function frame(channel: string, data: unknown): string {
  return JSON.stringify({ channel, data });
}

/** Sends when the socket is open; a closing socket drops the frame as the real one would. */
function send(socket: WebSocket, text: string): void {
  if (socket.readyState === WebSocket.OPEN) socket.send(text);
}

/**
 * Polls `probe` every few ms until it returns something other than
 * `undefined`/`false`, and returns that; fails after `timeoutMs` (default
 * 3,000) naming `what`.
 */
export async function waitFor<T>(
  probe: () => T | undefined | false,
  options: { what?: string; timeoutMs?: number } = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 3_000;
  const started = performance.now();
  while (true) {
    const value = probe();
    if (value !== undefined && value !== false) return value;
    if (performance.now() - started > timeoutMs) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${options.what ?? "a condition"}`,
      );
    }
    await delay(5);
  }
}

/** Resolves after `ms`. */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
