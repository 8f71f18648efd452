/**
 * zod schemas for Hyperliquid API answers, matched against the real mainnet
 * captures in shared/hyperliquid/fixtures. Unknown keys are kept (`loose`):
 * the exchange adds fields over time and old captures lack some.
 *
 * @module
 */

import { z } from "zod";

/** A decimal number as the exchange writes it: `"0.0"`, `"-0.012639"`, `"78751.0"`. */
export const DecimalString = z.string().regex(
  /^-?\d+(\.\d+)?$/,
  "expected a decimal number as a string",
);

/** One entry of a `userFills` / `userFillsByTime` answer (closedPnl gross, fee apart). */
export const UserFillSchema = z.looseObject({
  coin: z.string().min(1),
  px: DecimalString,
  sz: DecimalString,
  side: z.enum(["A", "B"]),
  time: z.number().int().nonnegative(),
  startPosition: DecimalString.optional(),
  dir: z.string().min(1),
  closedPnl: DecimalString,
  hash: z.string().optional(),
  oid: z.number().int().optional(),
  crossed: z.boolean().optional(),
  fee: DecimalString,
  tid: z.number().int().optional(),
  cloid: z.string().optional(),
  feeToken: z.string().optional(),
  builderFee: DecimalString.optional(),
  twapId: z.number().int().nullable().optional(),
  liquidation: z.looseObject({
    liquidatedUser: z.string().optional(),
    markPx: DecimalString.optional(),
    method: z.string().optional(),
  }).nullable().optional(),
});

/** A userFills entry. */
export type UserFill = z.infer<typeof UserFillSchema>;

/** One perp in `meta.universe`. */
export const AssetMetaSchema = z.looseObject({
  name: z.string().min(1),
  szDecimals: z.number().int().min(0).max(8),
  maxLeverage: z.number().int().positive(),
  onlyIsolated: z.boolean().optional(),
  isDelisted: z.boolean().optional(),
});

/** The `meta` answer: the perp universe, in asset-index order. */
export const MetaSchema = z.looseObject({ universe: z.array(AssetMetaSchema) });

/** One asset context of `metaAndAssetCtxs` (and the activeAssetCtx channel). */
export const AssetCtxSchema = z.looseObject({
  funding: DecimalString,
  openInterest: DecimalString,
  prevDayPx: DecimalString,
  dayNtlVlm: DecimalString,
  premium: DecimalString.nullable(),
  oraclePx: DecimalString,
  markPx: DecimalString,
  midPx: DecimalString.nullable().optional(),
  impactPxs: z.array(DecimalString).nullable().optional(),
});

/** The `metaAndAssetCtxs` answer: `[meta, ctxs]`, ctxs in universe order. */
export const MetaAndAssetCtxsSchema = z.tuple([MetaSchema, z.array(AssetCtxSchema)]);

/** `allMids`: coin -> mid price. */
export const AllMidsSchema = z.record(z.string(), DecimalString);

/** One book level: price, size, number of orders. */
export const BookLevelSchema = z.looseObject({
  px: DecimalString,
  sz: DecimalString,
  n: z.number().int(),
});

/** `l2Book` answer (and channel payload): bids best-first, then asks best-first. */
export const L2BookSchema = z.looseObject({
  coin: z.string(),
  time: z.number().int(),
  levels: z.tuple([z.array(BookLevelSchema), z.array(BookLevelSchema)]),
});

/** One resting order as `openOrders` lists it. */
export const OpenOrderSchema = z.looseObject({
  coin: z.string(),
  limitPx: DecimalString,
  oid: z.number().int(),
  side: z.enum(["A", "B"]),
  sz: DecimalString,
  timestamp: z.number().int(),
  origSz: DecimalString.optional(),
  cloid: z.string().nullable().optional(),
});

/** `frontendOpenOrders` adds order type, tif, reduce-only and trigger fields. */
export const FrontendOpenOrderSchema = OpenOrderSchema.extend({
  orderType: z.string(),
  reduceOnly: z.boolean(),
  tif: z.string().nullable(),
  isTrigger: z.boolean(),
  triggerPx: DecimalString.optional(),
  triggerCondition: z.string().optional(),
  isPositionTpsl: z.boolean().optional(),
  children: z.array(z.unknown()).optional(),
});

