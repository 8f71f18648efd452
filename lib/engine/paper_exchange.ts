/**
 * The dry-run executor: the {@link Exchange} port on an in-process
 * {@link MatchingEngine}, so dry-run fills by the simulator's exact matching
 * and queue model (lib/sim/matching.ts) and the engine drives it exactly as
 * it drives the live client.
 *
 * Time. Actions reach the "exchange" `latencyMs` of MARKET time after they
 * are sent (`now()` when the port method is called). Market time is the
 * latest time of the feed the caller applies ({@link PaperExchange.applyBook},
 * {@link PaperExchange.applyTrade}) or {@link PaperExchange.advance}s to.
 * With latency 0 an action is applied at once, inside the call. Otherwise
 * it waits, and its promise resolves when it is applied.
 *
 * Ordering. Before a market event of time T is applied, every pending
 * action due at or before T is applied, in the order sent (by due time,
 * then sending order); a scheduled cancel due at or before an action fires
 * before it. So an order due at T meets the book as it stood before the
 * event at T, and can be filled by that event.
 *
 * The engine's clock. Timestamps the engine writes itself (order placement,
 * cancels, a firing dead man's switch) come from the engine's `now`. Give it
 * {@link PaperExchange.timeMs} (the due time of the action being applied,
 * else the market time) for timestamps as the exchange would write them:
 *
 * ```ts
 * // The engine reads its clock only after construction, when `paper` exists.
 * const engine = new MatchingEngine({ assets, now: (): number => paper.timeMs });
 * const paper = new PaperExchange({ engine, user, now: clock });
 * ```
 *
 * Awaiting. With latency > 0 an action's promise settles only when market
 * time moves past its due time, so a replay or backtest loop must feed the
 * next market events rather than await the action first (it would wait
 * forever); a live dry-run's feed arrives on its own.
 *
 * Like the live client: prices and sizes are rounded to the tick and lot
 * (bids down, asks up, sizes down), coins resolved through
 * {@link MarketDirectory} (an unknown coin rejects the whole call), empty
 * batches answer `[]` without sending, and whole-action refusals (a
 * scheduleCancel too early, a bad leverage) reject with
 * {@link ActionRejectedError} carrying the exchange's text. Not simulated:
 * the address budget (counted, reported by `rateLimit`, never enforced),
 * network faults, and the open-order cap.
 *
 * @module
 */

import { ActionRejectedError } from "../hyperliquid/errors.ts";
import { MarketDirectory } from "../hyperliquid/markets.ts";
import type {
  CancelByCloidSpec,
  CancelResult,
  CancelSpec,
  Exchange,
  ModifySpec,
  OrderResult,
  OrderSpec,
} from "../hyperliquid/port.ts";
import {
  type ClearinghouseState,
  ClearinghouseStateSchema,
  type OpenOrder,
  type UserFill,
  type UserRateLimit,
} from "../hyperliquid/schemas.ts";
import { ADDRESS_INITIAL_BUDGET } from "../hyperliquid/weights.ts";
import { roundOrder } from "../hyperliquid/exchange_client.ts";
import type {
  BookSnapshot,
  CancelStatus,
  FeedTrade,
  MatchingEngine,
  OrderRequest,
  OrderStatus,
} from "../sim/matching.ts";
import { type ActionKind, type PaperStats, SpendCounter } from "./_paper_stats.ts";

export type { ActionKind, KindSpend, PaperStats } from "./_paper_stats.ts";

/** Exchange rules of scheduleCancel (Hyperliquid docs): lead and triggers per UTC day. */
const SCHEDULE_MIN_LEAD_MS = 5_000;
const SCHEDULE_TRIGGERS_PER_DAY = 10;
const DAY_MS = 86_400_000;

/** How to build a {@link PaperExchange}. */
export interface PaperExchangeOptions {
  /** The matching engine the orders go to (fed only through this exchange). */
  engine: MatchingEngine;
  /** The paper account's address (0x…, any case). */
  user: string;
  /** Market time from sending an action to its taking effect, ms (default 50). */
  latencyMs?: number;
  /** The engine loop's clock, epoch ms: when an action is sent. */
  now: () => number;
}

interface PendingAction {
  dueMs: number;
  apply: (atMs: number) => void;
  fail: (error: unknown) => void;
}

