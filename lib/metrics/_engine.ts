/**
 * The metrics mm's engine updates, created on one registry. Per-coin metrics
 * carry a `coin` label (`mm run` may quote several coins); account-wide ones
 * (rate limits, WebSocket) have none.
 *
 * @module
 */

import type { Counter, Gauge, Histogram, MetricsRegistry } from "./_registry.ts";

/** Order actions counted by kind (one per order placed, modified or cancelled). */
export const ACTION_KINDS = ["place", "modify", "cancel"] as const;

/** An action kind. */
export type ActionKind = typeof ACTION_KINDS[number];

/** Fill sides. */
export type FillSide = "buy" | "sell";

/**
 * Upper bounds of `mm_tick_to_action_seconds`, seconds: 100 µs to 2.5 s
 * (the engine's own work is sub-millisecond; signing and the network add more).
 */
export const TICK_TO_ACTION_BUCKETS: readonly number[] = [
  0.0001,
  0.00025,
  0.0005,
  0.001,
  0.0025,
  0.005,
  0.01,
  0.025,
  0.05,
  0.1,
  0.25,
  0.5,
  1,
  2.5,
];

/** Typed handles on mm's engine metrics (names in each doc comment). */
export interface EngineMetrics {
  /** `mm_quotes_total{coin}`: quote ladders computed (one per requote decision). */
  quotes: Counter<"coin">;
  /** `mm_actions_total{coin,kind}`: orders placed / modified / cancelled (kind place|modify|cancel). */
  actions: Counter<"coin" | "kind">;
  /** `mm_action_weight_total{coin,kind}`: IP weight those actions' requests cost. */
  actionWeight: Counter<"coin" | "kind">;
  /** `mm_fills_total{coin,side}`: own fills (side buy|sell). */
  fills: Counter<"coin" | "side">;
  /** `mm_fill_volume_usd_total{coin,side}`: notional filled, USD. */
  fillVolumeUsd: Counter<"coin" | "side">;
  /** `mm_position_coins{coin}`: position, coins (> 0 long). */
  position: Gauge<"coin">;
  /** `mm_pnl_usd{coin}`: net P&L since start (realised + unrealised − fees), USD. */
  pnlUsd: Gauge<"coin">;
  /** `mm_spread_quoted_bps{coin}`: our best ask − best bid over mid, bps. */
  spreadQuotedBps: Gauge<"coin">;
  /** `mm_spread_market_bps{coin}`: the book's best ask − best bid over mid, bps. */
  spreadMarketBps: Gauge<"coin">;
  /** `mm_sigma_per_sqrt_second{coin}`: σ of the log mid per √second. */
  sigma: Gauge<"coin">;
  /** `mm_regime{coin,regime}`: 1 for the current volatility regime, 0 for the others. */
  regime: Gauge<"coin" | "regime">;
  /** `mm_gamma_per_bps{coin}`: risk aversion γ, per bps per inventory unit. */
  gamma: Gauge<"coin">;
  /** `mm_kappa_per_bps{coin}`: fill-intensity decay κ, per bps. */
  kappa: Gauge<"coin">;
  /** `mm_adverse_selection_bps{coin}`: markout estimate, bps (positive = we lose). */
  adverseSelectionBps: Gauge<"coin">;
  /** `mm_ratelimit_address_remaining`: address requests left (cap − used). */
  addressRemaining: Gauge;
  /** `mm_ratelimit_ip_weight_last_minute`: IP weight spent in the rolling minute (limit 1200). */
  ipWeightLastMinute: Gauge;
  /** `mm_ws_reconnects_total`: WebSocket reconnections. */
  wsReconnects: Counter;
  /** `mm_tick_to_action_seconds{coin}`: market update received → actions sent, seconds. */
  tickToAction: Histogram<"coin">;
  /** Sets `mm_regime{coin,regime}` to 1 for `current` and 0 for every other of `regimes`. */
  setRegime(coin: string, current: string, regimes: readonly string[]): void;
}

/** Registers mm's engine metrics on `registry` (once per registry: names must be unique). */
export function engineMetrics(registry: MetricsRegistry): EngineMetrics {
  const metrics: EngineMetrics = {
    quotes: registry.counter("mm_quotes_total", "Quote ladders computed.", ["coin"]),
    actions: registry.counter(
      "mm_actions_total",
      "Orders placed, modified or cancelled, by kind.",
      ["coin", "kind"],
    ),
    actionWeight: registry.counter(
      "mm_action_weight_total",
      "IP weight of the exchange requests sent, by action kind.",
      ["coin", "kind"],
    ),
    fills: registry.counter("mm_fills_total", "Own fills, by side.", ["coin", "side"]),
    fillVolumeUsd: registry.counter(
      "mm_fill_volume_usd_total",
      "Notional filled, USD, by side.",
      ["coin", "side"],
    ),
    position: registry.gauge("mm_position_coins", "Position, coins (> 0 long).", ["coin"]),
    pnlUsd: registry.gauge(
      "mm_pnl_usd",
      "Net P&L since start (realised + unrealised - fees), USD.",
      ["coin"],
    ),
    spreadQuotedBps: registry.gauge(
      "mm_spread_quoted_bps",
      "Our best ask - best bid over mid, bps.",
      ["coin"],
    ),
    spreadMarketBps: registry.gauge(
      "mm_spread_market_bps",
      "Market best ask - best bid over mid, bps.",
      ["coin"],
    ),
    sigma: registry.gauge("mm_sigma_per_sqrt_second", "Sigma of the log mid per sqrt(second).", [
      "coin",
    ]),
    regime: registry.gauge(
      "mm_regime",
      "Current volatility regime: 1 for the current one, 0 for the others.",
      ["coin", "regime"],
    ),
    gamma: registry.gauge(
      "mm_gamma_per_bps",
      "Risk aversion gamma, per bps per inventory unit.",
      ["coin"],
    ),
    kappa: registry.gauge("mm_kappa_per_bps", "Fill-intensity decay kappa, per bps.", ["coin"]),
    adverseSelectionBps: registry.gauge(
      "mm_adverse_selection_bps",
      "Adverse selection (markout) estimate, bps; positive = we lose.",
      ["coin"],
    ),
    addressRemaining: registry.gauge(
      "mm_ratelimit_address_remaining",
      "Address requests left (cap - used).",
    ),
    ipWeightLastMinute: registry.gauge(
      "mm_ratelimit_ip_weight_last_minute",
      "IP weight spent in the rolling minute (limit 1200).",
    ),
    wsReconnects: registry.counter("mm_ws_reconnects_total", "WebSocket reconnections."),
    tickToAction: registry.histogram(
      "mm_tick_to_action_seconds",
      "Market update received to actions sent, seconds.",
      TICK_TO_ACTION_BUCKETS,
      ["coin"],
    ),
    setRegime(coin: string, current: string, regimes: readonly string[]): void {
      for (const name of regimes) {
        metrics.regime.set({ coin, regime: name }, name === current ? 1 : 0);
      }
      if (!regimes.includes(current)) metrics.regime.set({ coin, regime: current }, 1);
    },
  };
  return metrics;
}
