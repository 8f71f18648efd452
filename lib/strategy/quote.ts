/**
 * One tick of the quoting brain: estimates + account state + config →
 * ladder, risk decision and an explanation holding every number used, for
 * the engine's `quote` NDJSON event. Pure: time comes from the estimates.
 *
 * Pipeline: γ (gamma.ts) → GLFT depths (glft.ts) → position limit and
 * reduce-only state (position_limits.ts) → risk decision (risk.ts) →
 * ladder depths (ladder.ts: funding, cap, floor, spacing, widen) → Kelly
 * sizes within the position room (kelly.ts) → priced ladder (ladder.ts:
 * large-quote depth, tick rounding, post-only, dedupe, no crossing).
 *
 * @module
 */

import type { StrategyConfig } from "../config/strategy_config.ts";
import type { MarketInfo } from "../hyperliquid/markets.ts";
import { type EffectiveGamma, effectiveGamma } from "./gamma.ts";
import { type GlftQuote, glftQuote } from "./glft.ts";
import { estimatesProblem, type MarketEstimates } from "./estimates.ts";
import { type LevelSizing, sizeLevels } from "./kelly.ts";
import { buildLadder, ladderDepths, type QuoteLevel, type Side } from "./ladder.ts";
import { effectiveMaxPosition, nextBlockedSide, type PositionLimit } from "./position_limits.ts";
import { decideRisk, type RiskAction, type RiskDecision, type RiskReason } from "./risk.ts";

/** Account and market facts of this tick (the engine's state, as plain data). */
export interface QuoteState {
  market: Pick<MarketInfo, "coin" | "szDecimals" | "maxLeverage">;
  /** Position, coins (> 0 long). */
  positionCoin: number;
  /** Account equity, USD. */
  equityUsd: number;
  /** Unused margin, USD; omit when unknown. */
  freeMarginUsd?: number;
  /** (peak equity − equity) / peak equity, 0..1. */
  drawdownFraction: number;
  /** Share of the request budget used, 0..1. */
  rateLimitPressure: number;
  /** Reduce-only side from the previous tick (`QuoteResult.blockedSide`), null at start. */
  blockedSide: Side | null;
}

/** Every number behind a quote. JSON-safe apart from NaN inputs (which JSON writes as null). */
export interface QuoteExplanation extends MarketEstimates {
  coin: string;
  gamma: EffectiveGamma;
  /** GLFT result; null when the estimates were unusable. */
  glft: GlftQuote | null;
  position: {
    coin: number;
    /** q of GLFT: position · fair / inventoryUnitUsd. */
    inventoryUnits: number;
    equityUsd: number;
    limit: PositionLimit;
    /** Reduce-only side after this tick. */
    blockedSide: Side | null;
  };
  ladder: {
    floorBps: number;
    capBps: number | null;
    fundingShiftBps: number;
    spacingBps: number;
    widenFactor: number;
    floorHit: { bid: boolean; ask: boolean };
    capHit: { bid: boolean; ask: boolean };
    droppedDuplicates: number;
    droppedCrossing: number;
  } | null;
  sizing: {
    roomBidCoin: number;
    roomAskCoin: number;
    bids: LevelSizing[];
    asks: LevelSizing[];
  } | null;
  action: RiskAction;
  reasons: RiskReason[];
}

/** The result of one tick. */
export interface QuoteResult {
  /** Levels to rest, most aggressive first. */
  levels: { bids: QuoteLevel[]; asks: QuoteLevel[] };
  decision: RiskDecision;
  /** Reduce-only side to pass back as `state.blockedSide` next tick. */
  blockedSide: Side | null;
  explanation: QuoteExplanation;
}

/**
 * The ladder for this tick (module doc for the pipeline). Invalid estimates
 * (see `estimatesProblem`) give a "pull" with no levels; a "pull" for any
 * other reason also gives no levels but still explains the model numbers.
 */
