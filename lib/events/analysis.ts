/**
 * Schemas of the events `mm analyze-trades` writes, one per `type` (see the
 * README's output section). Rows are strict, so a field added in code but
 * not here fails the contract test; `summary` is strict too.
 *
 * Units: USD, bps, epoch ms; ratios in [0, 1]; `null` where a ratio has no
 * denominator.
 *
 * @module
 */

import { z } from "zod";

const ts = z.number().int().nonnegative();
const ratio = z.number().min(0).max(1).nullable();

/** The money figures every summary and bucket row shares. */
const figures = {
  fills: z.number().int().nonnegative(),
  closing_fills: z.number().int().nonnegative(),
  notional_usd: z.number().nonnegative(),
  fees_usd: z.number(),
  gross_pnl_usd: z.number(),
  net_pnl_usd: z.number(),
  edge_bps: z.number().nullable(),
  gross_edge_bps: z.number().nullable(),
  win_rate: ratio,
  fee_rate_bps: z.number().nullable(),
  maker_share: ratio,
};

/** `summary`: the whole history, where it came from and what was skipped. */
export const AnalysisSummarySchema = z.strictObject({
  ts,
  type: z.literal("summary"),
  source: z.string().min(1),
  input: z.string(),
  ...figures,
  first_ts: z.number().nullable(),
  last_ts: z.number().nullable(),
  tz: z.string().min(1),
  date_order: z.enum(["dmy", "mdy"]).nullable(),
  date_order_from: z.string().nullable(),
  skipped: z.number().int().nonnegative(),
  skipped_examples: z.array(z.unknown()),
  ignored_events: z.number().int().nonnegative(),
});

/** `bucket`: the figures by size, hour (with `toxic`), coin or day. */
export const BucketSchema = z.strictObject({
  ts,
  type: z.literal("bucket"),
  by: z.enum(["size", "hour", "coin", "day"]),
  key: z.string().min(1),
  lo_usd: z.number().optional(),
  hi_usd: z.number().nullable().optional(),
  hour: z.number().int().min(0).max(23).optional(),
  toxic: z.boolean().optional(),
  ...figures,
});

/** `scenario`: a what-if (e.g. without the toxic hours) against the baseline. */
export const ScenarioSchema = z.strictObject({
  ts,
  type: z.literal("scenario"),
  name: z.enum(["baseline", "skip_toxic_hours", "cap_size", "skip_toxic_hours_and_cap_size"]),
  description: z.string(),
  fills: z.number().int().nonnegative(),
  notional_usd: z.number().nonnegative(),
  fees_usd: z.number(),
  net_pnl_usd: z.number(),
  edge_bps: z.number().nullable(),
  improvement_usd: z.number(),
  improvement_bps: z.number().nullable(),
  /** The hours (0–23, in the analysis's zone) a toxic-hours scenario leaves out. */
  toxic_hours: z.array(z.number().int().min(0).max(23)).optional(),
  /** The notional cap of a cap-size scenario, USD. */
  cap_usd: z.number().positive().optional(),
});

/** `worst`: one of the closing fills with the lowest net P&L, with its input line. */
export const WorstSchema = z.strictObject({
  ts,
  type: z.literal("worst"),
  rank: z.number().int().positive(),
  line: z.number().int().positive(),
  fill_ts: z.number(),
  coin: z.string().min(1),
  dir: z.string().min(1),
  px: z.number().positive(),
  sz: z.number().positive(),
  notional_usd: z.number().nonnegative(),
  fee_usd: z.number(),
  net_pnl_usd: z.number(),
  edge_bps: z.number().nullable(),
});

/** `markout`: the mid's move after fills at one horizon, signed against us (> 0 = lost), bps. */
export const MarkoutSchema = z.strictObject({
  ts,
  type: z.literal("markout"),
  /** `null` with market data; `next_fill_price` for the stated proxy. */
  proxy: z.literal("next_fill_price").nullable(),
  group: z.enum(["all", "size", "hour", "regime"]),
  key: z.string().min(1),
  horizon_s: z.number().positive(),
  fills: z.number().int().nonnegative(),
  mean_bps: z.number().nullable(),
  median_bps: z.number().nullable(),
  /** Standard deviation (n − 1), bps; `null` below two fills. */
  sd_bps: z.number().nonnegative().nullable(),
});

/** `attribution`: net P&L split into parts that sum to it exactly, overall and per day. */
export const AttributionSchema = z.strictObject({
  ts,
  type: z.literal("attribution"),
  scope: z.enum(["all", "day"]),
  key: z.string().min(1),
  fills: z.number().int().nonnegative(),
  fills_without_mid: z.number().int().nonnegative(),
  horizon_s: z.number().positive(),
  spread_capture_usd: z.number().nullable(),
  adverse_selection_usd: z.number().nullable(),
  inventory_carry_usd: z.number().nullable(),
  fees_usd: z.number(),
  funding_usd: z.number(),
  net_pnl_usd: z.number(),
  note: z.string().nullable(),
});

/** Any event `mm analyze-trades` writes, by `type`. */
export const AnalysisEventSchema = z.discriminatedUnion("type", [
  AnalysisSummarySchema,
  BucketSchema,
  ScenarioSchema,
  WorstSchema,
  MarkoutSchema,
  AttributionSchema,
]);

/** An event of `mm analyze-trades`. */
export type AnalysisEventRow = z.infer<typeof AnalysisEventSchema>;
