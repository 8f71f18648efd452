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
import type { MidSeries } from "./_mid_series.ts";
import { type MarkoutRow, Markouts } from "./markouts.ts";
import { Attribution, type AttributionRow } from "./attribution.ts";
import type { FundingPayment } from "./funding.ts";

/** An analysed history: its detected form, the figures, and what reading found. */
export interface AnalysedHistory {
  source: TradeSource;
  result: TradeAnalysisResult;
  report: ReadReport;
  /** Markout summaries (markouts.ts): market mids, or the next-fill-price proxy. */
  markouts: MarkoutRow[];
  /** P&L attribution (attribution.ts): overall and per day, or one row of nulls without mids. */
  attribution: AttributionRow[];
}

/**
 * Detects the form of `chunks`, reads every fill and analyses it.
 *
 * @throws {InputError} on bad input (unless `skipBad`, for bad rows).
 */
export async function analyzeTradeHistory(
  chunks: AsyncIterable<string>,
  options: ReadTradesOptions & Omit<TradeAnalysisOptions, "tz"> & {
    /** Market mids (`--market FILE`) for markouts and attribution. */
    mids?: MidSeries;
    /** Funding payments (`--funding FILE`) for attribution's funding part. */
    funding?: readonly FundingPayment[];
    /**
     * Without mids, mark out against the next fills' prices (a stated proxy).
     * It holds fills in memory, so it is asked for, not the default: the
     * plain analysis streams in constant memory.
     */
    markoutProxy?: boolean;
  },
): Promise<AnalysedHistory> {
  const history = await readTradeHistory(chunks, options);
  const analysis = new TradeAnalysis(options);
  const marking = options.mids !== undefined || options.markoutProxy === true;
  const markouts = marking ? new Markouts(options) : undefined;
  // Attribution keeps per-day sums only: always on (its mid-based parts need --market).
  const attribution = new Attribution(options);
  for await (const batch of history.batches) {
    for (const fill of batch) {
      analysis.update(fill);
      markouts?.update(fill);
      attribution.update(fill);
    }
  }
  return {
    source: history.source,
    result: analysis.result(),
    report: history.report(),
    markouts: markouts?.rows() ?? [],
    attribution: attribution.rows(),
  };
}
