/**
 * The quoting engine: market events → estimators → strategy → desired
 * ladder → reconciler → rate gate → executor; acks and fills back into
 * position, P&L and adverse selection. One engine serves `mm run` (the live
 * exchange) and `mm dry-run` (the paper exchange); only the `Exchange` behind
 * it and the market source differ.
 *
 * Actions never block the event loop: a requote is sent and its answers are
 * applied when they arrive, and no new requote starts while one is in flight
 * (so a replay that only advances market time never deadlocks on a paper
 * exchange's latency).
 *
 * @module
 */

import { isMmCloid } from "../hyperliquid/cloid.ts";
import type { MarketInfo } from "../hyperliquid/markets.ts";
import type { Exchange, OrderResult } from "../hyperliquid/port.ts";
import type { OpenOrder, UserFill } from "../hyperliquid/schemas.ts";
import type { LevelsBook } from "../hyperliquid/book_levels.ts";
import type { L2Book, Trade } from "../hyperliquid/stream_schemas.ts";
import type { StrategyConfig } from "../config/strategy_config.ts";
import { computeQuote } from "../strategy/quote.ts";
import type { Side as LadderSide } from "../strategy/ladder.ts";
import type { Regime } from "../strategy/estimates.ts";
import type { DeadMansSwitch } from "./dead_mans_switch.ts";
import { fillEvent, type Journal } from "./journal.ts";
import type { MarketModel } from "./market_model.ts";
import type { RateLimitTracker } from "./rate_tracker.ts";
import { type DesiredLevel, keepsEverything, reconcile, type RestingOrder } from "./reconciler.ts";

/** Engine settings (the `engine` section of the config). */
export interface EngineSettings {
  /** Keep an order within this many bps of its desired price (before rate-limit widening). */
  priceToleranceBps: number;
  /** Keep an order whose size is within this share of the desired size. */
  sizeToleranceShare: number;
  /** Emit a `status` heartbeat at most this often, ms. */
  statusEveryMs: number;
}

/** Running totals, reported in the `summary` event. */
export interface EngineStats {
  requotes: number;
  actions: number;
  rejects: number;
  fills: number;
  volumeUsd: number;
  feesUsd: number;
  realizedGrossUsd: number;
  maxAbsPositionCoin: number;
  maxDrawdownUsd: number;
  /** Requotes held back by the rate gate, by reason. */
  gated: Record<string, number>;
}

/** Options of {@link QuotingEngine}. */
export interface QuotingEngineOptions {
  market: MarketInfo;
  exchange: Exchange;
  model: MarketModel;
  strategy: StrategyConfig;
  settings: EngineSettings;
  tracker: RateLimitTracker;
  journal: Journal;
  newCloid: () => string;
  now: () => number;
  /** Account equity at start, USD (for sizing and drawdown). */
  startingEquityUsd: number;
  dms?: DeadMansSwitch;
}

