/**
 * Funding of a Hyperliquid perpetual: the current hourly rate, a predicted
 * rate for the next settlement, their annualised values, and the expected
 * funding cost of a position over the next hour.
 *
 * Hyperliquid's rule (docs: "Trading › Funding"): the premium index P
 * (impact price vs oracle, dimensionless) is sampled every 5 s and averaged
 * over the hour; the 8-hour rate is
 *
 *     F₈ = P + clamp(I − P, −0.0005, 0.0005),   I = 0.0001 (0.01 % per 8 h)
 *
 * and one eighth of it is paid every hour, capped at 4 % an hour:
 * hourly = clamp(F₈ / 8, −0.04, 0.04). So with |P − I| ≤ 0.0005 the hourly
 * rate is I/8 = 0.0000125 (11.0 % a year); checked on real mainnet rows
 * (premium 0.0001446433 → 0.0000125; premium −0.0004653492 →
 * 0.0000043313). Note the clamp bounds apply to the 8-hour rate: with the
 * hourly interest 0.0000125 they would be ±0.0000625 per hour.
 *
 * A positive rate means longs pay shorts: a position of `szi` coins (signed,
 * + long) pays szi × oracle price × rate each hour (USDC).
 *
 * The prediction applies the rule to a time-weighted EWMA of the premium
 * from `activeAssetCtx` (each premium counts for the time it was in force),
 * standing in for the exchange's hour average. O(1) per update.
 *
 * @module
 */

import type { ActiveAssetCtx } from "../hyperliquid/stream_schemas.ts";
import { requireNonNegative, requirePositive, TimeDecayedMean } from "./_ewma.ts";

/** Constants of Hyperliquid's funding rule. */
export interface FundingRule {
  /** Interest rate per 8 hours (default 0.0001). */
  interestRate8h?: number;
  /** Bound of the clamp on (interest − premium), per 8 hours (default 0.0005). */
  clampBound8h?: number;
  /** Cap on |hourly rate| (default 0.04). */
  maxHourlyRate?: number;
}

/** Defaults of {@link FundingRule}. */
export const DEFAULT_FUNDING_RULE: Readonly<Required<FundingRule>> = {
  interestRate8h: 0.0001,
  clampBound8h: 0.0005,
  maxHourlyRate: 0.04,
};

/** Hours in a 365-day year. */
export const HOURS_PER_YEAR = 365 * 24;

/**
 * Hourly funding rate (fraction per hour, + longs pay) implied by an
 * average premium index: clamp((P + clamp(I − P, −b, b)) / 8, −cap, cap).
 */
export function fundingRateFromPremium(premium: number, rule: FundingRule = {}): number {
  const interest = rule.interestRate8h ?? DEFAULT_FUNDING_RULE.interestRate8h;
  const bound = rule.clampBound8h ?? DEFAULT_FUNDING_RULE.clampBound8h;
  const cap = rule.maxHourlyRate ?? DEFAULT_FUNDING_RULE.maxHourlyRate;
  const rate8h = premium + clamp(interest - premium, bound);
  return clamp(rate8h / 8, cap);
}

/** Settings of {@link FundingEstimator}. */
export interface FundingOptions extends FundingRule {
  /** Half-life of the premium EWMA, seconds (default 900). */
  halfLifeSeconds?: number;
  /** Longest time one premium observation counts for, ms (default 60,000). */
  maxGapMs?: number;
}

/** Defaults of {@link FundingOptions}. */
export const DEFAULT_FUNDING: Readonly<Required<FundingOptions>> = {
  ...DEFAULT_FUNDING_RULE,
  halfLifeSeconds: 900,
  maxGapMs: 60_000,
};

/** The fields of an `activeAssetCtx` message funding reads; the stream's message fits as is. */
export interface FundingCtx {
  readonly ctx: Pick<ActiveAssetCtx["ctx"], "funding" | "premium" | "oraclePx">;
}

