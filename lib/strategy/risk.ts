/**
 * The risk decision of one tick: "quote" | "widen" | "reduce_only" | "pull",
 * with every reason that fired.
 *
 * Each rule that fires gives a reason with its own action; the decision is
 * the strongest of them, by the fixed precedence pull > reduce_only > widen >
 * quote ("quote" when nothing fired). The rules:
 *
 * | reason            | fires when                                   | action                      |
 * |-------------------|----------------------------------------------|-----------------------------|
 * | invalid_estimates | a problem was found in the estimates          | pull                        |
 * | stale_data        | dataAgeMs > maxDataAgeMs                      | pull                        |
 * | extreme_regime    | regime = "extreme"                            | config.extremeRegime        |
 * | cascade           | severity > pullAbove / reduceOnlyAbove / widenAbove | pull / reduce_only / widen |
 * | drawdown          | drawdown ≥ maxDrawdownFraction (> 0)          | reduce_only                 |
 * | rate_limit        | pressure > pullAbove / widenAbove             | pull / widen                |
 * | hawkes            | intensity > hawkesWidenAbove (> 0)            | widen                       |
 * | position_limit    | a side is in reduce-only mode, or the limit is 0 | reduce_only              |
 *
 * Thresholds named "…Above" are strict (a threshold of 1 turns a 0..1 rule
 * off); NaN severity or pressure counts as 1. Market-stress reasons
 * (extreme_regime, cascade, rate_limit, hawkes) also widen whatever is
 * still quoted by `widenFactor`; drawdown and position limit do not
 * (widening the reducing side would only slow the exit).
 * reduce_only lets only the side that shrinks |position| quote (bids when
 * short, asks when long, nothing when flat), for at most |position|.
 *
 * @module
 */

import type { RiskConfig } from "../config/strategy_config.ts";
import type { Regime } from "./estimates.ts";
import type { Side } from "./ladder.ts";

/** The actions, weakest first: the decision is the last one any reason asks for. */
export const RISK_ACTIONS = ["quote", "widen", "reduce_only", "pull"] as const;

/** A tick's decision. */
export type RiskAction = typeof RISK_ACTIONS[number];

/** Why. */
export type RiskReasonCode =
  | "invalid_estimates"
  | "stale_data"
  | "extreme_regime"
  | "cascade"
  | "drawdown"
  | "rate_limit"
  | "hawkes"
  | "position_limit";

/** One rule that fired. */
export interface RiskReason {
  code: RiskReasonCode;
  action: Exclude<RiskAction, "quote">;
  /** The measured value (ms, share, events/s, coins…; null when not numeric). */
  value: number | null;
  /** The threshold it crossed (same unit; null when not numeric). */
  threshold: number | null;
  message: string;
}

/** The decision and what follows from it for the ladder. */
export interface RiskDecision {
  action: RiskAction;
  /** Depth multiplier for what is still quoted (1: none). */
  widenFactor: number;
  /** Whether bids / asks may be quoted at all. */
  allowBids: boolean;
  allowAsks: boolean;
  /** Whether sizes are capped at |position| on the allowed side. */
  reduceOnly: boolean;
  reasons: RiskReason[];
}

/** Everything the rules read. */
export interface RiskInputs {
  /** A problem with the estimates (from `estimatesProblem`), or null. */
  estimatesProblem?: string | null;
  dataAgeMs: number;
  regime: Regime;
  /** 0..1. */
  cascadeSeverity: number;
  /** Events per second. */
  hawkesIntensity: number;
  /** (peak equity − equity) / peak equity, 0..1. */
  drawdownFraction: number;
  /** Share of the request budget used, 0..1. */
  rateLimitPressure: number;
  /** Current position, coins (signed). */
  positionCoin: number;
  /** Effective maximum |position|, coins. */
  positionLimitCoin: number;
  /** The side in reduce-only mode (from `nextBlockedSide`), or null. */
  blockedSide: Side | null;
}

const STRESS: ReadonlySet<RiskReasonCode> = new Set([
  "extreme_regime",
  "cascade",
  "rate_limit",
  "hawkes",
]);

