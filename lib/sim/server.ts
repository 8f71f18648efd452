/**
 * `mm sim`'s exchange: Hyperliquid's HTTP (`POST /info`, `POST /exchange`)
 * and WebSocket (`GET /ws`) protocols on loopback, over the matching engine,
 * with the documented rate limits and injectable faults. Every answer is
 * `application/json`, as the real one (the SDK refuses anything else).
 *
 * @module
 */

import { exchangeWeight } from "../hyperliquid/weights.ts";
import { toWireNumber } from "../hyperliquid/wire.ts";
import { ExchangeActions } from "./_exchange_actions.ts";
import { InfoRequests } from "./_info_requests.ts";
import type { FaultEvent, FaultInjector } from "./faults.ts";
import type { MatchingEngine } from "./matching.ts";
import { NonceGuard } from "./nonces.ts";
import { AddressBudget, IpWeightWindow } from "./rate_limits.ts";
import { type Frame, type Subscription, WsHub } from "./ws_hub.ts";

/** Options of {@link SimServer.start}. */
export interface SimServerOptions {
  engine: MatchingEngine;
  /** Loopback by default. */
  hostname?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Recover signers with the testnet phantom-agent source ("b") instead of mainnet ("a"). */
  isTestnet?: boolean;
  now?: () => number;
  faults?: FaultInjector;
  /** IP weight per minute (default 1,200). */
  ipWeightPerMinute?: number;
  /** Address budget before volume (default 10,000). */
  addressInitialBudget?: number;
  /** Idle WebSocket timeout, ms (default 60,000, as the real server). */
  idleTimeoutMs?: number;
  /** NDJSON-able events: faults, scheduled cancels firing. */
  log?: (event: FaultEvent | { ts: number; type: string; [key: string]: unknown }) => void;
}

const TRADES_REPLAYED = 30;

/** A running simulator. */
export class SimServer {
  /** `http://host:port` */
  readonly url: string;
  /** `ws://host:port/ws` */
  readonly wsUrl: string;
  readonly engine: MatchingEngine;
  readonly hub: WsHub;
  readonly actions: ExchangeActions;
  readonly budget: AddressBudget;
  readonly #server: Deno.HttpServer<Deno.NetAddr>;
  readonly #info: InfoRequests;
  readonly #ipWeight: IpWeightWindow;
  #faults: FaultInjector | undefined;
  readonly #now: () => number;
  readonly #log: NonNullable<SimServerOptions["log"]>;
  readonly #timer: ReturnType<typeof setInterval>;
  readonly #recentTrades = new Map<string, unknown[]>();
  readonly #ctx = new Map<string, Record<string, string>>();