/** The paper executor; see the module doc. */
export class PaperExchange implements Exchange {
  /** The paper account (lowercase). */
  readonly user: string;
  /** Market time from send to effect, ms. */
  readonly latencyMs: number;
  readonly #engine: MatchingEngine;
  readonly #now: () => number;
  readonly #spend = new SpendCounter();
  readonly #fillListeners: ((fill: UserFill) => void)[] = [];
  readonly #unsubscribe: () => void;
  #pending: PendingAction[] = [];
  #marketMs: number;
  #applyingAtMs: number | undefined;
  #markets: MarketDirectory | undefined;
  #scheduledAtMs: number | undefined;
  #triggers = { day: -1, count: 0 };
  #closed = false;

  constructor(options: PaperExchangeOptions) {
    const latencyMs = options.latencyMs ?? 50;
    if (!Number.isFinite(latencyMs) || latencyMs < 0) {
      throw new RangeError(`latencyMs must be a finite number ≥ 0, got ${latencyMs}`);
    }
    this.user = options.user.toLowerCase();
    this.latencyMs = latencyMs;
    this.#engine = options.engine;
    this.#now = options.now;
    this.#marketMs = options.now();
    this.#unsubscribe = options.engine.onEvent((event) => {
      if (event.type !== "fill" || event.user !== this.user) return;
      const fill: UserFill = { ...event.fill };
      for (const listener of [...this.#fillListeners]) listener(fill);
    }, { types: ["fill"] });
  }

  /**
   * The paper exchange's time, epoch ms: while an action is applied, the
   * time it reached the exchange; otherwise the market time. The engine's
   * clock should read it (module doc).
   */
  get timeMs(): number {
    return this.#applyingAtMs ?? this.#marketMs;
  }

  /** When the paper dead man's switch fires, epoch ms; undefined when none is set. */
  get scheduledCancelAtMs(): number | undefined {
    return this.#scheduledAtMs;
  }

  // --- market feed -------------------------------------------------------------------------

  /** Applies due actions (module doc), then a book snapshot of `coin` as the background book. */
  applyBook(coin: string, book: BookSnapshot): void {
    this.advance(book.time);
    this.#engine.applyBook(coin, book);
  }

  /** Applies due actions (module doc), then a feed trade of `coin` (queue-model fills). */
  applyTrade(coin: string, trade: FeedTrade): void {
    this.advance(trade.time);
    this.#engine.applyTrade(coin, trade);
  }

