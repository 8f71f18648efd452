/**
 * The ladder: N levels a side from the GLFT touch depth outward, in two pure
 * steps.
 *
 * 1. {@link ladderDepths} — depths in bps of the fair price (microprice):
 *    touch = GLFT depth, shifted against paying funding, capped at a multiple
 *    of the market spread (if enabled), floored at half the minimum spread,
 *    then level i at touch + i·spacing, and every depth × the risk widen
 *    factor.
 * 2. {@link buildLadder} — prices and sizes: a level whose notional is above
 *    the large-quote threshold goes `extraBps` deeper; prices are rounded to
 *    the tick on the safe side (bids down, asks up); a price that would
 *    cross the market (post-only) joins the touch instead; levels that round
 *    onto the same price are deduplicated; our bid stays below our ask.
 *
 * @module
 */

import type { LadderConfig } from "../config/strategy_config.ts";
import { roundPrice } from "../hyperliquid/wire.ts";
import type { GlftQuote } from "./glft.ts";

/** A side of the book. */
export type Side = "bid" | "ask";

/** Which rule moved a level (several may). */
export interface LevelFlags {
  /** Raised to the minimum-spread floor (half the minimum spread from fair). */
  floor: boolean;
  /** Pulled in to the market-spread cap. */
  cap: boolean;
  /** Pushed `extraBps` deeper for a large notional. */
  largeQuote: boolean;
  /** Shifted by the funding skew. */
  funding: boolean;
  /** Multiplied by the risk widen factor. */
  widen: boolean;
  /** Would have crossed the market; joined the market touch instead. */
  postOnly: boolean;
}

/** One level's depth before pricing. */
export interface DepthLevel {
  /** bps from the fair price, > 0 away from it. */
  depthBps: number;
  flags: LevelFlags;
}

/** Depths of both sides, and the numbers that shaped them. */
export interface DepthPlan {
  bids: DepthLevel[];
  asks: DepthLevel[];
  /** Each side's floor: minSpreadBps / 2 × the floor factor. */
  floorBps: number;
  /** Each side's cap: multiple × market spread / 2; null when disabled. */
  capBps: number | null;
  /** Funding shift (> 0 moves both sides down: bid deeper, ask closer), bps. */
  fundingShiftBps: number;
  /** Distance between levels before widening, bps. */
  spacingBps: number;
  widenFactor: number;
}

/** One priced level. */
export interface QuoteLevel {
  side: Side;
  /** Index of the level in the plan (0 = touch). */
  level: number;
  /** Price on the tick, USD. */
  px: number;
  /** Size in coins, on the lot. */
  sz: number;
  /** Distance of `px` from the fair price, bps (> 0 away from fair). */
  depthBps: number;
  /** px · sz, USD. */
  notionalUsd: number;
  flags: LevelFlags;
}

/** Both sides, most aggressive level first, and what was dropped. */
export interface Ladder {
  bids: QuoteLevel[];
  asks: QuoteLevel[];
  /** Levels dropped because their price collided with a better one after rounding. */
  droppedDuplicates: number;
  /** Levels dropped to keep our best bid below our best ask. */
  droppedCrossing: number;
}

/**
 * Funding skew, bps: `fundingRateHourly · 1e4 · horizonHours`, limited to
 * ±maxBps. Sign: a positive rate means longs pay shorts, so the shift is
 * positive and both quotes move down (bid deeper, ask closer): we buy less
 * and sell more, leaning towards the side that receives funding. A negative
 * rate moves both quotes up. 0 when disabled or the rate is not finite.
 */
export function fundingShiftBps(
  fundingRateHourly: number,
  config: LadderConfig["funding"],
): number {
  if (!config.enabled || !Number.isFinite(fundingRateHourly)) return 0;
  const raw = fundingRateHourly * 1e4 * config.horizonHours;
  return Math.max(-config.maxBps, Math.min(config.maxBps, raw));
}

