/**
 * Schemas of the events `mm run` and `mm dry-run` journal, one per `type`.
 * Engine events are strict: a field the code adds without adding it here
 * fails the contract tests, so this file stays the NDJSON reference.
 * `quote.explanation` and `summary` carry nested diagnostics and are loose
 * past the fields readers rely on.
 *
 * @module
 */

import { z } from "zod";

const ts = z.number().int().nonnegative();
const coin = z.string().min(1);

/**
 * An own fill, as mm's engine journals it. `closed_pnl_usd` is realised P&L
 * before fees (as in Hyperliquid's userFills); `fee_usd` is negative for a
 * rebate.
 */
export const FillEventSchema = z.object({
  ts: z.number().int().nonnegative(),
  type: z.literal("fill"),
  coin: z.string().min(1),
  side: z.enum(["buy", "sell"]),
  /** Hyperliquid direction text: `Open Long`, `Close Short`, `Long > Short`, … */
  dir: z.string().min(1),
  px: z.number().positive(),
  sz: z.number().positive(),
  fee_usd: z.number(),
  closed_pnl_usd: z.number(),
  maker: z.boolean(),
  oid: z.number().int().optional(),
  cloid: z.string().optional(),
  tid: z.number().int().optional(),
});

/** An own fill event. */
export type FillEvent = z.infer<typeof FillEventSchema>;

/** The rate-limit figures in `status`, `ratelimit` and `summary` (see lib/engine/rate_tracker.ts). */
export const RateLimitFiguresSchema = z.strictObject({
  ip_weight_last_minute: z.number().nonnegative(),
  ip_weight_limit: z.number().positive(),
  ip_share: z.number().nonnegative(),
  warning: z.boolean(),
  address_used: z.number().nonnegative(),
  address_cap: z.number().nonnegative(),
  address_remaining: z.number().nonnegative(),
  address_share: z.number().nonnegative(),
  requests_per_minute: z.number().nonnegative(),
  replenish_per_minute: z.number().nonnegative(),
  /** Hours until the address cap at the current rates; null = never. */
  projected_hours_left: z.number().nullable(),
  pressure: z.number().nonnegative(),
});

/** Action kinds the engine journals (`scheduleCancel` from cancel-all only). */
export const ActionKindSchema = z.enum(["place", "modify", "cancel"]);

/** `start`: the engine is up; orders reclaimed from an earlier run and the position found. */
export const StartEventSchema = z.strictObject({
  ts,
  type: z.literal("start"),
  coin,
  reclaimed_orders: z.number().int().nonnegative(),
  position_coin: z.number(),
});

/** `status`: heartbeat with position, resting orders, equity (USD) and rate-limit figures. */
export const StatusEventSchema = z.strictObject({
  ts,
  type: z.literal("status"),
  coin,
  position_coin: z.number(),
  resting_orders: z.number().int().nonnegative(),
  equity_usd: z.number(),
  ratelimit: RateLimitFiguresSchema,
});

/** `quote`: one requote decision and every number behind it. */
export const QuoteEventSchema = z.strictObject({
  ts,
  type: z.literal("quote"),
  coin,
  requote_id: z.string().min(1),
  decision: z.enum(["quote", "widen", "reduce_only", "pull"]),
  /** The risk rules that fired (see lib/strategy/risk.ts). */
  reasons: z.array(z.strictObject({
    code: z.string().min(1),
    action: z.enum(["widen", "reduce_only", "pull"]),
    value: z.number().nullable(),
    threshold: z.number().nullable(),
    message: z.string(),
  })),
  /** Estimates still at their priors (too little data yet). */
  priors: z.array(z.string()),
  /** The ladder wanted: [price, size in coins], best first. */
  bids: z.array(z.tuple([z.number().positive(), z.number().positive()])),
  asks: z.array(z.tuple([z.number().positive(), z.number().positive()])),
  /** The reconciler's plan: orders kept, moved, cancelled and placed, and signed actions. */
  plan: z.strictObject({
    keep: z.number().int().nonnegative(),
    modify: z.number().int().nonnegative(),
    cancel: z.number().int().nonnegative(),
    place: z.number().int().nonnegative(),
    actions: z.number().int().nonnegative(),
  }),
  explanation: z.looseObject({
    timeMs: z.number(),
    coin,
    fairPx: z.number(),
    sigmaBpsPerSqrtS: z.number(),
    regime: z.string(),
    glft: z.looseObject({ halfSpreadBps: z.number(), skewBps: z.number() }),
  }),
});

/** `action`: one signed exchange action (a requote's, or the shutdown's bulk cancel). */
export const ActionEventSchema = z.strictObject({
  ts,
  type: z.literal("action"),
  coin,
  requote_id: z.string().min(1).optional(),
  kind: ActionKindSchema,
  /** Orders in the action. */
  orders: z.number().int().nonnegative(),
  /** IP weight of the request: 1 + floor(orders / 40). */
  weight: z.number().int().positive().optional(),
  /** Market update received → action sent, ms (null before any update). */
  tick_to_action_ms: z.number().nullable().optional(),
  reason: z.string().optional(),
});

