/**
 * The engine's benchmarks (one section of `deno task bench`):
 * - quote computation: book update → every estimator → ladder of 5 + 5
 *   (target p99 under 50 µs);
 * - tick-to-action: the same plus reconciliation and signing the action
 *   (target p99 under 1 ms);
 * - dry-run replay throughput with the whole engine (target ≥ 200,000 market
 *   messages/s): the median of three 24-hour replays after a one-hour one
 *   (the JIT warm), each ~1 s and so moved by the machine's load; the
 *   first of the three (its heap growth: target flat) is reported too;
 * - rate-limit economy over one generated hour: IP weight per minute,
 *   address requests per requote, projected hours of address budget.
 *
 * @module
 */

import { loadConfig } from "../lib/config/mm_config.ts";
import { runDryRun, typedBook } from "../lib/engine/dry_run.ts";
import { Journal } from "../lib/engine/journal.ts";
import { MarketModel } from "../lib/engine/market_model.ts";
import { reconcile, type RestingOrder } from "../lib/engine/reconciler.ts";
import { CloidFactory } from "../lib/hyperliquid/cloid.ts";
import { signL1Action } from "../lib/hyperliquid/signing.ts";
import { toWireNumber } from "../lib/hyperliquid/wire.ts";
import { generateMarket, type MarketFrame } from "../lib/sim/generator.ts";
import { simUniverse } from "../lib/sim/universe.ts";
import { computeQuote } from "../lib/strategy/quote.ts";

const KEY = "0x0123456789012345678901234567890123456789012345678901234567890123";
const WARM_UP_BOOKS = 1000;
const TARGETS = { quote_p99_us: 50, tick_to_action_p99_ms: 1, dry_run_messages_per_s: 200_000 };

function frames(hours: number, seed = 7): MarketFrame[] {
  return [
    ...generateMarket({
      coin: "BTC",
      szDecimals: 5,
      startPx: 90_000,
      seed,
      minutes: hours * 60,
      startMs: Date.UTC(2026, 0, 5),
    }),
  ];
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];
}

/** Per-book timings of the quote path and the tick-to-action path, µs. */
async function quotePaths(market: MarketFrame[]) {
  const config = loadConfig([]);
  const asset = simUniverse()[0];
  const info = { coin: "BTC", szDecimals: asset.szDecimals, maxLeverage: asset.maxLeverage };
  const model = new MarketModel("BTC");
  const cloids = new CloidFactory({ sessionId: "000000000001" });
  let resting: RestingOrder[] = [];
  let oid = 1;
  let books = 0;
  const quoteUs: number[] = [], actionUs: number[] = [];
  for (const frame of market) {
    if (frame.channel === "trades") {
      model.onTrades(
        frame.data.map((t) => ({
          ...t,
          px: Number(t.px),
          sz: Number(t.sz),
          users: t.users ?? ["", ""],
        })),
      );
      continue;
    }
    const book = typedBook(frame.data);
    const t0 = performance.now();
    if (!model.onBook(book)) continue;
    const { estimates } = model.readout(book.time);
    const quote = computeQuote(estimates, {
      market: info,
      positionCoin: 0,
      equityUsd: 10_000,
      drawdownFraction: 0,
      rateLimitPressure: 0,
      blockedSide: null,
    }, config.strategy);
    const t1 = performance.now();
    const desired = [...quote.levels.bids, ...quote.levels.asks].map((l) => ({
      side: l.side === "bid" ? "buy" as const : "sell" as const,
      px: l.px,
      sz: l.sz,
      level: l.level,
    }));
    const plan = reconcile(desired, resting, { coin: "BTC", newCloid: () => cloids.next() });
    const step = plan.steps[0];
    if (step !== undefined) {
      const action = step.kind === "modify"
        ? {
          type: "batchModify",
          modifies: step.modifies.map((m) => ({
            oid: m.target,
            order: {
              a: 0,
              b: m.order.side === "buy",
              p: toWireNumber(m.order.px),
              s: toWireNumber(m.order.sz),
              r: false,
              t: { limit: { tif: "Alo" } },
              c: m.order.cloid,
            },
          })),
        }
        : { type: step.kind === "cancel" ? "cancel" : "order", orders: [] };
      await signL1Action(KEY, action, { nonce: book.time, isTestnet: false });
    }
    const t2 = performance.now();
    // The first books warm the JIT up (as deno bench's warm-up runs): not counted.
    if (++books > WARM_UP_BOOKS) {
      quoteUs.push((t1 - t0) * 1000);
      if (step !== undefined) actionUs.push((t2 - t0) * 1000);
    }
    resting = desired.map((d) => ({
      oid: oid++,
      cloid: cloids.next(),
      coin: "BTC",
      side: d.side,
      px: d.px,
      sz: d.sz,
      placedAtMs: book.time,
    }));
  }
  return { quoteUs, actionUs };
}

