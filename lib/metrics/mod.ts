/**
 * Prometheus metrics for mm: a dependency-free registry (counters, gauges,
 * fixed-bucket histograms; text exposition format 0.0.4), a loopback
 * `GET /metrics` endpoint, and the engine's metric set.
 *
 * ```ts
 * const registry = new MetricsRegistry();
 * const m = engineMetrics(registry);
 * const server = await startMetricsServer(registry, { port: 9464 });
 * m.actions.inc({ coin: "BTC", kind: "cancel" });
 * m.position.set({ coin: "BTC" }, 0.1);
 * m.tickToAction.observe({ coin: "BTC" }, 0.0004);
 * await server.close();
 * ```
 *
 * @module
 */

export {
  Counter,
  escapeLabelValue,
  formatValue,
  Gauge,
  Histogram,
  type Labels,
  MetricsRegistry,
  PROMETHEUS_CONTENT_TYPE,
  type ValueArgs,
} from "./_registry.ts";
export { type MetricsServer, type MetricsServerOptions, startMetricsServer } from "./_server.ts";
export {
  ACTION_KINDS,
  type ActionKind,
  type EngineMetrics,
  engineMetrics,
  type FillSide,
  TICK_TO_ACTION_BUCKETS,
} from "./_engine.ts";
