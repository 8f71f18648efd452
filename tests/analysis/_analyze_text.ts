import { type AnalysedHistory, analyzeTradeHistory, TimeZone } from "../../lib/analysis/mod.ts";
import type { DateOrder } from "../../lib/analysis/mod.ts";

/** Text as a stream of chunks of `chunkSize` characters (small chunks test the seams). */
export async function* chunked(text: string, chunkSize = 64): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += chunkSize) yield text.slice(i, i + chunkSize);
}

/** Analyses text as `mm analyze-trades` would, with the hand-check settings by default. */
export function analyzeText(
  text: string,
  options: {
    file?: string;
    tz?: string;
    dateOrder?: DateOrder;
    skipBad?: boolean;
    minFills?: number;
    chunkSize?: number;
  } = {},
): Promise<AnalysedHistory> {
  return analyzeTradeHistory(chunked(text, options.chunkSize), {
    file: options.file ?? "test.csv",
    tz: new TimeZone(options.tz ?? "UTC"),
    dateOrder: options.dateOrder,
    skipBad: options.skipBad,
    nowMs: Date.UTC(2026, 10, 25),
    minFills: options.minFills ?? 2,
    toxicBps: -10,
  });
}
