/**
 * One fill, normalised from any trade-history form. Money is held in integer
 * micro-USD so sums over millions of rows are exact and the same fills read
 * from different forms give identical figures.
 *
 * @module
 */

/** The input forms analyze-trades reads, as reported in `summary.source`. */
export type TradeSource =
  | "hl_web_export_csv"
  | "hl_api_fills_csv"
  | "hl_user_fills_json"
  | "hl_user_fills_ndjson"
  | "mm_events_ndjson"
  | "empty";

/** A fill as the analysis sees it. */
export interface TradeFill {
  /** Fill time, epoch ms UTC. */
  tsMs: number;
  coin: string;
  /** Hyperliquid's direction text, e.g. `Open Long`, `Close Short`, `Long > Short`, `Buy`. */
  dir: string;
  px: number;
  sz: number;
  /** |px × sz| in micro-USD. */
  notionalMicros: number;
  /** Fee in micro-USD; negative for a maker rebate. */
  feeMicros: number;
  /** Realised P&L before fees in micro-USD (0 on an opening fill). */
  grossPnlMicros: number;
  /** True when the fill closed (part of) a position and so realised P&L. */
  closing: boolean;
  /** True for a maker (resting) fill, `undefined` when the form does not say. */
  maker: boolean | undefined;
  /** 1-based line (or array element) in the input. */
  line: number;
}

/** Micro-USD per USD. */
export const MICROS_PER_USD = 1_000_000;

/** USD to integer micro-USD (round half away from zero). */
export function toMicros(usd: number): number {
  return usd < 0 ? -Math.round(-usd * MICROS_PER_USD) : Math.round(usd * MICROS_PER_USD);
}

/** Integer micro-USD to USD. */
export function fromMicros(micros: number): number {
  return micros / MICROS_PER_USD;
}

/**
 * Whether a direction realises P&L. Opening a position (`Open Long`,
 * `Open Long (Price Improved)`, spot `Buy`) does not; closing, flipping
 * (`Long > Short`), spot `Sell`, liquidations and ADL do.
 */
export function isClosingDir(dir: string): boolean {
  return !(dir.startsWith("Open") || dir === "Buy");
}

const USD_TOKENS = new Set(["USDC", "USDH", "USDT0", "USDE", "USD"]);

/**
 * Fee in USD. Perp fees are in USDC; a spot buy pays its fee in the bought
 * token, which is worth `px` USD each (Hyperliquid export: closedPnl = −fee·px).
 */
export function feeUsd(fee: number, px: number, feeToken: string | undefined): number {
  return feeToken === undefined || USD_TOKENS.has(feeToken) ? fee : fee * px;
}
