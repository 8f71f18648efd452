/**
 * Trade-history analysis: readers for every input form, the streaming
 * analysis, its NDJSON rows and its human view.
 *
 * @module
 */

export { type DateOrder } from "./locale_time.ts";
export { TimeZone } from "./time_zone.ts";
export { type TradeFill, type TradeSource } from "./trade_fill.ts";
export {
  type ReadReport,
  readTradeHistory,
  type ReadTradesOptions,
  SOURCE_NAMES,
  type TradeHistory,
} from "./read_trades.ts";
export {
  type BucketRow,
  type ScenarioRow,
  TradeAnalysis,
  type TradeAnalysisOptions,
  type TradeAnalysisResult,
  type WorstRow,
} from "./trade_analysis.ts";
export { type AnalysedHistory, analyzeTradeHistory } from "./analyze.ts";
export { type AnalysisEvent, analysisEvents } from "./analysis_events.ts";
export { renderAnalysis } from "./analysis_view.ts";
