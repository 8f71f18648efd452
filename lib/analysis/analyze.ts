/**
 * Read a trade history and analyse it in one streaming pass.
 *
 * @module
 */

import { type ReadReport, readTradeHistory, type ReadTradesOptions } from "./read_trades.ts";
import {
  TradeAnalysis,
  type TradeAnalysisOptions,
  type TradeAnalysisResult,
} from "./trade_analysis.ts";
import type { TradeSource } from "./trade_fill.ts";

/** An analysed history: its detected form, the figures, and what reading found. */
export interface AnalysedHistory {
  source: TradeSource;
  result: TradeAnalysisResult;
  report: ReadReport;
}

/**
 * Detects the form of `chunks`, reads every fill and analyses it.
 *
 * @throws {InputError} on bad input (unless `skipBad`, for bad rows).
 */
export async function analyzeTradeHistory(
  chunks: AsyncIterable<string>,
  options: ReadTradesOptions & Omit<TradeAnalysisOptions, "tz">,
): Promise<AnalysedHistory> {
  const history = await readTradeHistory(chunks, options);
  const analysis = new TradeAnalysis(options);
  for await (const batch of history.batches) {
    for (const fill of batch) analysis.update(fill);
  }
  return { source: history.source, result: analysis.result(), report: history.report() };
}