export function computeQuote(
  estimates: MarketEstimates,
  state: QuoteState,
  config: StrategyConfig,
): QuoteResult {
  const e = estimates;
  const gamma = effectiveGamma(e, config.gamma);
  const problem = estimatesProblem(e);
  const fair = e.fairPx;
  const limit = effectiveMaxPosition({
    priceUsd: fair,
    equityUsd: state.equityUsd,
    maxLeverage: state.market.maxLeverage,
    positionCoin: state.positionCoin,
    freeMarginUsd: state.freeMarginUsd,
  }, config.position);
  const blockedSide = nextBlockedSide(state.blockedSide, {
    positionCoin: state.positionCoin,
    limitCoin: limit.limitCoin,
    hysteresis: config.position.hysteresis,
  });
  const decision = decideRisk({
    estimatesProblem: problem,
    dataAgeMs: e.dataAgeMs,
    regime: e.regime,
    cascadeSeverity: e.cascadeSeverity,
    hawkesIntensity: e.hawkesIntensity,
    drawdownFraction: state.drawdownFraction,
    rateLimitPressure: state.rateLimitPressure,
    positionCoin: state.positionCoin,
    positionLimitCoin: limit.limitCoin,
    blockedSide,
  }, config.risk);
  const inventoryUnits = problem === null
    ? (state.positionCoin * fair) / config.glft.inventoryUnitUsd
    : 0;
  const explanation: QuoteExplanation = {
    timeMs: e.timeMs,
    coin: state.market.coin,
    mid: e.mid,
    fairPx: fair,
    bestBid: e.bestBid,
    bestAsk: e.bestAsk,
    marketSpreadBps: e.marketSpreadBps,
    sigmaBpsPerSqrtS: e.sigmaBpsPerSqrtS,
    regime: e.regime,
    fillIntensityA: e.fillIntensityA,
    fillDecayKappa: e.fillDecayKappa,
    hawkesIntensity: e.hawkesIntensity,
    cascadeSeverity: e.cascadeSeverity,
    fundingRateHourly: e.fundingRateHourly,
    adverseSelectionBps: e.adverseSelectionBps,
    dataAgeMs: e.dataAgeMs,
    gamma,
    glft: null,
    position: {
      coin: state.positionCoin,
      inventoryUnits,
      equityUsd: state.equityUsd,
      limit,
      blockedSide,
    },
    ladder: null,
    sizing: null,
    action: decision.action,
    reasons: decision.reasons,
  };
  const empty = { bids: [], asks: [] };
  if (problem !== null) return { levels: empty, decision, blockedSide, explanation };

  const glft = glftQuote({
    gamma: gamma.gamma,
    sigmaBpsPerSqrtS: e.sigmaBpsPerSqrtS,
    fillIntensityA: e.fillIntensityA,
    fillDecayKappa: e.fillDecayKappa,
  }, inventoryUnits);
  explanation.glft = glft;
  const plan = ladderDepths(glft, {
    config: config.ladder,
    marketSpreadBps: e.marketSpreadBps,
    fundingRateHourly: e.fundingRateHourly,
    widenFactor: decision.widenFactor,
    floorFactor: config.gamma.toxicHours.widensFloor ? gamma.timeFactor : 1,
  });

  const position = state.positionCoin;
  const room = (side: Side): number => {
    const allowed = side === "bid" ? decision.allowBids : decision.allowAsks;
    if (!allowed) return 0;
    if (decision.reduceOnly) return Math.abs(position);
    return Math.max(0, side === "bid" ? limit.limitCoin - position : limit.limitCoin + position);
  };
  const roomBidCoin = room("bid");
  const roomAskCoin = room("ask");
  const sizingOptions = {
    fairPx: fair,
    equityUsd: state.equityUsd,
    szDecimals: state.market.szDecimals,
    adverseSelectionBps: e.adverseSelectionBps,
    sigmaBpsPerSqrtS: e.sigmaBpsPerSqrtS,
    config: config.kelly,
  };
  const bidSizing = sizeLevels(plan.bids.map((level) => level.depthBps), {
    ...sizingOptions,
    side: "bid",
    roomCoin: roomBidCoin,
  });
  const askSizing = sizeLevels(plan.asks.map((level) => level.depthBps), {
    ...sizingOptions,
    side: "ask",
    roomCoin: roomAskCoin,
  });
  const ladder = buildLadder(plan, {
    fairPx: fair,
    sizes: { bids: bidSizing.map((s) => s.sz), asks: askSizing.map((s) => s.sz) },
    szDecimals: state.market.szDecimals,
    largeQuote: config.ladder.largeQuote,
    bestBid: e.bestBid,
    bestAsk: e.bestAsk,
  });
  explanation.ladder = {
    floorBps: plan.floorBps,
    capBps: plan.capBps,
    fundingShiftBps: plan.fundingShiftBps,
    spacingBps: plan.spacingBps,
    widenFactor: plan.widenFactor,
    floorHit: { bid: plan.bids[0]?.flags.floor ?? false, ask: plan.asks[0]?.flags.floor ?? false },
    capHit: { bid: plan.bids[0]?.flags.cap ?? false, ask: plan.asks[0]?.flags.cap ?? false },
    droppedDuplicates: ladder.droppedDuplicates,
    droppedCrossing: ladder.droppedCrossing,
  };
  explanation.sizing = { roomBidCoin, roomAskCoin, bids: bidSizing, asks: askSizing };
  return {
    levels: { bids: ladder.bids, asks: ladder.asks },
    decision,
    blockedSide,
    explanation,
  };
}
