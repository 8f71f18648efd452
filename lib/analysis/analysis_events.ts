/**
 * The NDJSON lines of `mm analyze-trades`, in the order they are written:
 * summary, size, hour, coin and day buckets, scenarios, worst fills, then
 * markouts and P&L attribution when given.
 *
 * @module
 */

import type { ReadReport } from "./read_trades.ts";
import type { TradeAnalysisResult } from "./trade_analysis.ts";
import type { TradeSource } from "./trade_fill.ts";
import type { MarkoutRow } from "./markouts.ts";
import type { AttributionRow } from "./attribution.ts";

/** One output line. */
export type AnalysisEvent = { ts: number; type: string } & Record<string, unknown>;

/** Turns an analysis into its output events, stamped with `nowMs`. */
export function analysisEvents(
  result: TradeAnalysisResult,
  context: {
    source: TradeSource;
    input: string;
    tz: string;
    report: ReadReport;
    nowMs: number;
    markouts?: MarkoutRow[];
    attribution?: AttributionRow[];
  },
): AnalysisEvent[] {
  const { source, input, tz, report, nowMs: ts } = context;
  const summary: AnalysisEvent = {
    ts,
    type: "summary",
    source,
    input,
    ...result.totals,
    tz,
    date_order: report.dateOrder.order ?? null,
    date_order_from: report.dateOrder.reason ?? null,
    skipped: report.skipped,
    skipped_examples: report.skippedExamples,
    ignored_events: report.ignoredEvents,
  };
  return [
    summary,
    ...[...result.sizeBuckets, ...result.hourBuckets, ...result.coinBuckets, ...result.dayBuckets]
      .map((row) => ({ ts, type: "bucket", ...row })),
    ...result.scenarios.map((row) => ({ ts, type: "scenario", ...row })),
    ...result.worst.map((row) => ({ ts, type: "worst", ...row })),
    ...(context.markouts ?? []).map((row) => ({ ts, type: "markout", ...row })),
    ...(context.attribution ?? []).map((row) => ({ ts, type: "attribution", ...row })),
  ];
}
