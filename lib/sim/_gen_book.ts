/**
 * The generator's order book: 20 displayed levels a side on the exchange's
 * tick grid, made of resting orders that persist between snapshots until a
 * taker trades through them or the level is refreshed. Prices are kept as
 * integers in units of 10^−(6 − szDecimals) USD (the finest perp tick), so
 * the grid arithmetic is exact; the tick at a price follows the Hyperliquid
 * rule used in lib/hyperliquid/wire.ts (5 significant figures, at most
 * 6 − szDecimals decimals, integers always valid).
 *
 * @module
 */

import { toWireNumber } from "../hyperliquid/wire.ts";
import type { BookParams } from "./_gen_params.ts";
import type { WireLevel } from "./market_file.ts";
import type { RandomStream } from "./_gen_random.ts";

/** Levels shown per side, as in the l2Book feed. */
export const BOOK_DEPTH = 20;

/** One fill of a taker against a resting order. */
export interface Print {
  /** Price in grid units. */
  units: number;
  /** Size in lots. */
  lots: number;
  /** Index of the maker in the maker pool. */
  maker: number;
}

/** Resting orders at one price, oldest first: sizes in lots and their makers. */
interface Level {
  lots: number[];
  makers: number[];
}

/** One side of the book: levels by price and the displayed prices, best first. */
interface Side {
  /** +1 for asks (prices rise away from the touch), −1 for bids. */
  dir: 1 | -1;
  levels: Map<number, Level>;
  prices: number[];
  /** The last price reached on this side (extension continues beyond it). */
  frontier: number;
}

/** The tick grid of one asset: exact integer price units. */
export class TickGrid {
  /** Decimals of a grid unit (6 − szDecimals). */
  readonly unitDecimals: number;
  readonly #scale: number;
  readonly #pxText = new Map<number, string>();

  constructor(szDecimals: number) {
    this.unitDecimals = 6 - szDecimals;
    this.#scale = 10 ** this.unitDecimals;
  }

  /** The tick at price `units`, in units (≥ 1). */
  tick(units: number): number {
    const digits = Math.floor(Math.log10(units)) + 1;
    let e = digits - 1 - this.unitDecimals; // price exponent: 10^e ≤ px < 10^(e+1)
    // guard log10 rounding at exact powers of ten
    if (units < 10 ** (e + this.unitDecimals)) e -= 1;
    else if (units >= 10 ** (e + 1 + this.unitDecimals)) e += 1;
    const decimals = Math.max(0, Math.min(this.unitDecimals, 4 - e));
    return 10 ** (this.unitDecimals - decimals);
  }

  /** The valid price nearest `units` (ties up). */
  nearest(units: number): number {
    const t = this.tick(Math.max(1, units));
    return Math.max(t, Math.round(units / t) * t);
  }

  /** The next valid price beyond `units` in direction `dir` (0 when none below). */
  step(units: number, dir: 1 | -1): number {
    const t = this.tick(units);
    if (dir === 1) {
      const up = (Math.floor(units / t) + 1) * t;
      const t2 = this.tick(up); // a coarser tick past a power of ten
      return Math.ceil(up / t2) * t2;
    }
    return (Math.ceil(units / t) - 1) * t;
  }

  /** USD price of `units`. */
  toPx(units: number): number {
    return units / this.#scale;
  }

  /** Grid units of a USD price (unrounded). */
  toUnits(px: number): number {
    return px * this.#scale;
  }

  /** The wire string of price `units` (cached). */
  pxText(units: number): string {
    let text = this.#pxText.get(units);
    if (text === undefined) {
      if (this.#pxText.size > 50_000) this.#pxText.clear();
      text = toWireNumber(this.toPx(units));
      this.#pxText.set(units, text);
    }
    return text;
  }
}

/**
 * The synthetic book. `snapshot` rebuilds the displayed levels around the
 * mid (keeping the resting orders already at those prices), `take` walks a
 * taker order through one side, consuming resting orders oldest first and
 * extending the side beyond 20 levels when a large order needs it.
 */
export class SyntheticBook {
  readonly grid: TickGrid;
  readonly #p: BookParams;
  readonly #rs: RandomStream;
  readonly #lotScale: number;
  readonly #makers: number;
  readonly #bids: Side = { dir: -1, levels: new Map(), prices: [], frontier: 0 };
  readonly #asks: Side = { dir: 1, levels: new Map(), prices: [], frontier: 0 };
  #spreadTicks = 1;

  constructor(
    params: BookParams,
    options: { szDecimals: number; makers: number; random: RandomStream },
  ) {
    this.#p = params;
    this.#rs = options.random;
    this.grid = new TickGrid(options.szDecimals);
    this.#lotScale = 10 ** options.szDecimals;
    this.#makers = options.makers;
  }