  /** Moves market time to `timeMs` (never back), applying the actions and the scheduled cancel due by then. */
  advance(timeMs: number): void {
    if (timeMs > this.#marketMs) this.#marketMs = timeMs;
    const until = this.#marketMs;
    for (;;) {
      const next = this.#pending[0];
      const dueMs = next === undefined || next.dueMs > until ? until : next.dueMs;
      this.#fireScheduled(dueMs);
      if (next === undefined || next.dueMs > until) return;
      this.#pending.shift();
      this.#applyAt(next.dueMs, () => next.apply(next.dueMs));
    }
  }

  /** Applies every pending action now, each at its due time; market time moves to the last. */
  flush(): void {
    const last = this.#pending.at(-1);
    if (last !== undefined) this.advance(last.dueMs);
  }

  /** Subscribes to the paper account's fills (userFills shape), as the engine makes them; returns the unsubscribe function. */
  onFill(listener: (fill: UserFill) => void): () => void {
    this.#fillListeners.push(listener);
    return () => {
      const i = this.#fillListeners.indexOf(listener);
      if (i >= 0) this.#fillListeners.splice(i, 1);
    };
  }

  /** What a live run would have spent so far. */
  stats(): PaperStats {
    return this.#spend.snapshot(this.#pending.length);
  }

  /** Detaches from the engine; pending actions reject. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#unsubscribe();
    const pending = this.#pending;
    this.#pending = [];
    for (const action of pending) action.fail(new Error("the paper exchange is closed"));
  }

  // --- the port: actions -------------------------------------------------------------------

  placeOrders(orders: OrderSpec[]): Promise<OrderResult[]> {
    if (orders.length === 0) return Promise.resolve([]);
    return this.#send("order", orders.length, () => {
      const requests = orders.map((order) => orderRequest(order, this.#directory()));
      return () =>
        requests.map((request) => orderResult(this.#engine.placeOrder(this.user, request)));
    });
  }

  modifyOrders(modifies: ModifySpec[]): Promise<OrderResult[]> {
    if (modifies.length === 0) return Promise.resolve([]);
    return this.#send("batchModify", modifies.length, () => {
      const requests = modifies.map((m) => ({
        target: m.target,
        order: orderRequest(m.order, this.#directory()),
      }));
      return () => this.#engine.batchModify(this.user, requests).map(orderResult);
    });
  }

  cancelOrders(cancels: CancelSpec[]): Promise<CancelResult[]> {
    if (cancels.length === 0) return Promise.resolve([]);
    return this.#send("cancel", cancels.length, () => {
      const targets = cancels.map((c) => ({ asset: this.#assetIndex(c.coin), oid: c.oid }));
      return () => targets.map((t) => cancelResult(this.#engine.cancel(this.user, t.asset, t.oid)));
    });
  }

  cancelByCloid(cancels: CancelByCloidSpec[]): Promise<CancelResult[]> {
    if (cancels.length === 0) return Promise.resolve([]);
    return this.#send("cancelByCloid", cancels.length, () => {
      const targets = cancels.map((c) => ({ asset: this.#assetIndex(c.coin), cloid: c.cloid }));
      return () =>
        targets.map((t) => cancelResult(this.#engine.cancelByCloid(this.user, t.asset, t.cloid)));
    });
  }

  scheduleCancel(atMs: number | null): Promise<void> {
    return this.#send("scheduleCancel", 0, () => (reachedMs) => {
      if (atMs === null) {
        this.#scheduledAtMs = undefined;
        return;
      }
      if (atMs < reachedMs + SCHEDULE_MIN_LEAD_MS) {
        throw new ActionRejectedError(
          "exchange:scheduleCancel",
          "Scheduled cancel time too early, must be at least 5 seconds after current time.",
        );
      }
      if (this.#triggersOn(utcDay(reachedMs)) >= SCHEDULE_TRIGGERS_PER_DAY) {
        throw new ActionRejectedError(
          "exchange:scheduleCancel",
          "Too many scheduled cancel triggers today (10 a day, reset at 00:00 UTC).",
        );
      }
      this.#scheduledAtMs = atMs;
    });
  }

  updateLeverage(coin: string, options: { leverage: number; isCross: boolean }): Promise<void> {
    return this.#send("updateLeverage", 0, () => {
      const asset = this.#assetIndex(coin);
      return () => {
        const problem = this.#engine.updateLeverage(
          this.user,
          asset,
          options.leverage,
          options.isCross,
        );
        if (problem !== undefined) {
          throw new ActionRejectedError("exchange:updateLeverage", problem);
        }
      };
    });
  }

  // --- the port: reads (immediate, the engine's state now) ---------------------------------

  openOrders(): Promise<OpenOrder[]> {
    const orders: OpenOrder[] = this.#engine.openOrders(this.user).map((order) => ({ ...order }));
    this.#spend.info("openOrders");
    return Promise.resolve(orders);
  }

  /** Newest first; with `sinceMs`, as the live client: `userFillsByTime` (oldest first, at most 2,000). */
  fills(options: { sinceMs?: number } = {}): Promise<UserFill[]> {
    const fills = options.sinceMs === undefined
      ? this.#engine.fills(this.user)
      : this.#engine.fillsByTime(this.user, options.sinceMs);
    this.#spend.info(options.sinceMs === undefined ? "userFills" : "userFillsByTime", fills.length);
    return Promise.resolve(fills.map((fill): UserFill => ({ ...fill })));
  }

  accountState(): Promise<ClearinghouseState> {
    const state = this.#engine.clearinghouseState(this.user);
    this.#spend.info("clearinghouseState");
    // Parsing gives the port's (loose) type and checks the engine answers in the exchange's shape.
    return Promise.resolve(ClearinghouseStateSchema.parse(state));
  }

  /** The address budget as a live run would have spent it: 10,000 + 1 per USDC traded (paper volume). */
  rateLimit(): Promise<UserRateLimit> {
    const volume = this.#engine.cumulativeVolumeUsd(this.user);
    this.#spend.info("userRateLimit");
    return Promise.resolve({
      cumVlm: volume.toFixed(6).replace(/\.?0+$/, "") || "0",
      nRequestsUsed: this.#spend.addressRequests,
      nRequestsCap: ADDRESS_INITIAL_BUDGET + Math.floor(volume),
    });
  }

  /** The engine's assets as a {@link MarketDirectory} (built once, as of the first use). */
  markets(): Promise<MarketDirectory> {
    return Promise.resolve(this.#directory());
  }

  // --- internals ---------------------------------------------------------------------------

  /**
   * Sends an action now, synchronously: `prepare` resolves coins and rounds
   * (its throw rejects the call, nothing sent, as the live client fails
   * before signing); the action is counted, then applied `latencyMs` of
   * market time later (inside this call for latency 0). The promise settles
   * when it is applied.
   */
  #send<T>(
    kind: ActionKind,
    items: number,
    prepare: () => (reachedMs: number) => T,
  ): Promise<T> {
    if (this.#closed) return Promise.reject(new Error("the paper exchange is closed"));
    let apply: (reachedMs: number) => T;
    try {
      apply = prepare();
    } catch (error) {
      return Promise.reject(error);
    }
    this.#spend.action(kind, items);
    const sentMs = this.#now();
    if (this.latencyMs === 0) {
      try {
        return Promise.resolve(this.#applyAt(sentMs, () => apply(sentMs)));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return new Promise<T>((resolve, reject) => {
      this.#enqueue({
        dueMs: sentMs + this.latencyMs,
        apply: (atMs) => {
          try {
            resolve(apply(atMs));
          } catch (error) {
            reject(error);
          }
        },
        fail: reject,
      });
    });
  }

  /** The market directory, built from the engine's assets on first use (counted as a `meta` read). */
  #directory(): MarketDirectory {
    if (this.#markets === undefined) {
      const universe = this.#engine.assets.map((asset) => ({
        name: asset.coin,
        szDecimals: asset.szDecimals,
        maxLeverage: asset.maxLeverage,
      }));
      this.#markets = new MarketDirectory({ universe }, { fetchedAtMs: this.#now() });
      this.#spend.info("meta");
    }
    return this.#markets;
  }

  /** @throws {UnknownAssetError} */
  #assetIndex(coin: string): number {
    return this.#directory().resolve(coin).assetIndex;
  }

  /** Inserts by (due time, sending order): a clock that steps back cannot reorder what was sent. */
  #enqueue(action: PendingAction): void {
    let i = this.#pending.length;
    while (i > 0 && this.#pending[i - 1].dueMs > action.dueMs) i -= 1;
    this.#pending.splice(i, 0, action);
  }

  #applyAt<T>(atMs: number, run: () => T): T {
    const previous = this.#applyingAtMs;
    this.#applyingAtMs = atMs;
    try {
      return run();
    } finally {
      this.#applyingAtMs = previous;
    }
  }

  /** Fires the paper dead man's switch when it is due by `untilMs`. */
  #fireScheduled(untilMs: number): void {
    const at = this.#scheduledAtMs;
    if (at === undefined || at > untilMs) return;
    this.#scheduledAtMs = undefined;
    const day = utcDay(at);
    this.#triggers = { day, count: this.#triggersOn(day) + 1 };
    this.#applyAt(at, () => this.#engine.cancelAll(this.user));
  }

  #triggersOn(day: number): number {
    return this.#triggers.day === day ? this.#triggers.count : 0;
  }
}