async function dryRun(market: MarketFrame[]) {
  async function* batches() {
    for (let i = 0; i < market.length; i += 2048) yield market.slice(i, i + 2048);
  }
  const journal = new Journal({ now: () => 0 });
  const heapBefore = Deno.memoryUsage().heapUsed;
  const started = performance.now();
  const result = await runDryRun(batches(), {
    asset: simUniverse()[0],
    config: loadConfig([]),
    journal,
    seed: 7,
  });
  const seconds = (performance.now() - started) / 1000;
  journal.close();
  return { result, seconds, heapGrowthMb: (Deno.memoryUsage().heapUsed - heapBefore) / 2 ** 20 };
}

/**
 * Heap growth of the estimators over 10,000,000 events (books and trades
 * alternating, the market walking randomly), MB after a GC when exposed.
 */
function modelHeapOver(events: number): { events: number; heapGrowthMb: number; seconds: number } {
  const model = new MarketModel("BTC");
  let mid = 90_000, time = Date.UTC(2026, 0, 5), tid = 1, seed = 7;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  const levels = (from: number, step: number) =>
    Array.from({ length: 20 }, (_, i) => ({ px: from + step * i, sz: 0.1 + i * 0.05, n: 1 }));
  const gc = (globalThis as { gc?: () => void }).gc;
  const measure = () => {
    gc?.();
    return Deno.memoryUsage().heapUsed;
  };
  // Warm up, then measure.
  for (let i = 0; i < 100_000; i++) step(i);
  const before = measure();
  const started = performance.now();
  for (let i = 0; i < events; i++) step(i);
  const seconds = (performance.now() - started) / 1000;
  return {
    events,
    heapGrowthMb: Math.round(((measure() - before) / 2 ** 20) * 10) / 10,
    seconds: Math.round(seconds * 10) / 10,
  };

  function step(i: number) {
    time += 250;
    if (i % 2 === 0) {
      mid = Math.round(mid + (random() - 0.5) * 4);
      model.onBook({ coin: "BTC", time, bids: levels(mid - 1, -1), asks: levels(mid + 1, 1) });
    } else {
      const side = random() < 0.5 ? "B" as const : "A" as const;
      model.onTrades([{
        coin: "BTC",
        side,
        px: side === "B" ? mid + 1 : mid - 1,
        sz: 0.01,
        time,
        hash: "0x",
        tid: tid++,
        users: ["", ""],
      }]);
    }
  }
}

/** Runs the engine section. */
export async function benchEngine(): Promise<Record<string, unknown>> {
  const hour = frames(1);
  const { quoteUs, actionUs } = await quotePaths(frames(2, 3));
  const hourRun = await dryRun(hour);
  const long = frames(24, 9);
  const longRun = await dryRun(long);
  const longRates = [longRun, await dryRun(long), await dryRun(long)].map((run) =>
    Math.round(long.length / run.seconds)
  );
  const s = hourRun.result.summary as Record<string, unknown> & {
    ratelimit: Record<string, number>;
    requotes: number;
  };
  const paper = hourRun.result.paper;
  const rate = percentile(longRates, 0.5);
  const heap10m = modelHeapOver(10_000_000);
  return {
    quote_books: quoteUs.length,
    quote_p50_us: Math.round(percentile(quoteUs, 0.5) * 10) / 10,
    quote_p99_us: Math.round(percentile(quoteUs, 0.99) * 10) / 10,
    tick_to_action_p50_ms: Math.round(percentile(actionUs, 0.5) * 1000) / 1e6,
    tick_to_action_p99_ms: Math.round(percentile(actionUs, 0.99) * 1000) / 1e6,
    dry_run_24h_messages: long.length,
    dry_run_messages_per_s: rate,
    dry_run_24h_runs_messages_per_s: longRates,
    dry_run_24h_heap_growth_mb: Math.round(longRun.heapGrowthMb * 10) / 10,
    estimators_10m_events: heap10m,
    economy_1h: {
      requotes: s.requotes,
      actions: paper.actions,
      ip_weight_per_minute: Math.round(((paper.actionWeight + paper.infoWeight) / 60) * 10) / 10,
      actions_per_requote: s.requotes > 0
        ? Math.round((paper.actions / s.requotes) * 100) / 100
        : null,
      address_requests_per_requote: s.requotes > 0
        ? Math.round((paper.addressRequests / s.requotes) * 100) / 100
        : null,
      projected_hours_left: s.ratelimit.projected_hours_left,
      fills: s.fills,
    },
    targets: TARGETS,
    targets_met: {
      quote: percentile(quoteUs, 0.99) < TARGETS.quote_p99_us,
      tick_to_action: percentile(actionUs, 0.99) / 1000 < TARGETS.tick_to_action_p99_ms,
      dry_run: rate >= TARGETS.dry_run_messages_per_s,
    },
  };
}
