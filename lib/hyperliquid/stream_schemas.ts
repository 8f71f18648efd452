/**
 * zod schemas for the `data` of Hyperliquid WebSocket frames
 * (`{"channel": "<name>", "data": …}`), one per channel mm subscribes to.
 *
 * Shapes follow Hyperliquid's "WebSocket › Subscriptions" docs and the
 * `@nktkas/hyperliquid` 0.33.3 type definitions (api/subscription/*.d.ts),
 * and were checked against real l2Book frames (shared/data/l2Book_BTC_…).
 *
 * Two conventions, on purpose:
 * - Market data (l2Book, bbo, trades, allMids, activeAssetCtx) comes out with
 *   prices and sizes as numbers: it feeds numeric models (microprice,
 *   volatility, markouts), and the book is reshaped to `{ bids, asks }`.
 * - Account data (userFills, orderUpdates, userEvents) keeps the exchange's
 *   decimal strings verbatim: it feeds accounting and order reconciliation,
 *   where the exact text matters.
 *
 * Objects are `loose` where the exchange adds fields over time, so a new field
 * never drops a frame; a missing or mistyped field that mm relies on does.
 *
 * @module
 */

import { z } from "zod";
import { DecimalString, UserFillSchema } from "./schemas.ts";

/** A decimal string turned into a number (market data only). */
const DecimalNumber = DecimalString.transform(Number);

/** Epoch milliseconds. */
const EpochMs = z.number().int().nonnegative();

/** `0x` + hex (transaction hashes, addresses, cloids). */
const Hex = z.string().regex(/^0x[0-9a-fA-F]+$/, "expected 0x-prefixed hex");

/** `"B"` bid/buy or `"A"` ask/sell. */
const Side = z.enum(["A", "B"]);

// ---------------------------------------------------------------------------
// Market data
// ---------------------------------------------------------------------------

/** One aggregated price level: price (USD), total size (coin units), number of orders. */
export const BookLevelSchema = z.object({
  px: DecimalNumber,
  sz: DecimalNumber,
  n: z.number().int().nonnegative(),
});

/** A price level with numbers: `px` in USD, `sz` in coin units, `n` resting orders. */
export type BookLevel = z.infer<typeof BookLevelSchema>;

/**
 * The `l2Book` channel (WsBook): a full snapshot of up to 20 levels a side,
 * pushed each block at least 0.5 s after the previous push. Comes out as
 * `{ coin, time, bids, asks }`, bids best (highest) first, asks best (lowest)
 * first, as the exchange orders them.
 */
export const L2BookSchema = z.looseObject({
  coin: z.string().min(1),
  /** Exchange time of the snapshot, epoch ms. */
  time: EpochMs,
  levels: z.tuple([z.array(BookLevelSchema), z.array(BookLevelSchema)]),
}).transform(({ coin, time, levels }) => ({ coin, time, bids: levels[0], asks: levels[1] }));

/** An order book snapshot: `time` is the exchange's (epoch ms). */
export type L2Book = z.output<typeof L2BookSchema>;

/** The `bbo` channel: best bid and offer, pushed when either changes; a side may be empty. */
export const BboSchema = z.looseObject({
  coin: z.string().min(1),
  time: EpochMs,
  bbo: z.tuple([BookLevelSchema.nullable(), BookLevelSchema.nullable()]),
}).transform(({ coin, time, bbo }) => ({ coin, time, bid: bbo[0], ask: bbo[1] }));

/** Best bid and offer; `null` for an empty side. */
export type Bbo = z.output<typeof BboSchema>;

/** One public trade (WsTrade). `tid` is unique across all assets. */
export const TradeSchema = z.looseObject({
  coin: z.string().min(1),
  /** Aggressor side: `B` a buy lifted the ask, `A` a sell hit the bid. */
  side: Side,
  px: DecimalNumber,
  sz: DecimalNumber,
  time: EpochMs,
  hash: Hex,
  tid: z.number().int().nonnegative(),
  /** `[buyer, seller]` addresses. */
  users: z.tuple([z.string(), z.string()]),
});

/** A public trade with numeric `px` (USD) and `sz` (coin units). */
export type Trade = z.infer<typeof TradeSchema>;

/** The `trades` channel: a batch of trades (the exchange replays ~30 on each subscribe). */
export const TradesSchema = z.array(TradeSchema);

/** The `allMids` channel: mid price per coin (USD); `dex` only for builder-deployed dexes. */
export const AllMidsSchema = z.looseObject({
  mids: z.record(z.string(), DecimalNumber),
  dex: z.string().optional(),
});

/** Mid prices by coin (USD). */
export type AllMids = z.infer<typeof AllMidsSchema>;

