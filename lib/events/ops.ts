/**
 * Schemas of the events of the operations commands: `mm status` (one line)
 * and `mm cancel-all` (its actions, retries and the final `cancel_all`).
 * Strict, so code and contract cannot drift apart unnoticed.
 *
 * Units: USD, coins, bps, %, epoch ms.
 *
 * @module
 */

import { z } from "zod";

const ts = z.number().int().nonnegative();
const level = z.enum(["ok", "warning", "critical"]);

/** `status`: the account's health, every check, the overall level and the exit code. */
export const StatusReportSchema = z.strictObject({
  ts,
  type: z.literal("status"),
  account: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
  positions: z.array(z.strictObject({
    coin: z.string().min(1),
    /** Signed size, coins (negative: short). */
    size: z.number(),
    entry_px: z.number().nullable(),
    mark_px: z.number(),
    unrealized_pnl_usd: z.number(),
    leverage: z.number(),
    liquidation_px: z.number().nullable(),
    liquidation_distance_pct: z.number().nullable(),
  })),
  account_value_usd: z.number(),
  margin_used_usd: z.number(),
  margin_ratio: z.number().nullable(),
  open_orders: z.strictObject({
    total: z.number().int().nonnegative(),
    by_coin: z.record(
      z.string(),
      z.strictObject({
        bids: z.number().int().nonnegative(),
        asks: z.number().int().nonnegative(),
        best_bid_distance_bps: z.number().nullable(),
        best_ask_distance_bps: z.number().nullable(),
      }),
    ),
  }),
  realized_pnl_today_usd: z.number(),
  fees_today_usd: z.number(),
  realized_pnl_24h_usd: z.number(),
  fees_24h_usd: z.number(),
  last_fill_ts: z.number().nullable(),
  ratelimit: z.strictObject({
    used: z.number().nonnegative(),
    cap: z.number().nonnegative(),
    remaining: z.number(),
    ip_weight_share: z.number().nullable(),
  }),
  journal: z.strictObject({
    path: z.string(),
    last_heartbeat_ts: z.number().nullable(),
    heartbeat_age_s: z.number().nullable(),
  }).nullable(),
  checks: z.array(z.strictObject({ name: z.string().min(1), level, message: z.string() })),
  level,
  /** 0 OK, 1 WARNING, 2 CRITICAL (3 UNKNOWN is one line on stderr, no report). */
  exit_code: z.number().int().min(0).max(2),
});

/** `action` of cancel-all: one bulk cancel (with how many went) or the dead man's switch cleared. */
export const CancelAllActionSchema = z.strictObject({
  ts,
  type: z.literal("action"),
  kind: z.enum(["cancel", "scheduleCancel"]),
  orders: z.number().int().nonnegative().optional(),
  cancelled: z.number().int().nonnegative().optional(),
  cleared: z.boolean().optional(),
  error: z.string().optional(),
});

/** `retry` of cancel-all: a retryable failure (429, 5xx, network) before the next attempt. */
export const CancelAllRetrySchema = z.strictObject({
  ts,
  type: z.literal("retry"),
  request: z.string().min(1),
  message: z.string(),
});

/** `cancel_all`: the verified result; `remaining` 0 means nothing rests. */
export const CancelAllResultSchema = z.strictObject({
  ts,
  type: z.literal("cancel_all"),
  account: z.string().regex(/^0x[0-9a-fA-F]{40}$/),
  cancelled: z.number().int().nonnegative(),
  remaining: z.number().int(),
  actions: z.number().int().nonnegative(),
  elapsed_ms: z.number().nonnegative(),
});

/** Any event `mm cancel-all` writes, by `type`. */
export const CancelAllEventSchema = z.discriminatedUnion("type", [
  CancelAllActionSchema,
  CancelAllRetrySchema,
  CancelAllResultSchema,
]);

const perMinute = z.number().nullable();
const kindTally = z.strictObject({
  actions: z.number().int().nonnegative(),
  orders: z.number().int().nonnegative(),
  ip_weight: z.number().int().nonnegative(),
  address_requests: z.number().int().nonnegative(),
});

