/**
 * Synthetic Hyperliquid market data for `mm sim`: l2Book snapshots and
 * public trades for one perpetual, deterministic for a seed and stepped by
 * simulated time, so the server can run it in real time and
 * `mm sim --generate` as fast as possible. Frames are in the exchange's wire
 * form (see market_file.ts) and parse with the stream schemas.
 *
 * The model, each part with planted parameters a calibration can recover
 * (`params`):
 * - Mid: a random walk in log price on a 100 ms grid with volatility set by
 *   a four-state Markov chain of regimes (calm, normal, volatile, extreme)
 *   with exponential holding times of 15 min – 2 h (Hamilton 1989).
 * - Taker orders arrive as a Hawkes process with exponential kernel
 *   (baseline μ, jump α, decay β, branching α/β < 1), simulated exactly.
 * - Order notionals: lognormal body spliced to a Pareto tail (index ζ).
 * - Informed flow: orders at or above a notional threshold (and, in toxic
 *   UTC hours, a share of smaller ones) trade in the direction of the mid's
 *   move over the next `horizonSec` with probability `accuracy`: large
 *   trades are followed by price moves their way.
 * - Toxic hours (06, 07, 14 UTC by default): the Hawkes baseline × 1.5 and
 *   a quarter of the smaller orders informed too.
 * - Liquidation cascades: Poisson per regime; a one-sided burst of forced
 *   orders while the mid moves 10 bps or more their way.
 * - Transient impact (off by default): each order pushes the displayed mid
 *   its way by a square-root-law amount that fades with a time constant, so
 *   uninformed pushes revert and informed ones are followed by the move.
 * - Book: 20 levels a side on the real tick and lot, a one-tick spread most
 *   of the time, a deep touch and sizes growing away from it, resting
 *   orders that persist between snapshots and are consumed by the takers;
 *   a snapshot every ≈ 0.5–0.7 s (500 ms + exponential 140 ms).
 *
 * Each model part draws from its own mulberry32 stream, so the frames do
 * not depend on how the caller slices time into `advance` calls.
 *
 * @module
 */

import { SyntheticBook } from "./_gen_book.ts";
import { TransientImpact } from "./_gen_impact.ts";
import { drawNotional, HawkesClock, inHours } from "./_gen_flow.ts";
import {
  type AssetOptions,
  type GeneratorParams,
  type ModelOptions,
  type Regime,
  resolveParams,
} from "./_gen_params.ts";
import { LatentPath } from "./_gen_path.ts";
import { RandomStream, STREAM } from "./_gen_random.ts";
import type { L2BookFrame, MarketFrame, TradesFrame, WireTrade } from "./market_file.ts";
import { toWireNumber } from "../hyperliquid/wire.ts";

export type {
  AssetOptions,
  BookParams,
  CascadeParams,
  GeneratorParams,
  HawkesParams,
  ImpactParams,
  InformedParams,
  ModelOptions,
  Regime,
  RegimeParams,
  SizeParams,
  ToxicParams,
} from "./_gen_params.ts";
export {
  DEFAULT_BOOK,
  DEFAULT_CASCADES,
  DEFAULT_HAWKES,
  DEFAULT_IMPACT,
  DEFAULT_INFORMED,
  DEFAULT_REGIMES,
  DEFAULT_SIZES,
  DEFAULT_TOXIC,
  DEFAULT_TRANSITIONS,
  REGIMES,
} from "./_gen_params.ts";
export type { L2BookFrame, MarketFrame, TradesFrame, WireLevel, WireTrade } from "./market_file.ts";

/**
 * Options of {@link MarketGenerator}: the asset (default BTC, szDecimals 5,
 * start price 90,000 USD), the seed (default 1), the start time, and any
 * model parameters to override (see the `DEFAULT_*` exports).
 */
export interface MarketGeneratorOptions extends AssetOptions, ModelOptions {
  /** Market time of the first book snapshot, epoch ms (a fraction is dropped). */
  startMs: number;
}

/** Address pool sizes. */
const MAKERS = 24;
const RETAIL = 400;
const INFORMED = 12;
const LIQUIDATED = 64;

/**
 * A deterministic synthetic market for one coin. `advance(toMs)` runs the
 * model forward in market time and returns the frames in between.
 */
