/**
 * Dry-run: the engine on paper. Market frames (generated, replayed or live)
 * drive the estimators and an in-process matching engine that fills mm's
 * orders by the simulator's queue model, with actions delayed by a latency
 * in market time. Deterministic for the same frames.
 *
 * @module
 */

import { CloidFactory } from "../hyperliquid/cloid.ts";
import type { MarketInfo } from "../hyperliquid/markets.ts";
import type { L2Book, Trade } from "../hyperliquid/stream_schemas.ts";
import { fromWireNumber } from "../hyperliquid/wire.ts";
import type { MmConfig } from "../config/mm_config.ts";
import { MatchingEngine } from "../sim/matching.ts";
import {
  frameTime,
  type L2BookFrame,
  type MarketFrame,
  type WireLevel,
} from "../sim/market_file.ts";
import type { SimAsset } from "../sim/universe.ts";
import { QuotingEngine } from "./engine.ts";
import type { Journal } from "./journal.ts";
import { readWireBook } from "./_wire_book.ts";
import { marketModelFor } from "./market_model.ts";
import { PaperExchange } from "./paper_exchange.ts";
import { RateLimitTracker } from "./rate_tracker.ts";

/** The paper account's address (not a real account). */
export const PAPER_USER = "0x00000000000000000000000000000000000000aa";

/** Finished orders the dry-run's matching engine remembers (for orderStatus, which nothing asks). */
const PAPER_ORDER_HISTORY = 1_000;

/** Options of {@link runDryRun}. */
export interface DryRunOptions {
  asset: SimAsset;
  config: MmConfig;
  journal: Journal;
  /** Action latency in market time, ms (default 50). */
  latencyMs?: number;
  /** Paper account equity, USD (default 10,000). */
  startingEquityUsd?: number;
  /** Seed of the session's cloids (determinism). */
  seed?: number;
  /** Called after each frame with the engine (for a live status line). */
  onFrame?: (engine: QuotingEngine, marketMs: number) => void;
}

/** What a dry-run did. */
export interface DryRunResult {
  summary: Record<string, unknown>;
  frames: number;
  marketMs: number;
  paper: ReturnType<PaperExchange["stats"]>;
  /** Equity after each frame batch, sampled, for the P&L chart (USD). */
  equityCurve: number[];
}

/** Runs the engine over frames on a paper account; ends flat of orders (shutdown). */
export async function runDryRun(
  batches: AsyncIterable<MarketFrame[]>,
  options: DryRunOptions,
): Promise<DryRunResult> {
  const { asset, config, journal } = options;
  let marketMs = 0;
  const now = () => marketMs;
  const matching = new MatchingEngine({
    assets: [{ coin: asset.coin, szDecimals: asset.szDecimals, maxLeverage: asset.maxLeverage }],
    startingBalanceUsd: options.startingEquityUsd ?? 10_000,
    now,
    // The paper exchange never asks for an old order's status: keeping the
    // simulator's 100,000 finished orders (a day's requotes make ~70,000)
    // only grew the heap and slowed every order closed.
    orderHistoryLimit: PAPER_ORDER_HISTORY,
  });
  const paper = new PaperExchange({
    engine: matching,
    user: PAPER_USER,
    latencyMs: options.latencyMs ?? 50,
    now,
  });
  const market: MarketInfo = {
    coin: asset.coin,
    assetIndex: 0,
    szDecimals: asset.szDecimals,
    maxLeverage: asset.maxLeverage,
    onlyIsolated: false,
    isDelisted: false,
  };
  const tracker = new RateLimitTracker({
    now,
    minRequoteIntervalMs: config.engine.minRequoteIntervalMs,
    warnShare: config.engine.ipWeightWarnShare,
  });
  const cloids = new CloidFactory({ sessionId: sessionId(options.seed ?? 1) });
  const engine = new QuotingEngine({
    market,
    exchange: paper,
    model: marketModelFor(asset.coin, config.market),
    strategy: config.strategy,
    settings: config.engine,
    tracker,
    journal,
    newCloid: () => cloids.next(),
    now,
    startingEquityUsd: options.startingEquityUsd ?? 10_000,
  });
  paper.onFill((fill) => engine.onFill(fill));
  let frames = 0;
  let firstMs: number | undefined;
  const equityCurve: number[] = [];
  let started = false;
  for await (const batch of batches) {
    for (const frame of batch) {
      if (frameCoin(frame) !== asset.coin) continue;
      marketMs = Math.max(marketMs, frameTime(frame));
      firstMs ??= marketMs;
      if (!started) {
        started = true;
        await engine.start();
      }
      if (frame.channel === "l2Book") {
        const book = readWireBook(frame.data);
        paper.applyBook(asset.coin, book);
        engine.onBook(book);
      } else {
        const trades = frame.data.map(typedTrade);
        for (const trade of trades) paper.applyTrade(asset.coin, trade);
        engine.onTrades(trades);
      }
      frames += 1;
      options.onFrame?.(engine, marketMs);
      // Let actions this frame answered run on (a few microtask turns), as
      // they would between two WebSocket messages live.
      for (let turn = 0; turn < 8 && engine.busy; turn++) await null;
    }
    equityCurve.push(engine.equityUsd());
  }
  // Market time has stopped: keep releasing the paper exchange's pending
  // actions until the requote in flight and the shutdown have finished.
  await drain(paper, engine.settle());
  await drain(paper, engine.shutdown({ verify: true }));
  const summary = {
    ...engine.summary(),
    market_minutes: firstMs === undefined ? 0 : Math.round((marketMs - firstMs) / 600) / 100,
  };
  return { summary, frames, marketMs, paper: paper.stats(), equityCurve };
}

/** Resolves `work`, flushing the paper exchange while it waits on it. */
async function drain<T>(paper: PaperExchange, work: Promise<T>): Promise<T> {
  let done = false;
  const result = work.finally(() => {
    done = true;
  });
  while (!done) {
    paper.flush();
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return await result;
}

function frameCoin(frame: MarketFrame): string | undefined {
  return frame.channel === "l2Book" ? frame.data.coin : frame.data[0]?.coin;
}

/** A wire book frame as the estimators' typed book (numbers). */
export function typedBook(data: L2BookFrame["data"]): L2Book {
  return {
    coin: data.coin,
    time: data.time,
    bids: typedLevels(data.levels[0]),
    asks: typedLevels(data.levels[1]),
  };
}

function typedLevels(levels: readonly WireLevel[]): { px: number; sz: number; n: number }[] {
  const out = new Array<{ px: number; sz: number; n: number }>(levels.length);
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i];
    out[i] = { px: fromWireNumber(level.px), sz: fromWireNumber(level.sz), n: level.n };
  }
  return out;
}

/** A wire trade as a typed trade (numbers). */
export function typedTrade(
  trade: {
    coin: string;
    side: "A" | "B";
    px: string;
    sz: string;
    time: number;
    hash: string;
    tid: number;
    users?: [string, string];
  },
): Trade {
  return {
    coin: trade.coin,
    side: trade.side,
    px: fromWireNumber(trade.px),
    sz: fromWireNumber(trade.sz),
    time: trade.time,
    hash: trade.hash,
    tid: trade.tid,
    users: trade.users ?? ["", ""],
  };
}

function sessionId(seed: number): string {
  return (seed >>> 0).toString(16).padStart(12, "0").slice(-12);
}
