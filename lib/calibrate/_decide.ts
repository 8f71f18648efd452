/**
 * How calibration decides and records each key: the change rule (an
 * estimate with enough evidence whose 95 % interval excludes the value in
 * force), the patch it builds and the rationale beside it.
 *
 * @module
 */

import type { TradeFill } from "../analysis/trade_fill.ts";
import type { MmConfig } from "../config/mm_config.ts";
import type { AdverseObservation } from "./flow.ts";
import type { AnalysisDigest } from "./from_analysis.ts";
import type { MarketSample } from "./market_sample.ts";
import { type Estimate, roundTo } from "./_stats.ts";

/** What calibration reads; any of them may be missing. */
export interface CalibrationInputs {
  /** A market recording of the coin. */
  market?: MarketSample;
  /** Our fills (any analyze-trades form, or an mm journal). */
  fills?: readonly TradeFill[];
  /** `mm analyze-trades` NDJSON, digested. */
  analysis?: AnalysisDigest;
}

/** The evidence behind one changed value. */
export interface RationaleEntry {
  value: unknown;
  previous: unknown;
  /** Observations behind the estimate. */
  n: number;
  /** 95 % interval of the estimate. */
  ci95: [number, number] | null;
  source: "market" | "fills" | "analysis";
  method: string;
  evidence?: Record<string, unknown>;
}

/** The patch and its rationale. */
export interface Calibration {
  /** Changed keys only, nested like the config. */
  patch: Record<string, unknown>;
  /** Per changed key path (`strategy.ladder.minSpreadBps`). */
  rationale: Record<string, RationaleEntry>;
  /** Per key path left alone: why. */
  unchanged: Record<string, string>;
}

/** What every section of calibration reads. */
export interface CalibrationContext extends CalibrationInputs {
  /** The config in force. */
  base: MmConfig;
  /** Markout horizon of α and the flow tests, s (the Kelly horizon). */
  horizonS: number;
  /** Our fills marked against the recording at `horizonS` (with both). */
  ownFlow?: AdverseObservation[];
  /** Set when there are fills but none falls inside the recording: why. */
  fillsOutside?: string;
}

/** Why a market-based key stays. */
export const NEED_MARKET = "needs a market recording (--market FILE)";
/** Why a fill-based key stays. */
export const NEED_FILLS = "needs our fills (a history or journal) and a market recording";

export interface Decision {
  estimate: Estimate | undefined;
  reason?: string;
  digits: number;
  source: RationaleEntry["source"];
  method: string;
  evidence?: Record<string, unknown>;
}

/** Sets `path` when the estimate exists and its interval excludes `current`. */
export function decide(out: Calibration, path: string, current: number, decision: Decision): void {
  const { estimate } = decision;
  if (estimate === undefined || !Number.isFinite(estimate.value)) {
    out.unchanged[path] = decision.reason ?? "no estimate";
    return;
  }
  if (inside(estimate, current)) {
    out.unchanged[path] = consistent([estimate], [current], decision.digits);
    return;
  }
  set(out, path, {
    value: roundTo(estimate.value, decision.digits),
    previous: current,
    n: estimate.n,
    ci95: rounded(estimate, decision.digits),
    source: decision.source,
    method: decision.method,
    evidence: decision.evidence,
  });
}

export function set(out: Calibration, path: string, entry: RationaleEntry): void {
  out.rationale[path] = entry;
  const keys = path.split(".");
  let node = out.patch;
  for (const key of keys.slice(0, -1)) {
    node = (node[key] ??= {}) as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = entry.value;
}

export function inside(estimate: Estimate, value: number): boolean {
  return estimate.ci95[0] <= value && value <= estimate.ci95[1];
}

export function consistent(estimates: Estimate[], current: readonly number[], digits = 3): string {
  const shown = estimates.map((e) =>
    `${roundTo(e.value, digits)} (95% CI ${rounded(e, digits).join("…")}, n ${e.n})`
  );
  return `consistent with the data: estimate ${shown.join(", ")} contains the current ` +
    `${current.join(", ")}`;
}

export function rounded(estimate: Estimate, digits: number): [number, number] {
  return [roundTo(estimate.ci95[0], digits), roundTo(estimate.ci95[1], digits)];
}

export function clampEstimate(estimate: Estimate, least: number): Estimate {
  return {
    value: Math.max(least, estimate.value),
    n: estimate.n,
    ci95: [Math.max(least, estimate.ci95[0]), Math.max(least, estimate.ci95[1])],
  };
}

export function hourRow(hour: { hourUtc: number; n: number; meanBps: number; z: number }) {
  return { hour_utc: hour.hourUtc, n: hour.n, mean: round4(hour.meanBps), z: round4(hour.z) };
}

export function round4(value: number | undefined): number | null {
  return value === undefined || !Number.isFinite(value) ? null : roundTo(value, 4);
}

export function same(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