const MarginSummarySchema = z.looseObject({
  accountValue: DecimalString,
  totalMarginUsed: DecimalString,
  totalNtlPos: DecimalString,
  totalRawUsd: DecimalString,
});

/** One position of `clearinghouseState`. */
export const PositionSchema = z.looseObject({
  coin: z.string(),
  szi: DecimalString,
  entryPx: DecimalString.nullable(),
  leverage: z.looseObject({ type: z.enum(["cross", "isolated"]), value: z.number() }),
  liquidationPx: DecimalString.nullable(),
  marginUsed: DecimalString,
  positionValue: DecimalString,
  returnOnEquity: DecimalString,
  unrealizedPnl: DecimalString,
  maxTradeSzs: z.array(DecimalString).optional(),
  cumFunding: z.looseObject({
    allTime: DecimalString,
    sinceChange: DecimalString,
    sinceOpen: DecimalString,
  }).optional(),
});

/** `clearinghouseState`: perp positions and margin of one user. */
export const ClearinghouseStateSchema = z.looseObject({
  assetPositions: z.array(z.looseObject({ position: PositionSchema, type: z.string() })),
  crossMarginSummary: MarginSummarySchema,
  marginSummary: MarginSummarySchema,
  withdrawable: DecimalString,
  crossMaintenanceMarginUsed: DecimalString.optional(),
  time: z.number().int().optional(),
});

/** `userRateLimit`: the address budget (requests used vs cap, cumulative volume). */
export const UserRateLimitSchema = z.looseObject({
  cumVlm: DecimalString,
  nRequestsUsed: z.number().int().nonnegative(),
  nRequestsCap: z.number().int().nonnegative(),
  nRequestsSurplus: z.number().int().optional(),
});

/** Per-order status of an order or modify action. */
export const OrderStatusSchema = z.union([
  z.looseObject({
    resting: z.looseObject({ oid: z.number().int(), cloid: z.string().optional() }),
  }),
  z.looseObject({
    filled: z.looseObject({
      totalSz: DecimalString,
      avgPx: DecimalString,
      oid: z.number().int(),
      cloid: z.string().optional(),
    }),
  }),
  z.looseObject({ error: z.string() }),
  z.literal("waitingForFill"),
  z.literal("waitingForTrigger"),
  z.literal("success"),
]);

/** Per-cancel status. */
export const CancelStatusSchema = z.union([
  z.literal("success"),
  z.looseObject({ error: z.string() }),
]);

/** Any `/exchange` answer: ok with typed data, or err with the exchange's text. */
export const ExchangeResponseSchema = z.union([
  z.looseObject({
    status: z.literal("ok"),
    response: z.union([
      z.looseObject({
        type: z.enum(["order", "batchModify"]),
        data: z.looseObject({ statuses: z.array(OrderStatusSchema) }),
      }),
      z.looseObject({
        type: z.enum(["cancel", "cancelByCloid"]),
        data: z.looseObject({ statuses: z.array(CancelStatusSchema) }),
      }),
      z.looseObject({ type: z.literal("default") }),
    ]),
  }),
  z.looseObject({ status: z.literal("err"), response: z.string() }),
]);

/** Types of the answers above. */
export type AssetMeta = z.infer<typeof AssetMetaSchema>;
/** A `meta` answer. */
export type Meta = z.infer<typeof MetaSchema>;
/** An asset context. */
export type AssetCtx = z.infer<typeof AssetCtxSchema>;
/** An `l2Book` answer. */
export type L2Book = z.infer<typeof L2BookSchema>;
/** A resting order from `openOrders`. */
export type OpenOrder = z.infer<typeof OpenOrderSchema>;
/** A resting order from `frontendOpenOrders`. */
export type FrontendOpenOrder = z.infer<typeof FrontendOpenOrderSchema>;
/** A `clearinghouseState` answer. */
export type ClearinghouseState = z.infer<typeof ClearinghouseStateSchema>;
/** A `userRateLimit` answer. */
export type UserRateLimit = z.infer<typeof UserRateLimitSchema>;
/** An `/exchange` answer. */
export type ExchangeResponse = z.infer<typeof ExchangeResponseSchema>;
/** One order status. */
export type OrderStatusWire = z.infer<typeof OrderStatusSchema>;
/** One cancel status. */
export type CancelStatusWire = z.infer<typeof CancelStatusSchema>;
