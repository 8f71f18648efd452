/**
 * Online market estimators, each O(1) per event with a small `update`
 * method: order book, microprice with learned betas, volatility and regime,
 * spread process, funding, Hawkes trade intensity, the fill-intensity curve
 * λ(δ) = A·e^{−κδ}, a liquidation-cascade detector and adverse selection.
 *
 * @module
 */

export { AdverseSelection, type MarkoutEstimate, type OwnFill } from "./adverse_selection.ts";
export { type BookSide, BookState } from "./book_state.ts";
export { CascadeDetector, type CascadeReading } from "./cascade.ts";
export { FillIntensityEstimator, type FillIntensityFit } from "./fill_intensity.ts";
export { FundingEstimator, fundingRateFromPremium } from "./funding.ts";
export { fitHawkes, HawkesEstimator } from "./hawkes.ts";
export { Microprice } from "./microprice.ts";
export { type Regime, RegimeClassifier, REGIMES } from "./regime.ts";
export { SpreadProcess } from "./spread_process.ts";
export { SECONDS_PER_YEAR, Volatility } from "./volatility.ts";