  private constructor(options: SimServerOptions) {
    this.engine = options.engine;
    this.#now = options.now ?? Date.now;
    this.#faults = options.faults;
    this.#log = options.log ?? (() => {});
    this.#ipWeight = new IpWeightWindow({ limitPerMinute: options.ipWeightPerMinute });
    this.budget = new AddressBudget({ initial: options.addressInitialBudget });
    this.actions = new ExchangeActions(this.engine, {
      nonces: new NonceGuard(),
      budget: this.budget,
      faults: options.faults,
      isTestnet: options.isTestnet ?? false,
      now: this.#now,
    });
    this.#info = new InfoRequests(this.engine, {
      budget: this.budget,
      assetCtx: (coin) => this.assetCtx(coin),
      mids: () => this.#mids(),
    });
    this.hub = new WsHub({
      snapshot: (subscription) => this.#snapshot(subscription),
      post: (request, ip) => this.#post(request, ip),
    }, { now: this.#now, idleTimeoutMs: options.idleTimeoutMs });
    this.engine.onEvent((event) => this.#publishEngineEvent(event));
    this.#server = Deno.serve({
      hostname: options.hostname ?? "127.0.0.1",
      port: options.port ?? 0,
      onListen: () => {},
    }, (request, info) => this.#handle(request, info.remoteAddr.hostname));
    const { hostname, port } = this.#server.addr;
    this.url = `http://${hostname}:${port}`;
    this.wsUrl = `ws://${hostname}:${port}/ws`;
    this.#timer = setInterval(() => this.#tick(), 100);
  }

  /** Starts listening; resolves once the port is bound. */
  static start(options: SimServerOptions): SimServer {
    return new SimServer(options);
  }

  /** Feeds one market frame (generated or replayed) into the book and out to subscribers. */
  publishMarket(frame: Frame): void {
    if (frame.channel === "l2Book") {
      const book = frame.data as {
        coin: string;
        time: number;
        levels: [{ px: string; sz: string }[], { px: string; sz: string }[]];
      };
      const toLevels = (side: { px: string; sz: string }[]) =>
        side.map((level) => [Number(level.px), Number(level.sz)] as [number, number]);
      this.engine.applyBook(book.coin, {
        bids: toLevels(book.levels[0]),
        asks: toLevels(book.levels[1]),
        time: book.time,
      });
      // Computed only for subscribers: the book merges users' orders into the feed's.
      // Without users' orders the book is the feed's own frame, order counts and all.
      this.hub.publish(
        "l2Book",
        () => this.engine.hasUserOrders(book.coin) ? this.engine.l2Book(book.coin) : book,
        (s) => s.coin === book.coin,
      );
      this.hub.publish("bbo", () => this.engine.bbo(book.coin), (s) => s.coin === book.coin);
      this.hub.publish("allMids", () => ({ mids: this.#mids() }), () => true);
    } else if (frame.channel === "trades") {
      const trades = frame.data as {
        coin: string;
        px: string;
        sz: string;
        side: "A" | "B";
        time: number;
        tid: number;
      }[];
      for (const trade of trades) {
        this.engine.applyTrade(trade.coin, {
          px: Number(trade.px),
          sz: Number(trade.sz),
          side: trade.side,
          time: trade.time,
          tid: trade.tid,
        });
        this.#rememberTrade(trade.coin, trade);
      }
      const coin = trades[0]?.coin;
      if (coin !== undefined) this.hub.publish("trades", trades, (s) => s.coin === coin);
    } else if (frame.channel === "activeAssetCtx") {
      const { coin, ctx } = frame.data as { coin: string; ctx: Record<string, string> };
      this.#ctx.set(coin, ctx);
      this.hub.publish("activeAssetCtx", frame.data, (s) => s.coin === coin);
    }
  }

  /** The asset context of a coin (from the feed, else derived from the book). */
  assetCtx(coin: string): Record<string, string> {
    const known = this.#ctx.get(coin);
    if (known !== undefined) return known;
    const mid = this.#mids()[coin] ?? "0";
    return {
      funding: "0.0000125",
      openInterest: "0.0",
      prevDayPx: mid,
      dayNtlVlm: "0.0",
      premium: "0.0",
      oraclePx: mid,
      markPx: mid,
      midPx: mid,
      impactPxs: [mid, mid] as unknown as string,
      dayBaseVlm: "0.0",
    };
  }

  /** Injects faults from now on (or stops them with `undefined`), e.g. mid-test. */
  setFaults(faults: FaultInjector | undefined): void {
    this.#faults = faults;
    this.actions.faults = faults;
  }

  /** Stops serving, closes every socket and timer. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    this.hub.close();
    await this.#server.shutdown();
  }

  async #handle(request: Request, ip: string): Promise<Response> {
    const path = new URL(request.url).pathname;
    if (path === "/ws") {
      if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") {
        return json(426, "Upgrade Required");
      }
      const { socket, response } = Deno.upgradeWebSocket(request, { idleTimeout: 0 });
      this.hub.accept(socket, ip);
      return response;
    }
    if (request.method !== "POST" || (path !== "/info" && path !== "/exchange")) {
      return json(404, "Not Found");
    }
    let body: unknown;
    try {
      body = await request.json();
    } catch {
      return json(400, "Failed to parse the request body as JSON");
    }
    const answer = await this.#answer(path === "/info" ? "info" : "exchange", body, ip);
    return json(answer.status, answer.body);
  }

  /** One request, HTTP or WebSocket post: faults, latency, IP weight, then the handler. */
  async #answer(
    endpoint: "info" | "exchange",
    body: unknown,
    ip: string,
  ): Promise<{ status: number; body: unknown }> {
    const now = this.#now();
    const latency = this.#faults?.latencyMs(now) ?? 0;
    if (latency > 0) await new Promise((resolve) => setTimeout(resolve, latency));
    const fault = this.#faults?.httpFault(now);
    if (fault === 500) return { status: 500, body: "Internal Server Error" };
    if (fault === 429) return { status: 429, body: "Too Many Requests" };
    if (endpoint === "info") {
      const answer = this.#info.handle(body);
      if (!this.#ipWeight.tryCharge(ip, answer.weight, now)) {
        return { status: 429, body: "Too Many Requests" };
      }
      return answer;
    }
    const action = (body as { action?: { type?: string } & Record<string, unknown> })?.action;
    const weight = action && typeof action.type === "string"
      ? exchangeWeight(action as { type: string })
      : 1;
    if (!this.#ipWeight.tryCharge(ip, weight, now)) {
      return { status: 429, body: "Too Many Requests" };
    }
    return this.actions.handle(body);
  }

  async #post(
    request: { type: "info" | "action"; payload: Record<string, unknown> },
    ip: string,
  ): Promise<unknown> {
    const answer = await this.#answer(
      request.type === "info" ? "info" : "exchange",
      request.payload,
      ip,
    );
    if (answer.status !== 200) return { type: "error", payload: String(answer.body) };
    return request.type === "info"
      ? { type: "info", payload: { type: request.payload.type, data: answer.body } }
      : { type: "action", payload: answer.body };
  }

  #snapshot(subscription: Subscription): Frame[] {
    const { type, coin, user } = subscription;
    const engine = this.engine;
    switch (type) {
      case "l2Book": {
        const book = coin === undefined ? undefined : engine.l2Book(coin);
        return book === undefined ? [] : [{ channel: "l2Book", data: book }];
      }
      case "trades": {
        const trades = coin === undefined ? [] : this.#recentTrades.get(coin) ?? [];
        return trades.length === 0 ? [] : [{ channel: "trades", data: trades }];
      }
      case "bbo": {
        const bbo = coin === undefined ? undefined : engine.bbo(coin);
        return bbo === undefined ? [] : [{ channel: "bbo", data: bbo }];
      }
      case "allMids":
        return [{ channel: "allMids", data: { mids: this.#mids() } }];
      case "activeAssetCtx":
        return coin === undefined
          ? []
          : [{ channel: "activeAssetCtx", data: { coin, ctx: this.assetCtx(coin) } }];
      case "userFills":
        return user === undefined ? [] : [{
          channel: "userFills",
          data: { isSnapshot: true, user, fills: engine.fills(user.toLowerCase()).slice(0, 2000) },
        }];
      case "orderUpdates":
        return [];
      default:
        return [];
    }
  }

  #publishEngineEvent(event: EngineEvent): void {
    if (event.type === "fill") {
      const user = event.user;
      this.hub.publish(
        "userFills",
        { user, fills: [event.fill] },
        (s) => s.user?.toLowerCase() === user,
      );
      this.hub.publish(
        "userEvents",
        { fills: [event.fill] },
        (s) => s.user?.toLowerCase() === user,
      );
    } else if (event.type === "orderUpdate") {
      const user = event.user;
      const { type: _, user: __, ...update } = event;
      this.hub.publish("orderUpdates", [update], (s) => s.user?.toLowerCase() === user);
    } else if (event.type === "trade") {
      this.#rememberTrade(event.coin, event.trade);
      this.hub.publish("trades", [event.trade], (s) => s.coin === event.coin);
    }
  }

  #rememberTrade(coin: string, trade: unknown): void {
    const recent = this.#recentTrades.get(coin) ?? [];
    recent.push(trade);
    if (recent.length > TRADES_REPLAYED) recent.shift();
    this.#recentTrades.set(coin, recent);
  }

  #mids(): Record<string, string> {
    return Object.fromEntries(
      this.engine.assets.flatMap((asset) => {
        const mid = this.engine.mid(asset.coin);
        // A mid is half a tick: 12 significant digits drop the float noise.
        return mid === undefined ? [] : [[asset.coin, toWireNumber(Number(mid.toPrecision(12)))]];
      }),
    );
  }

  #tick(): void {
    const now = this.#now();
    for (const user of this.actions.fireScheduled(now)) {
      this.#log({ ts: now, type: "schedule_cancel_fired", user });
    }
    if (this.#faults?.wsDropDue(now)) this.hub.dropAll(1012, "fault injection: dropped");
  }
}

type EngineEvent = Parameters<Parameters<MatchingEngine["onEvent"]>[0]>[0];

function json(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json" },
  });
}
