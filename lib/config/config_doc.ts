/**
 * The default configuration as commented JSON (`mm config init`): every key
 * with its default, and a line on what it means and its unit.
 *
 * @module
 */

import { MmConfigSchema } from "./mm_config.ts";

/** One line per key path that needs saying (units, what it does). */
const NOTES: Record<string, string> = {
  "strategy":
    "The quoting brain: depths in bps of the fair price, σ in bps per √s, κ per bps, A fills/s.",
  "strategy.gamma": "Risk aversion γ (per bps per inventory unit) and what scales it.",
  "strategy.gamma.base": "base γ",
  "strategy.gamma.regimeFactors": "γ multiplier per volatility regime",
  "strategy.gamma.toxicHours":
    "hours (UTC) whose flow is toxic: γ × multiplier, and the minimum spread too (widensFloor)",
  "strategy.gamma.cascadeK": "γ × (1 + cascadeK × cascade severity)",
  "strategy.glft.inventoryUnitUsd": "GLFT's q counts inventory in units of this many USD",
  "strategy.ladder.levels": "levels a side",
  "strategy.ladder.spacing":
    "distance between levels: {kind: bps, bps} or {kind: half_spread, multiple}",
  "strategy.ladder.minSpreadBps": "minimum spread, bps (each side at least half of it from fair)",
  "strategy.ladder.marketSpreadCapMultiple":
    "cap each side at this multiple of half the market spread (0 = off)",
  "strategy.ladder.largeQuote": "extra depth (bps) for quotes above this notional (USD)",
  "strategy.ladder.funding": "skew quotes against paying funding, at most maxBps",
  "strategy.kelly":
    "α(δ) = alphaTouch·e^(−δ/alphaDecayBps) informed fills; size = fraction × Kelly",
  "strategy.position":
    "position limit: the least of maxCoin (0 = off), maxUsd and leverage × equity",
  "strategy.position.hysteresis": "leave reduce-only below limit × (1 − hysteresis)",
  "strategy.risk.maxDataAgeMs":
    "pull the quotes when the newest market data is older than this (ms)",
  "strategy.risk.cascade": "cascade severity thresholds (0…1)",
  "strategy.risk.rateLimit": "rate-limit pressure thresholds (0…1)",
  "strategy.risk.maxDrawdownFraction": "reduce-only past this drawdown (share of peak equity)",
  "market": "The market model's starting points; `mm calibrate` measures them.",
  "market.priors":
    "used until the online estimators have data: σ annualised, A trades/s, κ per bps",
  "market.regime.thresholdsAnnual": "annualised σ where normal, volatile and extreme begin",
  "engine": "Reconciliation, pacing, heartbeat and the dead man's switch.",
  "engine.priceToleranceBps": "keep an order within this many bps of its desired price",
  "engine.sizeToleranceShare": "keep an order whose size is within this share of the desired size",
  "engine.minRequoteIntervalMs": "at least this long between requotes (ms)",
  "engine.ipWeightWarnShare": "warn at this share of the 1,200 IP weight a minute",
  "engine.statusEveryMs": "heartbeat (status event) period (ms)",
  "engine.deadMansSwitchLeadMs": "scheduleCancel this far ahead (ms, at least 5,000)",
};

/** The defaults as JSON with `//` comments, ready to edit. */
export function commentedDefaultConfig(): string {
  const lines = [
    "// mm configuration: every key with its default. Delete what you do not change;",
    "// later --config files override earlier ones. The key never goes here (HL_PRIVATE_KEY).",
  ];
  write(MmConfigSchema.parse({}), "", 0, true);
  return lines.join("\n") + "\n";

  function write(value: unknown, path: string, depth: number, last: boolean, key?: string): void {
    const indent = "  ".repeat(depth);
    const note = NOTES[path];
    if (note !== undefined) lines.push(`${indent}// ${note}`);
    const prefix = key === undefined ? indent : `${indent}${JSON.stringify(key)}: `;
    const comma = last ? "" : ",";
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
      const entries = Object.entries(value as Record<string, unknown>);
      lines.push(`${prefix}{`);
      entries.forEach(([k, v], i) =>
        write(v, path === "" ? k : `${path}.${k}`, depth + 1, i === entries.length - 1, k)
      );
      lines.push(`${indent}}${comma}`);
    } else {
      lines.push(`${prefix}${JSON.stringify(value)}${comma}`);
    }
  }
}
