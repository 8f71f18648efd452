/**
 * The simulator's WebSocket side, speaking Hyperliquid's protocol:
 * `{"method":"subscribe","subscription":{…}}` answered by a
 * `subscriptionResponse` echo and the channel's snapshot, `unsubscribe`,
 * `{"method":"ping"}` → `{"channel":"pong"}`, and `post` requests answered
 * on the `post` channel. Idle connections are closed as the real server does.
 *
 * @module
 */

import { z } from "zod";

/** A subscription as clients send it (extra keys such as nSigFigs are kept and echoed). */
export const SubscriptionSchema = z.looseObject({
  type: z.string(),
  coin: z.string().optional(),
  user: z.string().optional(),
});

/** A subscription. */
export type Subscription = z.infer<typeof SubscriptionSchema>;

const ClientMessageSchema = z.union([
  z.object({ method: z.enum(["subscribe", "unsubscribe"]), subscription: SubscriptionSchema }),
  z.object({ method: z.literal("ping") }),
  z.object({
    method: z.literal("post"),
    id: z.number(),
    request: z.object({
      type: z.enum(["info", "action"]),
      payload: z.record(z.string(), z.unknown()),
    }),
  }),
]);

/** The channel each subscription type's data arrives on (Hyperliquid's WebSocket protocol). */
export const CHANNEL_OF: Readonly<Record<string, string>> = {
  l2Book: "l2Book",
  trades: "trades",
  bbo: "bbo",
  allMids: "allMids",
  activeAssetCtx: "activeAssetCtx",
  orderUpdates: "orderUpdates",
  userFills: "userFills",
  userEvents: "user",
};

/** A frame to send: `{"channel": …, "data": …}`. */
export interface Frame {
  channel: string;
  data: unknown;
}

/** What the hub asks of the exchange behind it. */
export interface HubBackend {
  /** Frames a new subscription starts with (book snapshot, last trades, fill snapshot…). */
  snapshot(subscription: Subscription): Frame[];
  /** Answers a post request as `{type, payload}` (the `response` of the post frame). */
  post(
    request: { type: "info" | "action"; payload: Record<string, unknown> },
    ip: string,
  ): Promise<unknown>;
}

interface Client {
  socket: WebSocket;
  ip: string;
  subscriptions: Map<string, Subscription>;
  lastMessageMs: number;
}

/** All WebSocket clients of one simulator. */
export class WsHub {
  readonly #clients = new Set<Client>();
  readonly #backend: HubBackend;
  readonly #now: () => number;
  readonly #idleTimeoutMs: number;
  readonly #timer: ReturnType<typeof setInterval>;

  constructor(backend: HubBackend, options: { now: () => number; idleTimeoutMs?: number }) {
    this.#backend = backend;
    this.#now = options.now;
    this.#idleTimeoutMs = options.idleTimeoutMs ?? 60_000;
    this.#timer = setInterval(() => this.#closeIdle(), Math.min(1000, this.#idleTimeoutMs / 2));
  }

  /** Connections open now. */
  get connections(): number {
    return this.#clients.size;
  }

  /** Takes over an upgraded socket. */
  accept(socket: WebSocket, ip: string): void {
    const client: Client = { socket, ip, subscriptions: new Map(), lastMessageMs: this.#now() };
    socket.onopen = () => this.#clients.add(client);
    socket.onclose = () => this.#clients.delete(client);
    socket.onerror = () => this.#clients.delete(client);
    socket.onmessage = (event) => void this.#onMessage(client, String(event.data));
  }

  /**
   * Sends a frame to every client subscribed to `type` that `matches`. `data`
   * may be a function: it is then computed (and serialised) only when some
   * client is subscribed.
   */
  publish(
    type: string,
    data: unknown | (() => unknown),
    matches: (subscription: Subscription) => boolean,
  ): void {
    let text: string | undefined;
    for (const client of this.#clients) {
      for (const subscription of client.subscriptions.values()) {
        if (subscription.type === type && matches(subscription)) {
          text ??= JSON.stringify({
            channel: CHANNEL_OF[type] ?? type,
            data: typeof data === "function" ? data() : data,
          });
          send(client.socket, text);
          break;
        }
      }
    }
  }

  /** Closes every connection (a fault, or shutdown). */
  dropAll(code = 1012, reason = "dropped"): void {
    for (const client of this.#clients) {
      try {
        client.socket.close(code, reason);
      } catch {
        // already closing
      }
    }
    this.#clients.clear();
  }

  /** Stops the idle timer and closes every connection. */
  close(): void {
    clearInterval(this.#timer);
    this.dropAll(1001, "server shutting down");
  }

  async #onMessage(client: Client, text: string): Promise<void> {
    client.lastMessageMs = this.#now();
    let message: z.infer<typeof ClientMessageSchema>;
    try {
      message = ClientMessageSchema.parse(JSON.parse(text));
    } catch {
      send(
        client.socket,
        JSON.stringify({ channel: "error", data: `Invalid message: ${text.slice(0, 200)}` }),
      );
      return;
    }
    if (message.method === "ping") {
      send(client.socket, JSON.stringify({ channel: "pong" }));
    } else if (message.method === "post") {
      const response = await this.#backend.post(message.request, client.ip);
      send(client.socket, JSON.stringify({ channel: "post", data: { id: message.id, response } }));
    } else {
      this.#subscription(client, message.method, message.subscription);
    }
  }

  #subscription(
    client: Client,
    method: "subscribe" | "unsubscribe",
    subscription: Subscription,
  ): void {
    if (CHANNEL_OF[subscription.type] === undefined) {
      send(
        client.socket,
        JSON.stringify({
          channel: "error",
          data: `Invalid subscription type: ${subscription.type}`,
        }),
      );
      return;
    }
    const key = JSON.stringify({
      type: subscription.type,
      coin: subscription.coin,
      user: subscription.user?.toLowerCase(),
    });
    if (method === "subscribe") {
      if (client.subscriptions.has(key)) {
        send(
          client.socket,
          JSON.stringify({
            channel: "error",
            data: `Already subscribed: ${JSON.stringify(subscription)}`,
          }),
        );
        return;
      }
      client.subscriptions.set(key, subscription);
    } else {
      client.subscriptions.delete(key);
    }
    send(
      client.socket,
      JSON.stringify({ channel: "subscriptionResponse", data: { method, subscription } }),
    );
    if (method === "subscribe") {
      for (const frame of this.#backend.snapshot(subscription)) {
        send(client.socket, JSON.stringify(frame));
      }
    }
  }

  #closeIdle(): void {
    const now = this.#now();
    for (const client of this.#clients) {
      if (now - client.lastMessageMs > this.#idleTimeoutMs) {
        try {
          client.socket.close(1000, "idle");
        } catch {
          // already closing
        }
        this.#clients.delete(client);
      }
    }
  }
}

function send(socket: WebSocket, text: string): void {
  if (socket.readyState === WebSocket.OPEN) socket.send(text);
}