/** What {@link ladderDepths} needs besides the GLFT quote. */
export interface LadderDepthOptions {
  config: LadderConfig;
  /** Market spread, bps of mid (for the cap). */
  marketSpreadBps: number;
  /** Funding rate per hour, fraction (> 0: longs pay). */
  fundingRateHourly: number;
  /** Risk widen factor ≥ 1 (1: none). */
  widenFactor?: number;
  /** Factor ≥ 1 on the minimum spread (a toxic hour's multiplier; 1: none). */
  floorFactor?: number;
}

/**
 * Depths of `config.levels` levels a side (module doc, step 1). The touch
 * depth of each side: GLFT depth ∓ funding shift, then at most the cap
 * (capMultiple × marketSpreadBps / 2, when both are > 0), then at least the
 * floor (minSpreadBps / 2 × floorFactor: 8 bps total is 4 bps a side, 8 in
 * a toxic hour) — the floor wins
 * over the cap, and a floor of 0 still keeps a quote from crossing fair.
 * Level i is at touch + i·spacing (spacing in bps, or a multiple of the
 * GLFT half-spread), and every depth is then multiplied by the widen factor
 * (overriding the cap: risk comes first). Floor, cap and funding flags are
 * set on every level of a side whose touch they decided (funding only when
 * neither floor nor cap replaced the shifted depth).
 */
export function ladderDepths(
  glft: Pick<GlftQuote, "bidDepthBps" | "askDepthBps" | "halfSpreadBps">,
  options: LadderDepthOptions,
): DepthPlan {
  const { config } = options;
  const widenFactor = Math.max(1, options.widenFactor ?? 1);
  const floorBps = (config.minSpreadBps / 2) * Math.max(1, options.floorFactor ?? 1);
  const capBps = config.marketSpreadCapMultiple > 0 && options.marketSpreadBps > 0
    ? (config.marketSpreadCapMultiple * options.marketSpreadBps) / 2
    : null;
  const shift = fundingShiftBps(options.fundingRateHourly, config.funding);
  const spacingBps = config.spacing.kind === "bps"
    ? config.spacing.bps
    : config.spacing.multiple * Math.max(0, glft.halfSpreadBps);
  const side = (shifted: number): DepthLevel[] => {
    let touch = shifted;
    let cap = false;
    let floor = false;
    if (capBps !== null && touch > capBps) {
      touch = capBps;
      cap = true;
    }
    if (touch < floorBps) {
      touch = floorBps;
      floor = true;
    }
    const funding = shift !== 0 && !floor && !cap; // the shift still shows in the touch
    const levels: DepthLevel[] = [];
    for (let i = 0; i < config.levels; i++) {
      const raw = touch + i * spacingBps; // ≥ 0: the floor is ≥ 0
      const widen = widenFactor > 1 && raw > 0;
      levels.push({
        depthBps: widen ? raw * widenFactor : raw,
        flags: { floor, cap, largeQuote: false, funding, widen, postOnly: false },
      });
    }
    return levels;
  };
  return {
    bids: side(glft.bidDepthBps + shift),
    asks: side(glft.askDepthBps - shift),
    floorBps,
    capBps,
    fundingShiftBps: shift,
    spacingBps,
    widenFactor,
  };
}

/** What {@link buildLadder} needs besides the depths. */
export interface BuildLadderOptions {
  /** Fair price (microprice), USD: depths are measured from it. */
  fairPx: number;
  /** Coins per level, index-aligned with the plan; ≤ 0 drops the level. */
  sizes: { bids: readonly number[]; asks: readonly number[] };
  /** The market's size decimals (tick and lot rules). */
  szDecimals: number;
  /** Large-quote rule. */
  largeQuote: LadderConfig["largeQuote"];
  /** Market best bid and ask, USD: post-only guard (omit to skip it). */
  bestBid?: number;
  bestAsk?: number;
}

/**
 * Priced levels (module doc, step 2). A level whose notional at its depth
 * exceeds `largeQuote.notionalUsd` goes `largeQuote.extraBps` deeper. Each
 * price is `fair·(1 ∓ depth/1e4)` rounded with `roundPrice` on the safe side
 * (bids down, asks up). A bid at or above the market's best ask becomes the
 * best bid (an ask at or below the best bid becomes the best ask), flagged
 * `postOnly`. Each side is sorted most aggressive first and a level whose
 * price equals a better-placed one is dropped (its size is not moved, so
 * exposure only shrinks). Finally, while our best bid ≥ our best ask, the
 * touch of the side nearer the fair price is dropped (the ask on a tie).
 */
