/**
 * Every strategy parameter, validated by zod with unknown keys refused at
 * every level. `StrategyConfigSchema.parse({})` gives the calibrated defaults
 * of DESIGN.md ("Config"): minimum spread 8 bps, market-spread cap off (0),
 * 5 levels a side, toxic hours 06, 07, 14 UTC with γ ×2 (and the floor ×2,
 * chosen here), Kelly α-touch 0.25,
 * fraction 0.20, α decay 15 bps, +10 bps for quotes above $2,000 notional.
 * Defaults not in DESIGN.md are marked "(chosen here)" and are starting points
 * for `mm calibrate`.
 *
 * Units follow lib/strategy: depths in bps of the fair price, σ in bps/√s,
 * κ per bps, A per second, γ per bps per inventory unit.
 *
 * @module
 */

import { z } from "zod";

const Share = z.number().min(0).max(1);
const NonNegative = z.number().nonnegative();
const Positive = z.number().positive();
const Factor = z.number().positive().finite();

/** γ and what scales it (lib/strategy/gamma.ts). */
export const GammaConfigSchema = z.strictObject({
  /**
   * Base risk aversion γ, per bps per inventory unit (GLFT with δ in bps).
   * 0.05 (chosen here): with κ = 0.2/bps it gives c1 ≈ 4.46 bps.
   */
  base: Positive.default(0.05),
  /** γ multiplier per volatility regime (chosen here). */
  regimeFactors: z.strictObject({
    calm: Factor.default(0.75),
    normal: Factor.default(1),
    volatile: Factor.default(1.5),
    extreme: Factor.default(3),
  }).prefault({}),
  /**
   * Toxic hours of the day, UTC: γ × multiplier inside them, and the minimum
   * spread × multiplier while `widensFloor` (chosen here: on). γ alone only
   * moves the skew when the floor binds, which on every generated day it
   * does (GLFT's own depth is under 1 bps): README, mm calibrate.
   */
  toxicHours: z.strictObject({
    enabled: z.boolean().default(true),
    /** Whole UTC hours, 0–23: hour h covers [h:00:00.000, h+1:00:00.000). */
    hoursUtc: z.array(z.number().int().min(0).max(23)).default([6, 7, 14]),
    multiplier: Factor.default(2),
    widensFloor: z.boolean().default(true),
  }).prefault({}),
  /** Cascade factor 1 + k·severity (k chosen here: 2, so a full cascade triples γ). */
  cascadeK: NonNegative.default(2),
});

/** Spacing between ladder levels: fixed bps, or a multiple of the GLFT half-spread. */
export const SpacingSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("bps"), bps: Positive }),
  z.strictObject({ kind: z.literal("half_spread"), multiple: Positive }),
]);

/** The ladder: levels, spacing, floor, cap, large-quote and funding rules (ladder.ts). */
export const LadderConfigSchema = z.strictObject({
  /** Levels a side. */
  levels: z.number().int().min(1).max(50).default(5),
  /** Distance between consecutive levels (chosen here: 3 bps). */
  spacing: SpacingSchema.default({ kind: "bps", bps: 3 }),
  /** Minimum total spread, bps: each side at least half of it (4 bps) from fair. */
  minSpreadBps: NonNegative.default(8),
  /**
   * Touch depth at most this multiple of the market spread (our touch spread
   * ≤ multiple × market spread); 0 disables the cap.
   */
  marketSpreadCapMultiple: NonNegative.default(0),
  /** Extra depth for a level whose notional is above a threshold. */
  largeQuote: z.strictObject({
    notionalUsd: NonNegative.default(2_000),
    extraBps: NonNegative.default(10),
  }).prefault({}),
  /** Shift of both sides against paying funding (ladder.ts: fundingShiftBps). */
  funding: z.strictObject({
    enabled: z.boolean().default(true),
    /** Hours of funding a fill is expected to carry (chosen here: 1). */
    horizonHours: NonNegative.default(1),
    /** Largest shift, bps (chosen here: 5). */
    maxBps: NonNegative.default(5),
  }).prefault({}),
});

/** Kelly sizing of each level (kelly.ts). */
export const KellyConfigSchema = z.strictObject({
  /** Share of touch fills that are informed, α(0). */
  alphaTouch: Share.default(0.25),
  /** α(δ) = α_touch · e^{−δ/decay}, decay in bps. */
  alphaDecayBps: Positive.default(15),
  /** Share of the full Kelly size quoted. */
  fraction: Share.default(0.2),
  /** Horizon over which an informed fill's adverse move is σ·√h, s (chosen here: 60). */
  horizonS: NonNegative.default(60),
  /** Maker fee, bps (Hyperliquid base tier 0.015 % = 1.5 bps; negative for a rebate). */
  makerFeeBps: z.number().finite().default(1.5),
  /** Exchange minimum order value, USD. */
  minOrderUsd: NonNegative.default(10),
});

