/**
 * Position limits: the one effective maximum |position|, and reduce-only
 * mode with hysteresis on the side that would grow the position.
 *
 * @module
 */

import type { PositionConfig } from "../config/strategy_config.ts";
import type { Side } from "./ladder.ts";

/** Which limit is the least. */
export type PositionLimitBound = "config_coin" | "config_usd" | "leverage" | "margin";

/** The effective maximum |position| and the candidates behind it (coins). */
export interface PositionLimit {
  /** Largest allowed |position|, coins (≥ 0). */
  limitCoin: number;
  boundBy: PositionLimitBound;
  /** Every candidate, coins; null when that limit is off or unknown. */
  candidates: Record<PositionLimitBound, number | null>;
  /** The leverage used: min(config leverage, market max leverage). */
  leverage: number;
}

/** Account and market numbers the limit depends on. */
export interface PositionLimitInputs {
  /** Price the position is valued at (fair price), USD. */
  priceUsd: number;
  /** Account equity, USD. */
  equityUsd: number;
  /** The market's maximum leverage. */
  maxLeverage: number;
  /** Current position, coins (signed). */
  positionCoin: number;
  /** Margin not yet used, USD; omit when unknown (no margin limit then). */
  freeMarginUsd?: number;
}

/**
 * The least of: config.maxCoin (coins, 0 = off), config.maxUsd / price
 * (0 = off), leverage × equity / price with leverage = min(config.leverage,
 * maxLeverage), and what margin allows, |position| + freeMargin × leverage /
 * price (the position we hold plus what free margin can open at that
 * leverage). Non-positive equity or price gives 0.
 */
export function effectiveMaxPosition(
  inputs: PositionLimitInputs,
  config: PositionConfig,
): PositionLimit {
  const leverage = Math.max(0, Math.min(config.leverage, inputs.maxLeverage));
  const price = inputs.priceUsd;
  const priced = price > 0 && Number.isFinite(price);
  const candidates: Record<PositionLimitBound, number | null> = {
    config_coin: config.maxCoin > 0 ? config.maxCoin : null,
    config_usd: config.maxUsd > 0 && priced ? config.maxUsd / price : null,
    leverage: priced ? (leverage * Math.max(0, inputs.equityUsd)) / price : 0,
    margin: inputs.freeMarginUsd !== undefined && priced
      ? Math.abs(inputs.positionCoin) + (Math.max(0, inputs.freeMarginUsd) * leverage) / price
      : null,
  };
  let limitCoin = Infinity;
  let boundBy: PositionLimitBound = "leverage";
  for (const bound of ["config_coin", "config_usd", "leverage", "margin"] as const) {
    const value = candidates[bound];
    if (value !== null && value < limitCoin) {
      limitCoin = value;
      boundBy = bound;
    }
  }
  if (!Number.isFinite(limitCoin) || !(limitCoin > 0)) limitCoin = 0;
  return { limitCoin, boundBy, candidates, leverage };
}

/** Position and limit for a reduce-only transition. */
export interface ReduceOnlyInputs {
  /** Current position, coins (signed). */
  positionCoin: number;
  /** Effective maximum |position|, coins. */
  limitCoin: number;
  /** Leave reduce-only below limit × (1 − hysteresis). */
  hysteresis: number;
}

/**
 * The side in reduce-only mode after this tick (null: none). The side that
 * would grow the position (bids when long, asks when short) enters reduce-
 * only when |position| ≥ limit, and stays in it until |position| < limit ×
 * (1 − hysteresis) or the position changes sign. Flat is never reduce-only.
 */
export function nextBlockedSide(previous: Side | null, inputs: ReduceOnlyInputs): Side | null {
  const { positionCoin, limitCoin } = inputs;
  if (positionCoin === 0 || !Number.isFinite(positionCoin)) return null;
  const growing: Side = positionCoin > 0 ? "bid" : "ask";
  const size = Math.abs(positionCoin);
  if (size >= limitCoin) return growing;
  if (previous === growing && size >= limitCoin * (1 - inputs.hysteresis)) return growing;
  return null;
}

/** Reduce-only mode with hysteresis, as a small state object around {@link nextBlockedSide}. */
export class PositionLimitGuard {
  #blocked: Side | null = null;
  readonly #hysteresis: number;

  constructor(options: { hysteresis: number }) {
    this.#hysteresis = options.hysteresis;
  }

  /** The side in reduce-only mode (null: none). */
  get blockedSide(): Side | null {
    return this.#blocked;
  }

  /** Whether either side is in reduce-only mode. */
  get reduceOnly(): boolean {
    return this.#blocked !== null;
  }

  /** Moves to the state for this position and limit; returns the blocked side. */
  update(positionCoin: number, limitCoin: number): Side | null {
    this.#blocked = nextBlockedSide(this.#blocked, {
      positionCoin,
      limitCoin,
      hysteresis: this.#hysteresis,
    });
    return this.#blocked;
  }
}