  /**
   * Rebuilds both sides around `midPx` (USD). The spread keeps its width
   * with probability `spreadPersistence`, else is redrawn: one tick with
   * probability `oneTickSpread`, otherwise 2 + a geometric number of ticks.
   */
  snapshot(midPx: number, oneTickSpread: number): [WireLevel[], WireLevel[]] {
    const rs = this.#rs;
    if (rs.uniform() >= this.#p.spreadPersistence) {
      this.#spreadTicks = rs.uniform() < oneTickSpread
        ? 1
        : Math.min(20, 2 + Math.floor(Math.log(rs.positive()) / Math.log(0.5)));
    }
    const grid = this.grid;
    const mid = grid.toUnits(midPx);
    const t = grid.tick(Math.max(1, mid));
    let bid = grid.nearest(mid - (this.#spreadTicks * t) / 2);
    if (bid <= 0) bid = t;
    let ask = bid;
    for (let i = 0; i < this.#spreadTicks; i += 1) ask = grid.step(ask, 1);
    return [this.#buildSide(this.#bids, bid, midPx), this.#buildSide(this.#asks, ask, midPx)];
  }

  /**
   * Walks a taker order of `lots` through the asks (a buy, `B`) or the bids
   * (a sell, `A`); returns the fills, best price first. Stops early only if
   * the side runs out of prices (bids at zero).
   */
  take(side: "A" | "B", lots: number): Print[] {
    const book = side === "B" ? this.#asks : this.#bids;
    const prints: Print[] = [];
    let left = lots;
    let depth = book.prices.length;
    while (left > 0) {
      if (book.prices.length === 0) {
        const next = this.grid.step(book.frontier, book.dir);
        if (next <= 0 || depth > 10_000) break;
        book.levels.set(next, this.#drawLevel(depth, this.grid.toPx(next)));
        book.prices.push(next);
        book.frontier = next;
        depth += 1;
      }
      const units = book.prices[0];
      const level = book.levels.get(units)!;
      while (left > 0 && level.lots.length > 0) {
        const q = Math.min(left, level.lots[0]);
        prints.push({ units, lots: q, maker: level.makers[0] });
        left -= q;
        level.lots[0] -= q;
        if (level.lots[0] === 0) {
          level.lots.shift();
          level.makers.shift();
        }
      }
      if (level.lots.length === 0) {
        book.levels.delete(units);
        book.prices.shift();
      }
    }
    return prints;
  }

  #buildSide(side: Side, best: number, midPx: number): WireLevel[] {
    const rs = this.#rs;
    const p = this.#p;
    const old = side.levels;
    const levels = new Map<number, Level>();
    const prices: number[] = [];
    const out: WireLevel[] = [];
    let units = best;
    for (let i = 0; i < BOOK_DEPTH; i += 1) {
      if (i > 0) {
        units = this.grid.step(units, side.dir);
        if (!old.has(units) && rs.uniform() < p.gapProb) units = this.grid.step(units, side.dir);
      }
      if (units <= 0) break;
      let level = old.get(units);
      if (level === undefined || rs.uniform() < p.refreshProb) {
        level = this.#drawLevel(i, midPx);
      }
      levels.set(units, level);
      prices.push(units);
      let total = 0;
      for (const q of level.lots) total += q;
      out.push({
        px: this.grid.pxText(units),
        sz: toWireNumber(total / this.#lotScale),
        n: level.lots.length,
      });
    }
    side.levels = levels;
    side.prices = prices;
    side.frontier = prices.length > 0 ? prices[prices.length - 1] : best;
    return out;
  }

  /** Fresh resting orders for the level `depth` steps from the touch. */
  #drawLevel(depth: number, px: number): Level {
    const p = this.#p;
    const rs = this.#rs;
    const median = depth === 0 ? p.touchUsd : p.levelUsd + p.levelGrowthUsd * (depth - 1);
    const notional = median * Math.exp(p.sizeSigma * rs.normal());
    const lots = Math.max(1, Math.round((notional / px) * this.#lotScale));
    const n = Math.min(lots, 1 + rs.poisson(Math.min(50, notional / p.orderUsd)));
    const weights: number[] = [];
    let sum = 0;
    for (let i = 0; i < n; i += 1) {
      const w = rs.exponential(1);
      weights.push(w);
      sum += w;
    }
    const spare = lots - n; // every order holds at least one lot
    const sizes: number[] = [];
    const makers: number[] = [];
    let given = 0;
    for (let i = 0; i < n; i += 1) {
      const extra = Math.floor((spare * weights[i]) / sum);
      sizes.push(1 + extra);
      makers.push(rs.below(this.#makers));
      given += extra;
    }
    sizes[0] += spare - given;
    return { lots: sizes, makers };
  }
}
