/**
 * Schemas of `mm sim`'s own lines: `sim_ready`, `replay_done` and
 * `sim_stopped` on stdout, and the injected faults (`fault`) on stderr.
 * Strict, like every event schema here.
 *
 * Units: epoch ms, ms.
 *
 * @module
 */

import { z } from "zod";

const ts = z.number().int().nonnegative();
const count = z.number().int().nonnegative();

/** The fault kinds the simulator injects (lib/sim/faults.ts). */
export const FaultKindSchema = z.enum([
  "ws_drop",
  "http_500",
  "http_429",
  "latency",
  "feed_stall",
  "order_reject",
]);

/** `sim_ready`: the API is up; where to reach it and what it serves. */
export const SimReadySchema = z.strictObject({
  ts,
  type: z.literal("sim_ready"),
  /** HTTP base URL, e.g. `http://127.0.0.1:8080`. */
  url: z.string().url(),
  /** WebSocket URL, e.g. `ws://127.0.0.1:8080/ws`. */
  ws_url: z.string().regex(/^wss?:\/\//),
  assets: z.array(z.string().min(1)).min(1),
  /** `generated (seed N)` or `replay FILE`. */
  market: z.string().min(1),
  testnet: z.boolean(),
});

/** `replay_done`: a `--replay` file has been played to its end. */
export const ReplayDoneSchema = z.strictObject({
  ts,
  type: z.literal("replay_done"),
  frames: count,
  /** Market time covered, ms. */
  marketMs: z.number().nonnegative(),
  /** Wall time taken, ms. */
  wallMs: z.number().nonnegative(),
});

/** `sim_stopped`: the simulator shut down; the faults it injected, by kind. */
export const SimStoppedSchema = z.strictObject({
  ts,
  type: z.literal("sim_stopped"),
  faults: z.record(FaultKindSchema, count),
});

/** `fault` (stderr): one injected fault. */
export const FaultEventSchema = z.strictObject({
  ts,
  type: z.literal("fault"),
  fault: FaultKindSchema,
  detail: z.string().optional(),
});

/** Every line `mm sim` writes on stdout. */
export const SimEventSchema = z.discriminatedUnion("type", [
  SimReadySchema,
  ReplayDoneSchema,
  SimStoppedSchema,
]);

/** A `mm sim` stdout event. */
export type SimEvent = z.infer<typeof SimEventSchema>;
