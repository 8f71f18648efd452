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

export * from "./engine.ts";
export * from "./analysis.ts";
export * from "./ops.ts";
export * from "./sim.ts";

export { type NdjsonSink, writeEvents } from "./ndjson.ts";