/** Current and predicted funding from `activeAssetCtx` messages. */
export class FundingEstimator {
  readonly #rule: Required<FundingRule>;
  readonly #premiumMean: TimeDecayedMean;
  readonly #maxGapMs: number;
  #current = NaN;
  #premium = NaN;
  #oraclePx = NaN;
  #time = NaN;
  #updates = 0;

  constructor(options: FundingOptions = {}) {
    const o = { ...DEFAULT_FUNDING, ...options };
    this.#rule = {
      interestRate8h: o.interestRate8h,
      clampBound8h: requireNonNegative("clampBound8h", o.clampBound8h),
      maxHourlyRate: requirePositive("maxHourlyRate", o.maxHourlyRate),
    };
    this.#premiumMean = new TimeDecayedMean(
      requirePositive("halfLifeSeconds", o.halfLifeSeconds) * 1000,
    );
    this.#maxGapMs = requirePositive("maxGapMs", o.maxGapMs);
  }

  /**
   * An `activeAssetCtx` message received at `timeMs` (epoch ms, from the
   * caller's clock: the message carries no time). Older than the latest: ignored.
   */
  update(message: FundingCtx, timeMs: number): void {
    if (!Number.isFinite(timeMs) || timeMs < this.#time) return;
    const ctx = message.ctx;
    if (Number.isFinite(this.#premium)) {
      this.#premiumMean.add(this.#premium, Math.min(timeMs - this.#time, this.#maxGapMs));
    }
    this.#time = timeMs;
    if (Number.isFinite(ctx.funding)) this.#current = ctx.funding;
    if (Number.isFinite(ctx.oraclePx) && ctx.oraclePx > 0) this.#oraclePx = ctx.oraclePx;
    this.#premium = typeof ctx.premium === "number" && Number.isFinite(ctx.premium)
      ? ctx.premium
      : NaN;
    this.#updates += 1;
  }

  /** The exchange's current hourly funding rate (fraction per hour, + longs pay). */
  get currentHourly(): number {
    return this.#current;
  }

  /** {@link currentHourly} × 8,760 hours (0.11 = 11 % a year). */
  get currentAnnual(): number {
    return this.#current * HOURS_PER_YEAR;
  }

  /** The latest premium index (dimensionless); NaN when the exchange sent none. */
  get premium(): number {
    return this.#premium;
  }

  /**
   * The time-weighted EWMA of the premium; until some time has passed,
   * the latest premium. NaN with no premium at all.
   */
  get averagePremium(): number {
    return this.#premiumMean.weight > 0 ? this.#premiumMean.mean : this.#premium;
  }

  /**
   * Predicted hourly rate for the next settlement: the funding rule on
   * {@link averagePremium}, or the current rate when there is no premium.
   */
  get predictedHourly(): number {
    const premium = this.averagePremium;
    return Number.isFinite(premium) ? fundingRateFromPremium(premium, this.#rule) : this.#current;
  }

  /** {@link predictedHourly} × 8,760 hours. */
  get predictedAnnual(): number {
    return this.predictedHourly * HOURS_PER_YEAR;
  }

  /** Latest oracle price, USD. */
  get oraclePx(): number {
    return this.#oraclePx;
  }

  /** Time of the latest update, epoch ms. */
  get time(): number {
    return this.#time;
  }

  /** Messages taken. */
  get updates(): number {
    return this.#updates;
  }

  /**
   * Expected funding paid over the next `hours` (default 1) by a position
   * of `positionSz` coins (+ long, − short), USD: szi × oracle × predicted
   * rate × hours. Positive = you pay, negative = you receive.
   */
  expectedCostUsd(positionSz: number, hours = 1): number {
    return positionSz * this.#oraclePx * this.predictedHourly * hours;
  }
}

function clamp(value: number, bound: number): number {
  return value > bound ? bound : value < -bound ? -bound : value;
}
