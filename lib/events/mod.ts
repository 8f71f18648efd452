/**
 * The NDJSON event contract: every line one JSON object
 * `{"ts": <epoch ms>, "type": "<kind>", ...}`. The schemas live here and
 * every command reads and writes through them.
 *
 * @module
 */

import { z } from "zod";

/** The envelope every event shares. */
export const EventEnvelopeSchema = z.looseObject({
  ts: z.number(),
  type: z.string().min(1),
});

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

export { type NdjsonSink, writeEvents } from "./ndjson.ts";
