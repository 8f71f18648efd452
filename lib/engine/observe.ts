/**
 * The journal's events as Prometheus metrics: every event mm writes updates
 * the gauges and counters a dashboard reads (`mm run --metrics-port`).
 *
 * @module
 */

import { REGIMES } from "../market/regime.ts";
import type { EngineMetrics } from "../metrics/mod.ts";
import type { JournalEvent } from "./journal.ts";

/** Updates `metrics` from one journal event (unknown kinds are ignored). */
export function observeEvent(metrics: EngineMetrics, event: JournalEvent): void {
  const coin = typeof event.coin === "string" ? event.coin : "";
  switch (event.type) {
    case "quote": {
      metrics.quotes.inc({ coin });
      const e = event.explanation as Record<string, unknown> | undefined;
      if (e === undefined) return;
      const num = (
        value: unknown,
      ) => (typeof value === "number" && Number.isFinite(value) ? value : undefined);
      const set = (
        gauge: { set(labels: { coin: string }, value: number): void },
        value: unknown,
      ) => {
        const v = num(value);
        if (v !== undefined) gauge.set({ coin }, v);
      };
      set(metrics.spreadMarketBps, e.marketSpreadBps);
      const sigma = num(e.sigmaBpsPerSqrtS);
      if (sigma !== undefined) metrics.sigma.set({ coin }, sigma / 1e4);
      set(metrics.gamma, (e.gamma as { gamma?: number } | undefined)?.gamma);
      set(metrics.kappa, e.fillDecayKappa);
      set(metrics.adverseSelectionBps, e.adverseSelectionBps);
      if (typeof e.regime === "string") metrics.setRegime(coin, e.regime, REGIMES);
      const bids = event.bids as [number, number][] | undefined;
      const asks = event.asks as [number, number][] | undefined;
      const mid = num(e.mid);
      if (bids?.length && asks?.length && mid !== undefined) {
        metrics.spreadQuotedBps.set({ coin }, ((asks[0][0] - bids[0][0]) / mid) * 1e4);
      }
      return;
    }
    case "action": {
      const kind = String(event.kind);
      const orders = typeof event.orders === "number" ? event.orders : 1;
      metrics.actions.inc({ coin, kind }, orders);
      metrics.actionWeight.inc({ coin, kind }, typeof event.weight === "number" ? event.weight : 1);
      if (typeof event.tick_to_action_ms === "number") {
        metrics.tickToAction.observe({ coin }, event.tick_to_action_ms / 1000);
      }
      return;
    }
    case "fill": {
      const side = String(event.side);
      metrics.fills.inc({ coin, side });
      const px = Number(event.px), sz = Number(event.sz);
      if (Number.isFinite(px * sz)) metrics.fillVolumeUsd.inc({ coin, side }, px * sz);
      return;
    }
    case "status": {
      if (typeof event.position_coin === "number") {
        metrics.position.set({ coin }, event.position_coin);
      }
      return;
    }
    case "connection": {
      if (event.event === "open" && event.reconnect === true) metrics.wsReconnects.inc();
      return;
    }
  }
}

/** Which component's logger an event kind belongs to, and at which level. */
const LOG_ROUTES: Record<string, { target: string; level: "debug" | "info" | "warn" }> = {
  start: { target: "mm.engine", level: "info" },
  stop: { target: "mm.engine", level: "info" },
  summary: { target: "mm.engine", level: "info" },
  catch_up: { target: "mm.engine", level: "info" },
  sync: { target: "mm.engine", level: "warn" },
  quote: { target: "mm.strategy.glft", level: "debug" },
  action: { target: "mm.engine", level: "debug" },
  ack: { target: "mm.engine", level: "debug" },
  fill: { target: "mm.engine", level: "info" },
  reject: { target: "mm.engine", level: "warn" },
  error: { target: "mm.engine", level: "warn" },
  retry: { target: "mm.hyperliquid", level: "warn" },
  connection: { target: "mm.hyperliquid.ws", level: "info" },
  stale: { target: "mm.hyperliquid.ws", level: "warn" },
  status: { target: "mm.ratelimit", level: "info" },
  ratelimit: { target: "mm.ratelimit", level: "debug" },
};

/** Routes one journal event to its component logger (`requote_id` ties a requote's story together). */
export function logEvent(
  loggerFor: (
    target: string,
  ) => {
    debug(m: string, p?: Record<string, unknown>): void;
    info(m: string, p?: Record<string, unknown>): void;
    warn(m: string, p?: Record<string, unknown>): void;
  },
  event: JournalEvent,
): void {
  const route = LOG_ROUTES[event.type] ?? { target: "mm.engine", level: "debug" as const };
  const { ts: _ts, type, ...props } = event;
  loggerFor(route.target)[route.level](type, props);
}
