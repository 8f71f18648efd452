/**
 * Kelly sizing of ladder levels.
 *
 * A fill at depth δ (bps from fair) is informed with probability
 * α(δ) = α_touch · e^{−δ/decay} (capped at 1). An uninformed fill earns the
 * depth less the maker fee; an informed one also loses the adverse move M.
 * Both then carry the price noise of holding the fill for the horizon h.
 * Per unit notional, in bps:
 *
 *     M        = max(adverse selection bps, σ·√h)
 *     edge     = δ − fee − α·M
 *     variance = α(1 − α)·M² + σ²·h        (floored at 1 bps²: no fill is riskless)
 *     f*       = edge / variance  in return units = 1e4 · edge_bps / variance_bps²
 *
 * f* is the Kelly leverage (notional / equity) of the continuous-time
 * approximation (maximise f·μ − ½f²·s², so f* = μ/s²). The size is
 * `fraction × f* × equity / price`, rounded down to the lot, at most the
 * position room left, and dropped below the exchange minimum order value.
 *
 * The room is shared along a side: level i of n may take at most
 * remaining / (n − i) (an even split, so a full sweep of the ladder lands
 * exactly on the limit), but never less than one minimum order while room
 * remains, so a nearly full position can still quote its touch.
 *
 * With calm σ the variance is small and f* runs to hundreds of times equity:
 * then the position room, not Kelly, sets the size; Kelly binds when σ·√h or
 * the adverse move is large against the depth.
 *
 * @module
 */

import type { KellyConfig } from "../config/strategy_config.ts";
import { ceilToLot, clamp, floorToLot } from "./_math.ts";
import type { Side } from "./ladder.ts";

/** Smallest variance of a fill, bps². */
const MIN_VARIANCE_BPS2 = 1;

/**
 * Prices of levels may round away from fair by a tick (≤ 1e-4 relative at 5
 * significant figures) and large quotes move 10 bps deeper: the minimum
 * order value is checked with this much room, relative.
 */
const MIN_ORDER_MARGIN = 0.002;

/** The expected value and risk of one fill. */
export interface FillEdge {
  depthBps: number;
  /** Probability the fill is informed, α(δ). */
  alpha: number;
  /** M: size of the adverse move of an informed fill, bps. */
  adverseMoveBps: number;
  /** δ − fee − α·M, bps. */
  edgeBps: number;
  /** α(1−α)·M² + σ²·h (≥ 1), bps². */
  varianceBps2: number;
  /** f* = 1e4·edge/variance (notional / equity); 0 when edge ≤ 0. */
  kellyLeverage: number;
}

/** α(δ) = α_touch · e^{−δ/decay}, at most 1. */
export function informedShare(
  depthBps: number,
  config: Pick<KellyConfig, "alphaTouch" | "alphaDecayBps">,
): number {
  return Math.min(1, config.alphaTouch * Math.exp(-depthBps / config.alphaDecayBps));
}

/** What {@link fillEdge} needs besides the depth. */
export interface FillEdgeOptions {
  /** Measured adverse selection of our fills, bps (≤ 0 counts as 0). */
  adverseSelectionBps: number;
  /** σ, bps per √s. */
  sigmaBpsPerSqrtS: number;
  config: KellyConfig;
}

/** Edge, variance and Kelly leverage of a fill at `depthBps` (module doc). */
export function fillEdge(depthBps: number, options: FillEdgeOptions): FillEdge {
  const { config } = options;
  const sigma = Math.max(0, options.sigmaBpsPerSqrtS);
  const alpha = informedShare(depthBps, config);
  const adverseMoveBps = Math.max(
    Math.max(0, options.adverseSelectionBps),
    sigma * Math.sqrt(config.horizonS),
  );
  const edgeBps = depthBps - config.makerFeeBps - alpha * adverseMoveBps;
  const varianceBps2 = Math.max(
    MIN_VARIANCE_BPS2,
    alpha * (1 - alpha) * adverseMoveBps ** 2 + sigma * sigma * config.horizonS,
  );
  const kellyLeverage = edgeBps > 0 ? (1e4 * edgeBps) / varianceBps2 : 0;
  return { depthBps, alpha, adverseMoveBps, edgeBps, varianceBps2, kellyLeverage };
}

/** Why a level got the size it got. */
export type SizeBound = "kelly" | "room" | "no_edge" | "min_order" | "no_room";

/** The sizing of one level, for the quote explanation. */
export interface LevelSizing extends FillEdge {
  /** fraction × f* × equity / level price, coins (before lot and room). */
  kellyCoin: number;
  /** The final size, coins, on the lot (0: not quoted). */
  sz: number;
  boundBy: SizeBound;
}

/** What {@link sizeLevels} needs besides the depths. */
export interface SizeLevelsOptions {
  side: Side;
  /** Fair price, USD: level i is priced at fair·(1 ∓ δ/1e4) for its notional. */
  fairPx: number;
  equityUsd: number;
  /** Coins this side may still add (0 when it may not quote). */
  roomCoin: number;
  szDecimals: number;
  adverseSelectionBps: number;
  sigmaBpsPerSqrtS: number;
  config: KellyConfig;
}

/**
 * Sizes of one side's levels (module doc), most aggressive first:
 * min(Kelly size, room share) rounded down to the lot, 0 when the edge is
 * not positive or the order would be under the minimum order value.
 */
export function sizeLevels(
  depthsBps: readonly number[],
  options: SizeLevelsOptions,
): LevelSizing[] {
  const { config, szDecimals } = options;
  const sign = options.side === "bid" ? -1 : 1;
  const equity = Math.max(0, options.equityUsd);
  let remaining = floorToLot(Math.max(0, options.roomCoin), szDecimals);
  const out: LevelSizing[] = [];
  const n = depthsBps.length;
  for (let i = 0; i < n; i++) {
    const edge = fillEdge(depthsBps[i], options);
    const levelPx = options.fairPx * (1 + (sign * depthsBps[i]) / 1e4);
    const kellyCoin = levelPx > 0
      ? (clamp(config.fraction, 0, 1) * edge.kellyLeverage * equity) / levelPx
      : 0;
    if (edge.edgeBps <= 0 || !(levelPx > 0)) {
      out.push(levelSizing(edge, kellyCoin, 0, "no_edge"));
      continue;
    }
    const minSz = ceilToLot(config.minOrderUsd / (levelPx * (1 - MIN_ORDER_MARGIN)), szDecimals);
    const share = Math.min(remaining, Math.max(remaining / (n - i), minSz));
    let sz = floorToLot(Math.min(kellyCoin, share), szDecimals);
    let boundBy: SizeBound = kellyCoin <= share ? "kelly" : "room";
    if (sz * levelPx * (1 - MIN_ORDER_MARGIN) < config.minOrderUsd || sz <= 0) {
      boundBy = remaining < minSz ? "no_room" : "min_order";
      sz = 0;
    }
    remaining = floorToLot(remaining - sz, szDecimals);
    out.push(levelSizing(edge, kellyCoin, sz, boundBy));
  }
  return out;
}

/** A level's sizing: its fill edge and size (a literal, not a spread: this runs per level per quote). */
function levelSizing(
  edge: FillEdge,
  kellyCoin: number,
  sz: number,
  boundBy: SizeBound,
): LevelSizing {
  return {
    depthBps: edge.depthBps,
    alpha: edge.alpha,
    adverseMoveBps: edge.adverseMoveBps,
    edgeBps: edge.edgeBps,
    varianceBps2: edge.varianceBps2,
    kellyLeverage: edge.kellyLeverage,
    kellyCoin,
    sz,
    boundBy,
  };
}