/** `ratelimit` from a journal: what the run spent, what fills earned, how long the budget lasts. */
export const JournalRateLimitSchema = z.strictObject({
  ts,
  type: z.literal("ratelimit"),
  source: z.literal("journal"),
  file: z.string(),
  from_ts: z.number(),
  to_ts: z.number(),
  minutes: z.number().nonnegative(),
  requotes: z.number().int().nonnegative(),
  actions: z.number().int().nonnegative(),
  ip_weight: z.number().int().nonnegative(),
  address_requests: z.number().int().nonnegative(),
  actions_per_minute: perMinute,
  ip_weight_per_minute: perMinute,
  peak_ip_weight_minute: z.number().nonnegative(),
  ip_weight_limit: z.number().positive(),
  address_requests_per_minute: perMinute,
  actions_per_requote: z.number().nullable(),
  address_requests_per_requote: z.number().nullable(),
  by_kind: z.strictObject({ cancel: kindTally, modify: kindTally, place: kindTally }),
  fills: z.number().int().nonnegative(),
  fill_volume_usd: z.number().nonnegative(),
  fill_volume_per_hour_usd: z.number().nullable(),
  replenish_per_minute: perMinute,
  start_source: z.enum(["flags", "status", "default"]),
  start_used: z.number().nonnegative(),
  start_cap: z.number().nonnegative(),
  address_used: z.number().nonnegative(),
  address_cap: z.number().nonnegative(),
  address_remaining: z.number().nonnegative(),
  net_spend_per_minute: perMinute,
  /** null = never or unknown (see `runs_out`). */
  projected_hours_left: z.number().nullable(),
  runs_out_ts: z.number().nullable(),
  /** ISO time, `never` or `unknown`. */
  runs_out: z.string().min(1),
});

/** `ratelimit` live: the exchange's `userRateLimit` answer for one address. */
export const LiveRateLimitSchema = z.strictObject({
  ts,
  type: z.literal("ratelimit"),
  source: z.literal("live"),
  account: z.string().regex(/^0x[0-9a-f]{40}$/),
  network: z.string().min(1),
  api_url: z.string().min(1),
  address_used: z.number().nonnegative(),
  address_cap: z.number().nonnegative(),
  address_remaining: z.number().nonnegative(),
  address_share: z.number().nonnegative(),
  cum_vlm_usd: z.number().nonnegative(),
});

/** `ratelimit_point`: the budget at one time (`--trajectory`). */
export const RateLimitPointSchema = z.strictObject({
  ts,
  type: z.literal("ratelimit_point"),
  used: z.number().nonnegative(),
  cap: z.number().nonnegative(),
  remaining: z.number().nonnegative(),
});

/** `ratelimit_what_if`: the journal re-counted under a policy; `vs_actual` < 0 is budget saved. */
export const RateLimitWhatIfSchema = z.strictObject({
  ts,
  type: z.literal("ratelimit_what_if"),
  policy: z.string().min(1),
  requotes: z.number().int().nonnegative(),
  dropped_requotes: z.number().int().nonnegative(),
  actions: z.number().int().nonnegative(),
  ip_weight: z.number().int().nonnegative(),
  address_requests: z.number().int().nonnegative(),
  peak_ip_weight_minute: z.number().nonnegative(),
  ip_weight_per_minute: perMinute,
  address_requests_per_minute: perMinute,
  address_remaining: z.number().nonnegative(),
  projected_hours_left: z.number().nullable(),
  runs_out: z.string().min(1),
  vs_actual: z.strictObject({
    requotes: z.number().int(),
    actions: z.number().int(),
    ip_weight: z.number().int(),
    address_requests: z.number().int(),
    peak_ip_weight_minute: z.number(),
  }),
});

/** Any event `mm ratelimit` writes (`ratelimit` from a journal or live, points, what-ifs). */
export const RateLimitCommandEventSchema = z.union([
  JournalRateLimitSchema,
  LiveRateLimitSchema,
  RateLimitPointSchema,
  RateLimitWhatIfSchema,
]);