/** Perpetual asset context: prices in USD, funding as an hourly rate, volumes in USD or coin. */
export const PerpAssetCtxSchema = z.looseObject({
  prevDayPx: DecimalNumber,
  /** 24 h notional volume, USD. */
  dayNtlVlm: DecimalNumber,
  markPx: DecimalNumber,
  midPx: DecimalNumber.nullish(),
  /** Current hourly funding rate (fraction, e.g. 0.0000125). */
  funding: DecimalNumber,
  /** Open interest, coin units. */
  openInterest: DecimalNumber,
  premium: DecimalNumber.nullish(),
  oraclePx: DecimalNumber,
  /** Impact bid and ask prices. */
  impactPxs: z.tuple([DecimalNumber, DecimalNumber]).nullish(),
  /** 24 h volume, coin units. */
  dayBaseVlm: DecimalNumber.optional(),
});

/** The `activeAssetCtx` channel for a perpetual. */
export const ActiveAssetCtxSchema = z.looseObject({
  coin: z.string().min(1),
  ctx: PerpAssetCtxSchema,
});

/** A perpetual's context (mark, oracle, funding, open interest) as numbers. */
export type ActiveAssetCtx = z.infer<typeof ActiveAssetCtxSchema>;

// ---------------------------------------------------------------------------
// Account data (exact decimal strings)
// ---------------------------------------------------------------------------

/**
 * One own fill (WsFill / userFills entry). `closedPnl` is gross of fees;
 * `fee` is negative for a maker rebate. `tid` identifies the fill and is what
 * the stream dedupes on (it is absent only in very old history).
 */
export const StreamFillSchema = UserFillSchema;

/** An own fill, decimals as the exchange wrote them. */
export type StreamFill = z.infer<typeof StreamFillSchema>;

/**
 * The `userFills` channel (WsUserFills): the first message after each
 * (re)subscribe is a snapshot of recent fills with `isSnapshot: true`, then
 * live fills follow.
 */
export const UserFillsSchema = z.looseObject({
  user: z.string().regex(/^0x[0-9a-fA-F]{40}$/, "expected a 0x address"),
  fills: z.array(StreamFillSchema),
  isSnapshot: z.boolean().optional(),
});

/** A userFills message. */
export type UserFillsMessage = z.infer<typeof UserFillsSchema>;

/** One own order's new state (WsOrder). `status` is the exchange's word: open, filled, canceled, … */
export const OrderUpdateSchema = z.looseObject({
  order: z.looseObject({
    coin: z.string().min(1),
    side: Side,
    limitPx: DecimalString,
    /** Remaining size. */
    sz: DecimalString,
    oid: z.number().int().nonnegative(),
    /** Placement time, epoch ms. */
    timestamp: EpochMs,
    origSz: DecimalString,
    cloid: Hex.optional(),
    reduceOnly: z.boolean().optional(),
  }),
  /** `open`, `filled`, `canceled`, `triggered`, `rejected`, `marginCanceled`, … (kept open-ended). */
  status: z.string().min(1),
  statusTimestamp: EpochMs,
});

/** An order status change. */
export type OrderUpdate = z.infer<typeof OrderUpdateSchema>;

/** The `orderUpdates` channel: a batch of order status changes. */
export const OrderUpdatesSchema = z.array(OrderUpdateSchema);

/**
 * The `user` channel (subscription type `userEvents`): exactly one kind per
 * message, told apart by its key (`"fills" in event`, …).
 */
export const UserEventSchema = z.union([
  z.object({ fills: z.array(StreamFillSchema) }),
  z.object({
    funding: z.looseObject({
      time: EpochMs,
      coin: z.string().min(1),
      /** USDC paid (negative) or received. */
      usdc: DecimalString,
      /** Signed position size, coin units. */
      szi: DecimalString,
      fundingRate: DecimalString,
      nSamples: z.number().int().nullable().optional(),
    }),
  }),
  z.object({
    liquidation: z.looseObject({
      lid: z.number().int(),
      liquidator: z.string(),
      liquidated_user: z.string(),
      liquidated_ntl_pos: DecimalString,
      liquidated_account_value: DecimalString,
    }),
  }),
  z.object({
    nonUserCancel: z.array(z.looseObject({ coin: z.string().min(1), oid: z.number().int() })),
  }),
  z.object({ twapHistory: z.array(z.looseObject({})) }),
  z.object({ twapSliceFills: z.array(z.looseObject({})) }),
]);

/** A user event: fills, a funding payment, a liquidation, exchange-side cancels, or TWAP news. */
export type UserEvent = z.infer<typeof UserEventSchema>;

// ---------------------------------------------------------------------------
// Post requests
// ---------------------------------------------------------------------------

/**
 * The answer to an action posted over the WebSocket (the `payload` of a
 * `{"type":"action"}` post response), as on HTTP `/exchange`: `ok` with a typed
 * response (`order`, `cancel`, `default`, …) or `err` with the exchange's text.
 */
export const ActionResponseSchema = z.discriminatedUnion("status", [
  z.looseObject({
    status: z.literal("ok"),
    response: z.looseObject({ type: z.string().min(1), data: z.unknown().optional() }),
  }),
  z.looseObject({ status: z.literal("err"), response: z.string() }),
]);

/** An action's answer. */
export type ActionResponse = z.infer<typeof ActionResponseSchema>;
