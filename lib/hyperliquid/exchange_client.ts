/**
 * The live {@link Exchange}: `/exchange` actions signed by our own L1 signer
 * and sent through the SDK's HTTP transport; reads through {@link InfoClient}.
 * Batches answer per order, in order — nothing of a partial result is lost.
 *
 * @module
 */

import type { SecretKey } from "../config/secrets.ts";
import { parseAnswer, post } from "./_transport.ts";
import { ActionRejectedError, ResponseShapeError } from "./errors.ts";
import { type HttpClientOptions, InfoClient } from "./info_client.ts";
import { MarketDirectory, type MarketInfo } from "./markets.ts";
import type { Network } from "./network.ts";
import type {
  CancelByCloidSpec,
  CancelResult,
  CancelSpec,
  Exchange,
  ModifySpec,
  OrderResult,
  OrderSpec,
} from "./port.ts";
import {
  type CancelStatusWire,
  type ClearinghouseState,
  ExchangeResponseSchema,
  type OpenOrder,
  type OrderStatusWire,
  type UserFill,
  type UserRateLimit,
} from "./schemas.ts";
import { addressOf, signL1Action } from "./signing.ts";
import { roundPrice, roundSize, toWireNumber } from "./wire.ts";
import { addressRequests, exchangeWeight } from "./weights.ts";

/** Who signs and whose state is read. */
export interface Account {
  /** The signing key (main wallet or API/agent wallet). */
  key: SecretKey;
  /** Address whose orders, fills and positions are read (`HL_ACCOUNT`); default: vault, else signer. */
  user?: string;
  /** Trade for this vault or subaccount (`--vault`). */
  vaultAddress?: string;
}

/** Options of {@link HyperliquidExchange}. */
export interface ExchangeClientOptions extends HttpClientOptions {
  /** Refresh market metadata when older than this (default 10 min). */
  marketsMaxAgeMs?: number;
  /**
   * Post actions over this WebSocket while it is connected (lower latency),
   * over HTTP otherwise or when the socket fails; the signed payload is the
   * same, so its nonce keeps a retried action from executing twice.
   */
  stream?: {
    readonly connected: boolean;
    post(type: "action", payload: Record<string, unknown>): Promise<unknown>;
  };
}

/** Milliseconds nonces that never repeat and never go back, from an injected clock. */
export class NonceClock {
  #last = 0;
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  /** The next nonce: now, or one past the last when the clock has not moved on. */
  next(): number {
    this.#last = Math.max(this.#now(), this.#last + 1);
    return this.#last;
  }
}

/** The live exchange client. */
export class HyperliquidExchange implements Exchange {
  readonly network: Network;
  readonly info: InfoClient;
  /** The signer's address (lowercase). */
  readonly signer: string;
  /** The address whose state is read (lowercase). */
  readonly user: string;
  readonly #account: Account;
  readonly #nonces: NonceClock;
  readonly #now: () => number;
  readonly #options: ExchangeClientOptions;
  readonly #marketsMaxAgeMs: number;
  #markets: MarketDirectory | undefined;

  constructor(network: Network, account: Account, options: ExchangeClientOptions = {}) {
    this.network = network;
    this.info = new InfoClient(network, options);
    this.#account = account;
    this.#options = options;
    this.#now = options.now ?? Date.now;
    this.#nonces = new NonceClock(this.#now);
    this.#marketsMaxAgeMs = options.marketsMaxAgeMs ?? 600_000;
    this.signer = addressOf(account.key.reveal());
    this.user = (account.user ?? account.vaultAddress ?? this.signer).toLowerCase();
  }

  async markets(): Promise<MarketDirectory> {
    const now = this.#now();
    if (this.#markets === undefined || now - this.#markets.fetchedAtMs > this.#marketsMaxAgeMs) {
      this.#markets = new MarketDirectory(await this.info.meta(), { fetchedAtMs: now });
    }
    return this.#markets;
  }

  async placeOrders(orders: OrderSpec[]): Promise<OrderResult[]> {
    if (orders.length === 0) return [];
    const markets = await this.markets();
    const wire = orders.map((order) => orderWire(order, markets));
    const data = await this.#send({ type: "order", orders: wire, grouping: "na" }, "order");
    return orderResults(data, orders.length, "order");
  }

  async modifyOrders(modifies: ModifySpec[]): Promise<OrderResult[]> {
    if (modifies.length === 0) return [];
    const markets = await this.markets();
    const wire = modifies.map((m) => ({ oid: m.target, order: orderWire(m.order, markets) }));
    const data = await this.#send({ type: "batchModify", modifies: wire }, "batchModify");
    return orderResults(data, modifies.length, "batchModify");
  }

  async cancelOrders(cancels: CancelSpec[]): Promise<CancelResult[]> {
    if (cancels.length === 0) return [];
    const markets = await this.markets();
    const wire = cancels.map((c) => ({ a: markets.resolve(c.coin).assetIndex, o: c.oid }));
    return cancelResults(
      await this.#send({ type: "cancel", cancels: wire }, "cancel"),
      cancels.length,
    );
  }

  async cancelByCloid(cancels: CancelByCloidSpec[]): Promise<CancelResult[]> {
    if (cancels.length === 0) return [];
    const markets = await this.markets();
    const wire = cancels.map((c) => ({
      asset: markets.resolve(c.coin).assetIndex,
      cloid: c.cloid,
    }));
    const data = await this.#send({ type: "cancelByCloid", cancels: wire }, "cancelByCloid");
    return cancelResults(data, cancels.length);
  }

