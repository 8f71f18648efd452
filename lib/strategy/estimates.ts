/**
 * What the strategy reads of the market: one plain record per tick, filled by
 * the engine from lib/market (this module does not import it). Every number
 * carries its unit in its name or its doc.
 *
 * Units used throughout lib/strategy:
 * - depth δ: basis points of the fair price (1 bps = 1e-4), positive away
 *   from fair (a bid at depth δ rests at `fair · (1 − δ/1e4)`);
 * - σ: bps of log price per √second (`sigmaBpsPerSqrtS`); convert an
 *   annualised σ once, with {@link sigmaBpsPerSqrtSFromAnnual};
 * - λ(δ) = A·e^{−κδ}: A in fills per second at δ = 0, κ per bps;
 * - time: epoch milliseconds, UTC.
 *
 * @module
 */

// One definition of the regimes and the year: lib/market's.
export { type Regime, REGIMES } from "../market/regime.ts";
export { SECONDS_PER_YEAR } from "../market/volatility.ts";
import type { Regime } from "../market/regime.ts";
import { SECONDS_PER_YEAR } from "../market/volatility.ts";

/** One tick of market state, as the strategy needs it. Plain data. */
export interface MarketEstimates {
  /** When these estimates hold, epoch ms UTC (the strategy's only clock). */
  timeMs: number;
  /** (best bid + best ask) / 2, USD. */
  mid: number;
  /** Fair price (microprice), USD: the reference every depth is measured from. */
  fairPx: number;
  /** Best bid in the book, USD. */
  bestBid: number;
  /** Best ask in the book, USD. */
  bestAsk: number;
  /** Market spread (best ask − best bid) / mid, bps. */
  marketSpreadBps: number;
  /** σ of log price, bps per √s (see {@link sigmaBpsPerSqrtSFromAnnual}). */
  sigmaBpsPerSqrtS: number;
  /** Volatility regime. */
  regime: Regime;
  /** A of λ(δ) = A·e^{−κδ}: fills per second a quote at δ = 0 would get. */
  fillIntensityA: number;
  /** κ of λ(δ) = A·e^{−κδ}, per bps. */
  fillDecayKappa: number;
  /** Hawkes (self-exciting) trade intensity, events per second. */
  hawkesIntensity: number;
  /** Liquidation-cascade severity, 0 (none) … 1 (full cascade). */
  cascadeSeverity: number;
  /** Funding rate per hour as a fraction (0.0001 = 1 bps/h); > 0: longs pay shorts. */
  fundingRateHourly: number;
  /** Measured adverse selection of our fills (markout), bps. */
  adverseSelectionBps: number;
  /** Age of the newest market data behind these estimates, ms. */
  dataAgeMs: number;
}

/**
 * σ in bps per √s from an annualised σ (a fraction per √year, 0.5 = 50 %):
 * `σ_annual · 1e4 / √(365·24·3600)`. The one conversion between the two
 * conventions; 0.5 a year is 0.890 bps/√s.
 */
export function sigmaBpsPerSqrtSFromAnnual(sigmaAnnual: number): number {
  return (sigmaAnnual * 1e4) / Math.sqrt(SECONDS_PER_YEAR);
}

/** The inverse of {@link sigmaBpsPerSqrtSFromAnnual}: annualised σ (fraction per √year). */
export function sigmaAnnualFromBpsPerSqrtS(sigmaBpsPerSqrtS: number): number {
  return (sigmaBpsPerSqrtS * Math.sqrt(SECONDS_PER_YEAR)) / 1e4;
}

/**
 * What makes a set of estimates unusable for quoting, or null when none:
 * non-finite or non-positive prices, a crossed book, σ < 0, A or κ ≤ 0, or
 * a non-finite time. The risk decision pulls on any problem.
 */
export function estimatesProblem(estimates: MarketEstimates): string | null {
  const e = estimates;
  if (!Number.isFinite(e.timeMs)) return `time is not finite (${e.timeMs})`;
  const price = notPositive("mid", e.mid) ?? notPositive("fairPx", e.fairPx) ??
    notPositive("bestBid", e.bestBid) ?? notPositive("bestAsk", e.bestAsk);
  if (price !== null) return price;
  if (e.bestBid >= e.bestAsk) return `book is crossed (bid ${e.bestBid} ≥ ask ${e.bestAsk})`;
  if (!(Number.isFinite(e.sigmaBpsPerSqrtS) && e.sigmaBpsPerSqrtS >= 0)) {
    return `σ is not ≥ 0 (${e.sigmaBpsPerSqrtS})`;
  }
  if (!(Number.isFinite(e.fillIntensityA) && e.fillIntensityA > 0)) {
    return `fill intensity A is not > 0 (${e.fillIntensityA})`;
  }
  if (!(Number.isFinite(e.fillDecayKappa) && e.fillDecayKappa > 0)) {
    return `fill decay κ is not > 0 (${e.fillDecayKappa})`;
  }
  return null;
}

function notPositive(name: string, value: number): string | null {
  return Number.isFinite(value) && value > 0 ? null : `${name} is not a positive price (${value})`;
}
