/**
 * The quoting brain: pure functions and small state classes, no I/O.
 * {@link computeQuote} runs the whole pipeline for one tick; the pieces are
 * exported for tests, tools and the engine.
 *
 * Units: depths in bps of the fair price (microprice), σ in bps per √s,
 * A per second, κ per bps, γ per bps per inventory unit, time in epoch ms UTC
 * (see estimates.ts).
 *
 * @module
 */

export {
  estimatesProblem,
  type MarketEstimates,
  type Regime,
  REGIMES,
  SECONDS_PER_YEAR,
  sigmaAnnualFromBpsPerSqrtS,
  sigmaBpsPerSqrtSFromAnnual,
} from "./estimates.ts";
export {
  type GlftCoefficients,
  glftCoefficients,
  type GlftParams,
  type GlftQuote,
  glftQuote,
} from "./glft.ts";
export { type EffectiveGamma, effectiveGamma, type GammaInputs, utcHour } from "./gamma.ts";
export {
  buildLadder,
  type BuildLadderOptions,
  type DepthLevel,
  type DepthPlan,
  fundingShiftBps,
  type Ladder,
  type LadderDepthOptions,
  ladderDepths,
  type LevelFlags,
  type QuoteLevel,
  type Side,
} from "./ladder.ts";
export {
  type FillEdge,
  fillEdge,
  type FillEdgeOptions,
  informedShare,
  type LevelSizing,
  type SizeBound,
  sizeLevels,
  type SizeLevelsOptions,
} from "./kelly.ts";
export {
  effectiveMaxPosition,
  nextBlockedSide,
  type PositionLimit,
  type PositionLimitBound,
  PositionLimitGuard,
  type PositionLimitInputs,
  type ReduceOnlyInputs,
} from "./position_limits.ts";
export {
  decideRisk,
  RISK_ACTIONS,
  type RiskAction,
  type RiskDecision,
  type RiskInputs,
  type RiskReason,
  type RiskReasonCode,
} from "./risk.ts";
export {
  fillProbability,
  type KeepDecision,
  type KeepOptions,
  type QueueOrder,
  type QueuePlacement,
  QueuePosition,
  worthKeeping,
} from "./queue_position.ts";
export { computeQuote, type QuoteExplanation, type QuoteResult, type QuoteState } from "./quote.ts";