/** The decision of this tick (module doc for rules and precedence). */
export function decideRisk(inputs: RiskInputs, config: RiskConfig): RiskDecision {
  const reasons: RiskReason[] = [];
  const add = (
    code: RiskReasonCode,
    action: RiskReason["action"],
    value: number | null,
    threshold: number | null,
    message: string,
  ) => reasons.push({ code, action, value, threshold, message });

  if (inputs.estimatesProblem) {
    add("invalid_estimates", "pull", null, null, inputs.estimatesProblem);
  }
  if (!(inputs.dataAgeMs <= config.maxDataAgeMs)) {
    add(
      "stale_data",
      "pull",
      inputs.dataAgeMs,
      config.maxDataAgeMs,
      `market data is ${inputs.dataAgeMs} ms old (max ${config.maxDataAgeMs} ms)`,
    );
  }
  if (inputs.regime === "extreme") {
    add("extreme_regime", config.extremeRegime, null, null, "volatility regime is extreme");
  }
  const severity = Number.isNaN(inputs.cascadeSeverity) ? 1 : inputs.cascadeSeverity;
  const cascade = config.cascade;
  const cascadeAction = severity > cascade.pullAbove
    ? ["pull", cascade.pullAbove] as const
    : severity > cascade.reduceOnlyAbove
    ? ["reduce_only", cascade.reduceOnlyAbove] as const
    : severity > cascade.widenAbove
    ? ["widen", cascade.widenAbove] as const
    : null;
  if (cascadeAction !== null) {
    const [action, threshold] = cascadeAction;
    add("cascade", action, severity, threshold, `cascade severity ${severity} > ${threshold}`);
  }
  if (config.maxDrawdownFraction > 0 && inputs.drawdownFraction >= config.maxDrawdownFraction) {
    add(
      "drawdown",
      "reduce_only",
      inputs.drawdownFraction,
      config.maxDrawdownFraction,
      `drawdown ${inputs.drawdownFraction} ≥ limit ${config.maxDrawdownFraction}`,
    );
  }
  const pressure = Number.isNaN(inputs.rateLimitPressure) ? 1 : inputs.rateLimitPressure;
  if (pressure > config.rateLimit.pullAbove) {
    add(
      "rate_limit",
      "pull",
      pressure,
      config.rateLimit.pullAbove,
      `rate-limit pressure ${pressure}`,
    );
  } else if (pressure > config.rateLimit.widenAbove) {
    add(
      "rate_limit",
      "widen",
      pressure,
      config.rateLimit.widenAbove,
      `rate-limit pressure ${pressure}`,
    );
  }
  if (config.hawkesWidenAbove > 0 && inputs.hawkesIntensity > config.hawkesWidenAbove) {
    add(
      "hawkes",
      "widen",
      inputs.hawkesIntensity,
      config.hawkesWidenAbove,
      `trade intensity ${inputs.hawkesIntensity}/s above ${config.hawkesWidenAbove}/s`,
    );
  }
  if (inputs.blockedSide !== null) {
    add(
      "position_limit",
      "reduce_only",
      inputs.positionCoin,
      inputs.positionLimitCoin,
      `position ${inputs.positionCoin} at limit ${inputs.positionLimitCoin}: ${inputs.blockedSide}s reduce-only`,
    );
  } else if (!(inputs.positionLimitCoin > 0)) {
    add("position_limit", "reduce_only", inputs.positionCoin, 0, "position limit is 0");
  }

  let rank = 0;
  for (const reason of reasons) rank = Math.max(rank, RISK_ACTIONS.indexOf(reason.action));
  const action = RISK_ACTIONS[rank];
  const widenFactor = reasons.some((reason) => STRESS.has(reason.code)) ? config.widenFactor : 1;
  const reduceOnly = action === "reduce_only";
  const position = inputs.positionCoin;
  return {
    action,
    widenFactor: action === "pull" ? 1 : widenFactor,
    allowBids: action === "pull" ? false : reduceOnly ? position < 0 : true,
    allowAsks: action === "pull" ? false : reduceOnly ? position > 0 : true,
    reduceOnly,
    reasons,
  };
}