/** Position limits (position_limits.ts). 0 disables a config limit. */
export const PositionConfigSchema = z.strictObject({
  /** Largest |position| in coins; 0: no coin limit (chosen here). */
  maxCoin: NonNegative.default(0),
  /** Largest |position| notional, USD; 0: no USD limit (chosen here: 10,000). */
  maxUsd: NonNegative.default(10_000),
  /** Leverage we allow ourselves (capped by the market's maxLeverage) (chosen here: 3). */
  leverage: Positive.default(3),
  /** Reduce-only ends when |position| < limit × (1 − hysteresis). */
  hysteresis: z.number().min(0).max(0.99).default(0.1),
});

/** Inventory unit of GLFT: q = position · fair / inventoryUnitUsd (chosen here: 1,000). */
export const GlftConfigSchema = z.strictObject({
  inventoryUnitUsd: Positive.default(1_000),
});

/** Thresholds of the per-tick risk decision (risk.ts). */
export const RiskConfigSchema = z.strictObject({
  /** Pull when the market data is older than this, ms (chosen here: 2,000). */
  maxDataAgeMs: NonNegative.default(2_000),
  /** What the extreme regime does (chosen here: widen). */
  extremeRegime: z.enum(["widen", "pull"]).default("widen"),
  /** Cascade severity thresholds (chosen here: 0.3 / 0.6 / 0.85). */
  cascade: z.strictObject({
    widenAbove: Share.default(0.3),
    reduceOnlyAbove: Share.default(0.6),
    pullAbove: Share.default(0.85),
  }).prefault({}),
  /** Drawdown from peak equity (fraction) at which only reducing orders remain (chosen here: 5 %). */
  maxDrawdownFraction: Share.default(0.05),
  /** Rate-limit pressure 0..1 thresholds (widen at the 80 % weight warning; pull at 95 %). */
  rateLimit: z.strictObject({
    widenAbove: Share.default(0.8),
    pullAbove: Share.default(0.95),
  }).prefault({}),
  /** Widen when the Hawkes intensity exceeds this, events/s; 0 disables (chosen here). */
  hawkesWidenAbove: NonNegative.default(0),
  /** Depth multiplier when any widen reason holds (chosen here: 1.5). */
  widenFactor: z.number().min(1).finite().default(1.5),
}).refine(
  (risk) =>
    risk.cascade.widenAbove <= risk.cascade.reduceOnlyAbove &&
    risk.cascade.reduceOnlyAbove <= risk.cascade.pullAbove,
  { message: "cascade thresholds must satisfy widenAbove ≤ reduceOnlyAbove ≤ pullAbove" },
).refine((risk) => risk.rateLimit.widenAbove <= risk.rateLimit.pullAbove, {
  message: "rate-limit thresholds must satisfy widenAbove ≤ pullAbove",
});

/** Queue-position keep-or-move rule (queue_position.ts). */
export const QueueConfigSchema = z.strictObject({
  /** Horizon over which fill chances are compared, s (chosen here: 30). */
  horizonS: Positive.default(30),
  /** Keep an order up to this many bps more aggressive than wanted (chosen here: 0). */
  backOffToleranceBps: NonNegative.default(0),
});

/** All strategy parameters; `parse({})` yields the full defaults. */
export const StrategyConfigSchema = z.strictObject({
  gamma: GammaConfigSchema.prefault({}),
  glft: GlftConfigSchema.prefault({}),
  ladder: LadderConfigSchema.prefault({}),
  kelly: KellyConfigSchema.prefault({}),
  position: PositionConfigSchema.prefault({}),
  risk: RiskConfigSchema.prefault({}),
  queue: QueueConfigSchema.prefault({}),
});

/** Strategy parameters, defaults filled in. */
export type StrategyConfig = z.infer<typeof StrategyConfigSchema>;
/** γ parameters. */
export type GammaConfig = StrategyConfig["gamma"];
/** Ladder parameters. */
export type LadderConfig = StrategyConfig["ladder"];
/** Ladder spacing. */
export type SpacingConfig = LadderConfig["spacing"];
/** Kelly parameters. */
export type KellyConfig = StrategyConfig["kelly"];
/** Position-limit parameters. */
export type PositionConfig = StrategyConfig["position"];
/** Risk thresholds. */
export type RiskConfig = StrategyConfig["risk"];
/** Queue keep-or-move parameters. */
export type QueueConfig = StrategyConfig["queue"];

/** The default strategy parameters (a fresh object each call). */
export function defaultStrategyConfig(): StrategyConfig {
  return StrategyConfigSchema.parse({});
}