export class MarketGenerator {
  readonly #p: GeneratorParams;
  readonly #frozen: GeneratorParams;
  readonly #startMs: number;
  readonly #path: LatentPath;
  readonly #impact: TransientImpact;
  readonly #hawkes: HawkesClock;
  readonly #book: SyntheticBook;
  readonly #flow: RandomStream;
  readonly #bookRandom: RandomStream;
  readonly #horizonMs: number;
  readonly #toxicHours: ReadonlySet<number>;
  readonly #lotScale: number;
  readonly #makers: string[];
  readonly #retail: string[];
  readonly #informed: string[];
  readonly #liquidated: string[];
  #tid: number;
  #lastMs: number;
  #nextBookMs: number;
  #nextOrderMs: number;

  constructor(options: MarketGeneratorOptions) {
    if (!Number.isFinite(options.startMs) || options.startMs < 0) {
      throw new RangeError(`startMs must be an epoch ms ≥ 0, got ${options.startMs}`);
    }
    const startMs = Math.floor(options.startMs);
    const p = resolveParams(options);
    this.#p = p;
    this.#frozen = deepFreeze(structuredClone(p));
    this.#startMs = startMs;
    this.#horizonMs = p.informed.horizonSec * 1000;
    this.#toxicHours = new Set(p.toxic.hours);
    this.#lotScale = 10 ** p.szDecimals;
    this.#path = new LatentPath(p, {
      startMs,
      random: new RandomStream(p.seed, STREAM.path),
    });
    this.#impact = new TransientImpact(p.impact);
    this.#hawkes = new HawkesClock(p.hawkes, {
      toxic: p.toxic,
      startMs,
      random: new RandomStream(p.seed, STREAM.hawkes),
    });
    this.#bookRandom = new RandomStream(p.seed, STREAM.book);
    this.#book = new SyntheticBook(p.book, {
      szDecimals: p.szDecimals,
      makers: MAKERS,
      random: this.#bookRandom,
    });
    this.#flow = new RandomStream(p.seed, STREAM.flow);
    const users = new RandomStream(p.seed, STREAM.users);
    const pool = (n: number) => Array.from({ length: n }, () => `0x${users.hex(40)}`);
    this.#makers = pool(MAKERS);
    this.#retail = pool(RETAIL);
    this.#informed = pool(INFORMED);
    this.#liquidated = pool(LIQUIDATED);
    this.#tid = 100_000_000_000_000 + users.below(100_000_000_000_000);
    this.#lastMs = startMs - 1;
    this.#nextBookMs = startMs;
    this.#nextOrderMs = this.#hawkes.next();
  }

  /** The planted model parameters (frozen): what a calibration should recover. */
  get params(): GeneratorParams {
    return this.#frozen;
  }

  /** Market time reached by the last `advance`, epoch ms (`startMs − 1` before the first). */
  get time(): number {
    return this.#lastMs;
  }

  /** The volatility regime at {@link time}. */
  get regime(): Regime {
    return this.#path.regimeAt(Math.max(this.#startMs, this.#lastMs));
  }

  /**
   * The displayed mid at {@link time}, USD: the latent mid plus transient
   * impact (none by default); the book is built around it.
   */
  get mid(): number {
    return this.#midPx(Math.max(this.#startMs, this.#lastMs));
  }

  /**
   * Runs the market to `toMs` (epoch ms) and returns the frames whose time
   * lies in (previous `toMs`, `toMs`] in time order — the first call also
   * includes `startMs`, where the first book snapshot is. A `toMs` at or
   * before the previous one returns nothing.
   */
  advance(toMs: number): MarketFrame[] {
    const frames: MarketFrame[] = [];
    if (!(toMs > this.#lastMs)) return frames;
    for (;;) {
      const bookMs = this.#nextBookMs;
      const orderMs = Math.floor(this.#nextOrderMs);
      let at = Math.min(bookMs, orderMs);
      this.#path.ensure(at + this.#horizonMs);
      const cascade = this.#path.peekCascade();
      const cascadeMs = cascade === undefined ? Infinity : cascade.timeMs;
      at = Math.min(at, cascadeMs);
      if (at > toMs) break;
      if (bookMs === at) {
        frames.push(this.#bookFrame(at));
        this.#nextBookMs = at + this.#p.book.intervalMs +
          Math.round(this.#bookRandom.exponential(this.#p.book.jitterMs));
      } else if (cascadeMs === at) {
        const order = this.#path.takeCascade()!;
        const taker = this.#liquidated[this.#flow.below(LIQUIDATED)];
        const frame = this.#tradesFrame(at, order.side, order.notionalUsd, taker);
        if (frame !== undefined) frames.push(frame);
      } else {
        const frame = this.#takerOrder(this.#nextOrderMs);
        if (frame !== undefined) frames.push(frame);
        this.#nextOrderMs = this.#hawkes.next();
      }
    }
    this.#lastMs = toMs;
    return frames;
  }

  /** The displayed mid at `at`, USD. */
  #midPx(at: number): number {
    const log = this.#path.logMidAt(at);
    return this.#p.startPx * Math.exp(this.#impact.enabled ? log + this.#impact.logAt(at) : log);
  }

  #bookFrame(at: number): L2BookFrame {
    const midPx = this.#midPx(at);
    const regime = this.#path.regimeAt(at);
    const levels = this.#book.snapshot(midPx, this.#p.regimes[regime].oneTickSpread);
    return { channel: "l2Book", data: { coin: this.#p.coin, time: at, levels } };
  }

  /** A Hawkes arrival at `t` (fractional epoch ms): size, informed or not, side, fills. */
  #takerOrder(t: number): TradesFrame | undefined {
    const p = this.#p;
    const flow = this.#flow;
    const notional = drawNotional(flow, p.sizes);
    const informed = notional >= p.informed.thresholdUsd ||
      (inHours(t, this.#toxicHours) && flow.uniform() < p.toxic.informedShare);
    let side: "A" | "B";
    let taker: string;
    if (informed) {
      const move = this.#path.logMidAt(t + this.#horizonMs) - this.#path.logMidAt(t);
      const up = move > 0 || (move === 0 && flow.uniform() < 0.5);
      const right = flow.uniform() < p.informed.accuracy;
      side = up === right ? "B" : "A";
      taker = this.#informed[flow.below(INFORMED)];
    } else {
      side = flow.uniform() < 0.5 ? "B" : "A";
      taker = this.#retail[flow.below(RETAIL)];
    }
    return this.#tradesFrame(Math.floor(t), side, notional, taker);
  }

  /** Walks an order of `notional` USD through the book; one print per resting order filled. */
  #tradesFrame(
    at: number,
    side: "A" | "B",
    notional: number,
    taker: string,
  ): TradesFrame | undefined {
    const midPx = this.#midPx(at);
    const lots = Math.max(1, Math.round((notional / midPx) * this.#lotScale));
    const prints = this.#book.take(side, lots);
    this.#impact.push(at, side, notional);
    if (prints.length === 0) return undefined;
    const hash = `0x${this.#flow.hex(64)}`;
    const grid = this.#book.grid;
    const data: WireTrade[] = prints.map((print) => {
      this.#tid += 1 + this.#flow.below(16);
      const maker = this.#makers[print.maker];
      return {
        coin: this.#p.coin,
        side,
        px: grid.pxText(print.units),
        sz: toWireNumber(print.lots / this.#lotScale),
        time: at,
        hash,
        tid: this.#tid,
        users: side === "B" ? [taker, maker] : [maker, taker],
      };
    });
    return { channel: "trades", data };
  }
}

/** Options of {@link generateMarket}: a generator's options and how long to run. */
export interface GenerateMarketOptions extends MarketGeneratorOptions {
  /** Market minutes to generate from `startMs`. */
  minutes: number;
}

/**
 * The frames of `minutes` of market from `startMs`, as fast as possible
 * (for `mm sim --generate`): a pure, lazy sequence, the same for the same
 * options.
 */
export function* generateMarket(options: GenerateMarketOptions): Generator<MarketFrame> {
  if (!(options.minutes >= 0) || !Number.isFinite(options.minutes)) {
    throw new RangeError(`minutes must be a finite number ≥ 0, got ${options.minutes}`);
  }
  const generator = new MarketGenerator(options);
  const startMs = Math.floor(options.startMs);
  const endMs = startMs + Math.round(options.minutes * 60_000);
  for (let t = startMs;; t = Math.min(endMs, t + 10_000)) {
    yield* generator.advance(t);
    if (t >= endMs) return;
  }
}

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const inner of Object.values(value)) deepFreeze(inner);
    Object.freeze(value);
  }
  return value;
}
