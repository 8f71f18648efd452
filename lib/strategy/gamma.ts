/**
 * Effective risk aversion: γ = base × regime factor × time-of-day factor ×
 * cascade factor (1 + k·severity). All factors come from
 * {@link GammaConfig}; the time of day is the UTC hour of the estimates'
 * time (no clock is read here).
 *
 * @module
 */

import type { GammaConfig } from "../config/strategy_config.ts";
import { clamp, DAY_MS, HOUR_MS } from "./_math.ts";
import type { Regime } from "./estimates.ts";

/** What γ depends on besides the config. */
export interface GammaInputs {
  /** Epoch ms, UTC. */
  timeMs: number;
  regime: Regime;
  /** 0..1; clamped, NaN counts as 1 (the cautious reading). */
  cascadeSeverity: number;
}

/** γ and every factor behind it, for the quote explanation. */
export interface EffectiveGamma {
  /** The γ to use, per bps per inventory unit. */
  gamma: number;
  base: number;
  regimeFactor: number;
  /** The toxic-hour multiplier inside a toxic hour, else 1. */
  timeFactor: number;
  /** 1 + k·severity. */
  cascadeFactor: number;
  /** UTC hour of `timeMs`, 0–23. */
  hourUtc: number;
  /** Whether `hourUtc` is a configured toxic hour (and toxic hours are on). */
  toxicHour: boolean;
}

/**
 * The UTC hour (0–23) of an epoch-ms time: hour h covers
 * [h:00:00.000, h+1:00:00.000). Pure arithmetic, correct before 1970 too.
 */
export function utcHour(timeMs: number): number {
  const intoDay = ((timeMs % DAY_MS) + DAY_MS) % DAY_MS;
  return Math.floor(intoDay / HOUR_MS);
}

/**
 * γ = base × regimeFactors[regime] × (toxic hour ? multiplier : 1) ×
 * (1 + cascadeK × severity).
 */
export function effectiveGamma(inputs: GammaInputs, config: GammaConfig): EffectiveGamma {
  const hourUtc = utcHour(inputs.timeMs);
  const toxicHour = config.toxicHours.enabled && config.toxicHours.hoursUtc.includes(hourUtc);
  const timeFactor = toxicHour ? config.toxicHours.multiplier : 1;
  const regimeFactor = config.regimeFactors[inputs.regime];
  const cascadeFactor = 1 + config.cascadeK * clamp(inputs.cascadeSeverity, 0, 1, 1);
  return {
    gamma: config.base * regimeFactor * timeFactor * cascadeFactor,
    base: config.base,
    regimeFactor,
    timeFactor,
    cascadeFactor,
    hourUtc,
    toxicHour,
  };
}
