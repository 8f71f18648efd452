/**
 * `mm run`'s wiring: the quoting engine on a live exchange (Hyperliquid, or
 * any compatible API such as `mm sim`): WebSocket market and fill data,
 * signed actions, the dead man's switch, a safety sync every minute, and a
 * clean shutdown that leaves no order resting.
 *
 * @module
 */

import { CloidFactory } from "../hyperliquid/cloid.ts";
import { type Account, HyperliquidExchange } from "../hyperliquid/exchange_client.ts";
import type { Network } from "../hyperliquid/network.ts";
import { HyperliquidStream } from "../hyperliquid/stream.ts";
import type { MmConfig } from "../config/mm_config.ts";
import { DeadMansSwitch } from "./dead_mans_switch.ts";
import { QuotingEngine } from "./engine.ts";
import type { Journal } from "./journal.ts";
import { marketModelFor } from "./market_model.ts";
import { RateLimitTracker } from "./rate_tracker.ts";
import { withRetry } from "./retry.ts";
import type { EngineMetrics, MetricsRegistry } from "../metrics/mod.ts";
import { observeEvent } from "./observe.ts";

/** How far before the journal's last entry the start-up catch-up looks for fills, ms. */
export const CATCH_UP_OVERLAP_MS = 5 * 60_000;

/** Options of {@link runLive}. */
export interface LiveOptions {
  network: Network;
  account: Account;
  coins: string[];
  config: MmConfig;
  journal: Journal;
  /** Stops the run (SIGINT/SIGTERM); the returned promise then shuts down cleanly. */
  signal: AbortSignal;
  now?: () => number;
  /** Safety-sync period, ms (default 60,000). */
  syncEveryMs?: number;
  /** Timer tick, ms (default 1,000). */
  tickEveryMs?: number;
  /**
   * What an earlier run's journal holds (`readJournal`): fills since its last
   * entry are loaded from the exchange and journaled now, once.
   */
  previous?: { lastTs?: number; fillTids: ReadonlySet<number> };
  /** Prometheus metrics to keep current (`--metrics-port`). */
  metrics?: { registry: MetricsRegistry; metrics: EngineMetrics };
}

/** What a live run left behind. */
export interface LiveResult {
  summaries: Record<string, unknown>[];
  /** mm's orders still resting after shutdown (0 when all went well). */
  remainingOrders: number;
}

/** Runs the market maker until `signal` aborts, then pulls every order. */
export async function runLive(options: LiveOptions): Promise<LiveResult> {
  const now = options.now ?? Date.now;
  const { config, journal } = options;
  const tracker = new RateLimitTracker({
    now,
    minRequoteIntervalMs: config.engine.minRequoteIntervalMs,
    warnShare: config.engine.ipWeightWarnShare,
  });
  const stream = new HyperliquidStream({ wsUrl: options.network.wsUrl, now });
  const exchange = new HyperliquidExchange(options.network, options.account, {
    now,
    onRequest: (record) => tracker.record(record),
    stream,
  });
  const cloids = new CloidFactory();
  const timers: ReturnType<typeof setInterval>[] = [];
  const engines: QuotingEngine[] = [];
  const retry = <T>(work: () => Promise<T>) =>
    withRetry(work, {
      onRetry: (error, attempt) =>
        journal.append({
          ts: now(),
          type: "retry",
          request: error.request,
          attempt,
          message: error.message,
        }),
    });
  try {
    const markets = await retry(() => exchange.markets());
    tracker.syncAddress(await retry(() => exchange.rateLimit()));
    const state = await retry(() => exchange.accountState());
    const equity = Number(state.marginSummary.accountValue);
    const dms = new DeadMansSwitch(exchange, { leadMs: config.engine.deadMansSwitchLeadMs, now });
    for (const coin of options.coins) {
      const engine = new QuotingEngine({
        market: markets.resolve(coin),
        exchange,
        model: marketModelFor(coin, config.market),
        strategy: config.strategy,
        settings: config.engine,
        tracker,
        journal,
        newCloid: () => cloids.next(),
        now,
        startingEquityUsd: equity / options.coins.length,
        dms,
      });
      await retry(() => engine.start());
      engines.push(engine);
    }
    if (options.previous?.lastTs !== undefined) {
      // Fills that happened while mm was down: journal each once. Look back past the last
      // entry, since a fill carries the exchange's time, which may be earlier than an entry
      // written just after it (clock skew, or a crash before its WebSocket message arrived);
      // tids already journaled are dropped.
      const sinceMs = options.previous.lastTs - CATCH_UP_OVERLAP_MS;
      const missed = await retry(() => exchange.fills({ sinceMs }));
      const known = options.previous.fillTids;
      const fresh = missed.filter((fill) => fill.tid === undefined || !known.has(fill.tid));
      for (const engine of engines) {
        engine.markSeen(missed.filter((fill) => fill.tid !== undefined && known.has(fill.tid)));
        for (const fill of fresh) engine.onFill(fill);
      }
      journal.append({
        ts: now(),
        type: "catch_up",
        since_ts: sinceMs,
        fills: fresh.length,
      });
    }
    if (options.metrics !== undefined) {
      const { registry, metrics } = options.metrics;
      journal.tap((event) => observeEvent(metrics, event));
      registry.onRender(() => {
        for (const engine of engines) {
          metrics.position.set({ coin: engine.coin }, engine.positionCoin);
          metrics.pnlUsd.set(
            { coin: engine.coin },
            engine.equityUsd() - equity / options.coins.length,
          );
        }
        const limits = tracker.snapshot();
        metrics.addressRemaining.set(limits.address_remaining);
        metrics.ipWeightLastMinute.set(limits.ip_weight_last_minute);
      });
    }
    stream.onConnection((event) =>
      journal.append({ ...event, ts: now(), type: "connection", event: event.type })
    );
    stream.onStale((event) =>
      journal.append({ ...event, ts: now(), type: "stale", event: event.type })
    );
    await stream.userFills(exchange.user, (fills, meta) => {
      for (const engine of engines) {
        if (meta.isSnapshot) engine.markSeen(fills);
        else for (const fill of fills) engine.onFill(fill);
      }
    });
    for (const engine of engines) {
      await stream.trades(engine.coin, (trades) => engine.onTrades(trades));
      await stream.l2Book(engine.coin, (book) => engine.onBook(book));
    }
    await dms.tick();
    timers.push(setInterval(() => {
      for (const engine of engines) engine.onTimer();
      void dms.tick();
    }, options.tickEveryMs ?? 1000));
    timers.push(setInterval(() => {
      void (async () => {
        try {
          tracker.syncAddress(await exchange.rateLimit());
          for (const engine of engines) await engine.sync();
          journal.append({ ts: now(), type: "ratelimit", ...tracker.snapshot() });
        } catch (error) {
          journal.append({
            ts: now(),
            type: "error",
            kind: "sync",
            message: (error as Error).message,
          });
        }
      })();
    }, options.syncEveryMs ?? 60_000));
    await new Promise<void>((resolve) => {
      if (options.signal.aborted) resolve();
      options.signal.addEventListener("abort", () => resolve(), { once: true });
    });
  } catch (error) {
    for (const timer of timers) clearInterval(timer);
    await stream.close();
    throw error;
  }
  for (const timer of timers) clearInterval(timer);
  let remaining = 0;
  for (const engine of engines) remaining += await retry(() => engine.shutdown({ verify: true }));
  await stream.close();
  return { summaries: engines.map((engine) => engine.summary()), remainingOrders: remaining };
}
