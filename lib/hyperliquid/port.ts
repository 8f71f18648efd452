/**
 * The `Exchange` port: the one interface mm's engine depends on. The live
 * client ({@link HyperliquidExchange}), the paper executor and tests stand in
 * for each other behind it.
 *
 * @module
 */

import type { MarketDirectory } from "./markets.ts";
import type { HyperliquidStream } from "./stream.ts";
import type { ClearinghouseState, OpenOrder, UserFill, UserRateLimit } from "./schemas.ts";

/** Time in force: `Alo` post-only, `Gtc` resting, `Ioc` immediate-or-cancel. */
export type TimeInForce = "Alo" | "Gtc" | "Ioc";

/** A limit order in trader terms; the client turns it into wire form. */
export interface OrderSpec {
  coin: string;
  side: "buy" | "sell";
  /** Limit price, USD. Rounded to the tick side-aware (bids down, asks up). */
  px: number;
  /** Size in coin units. Rounded down to the lot. */
  sz: number;
  tif: TimeInForce;
  reduceOnly?: boolean;
  /** Client order id (`0x` + 32 hex); see CloidFactory. */
  cloid?: string;
}

/** Move a resting order (by oid or cloid) to a new order. */
export interface ModifySpec {
  target: number | string;
  order: OrderSpec;
}

/** Cancel by exchange order id. */
export interface CancelSpec {
  coin: string;
  oid: number;
}

/** Cancel by client order id. */
export interface CancelByCloidSpec {
  coin: string;
  cloid: string;
}

/** What became of one order of a batch, in the batch's order. */
export type OrderResult =
  | { status: "resting"; oid: number; cloid?: string }
  | { status: "filled"; oid: number; cloid?: string; totalSz: number; avgPx: number }
  | { status: "waiting"; reason: "waitingForFill" | "waitingForTrigger" | "success" }
  | { status: "error"; message: string };

/** What became of one cancel of a batch. */
export type CancelResult = { status: "success" } | { status: "error"; message: string };

/** Everything mm asks of an exchange. Batches answer per item, in order. */
export interface Exchange {
  /** Places orders in one signed action (weight 1 + floor(n/40)). */
  placeOrders(orders: OrderSpec[]): Promise<OrderResult[]>;
  /** Moves orders in one `batchModify`. */
  modifyOrders(modifies: ModifySpec[]): Promise<OrderResult[]>;
  /** Cancels by oid in one action. */
  cancelOrders(cancels: CancelSpec[]): Promise<CancelResult[]>;
  /** Cancels by cloid in one action. */
  cancelByCloid(cancels: CancelByCloidSpec[]): Promise<CancelResult[]>;
  /** Dead man's switch: cancel everything at `atMs` (epoch ms), or clear it with `null`. */
  scheduleCancel(atMs: number | null): Promise<void>;
  /** Sets leverage for a coin. */
  updateLeverage(coin: string, options: { leverage: number; isCross: boolean }): Promise<void>;
  /** The account's resting orders. */
  openOrders(): Promise<OpenOrder[]>;
  /** The account's fills, newest first; since a time when given (epoch ms). */
  fills(options?: { sinceMs?: number }): Promise<UserFill[]>;
  /** Positions and margin. */
  accountState(): Promise<ClearinghouseState>;
  /** The address budget. */
  rateLimit(): Promise<UserRateLimit>;
  /** Market metadata, cached. */
  markets(): Promise<MarketDirectory>;
}

/**
 * The subscription half of the port: market and account data pushed over
 * the WebSocket ({@link HyperliquidStream} live; a replayer or test feed
 * stands in for it).
 */
export type MarketStream = Pick<
  HyperliquidStream,
  | "l2Book"
  | "trades"
  | "bbo"
  | "allMids"
  | "activeAssetCtx"
  | "orderUpdates"
  | "userFills"
  | "userEvents"
  | "onConnection"
  | "onError"
  | "onStale"
  | "isStale"
  | "close"
>;