/** `ack`: the exchange answered a requote's action. */
export const AckEventSchema = z.strictObject({
  ts,
  type: z.literal("ack"),
  requote_id: z.string().min(1),
  coin,
  kind: ActionKindSchema,
  latency_ms: z.number().nonnegative(),
});

/** `reject`: the exchange refused one order of an action, with its text. */
export const RejectEventSchema = z.strictObject({
  ts,
  type: z.literal("reject"),
  coin,
  kind: z.string().min(1),
  message: z.string(),
});

/** `error`: an action or a sync failed; the engine resyncs instead of re-sending. */
export const ErrorEventSchema = z.strictObject({
  ts,
  type: z.literal("error"),
  requote_id: z.string().min(1).optional(),
  coin: coin.optional(),
  kind: z.string().min(1),
  message: z.string(),
});

/** `retry`: a retryable request (429, 5xx, timeout) is tried again. */
export const RetryEventSchema = z.strictObject({
  ts,
  type: z.literal("retry"),
  request: z.string().min(1),
  attempt: z.number().int().positive().optional(),
  message: z.string(),
});

/** `connection`: the WebSocket opened, closed or is reconnecting. */
export const ConnectionEventSchema = z.strictObject({
  ts,
  type: z.literal("connection"),
  event: z.enum(["open", "close", "reconnecting"]),
  reconnect: z.boolean().optional(),
  code: z.number().int().optional(),
  permanent: z.boolean().optional(),
  attempt: z.number().int().optional(),
});

/** `stale`: a coin's book went silent (`event: "stale"`) or resumed (`"recovered"`). */
export const StaleEventSchema = z.strictObject({
  ts,
  type: z.literal("stale"),
  event: z.enum(["stale", "recovered"]),
  coin,
  lastUpdateMs: z.number().optional(),
  silentForMs: z.number().optional(),
  staleForMs: z.number().optional(),
});

/** `sync`: open orders from the exchange replaced the engine's view; `repaired` differences. */
export const SyncEventSchema = z.strictObject({
  ts,
  type: z.literal("sync"),
  coin,
  repaired: z.number().int().positive(),
});

/** `catch_up`: fills made while mm was down, loaded and journaled once. */
export const CatchUpEventSchema = z.strictObject({
  ts,
  type: z.literal("catch_up"),
  /** Fills were loaded from here: the journal's last entry less a 5-minute overlap, epoch ms. */
  since_ts: z.number(),
  fills: z.number().int().nonnegative(),
});

/** `ratelimit`: the rate-limit figures after the minutely sync with `userRateLimit`. */
export const RateLimitEventSchema = RateLimitFiguresSchema.extend({
  ts,
  type: z.literal("ratelimit"),
});

/** `metrics`: where `--metrics-port` serves Prometheus text. */
export const MetricsEventSchema = z.strictObject({
  ts,
  type: z.literal("metrics"),
  url: z.url(),
});

/** `stop`: the engine stopped; orders still resting after the verified cancel. */
export const StopEventSchema = z.strictObject({
  ts,
  type: z.literal("stop"),
  coin,
  remaining_orders: z.number().int().nonnegative(),
});

/** `summary`: the last line of a run or dry-run (P&L net of fees in USD, edge in bps). */
export const SummaryEventSchema = z.looseObject({
  ts,
  type: z.literal("summary"),
  coin,
  fills: z.number().int().nonnegative(),
  volume_usd: z.number().nonnegative(),
  fees_usd: z.number(),
  net_pnl_usd: z.number(),
  edge_bps: z.number().nullable(),
  position_coin: z.number(),
  requotes: z.number().int().nonnegative(),
  actions: z.number().int().nonnegative(),
  rejects: z.number().int().nonnegative(),
  ratelimit: RateLimitFiguresSchema,
});

/** Any event `mm run` or `mm dry-run` writes, by `type`. */
export const EngineEventSchema = z.discriminatedUnion("type", [
  StartEventSchema,
  StatusEventSchema,
  QuoteEventSchema,
  ActionEventSchema,
  AckEventSchema,
  FillEventSchema,
  RejectEventSchema,
  ErrorEventSchema,
  RetryEventSchema,
  ConnectionEventSchema,
  StaleEventSchema,
  SyncEventSchema,
  CatchUpEventSchema,
  RateLimitEventSchema,
  MetricsEventSchema,
  StopEventSchema,
  SummaryEventSchema,
]);

/** An event of `mm run` or `mm dry-run`. */
export type EngineEvent = z.infer<typeof EngineEventSchema>;