/** One coin's market maker. */
export class QuotingEngine {
  readonly coin: string;
  readonly stats: EngineStats = {
    requotes: 0,
    actions: 0,
    rejects: 0,
    fills: 0,
    volumeUsd: 0,
    feesUsd: 0,
    realizedGrossUsd: 0,
    maxAbsPositionCoin: 0,
    maxDrawdownUsd: 0,
    gated: {},
  };
  readonly #o: QuotingEngineOptions;
  readonly #resting = new Map<number, RestingOrder>();
  /** Bumped on every change to `#resting` (and fills), so an unchanged plan can be skipped. */
  #restingVersion = 0;
  /** The last ladder that needed no action, with the resting version it was checked against. */
  #settled: { levels: readonly DesiredLevel[]; version: number } = { levels: [], version: -1 };
  /** Set when an action failed: re-read open orders before quoting again. */
  #needsSync = false;
  /** What the last quote was computed from: see {@link LastQuote}. */
  #lastQuote: LastQuote = {
    mid: NaN,
    ms: -Infinity,
    version: -1,
    toleranceBps: 0,
    hour: NaN,
    regime: undefined,
    stale: false,
  };
  /** When the book that triggered the requote in flight arrived (clock ms), for tick-to-action. */
  #tickMs = NaN;
  /** Requotes so far: each one's id ties its quote, action, ack and reject events together. */
  #requoteSeq = 0;
  readonly #seenTids = new Set<number>();
  #positionCoin = 0;
  #entryPx = 0;
  #blockedSide: LadderSide | null = null;
  #inFlight: Promise<void> | undefined;
  #peakEquityUsd: number;
  #lastStatusMs = -Infinity;
  #stopped = false;

  constructor(options: QuotingEngineOptions) {
    this.#o = options;
    this.coin = options.market.coin;
    this.#peakEquityUsd = options.startingEquityUsd;
  }

  /** Position, coins (> 0 long). */
  get positionCoin(): number {
    return this.#positionCoin;
  }

  /** mm's resting orders as the engine knows them. */
  get resting(): RestingOrder[] {
    return [...this.#resting.values()];
  }

  /** Equity now: start + realised − fees + unrealised at the mid, USD. */
  equityUsd(): number {
    const mid = this.#o.model.book.mid;
    const unrealized = Number.isFinite(mid) ? this.#positionCoin * (mid - this.#entryPx) : 0;
    return this.#o.startingEquityUsd + this.stats.realizedGrossUsd - this.stats.feesUsd +
      unrealized;
  }

  /**
   * Start-up: take over mm's own resting orders for this coin (by cloid tag)
   * and load the position, so a restart neither duplicates nor forgets.
   */
  async start(): Promise<void> {
    const { exchange, journal, now } = this.#o;
    const open = await exchange.openOrders();
    for (const order of open) {
      if (order.coin !== this.coin || !isMmCloid(order.cloid ?? undefined)) continue;
      this.#resting.set(order.oid, restingOf(order));
    }
    const state = await exchange.accountState();
    const position = state.assetPositions.find((p) => p.position.coin === this.coin)?.position;
    if (position !== undefined) {
      this.#positionCoin = Number(position.szi);
      this.#entryPx = Number(position.entryPx ?? 0);
    }
    journal.append({
      ts: now(),
      type: "start",
      coin: this.coin,
      reclaimed_orders: this.#resting.size,
      position_coin: this.#positionCoin,
    });
  }

  /**
   * A book snapshot: update the model, then requote if the market moved
   * enough. A {@link LevelsBook} is held until the next book (see
   * {@link MarketModel.onBook}).
   */
  onBook(book: L2Book | LevelsBook): void {
    this.#tickMs = this.#o.now();
    if (this.#stopped || !this.#o.model.onBook(book)) return;
    this.#maybeStatus();
    if (this.#inFlight === undefined && this.#quoteDue()) this.#requote();
  }

  /**
   * Whether a new quote is worth computing: the mid moved by a quarter of the
   * price tolerance the reconciler used (a smaller move cannot take a kept
   * order out of it by much), the orders or position changed other than by
   * our own answered action, a failed action needs a resync, the last quote
   * was pulled for stale data, the UTC hour (toxic hours) or the volatility
   * regime changed, or {@link REQUOTE_REFRESH_MS} passed (σ, κ, A and the
   * other risk inputs move slowly; the timer covers a silent feed).
   */
  #quoteDue(): boolean {
    const now = this.#o.now();
    const mid = this.#o.model.book.mid;
    const last = this.#lastQuote;
    const movedBps = Math.abs(mid - last.mid) / mid * 1e4;
    return this.#needsSync || last.stale || last.version !== this.#restingVersion ||
      now - last.ms >= REQUOTE_REFRESH_MS || !(movedBps < last.toleranceBps / 4) ||
      utcHourIndex(now) !== last.hour || this.#o.model.regime.regime !== last.regime;
  }

  /** Public trades. */
  onTrades(trades: readonly Trade[]): void {
    this.#o.model.onTrades(trades);
  }

  /**
   * Fills the exchange reports as history (the userFills snapshot on
   * subscribe): remembered so they are never counted again, not counted now.
   */
  markSeen(fills: readonly UserFill[]): void {
    for (const fill of fills) if (fill.tid !== undefined) this.#seenTids.add(fill.tid);
  }

  /**
   * A timer tick (about once a second): requotes without a new book when a
   * quote is due (as on a book: a fill, the refresh interval, the hour…) or
   * the data is older than the risk rules allow, so a stale feed pulls the
   * quotes within a tick of going stale (the risk rules read the data age)
   * and keeps them pulled.
   */
  onTimer(): void {
    if (this.#stopped || !this.#o.model.ready) return;
    this.#maybeStatus();
    if (this.#inFlight !== undefined) return;
    const stale = !(this.#o.model.dataAgeMs(this.#o.now()) <= this.#o.strategy.risk.maxDataAgeMs);
    if (stale || this.#quoteDue()) this.#requote();
  }

  /**
   * Safety sync: the exchange's word on mm's resting orders replaces the
   * engine's (orders it lost track of are adopted, vanished ones dropped).
   * Returns how many entries differed.
   */
  async sync(): Promise<number> {
    if (this.#inFlight !== undefined) return 0;
    return await this.#syncNow();
  }

  async #syncNow(): Promise<number> {
    const open = await this.#o.exchange.openOrders();
    const own = open.filter((o) => o.coin === this.coin && isMmCloid(o.cloid ?? undefined));
    const seen = new Set(own.map((o) => o.oid));
    let drift = 0;
    for (const oid of this.#resting.keys()) {
      if (!seen.has(oid)) {
        this.#resting.delete(oid);
        drift += 1;
      }
    }
    for (const order of own) {
      if (this.#resting.has(order.oid)) continue;
      this.#resting.set(order.oid, restingOf(order));
      drift += 1;
    }
    if (drift > 0) {
      this.#restingVersion += 1;
      this.#o.journal.append({ ts: this.#o.now(), type: "sync", coin: this.coin, repaired: drift });
    }
    return drift;
  }

  /** One of our fills (from the exchange's userFills, deduplicated by tid). */
  onFill(fill: UserFill): void {
    if (fill.coin !== this.coin) return;
    if (fill.tid !== undefined) {
      if (this.#seenTids.has(fill.tid)) return;
      this.#seenTids.add(fill.tid);
    }
    const px = Number(fill.px), sz = Number(fill.sz);
    const signed = fill.side === "B" ? sz : -sz;
    const before = this.#positionCoin;
    const after = before + signed;
    if (before === 0 || Math.sign(before) === Math.sign(signed)) {
      this.#entryPx = (this.#entryPx * Math.abs(before) + px * sz) / Math.abs(after);
    } else if (Math.sign(after) !== Math.sign(before) && after !== 0) {
      this.#entryPx = px; // flipped: the remainder opened at this price
    }
    this.#positionCoin = roundCoin(after);
    if (this.#positionCoin === 0) this.#entryPx = 0;
    const fee = Number(fill.fee);
    this.stats.fills += 1;
    this.stats.volumeUsd += px * sz;
    this.stats.feesUsd += fee;
    this.stats.realizedGrossUsd += Number(fill.closedPnl);
    this.stats.maxAbsPositionCoin = Math.max(
      this.stats.maxAbsPositionCoin,
      Math.abs(this.#positionCoin),
    );
    this.#restingVersion += 1;
    const resting = fill.oid === undefined ? undefined : this.#resting.get(fill.oid);
    if (resting !== undefined) {
      resting.sz = roundCoin(resting.sz - sz);
      if (resting.sz <= 0) this.#resting.delete(resting.oid);
    }
    this.#o.model.onOwnFill({ side: fill.side, px, sz, time: fill.time });
    this.#o.tracker.onFill(px * sz);
    this.#o.journal.append(fillEvent(fill, {}));
    const equity = this.equityUsd();
    this.#peakEquityUsd = Math.max(this.#peakEquityUsd, equity);
    this.stats.maxDrawdownUsd = Math.max(this.stats.maxDrawdownUsd, this.#peakEquityUsd - equity);
  }

  /** Whether a requote's actions are in flight. */
  get busy(): boolean {
    return this.#inFlight !== undefined;
  }

  /** Waits for the requote in flight, if any. */
  async settle(): Promise<void> {
    while (this.#inFlight !== undefined) await this.#inFlight;
  }

  /**
   * Stops quoting and cancels every own order, then checks the exchange: the
   * orders still resting after the cancel (0 when all went well).
   */
  async shutdown(options: { verify?: boolean } = {}): Promise<number> {
    this.#stopped = true;
    await this.settle();
    const { exchange, journal, now } = this.#o;
    const cancels = this.resting.map((order) => ({ coin: this.coin, oid: order.oid }));
    if (cancels.length > 0) {
      const results = await exchange.cancelOrders(cancels);
      this.stats.actions += 1;
      journal.append({
        ts: now(),
        type: "action",
        coin: this.coin,
        kind: "cancel",
        orders: cancels.length,
        reason: "shutdown",
      });
      // An error ("never placed, already canceled, or filled") also means: not resting.
      results.forEach((_, i) => this.#resting.delete(cancels[i].oid));
    }
    let remaining = 0;
    if (options.verify ?? true) {
      const open = await exchange.openOrders();
      remaining = open.filter((o) =>
        o.coin === this.coin && isMmCloid(o.cloid ?? undefined)
      ).length;
    }
    await this.#o.dms?.disarm();
    journal.append({ ts: now(), type: "stop", coin: this.coin, remaining_orders: remaining });
    return remaining;
  }

  /** The `summary` event payload. */
  summary(): Record<string, unknown> {
    const s = this.stats;
    const equity = this.equityUsd();
    const netUsd = equity - this.#o.startingEquityUsd;
    return {
      coin: this.coin,
      fills: s.fills,
      volume_usd: round6(s.volumeUsd),
      fees_usd: round6(s.feesUsd),
      realized_gross_usd: round6(s.realizedGrossUsd),
      net_pnl_usd: round6(netUsd),
      edge_bps: s.volumeUsd > 0 ? Math.round((netUsd / s.volumeUsd) * 1e8) / 1e4 : null,
      position_coin: this.#positionCoin,
      max_inventory_coin: s.maxAbsPositionCoin,
      max_drawdown_usd: round6(s.maxDrawdownUsd),
      requotes: s.requotes,
      actions: s.actions,
      rejects: s.rejects,
      gated: s.gated,
      ratelimit: this.#o.tracker.snapshot(),
    };
  }

  #maybeStatus(): void {
    const now = this.#o.now();
    if (now - this.#lastStatusMs < this.#o.settings.statusEveryMs) return;
    this.#lastStatusMs = now;
    this.#o.journal.append({
      ts: now,
      type: "status",
      coin: this.coin,
      position_coin: this.#positionCoin,
      resting_orders: this.#resting.size,
      equity_usd: round6(this.equityUsd()),
      ratelimit: this.#o.tracker.snapshot(),
    });
    void this.#o.dms?.tick();
  }

  #requote(): void {
    if (this.#needsSync) {
      this.#needsSync = false;
      const resync = this.#syncNow().then(() => undefined, () => {
        this.#needsSync = true;
      }).finally(() => {
        this.#inFlight = undefined;
      });
      this.#inFlight = resync;
      return;
    }
    const o = this.#o;
    const now = o.now();
    const toleranceBps = o.settings.priceToleranceBps * o.tracker.toleranceMultiplier();
    const last = this.#lastQuote;
    last.mid = o.model.book.mid;
    last.ms = now;
    last.version = this.#restingVersion;
    last.toleranceBps = toleranceBps;
    last.hour = utcHourIndex(now);
    last.regime = o.model.regime.regime;
    const gate = o.tracker.requoteAllowed();
    if (!gate.ok) {
      const reason = gate.reason ?? "unknown";
      this.stats.gated[reason] = (this.stats.gated[reason] ?? 0) + 1;
      return;
    }
    const { estimates, priors } = o.model.readout(now);
    const equity = this.equityUsd();
    const quote = computeQuote(estimates, {
      market: o.market,
      positionCoin: this.#positionCoin,
      equityUsd: equity,
      drawdownFraction: this.#peakEquityUsd > 0
        ? Math.max(0, (this.#peakEquityUsd - equity) / this.#peakEquityUsd)
        : 0,
      rateLimitPressure: riskPressure(o.tracker.pressureParts()),
      blockedSide: this.#blockedSide,
    }, o.strategy);
    this.#blockedSide = quote.blockedSide;
    last.stale = quote.decision.reasons.some((reason) => reason.code === "stale_data");
    const desired: DesiredLevel[] = [...quote.levels.bids, ...quote.levels.asks].map((level) => ({
      side: level.side === "bid" ? "buy" : "sell",
      px: level.px,
      sz: level.sz,
      level: level.level,
    }));
    // The same ladder against the same resting orders needs nothing: skip the reconciler.
    const settled = this.#settled;
    if (settled.version === this.#restingVersion && sameLadder(desired, settled.levels)) return;
    const resting = this.resting;
    const reconcileOptions = {
      coin: this.coin,
      priceToleranceBps: toleranceBps,
      sizeToleranceShare: o.settings.sizeToleranceShare,
      newCloid: o.newCloid,
    };
    // Most ladders move within tolerance of the orders: check that before building a plan.
    const plan = keepsEverything(desired, resting, reconcileOptions)
      ? undefined
      : reconcile(desired, resting, reconcileOptions);
    if (plan === undefined || plan.actions === 0) {
      this.#settled = { levels: desired, version: this.#restingVersion };
      return;
    }
    this.stats.requotes += 1;
    o.tracker.notifyRequote();
    const requoteId = `${this.coin}-${++this.#requoteSeq}`;
    o.journal.append({
      ts: now,
      type: "quote",
      coin: this.coin,
      requote_id: requoteId,
      decision: quote.decision.action,
      reasons: quote.decision.reasons,
      priors,
      explanation: quote.explanation,
      bids: quote.levels.bids.map((l) => [l.px, l.sz]),
      asks: quote.levels.asks.map((l) => [l.px, l.sz]),
      plan: {
        keep: plan.keep.length,
        modify: plan.modify.length,
        cancel: plan.cancel.length,
        place: plan.place.length,
        actions: plan.actions,
      },
    });
    const run = this.#execute(plan.steps, requoteId).finally(() => {
      this.#inFlight = undefined;
    });
    this.#inFlight = run;
  }

  async #execute(steps: ReturnType<typeof reconcile>["steps"], requoteId: string): Promise<void> {
    const o = this.#o;
    const version = ++this.#restingVersion;
    let rejected = false;
    for (const step of steps) {
      o.tracker.record({
        endpoint: "exchange",
        type: step.kind === "place" ? "order" : step.kind === "modify" ? "batchModify" : "cancel",
        weight: 1 + Math.floor(stepLength(step) / 40),
        ts: o.now(),
        answered: true,
        batchLength: stepLength(step),
      });
      this.stats.actions += 1;
      const sentMs = o.now();
      o.journal.append({
        ts: sentMs,
        type: "action",
        requote_id: requoteId,
        coin: this.coin,
        kind: step.kind,
        orders: stepLength(step),
        weight: 1 + Math.floor(stepLength(step) / 40),
        tick_to_action_ms: Number.isFinite(this.#tickMs) ? sentMs - this.#tickMs : null,
      });
      try {
        if (step.kind === "cancel") {
          const results = await o.exchange.cancelOrders(step.cancels);
          results.forEach((result, i) => {
            this.#resting.delete(step.cancels[i].oid);
            if (result.status === "error") {
              this.#reject("cancel", result.message);
              rejected = true;
            }
          });
        } else if (step.kind === "modify") {
          const results = await o.exchange.modifyOrders(step.modifies);
          results.forEach((result, i) => {
            const modify = step.modifies[i];
            this.#resting.delete(modify.target);
            if (!this.#rest(result, modify.order)) rejected = true;
          });
        } else {
          const results = await o.exchange.placeOrders(step.orders);
          results.forEach((result, i) => {
            if (!this.#rest(result, step.orders[i])) rejected = true;
          });
        }
        o.journal.append({
          ts: o.now(),
          type: "ack",
          requote_id: requoteId,
          coin: this.coin,
          kind: step.kind,
          latency_ms: o.now() - sentMs,
        });
      } catch (error) {
        // Whether a failed action took effect is unknown (a 5xx or timeout may
        // hide a success): never re-sent blindly; the next requote first
        // re-reads the exchange's open orders, so nothing is double-placed.
        this.#needsSync = true;
        o.journal.append({
          ts: o.now(),
          type: "error",
          requote_id: requoteId,
          coin: this.coin,
          kind: step.kind,
          message: error instanceof Error ? error.message : String(error),
        });
        return;
      }
    }
    // The resting orders are now what this requote asked for: that change
    // alone needs no new quote (a fill, sync or reject meanwhile still does).
    if (!rejected && this.#restingVersion === version) this.#lastQuote.version = version;
  }

  /** Records an order's answer; false when it was rejected. */
  #rest(
    result: OrderResult,
    order: { side: "buy" | "sell"; px: number; sz: number; cloid?: string },
  ): boolean {
    if (result.status === "resting") {
      this.#resting.set(result.oid, {
        oid: result.oid,
        cloid: result.cloid ?? order.cloid ?? "",
        coin: this.coin,
        side: order.side,
        px: order.px,
        sz: order.sz,
        placedAtMs: this.#o.now(),
      });
    } else if (result.status === "error") {
      this.#reject("order", result.message);
      return false;
    }
    return true;
  }

  #reject(kind: string, message: string): void {
    this.stats.rejects += 1;
    this.#o.journal.append({ ts: this.#o.now(), type: "reject", coin: this.coin, kind, message });
  }
}

/**
 * The rate-limit pressure the risk rules see: IP pressure as is (near the IP
 * limit pulling is right), address pressure capped below the pull threshold
 * (pulling spends address requests too; pacing protects that budget).
 */
function riskPressure(parts: { ip: number; address: number }): number {
  return Math.max(parts.ip, Math.min(parts.address, ADDRESS_PRESSURE_CAP));
}

const ADDRESS_PRESSURE_CAP = 0.9;

/**
 * Recompute a quote at least this often even in a still market, ms of the
 * engine's clock. The inputs that can change in a still market without a
 * trigger of their own (σ, κ, A, cascade severity, rate-limit pressure) move
 * over tens of seconds; hour, regime, fills and stale data trigger at once.
 */
export const REQUOTE_REFRESH_MS = 5000;

/** What the last quote was computed from, for {@link QuotingEngine.#quoteDue}. */
interface LastQuote {
  /** Mid, USD. */
  mid: number;
  /** When, engine clock ms. */
  ms: number;
  /** The resting version it was computed against (or its own answered action's). */
  version: number;
  /** The reconciler's price tolerance then, bps (rate-limit widening included). */
  toleranceBps: number;
  /** UTC hours since the epoch (toxic hours change γ on the hour). */
  hour: number;
  regime: Regime | undefined;
  /** Whether it was pulled for stale data (the next fresh book requotes at once). */
  stale: boolean;
}

/** Whole UTC hours since the epoch of an epoch-ms time. */
function utcHourIndex(ms: number): number {
  return Math.floor(ms / HOUR_MS);
}

const HOUR_MS = 3_600_000;

/** An open order of mm's (cloid-tagged) as the engine's resting order. */
function restingOf(order: OpenOrder): RestingOrder {
  return {
    oid: order.oid,
    cloid: order.cloid!,
    coin: order.coin,
    side: order.side === "B" ? "buy" : "sell",
    px: Number(order.limitPx),
    sz: Number(order.sz),
    placedAtMs: order.timestamp,
  };
}

/** Whether two ladders have the same sides, prices and sizes, level by level. */
function sameLadder(a: readonly DesiredLevel[], b: readonly DesiredLevel[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i].side !== b[i].side || a[i].px !== b[i].px || a[i].sz !== b[i].sz) return false;
  }
  return true;
}

function stepLength(step: ReturnType<typeof reconcile>["steps"][number]): number {
  return step.kind === "cancel"
    ? step.cancels.length
    : step.kind === "modify"
    ? step.modifies.length
    : step.orders.length;
}

function roundCoin(x: number): number {
  return Math.round(x * 1e8) / 1e8;
}

function round6(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