/** The engine's request for a port order: coin resolved, rounded as the live client rounds. */
function orderRequest(order: OrderSpec, markets: MarketDirectory): OrderRequest {
  const market = markets.resolve(order.coin);
  const { px, sz } = roundOrder(order, market);
  const request: OrderRequest = {
    asset: market.assetIndex,
    isBuy: order.side === "buy",
    px,
    sz,
    tif: order.tif,
    reduceOnly: order.reduceOnly ?? false,
  };
  if (order.cloid !== undefined) request.cloid = order.cloid;
  return request;
}

/** The engine's per-order answer as the port's result (as the live client maps the wire). */
function orderResult(status: OrderStatus): OrderResult {
  if ("resting" in status) {
    const { oid, cloid } = status.resting;
    return { status: "resting", oid, ...(cloid ? { cloid } : {}) };
  }
  if ("filled" in status) {
    const { oid, cloid, totalSz, avgPx } = status.filled;
    return {
      status: "filled",
      oid,
      totalSz: Number(totalSz),
      avgPx: Number(avgPx),
      ...(cloid ? { cloid } : {}),
    };
  }
  return { status: "error", message: status.error };
}

function cancelResult(status: CancelStatus): CancelResult {
  return status === "success" ? { status: "success" } : { status: "error", message: status.error };
}

function utcDay(ms: number): number {
  return Math.floor(ms / DAY_MS);
}
