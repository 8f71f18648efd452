/**
 * `mm calibrate`'s brain: from a market recording, our fills and/or an
 * analysis, a config patch whose every changed value has its evidence.
 *
 * Each estimate carries its sample size and a 95 % interval. A value
 * changes only when the estimate has enough evidence and its interval
 * excludes the value in force: data consistent with the current setting
 * leaves it alone (and says so), so calibration does not chase noise.
 *
 * Sources: σ, regimes, A, κ, the informed taker size and toxic hours come
 * from the market recording (every taker order is someone's fill); α, the
 * spread floor and the large-quote rule from our own fills marked against
 * it — a recording's touch fills are not where our quotes sit, and in a
 * market whose fills come from the mid moving through the quotes the
 * takers' informed size says little about our quote sizes. From an analysis alone: toxic hours
 * from its hour markouts and the floor from its attribution.
 *
 * @module
 */

import type { MmConfig } from "../config/mm_config.ts";
import type { Calibration, CalibrationInputs } from "./_decide.ts";
import type { TradeFill } from "../analysis/trade_fill.ts";
import { fillObservations } from "./flow.ts";
import type { MarketSample } from "./market_sample.ts";
import { decideFillKeys } from "./_fill_keys.ts";
import { decideFlow } from "./_flow_keys.ts";
import { decideIntensity, decideVolatility } from "./_market_keys.ts";

export { MarketSample } from "./market_sample.ts";
export { readAnalysis } from "./from_analysis.ts";
export type { AnalysisDigest } from "./from_analysis.ts";
export type { Calibration, CalibrationInputs, RationaleEntry } from "./_decide.ts";

/** Estimates from `inputs`, decided against `base` (module doc). */
export function calibrate(inputs: CalibrationInputs, options: { base: MmConfig }): Calibration {
  const out: Calibration = { patch: {}, rationale: {}, unchanged: {} };
  const horizonS = options.base.strategy.kelly.horizonS;
  const ownFlow = inputs.market === undefined || inputs.fills === undefined
    ? undefined
    : fillObservations(inputs.fills, inputs.market, horizonS);
  const context = {
    ...inputs,
    base: options.base,
    horizonS,
    ownFlow,
    fillsOutside: inputs.market !== undefined && inputs.fills !== undefined &&
        inputs.fills.length > 0 && ownFlow?.length === 0
      ? outsideReason(inputs.fills, inputs.market)
      : undefined,
  };
  const volatility = decideVolatility(out, context);
  decideIntensity(out, context);
  decideFlow(out, context, volatility);
  decideFillKeys(out, context, volatility);
  return out;
}

/** The patch document `mm calibrate` prints: the patch plus its rationale. */
export function patchDocument(calibration: Calibration): Record<string, unknown> {
  return {
    ...calibration.patch,
    rationale: { ...calibration.rationale, unchanged: calibration.unchanged },
  };
}

/** Why none of the fills can be marked: another coin, or outside the recording's span. */
function outsideReason(fills: readonly TradeFill[], market: MarketSample): string {
  const { startMs, endMs } = market.spanMs;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace("T", " ");
  const coins = [...new Set(fills.map((f) => f.coin))].slice(0, 3).join(", ");
  return `none of the ${fills.length} fills (${coins}) falls inside the recording ` +
    `(${market.coin}, ${day(startMs)} – ${day(endMs)} UTC, with the horizon after each fill): ` +
    `give a recording of the same coin and time`;
}
