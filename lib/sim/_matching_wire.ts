/**
 * The matching engine's request and answer shapes: orders and modifies as
 * the engine takes them, and the wire forms (l2Book, open orders, order
 * status, clearinghouse state, events) it answers in, as the exchange's
 * /info and WebSocket carry them (numbers as decimal strings).
 *
 * @module
 */

import type { BookLevels } from "../hyperliquid/book_levels.ts";
import type { OrderLifecycleStatus, Tif } from "./_book.ts";
import type { SimFill, SimFunding } from "./_ledger.ts";
import type { L2BookFrame, WireLevel, WireTrade } from "./market_file.ts";

/** An order as the exchange's `order` action carries it, numbers decoded. */
export interface OrderRequest {
  /** Asset index. */
  asset: number;
  isBuy: boolean;
  /** Limit price, USD. */
  px: number;
  /** Size, coins. */
  sz: number;
  tif: Tif;
  reduceOnly: boolean;
  /** Client order id, `0x` + 32 hex. */
  cloid?: string;
}

/** Per-order answer, exactly the wire union. */
export type OrderStatus =
  | { resting: { oid: number; cloid?: string } }
  | { filled: { totalSz: string; avgPx: string; oid: number; cloid?: string } }
  | { error: string };

/** Per-cancel answer, exactly the wire union. */
export type CancelStatus = "success" | { error: string };

/** One entry of a batchModify. */
export interface ModifyRequest {
  /** oid or cloid of the resting order. */
  target: number | string;
  order: OrderRequest;
}

/** A book snapshot from the feed: levels best first. */
export interface BookSnapshot {
  /** [px, sz] pairs, or levels read lazily (held until the next snapshot of the coin). */
  bids: readonly (readonly [number, number])[] | BookLevels;
  asks: readonly (readonly [number, number])[] | BookLevels;
  /** Epoch ms. */
  time: number;
}

/** A trade from the feed. */
export interface FeedTrade {
  px: number;
  sz: number;
  /** Aggressor side: "B" a buy lifted asks, "A" a sell hit bids. */
  side: "B" | "A";
  /** Epoch ms. */
  time: number;
  tid: number;
}

/** A funding tick. */
export interface FundingTick {
  /** Rate for the interval (positive: longs pay shorts). */
  rate: number;
  /** Mark price, USD. */
  markPx: number;
  /** Epoch ms. */
  time: number;
}

/** The order object of an orderUpdates event. */
export interface WsOrder extends OpenOrderWire {
  reduceOnly?: true;
}

/** A trade in the trades channel shape; background liquidity's address is {@link BACKGROUND_USER}. */
export type SimTrade = WireTrade;

/** What the engine tells the WebSocket side, after each operation completes. */
export type EngineEvent =
  | { type: "fill"; user: string; fill: SimFill }
  | {
    type: "orderUpdate";
    user: string;
    order: WsOrder;
    status: OrderLifecycleStatus;
    statusTimestamp: number;
  }
  | { type: "trade"; coin: string; trade: SimTrade }
  | { type: "funding"; user: string; funding: SimFunding };

/** One level of an l2Book answer. */
export type BookLevelWire = WireLevel;

/** The `l2Book` answer (the l2Book channel's data). */
export type L2BookWire = L2BookFrame["data"];

/** The bbo channel payload. */
export interface BboWire {
  coin: string;
  time: number;
  bbo: [BookLevelWire | null, BookLevelWire | null];
}

/** An `openOrders` entry. */
export interface OpenOrderWire {
  coin: string;
  side: "B" | "A";
  limitPx: string;
  sz: string;
  oid: number;
  timestamp: number;
  origSz: string;
  cloid?: string;
}

/**
 * A `frontendOpenOrders` entry (also the order of an orderStatus answer):
 * an `openOrders` entry with the trigger and order-type fields, and a cloid
 * that is `null` when absent rather than missing.
 */
export interface FrontendOpenOrderWire extends Omit<OpenOrderWire, "cloid"> {
  triggerCondition: "N/A";
  isTrigger: false;
  triggerPx: "0.0";
  children: never[];
  isPositionTpsl: false;
  reduceOnly: boolean;
  orderType: "Limit";
  tif: Tif;
  cloid: string | null;
}

/** The `orderStatus` answer. */
export type OrderStatusInfo =
  | {
    status: "order";
    order: {
      order: FrontendOpenOrderWire;
      status: OrderLifecycleStatus;
      statusTimestamp: number;
    };
  }
  | { status: "unknownOid" };

/** One position of `clearinghouseState`. */
export interface PositionWire {
  coin: string;
  szi: string;
  leverage: { type: "cross" | "isolated"; value: number };
  entryPx: string;
  positionValue: string;
  unrealizedPnl: string;
  returnOnEquity: string;
  liquidationPx: string | null;
  marginUsed: string;
  maxLeverage: number;
  cumFunding: { allTime: string; sinceOpen: string; sinceChange: string };
}

/** A margin summary of `clearinghouseState`. */
export interface MarginSummaryWire {
  accountValue: string;
  totalNtlPos: string;
  totalRawUsd: string;
  totalMarginUsed: string;
}

/** The `clearinghouseState` answer. */
export interface ClearinghouseStateWire {
  marginSummary: MarginSummaryWire;
  crossMarginSummary: MarginSummaryWire;
  crossMaintenanceMarginUsed: string;
  withdrawable: string;
  assetPositions: { type: "oneWay"; position: PositionWire }[];
  time: number;
}

/** A user's fill, as returned by applyBook / applyTrade. */
export interface UserFill {
  user: string;
  fill: SimFill;
}