export function buildLadder(plan: DepthPlan, options: BuildLadderOptions): Ladder {
  let droppedDuplicates = 0;
  const priced = (side: Side, depths: DepthLevel[], sizes: readonly number[]): QuoteLevel[] => {
    const levels: QuoteLevel[] = [];
    for (let i = 0; i < depths.length; i++) {
      const sz = sizes[i] ?? 0;
      if (!(sz > 0)) continue;
      const level = pricedLevel(side, i, depths[i], sz, options);
      if (level !== null) levels.push(level);
    }
    sortMostAggressiveFirst(levels, side);
    const kept: QuoteLevel[] = [];
    for (const level of levels) {
      if (kept.length > 0 && kept[kept.length - 1].px === level.px) droppedDuplicates += 1;
      else kept.push(level);
    }
    return kept;
  };
  const bids = priced("bid", plan.bids, options.sizes.bids);
  const asks = priced("ask", plan.asks, options.sizes.asks);
  let droppedCrossing = 0;
  while (bids.length > 0 && asks.length > 0 && bids[0].px >= asks[0].px) {
    if (bids[0].depthBps < asks[0].depthBps) bids.shift();
    else asks.shift();
    droppedCrossing += 1;
  }
  return { bids, asks, droppedDuplicates, droppedCrossing };
}

/**
 * Sorts a side most aggressive first, ties by level index, in place: an
 * insertion sort (a side has a few levels; Array.prototype.sort costs more to
 * set up than to run here), stable and giving the order the comparator
 * `(bid ? b.px − a.px : a.px − b.px) || a.level − b.level` gives.
 */
function sortMostAggressiveFirst(levels: QuoteLevel[], side: Side): void {
  for (let i = 1; i < levels.length; i++) {
    const item = levels[i];
    let j = i - 1;
    while (j >= 0 && after(levels[j], item, side)) {
      levels[j + 1] = levels[j];
      j--;
    }
    levels[j + 1] = item;
  }
}

/** Whether `a` sorts after `b`: less aggressive, or as aggressive with a higher level index. */
function after(a: QuoteLevel, b: QuoteLevel, side: Side): boolean {
  if (a.px !== b.px) return side === "bid" ? a.px < b.px : a.px > b.px;
  return a.level > b.level;
}

function pricedLevel(
  side: Side,
  index: number,
  depth: DepthLevel,
  sz: number,
  options: BuildLadderOptions,
): QuoteLevel | null {
  const { fairPx, largeQuote } = options;
  const sign = side === "bid" ? -1 : 1;
  let depthBps = depth.depthBps;
  const flags = { ...depth.flags };
  if (
    largeQuote.extraBps > 0 && sz * fairPx * (1 + (sign * depthBps) / 1e4) > largeQuote.notionalUsd
  ) {
    depthBps += largeQuote.extraBps;
    flags.largeQuote = true;
  }
  const raw = fairPx * (1 + (sign * depthBps) / 1e4);
  if (!(raw > 0) || !Number.isFinite(raw)) return null;
  let px: number;
  try {
    px = roundPrice(raw, { szDecimals: options.szDecimals, side });
  } catch {
    return null; // below the smallest tick
  }
  if (side === "bid" && options.bestAsk !== undefined && px >= options.bestAsk) {
    if (options.bestBid === undefined || !(options.bestBid > 0)) return null;
    px = roundPrice(options.bestBid, { szDecimals: options.szDecimals, side });
    flags.postOnly = true;
  } else if (side === "ask" && options.bestBid !== undefined && px <= options.bestBid) {
    if (options.bestAsk === undefined || !(options.bestAsk > 0)) return null;
    px = roundPrice(options.bestAsk, { szDecimals: options.szDecimals, side });
    flags.postOnly = true;
  }
  return {
    side,
    level: index,
    px,
    sz,
    depthBps: (sign * (px - fairPx) / fairPx) * 1e4,
    notionalUsd: px * sz,
    flags,
  };
}