  async scheduleCancel(atMs: number | null): Promise<void> {
    await this.#send(
      atMs === null ? { type: "scheduleCancel" } : { type: "scheduleCancel", time: atMs },
      "scheduleCancel",
    );
  }

  async updateLeverage(
    coin: string,
    options: { leverage: number; isCross: boolean },
  ): Promise<void> {
    const asset = (await this.markets()).resolve(coin).assetIndex;
    await this.#send(
      { type: "updateLeverage", asset, isCross: options.isCross, leverage: options.leverage },
      "updateLeverage",
    );
  }

  openOrders(): Promise<OpenOrder[]> {
    return this.info.openOrders(this.user);
  }

  fills(options: { sinceMs?: number } = {}): Promise<UserFill[]> {
    return options.sinceMs === undefined
      ? this.info.userFills(this.user)
      : this.info.userFillsByTime(this.user, { startTime: options.sinceMs });
  }

  accountState(): Promise<ClearinghouseState> {
    return this.info.clearinghouseState(this.user);
  }

  rateLimit(): Promise<UserRateLimit> {
    return this.info.userRateLimit(this.user);
  }

  /** Signs and sends one action; returns the `response` of an ok answer. */
  async #send(
    action: { type: string } & Record<string, unknown>,
    kind: string,
  ): Promise<{ type: string; data?: unknown }> {
    const request = `exchange:${kind}`;
    const nonce = this.#nonces.next();
    const vaultAddress = this.#account.vaultAddress ?? null;
    const signature = await signL1Action(this.#account.key.reveal(), action, {
      nonce,
      isTestnet: this.network.isTestnet,
      vaultAddress,
    });
    const payload = { action, nonce, signature, vaultAddress };
    const ts = this.#now();
    const weight = exchangeWeight(action);
    let answer: unknown;
    try {
      answer = await this.#post(payload, request);
    } finally {
      this.#options.onRequest?.({
        endpoint: "exchange",
        type: kind,
        weight,
        ts,
        answered: answer !== undefined,
        batchLength: addressRequests(action),
      });
    }
    const parsed = parseAnswer(ExchangeResponseSchema, answer, { request });
    if (parsed.status === "err") throw new ActionRejectedError(request, parsed.response);
    return parsed.response;
  }

  /** WebSocket when connected, else (or on a socket failure) HTTP, with the same signed payload. */
  async #post(payload: Record<string, unknown>, request: string): Promise<unknown> {
    const stream = this.#options.stream;
    if (stream?.connected) {
      try {
        return await stream.post("action", payload);
      } catch {
        // The socket failed; the nonce makes a second delivery harmless.
      }
    }
    return await post(this.info.transport, "exchange", { payload, request });
  }
}

/**
 * An order's price and size on the exchange's grid, the way mm always rounds:
 * bids down and asks up to the tick (rounding never crosses the spread),
 * sizes down to the lot (never more than asked).
 */
export function roundOrder(order: OrderSpec, market: MarketInfo): { px: number; sz: number } {
  return {
    px: roundPrice(order.px, {
      szDecimals: market.szDecimals,
      side: order.side === "buy" ? "bid" : "ask",
    }),
    sz: roundSize(order.sz, { szDecimals: market.szDecimals, mode: "down" }),
  };
}

/** An order in wire form, keys in the exchange's order (a, b, p, s, r, t, c): the hash depends on it. */
function orderWire(order: OrderSpec, markets: MarketDirectory): Record<string, unknown> {
  const market = markets.resolve(order.coin);
  const { px, sz } = roundOrder(order, market);
  const wire: Record<string, unknown> = {
    a: market.assetIndex,
    b: order.side === "buy",
    p: toWireNumber(px),
    s: toWireNumber(sz),
    r: order.reduceOnly ?? false,
    t: { limit: { tif: order.tif } },
  };
  if (order.cloid !== undefined) wire.c = order.cloid;
  return wire;
}

function orderResults(
  response: { type: string; data?: unknown },
  expected: number,
  request: string,
): OrderResult[] {
  const statuses = statusesOf(response, expected, request) as OrderStatusWire[];
  return statuses.map((status): OrderResult => {
    if (typeof status === "string") return { status: "waiting", reason: status };
    const { resting, filled, error } = status as {
      resting?: { oid: number; cloid?: string };
      filled?: { oid: number; cloid?: string; totalSz: string; avgPx: string };
      error?: string;
    };
    if (resting !== undefined) {
      return {
        status: "resting",
        oid: resting.oid,
        ...(resting.cloid ? { cloid: resting.cloid } : {}),
      };
    }
    if (filled !== undefined) {
      return {
        status: "filled",
        oid: filled.oid,
        totalSz: Number(filled.totalSz),
        avgPx: Number(filled.avgPx),
        ...(filled.cloid ? { cloid: filled.cloid } : {}),
      };
    }
    return { status: "error", message: error ?? "unknown error" };
  });
}

function cancelResults(
  response: { type: string; data?: unknown },
  expected: number,
): CancelResult[] {
  const statuses = statusesOf(response, expected, "cancel") as CancelStatusWire[];
  return statuses.map((status): CancelResult =>
    status === "success" ? { status: "success" } : { status: "error", message: status.error }
  );
}

function statusesOf(
  response: { type: string; data?: unknown },
  expected: number,
  request: string,
): unknown[] {
  const statuses = (response.data as { statuses?: unknown[] } | undefined)?.statuses;
  if (!Array.isArray(statuses) || statuses.length !== expected) {
    throw new ResponseShapeError(`exchange:${request}`, {
      detail: `expected ${expected} statuses, got ${
        Array.isArray(statuses) ? statuses.length : "none"
      }`,
    });
  }
  return statuses;
}
