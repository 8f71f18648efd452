/**
 * mm's configuration: one JSON document (`//` comments allowed) validated by
 * zod, unknown keys refused with the path named. Several files merge in order (later files
 * override: `--config base.json --config patch.json`).
 *
 * @module
 */

import { readFileSync } from "node:fs";
import { z } from "zod";
import { InputError } from "../errors.ts";
import { StrategyConfigSchema } from "./strategy_config.ts";

/** The engine section: reconciliation and reporting. */
export const EngineConfigSchema = z.strictObject({
  /** Keep an order within this many bps of its desired price. */
  priceToleranceBps: z.number().nonnegative().default(1.5),
  /** Keep an order whose size is within this share of the desired size. */
  sizeToleranceShare: z.number().min(0).max(1).default(0.2),
  /** Minimum time between requotes, ms. */
  minRequoteIntervalMs: z.number().int().nonnegative().default(100),
  /** IP weight warning at this share of 1,200 a minute. */
  ipWeightWarnShare: z.number().min(0).max(1).default(0.8),
  /** Heartbeat (`status` event) period, ms. */
  statusEveryMs: z.number().int().positive().default(60_000),
  /** Dead man's switch lead, ms (at least 5,000). */
  deadMansSwitchLeadMs: z.number().int().min(5_000).default(30_000),
});

/**
 * The market model's starting points (lib/engine/market_model.ts): priors
 * used until an estimator has data, and the volatility regime thresholds.
 * `mm calibrate` measures them from a market recording.
 */
export const MarketConfigSchema = z.strictObject({
  /** Used until the online estimators are ready. */
  priors: z.strictObject({
    /** Annualised σ (0.5 = 50 %) before the volatility estimate is ready. */
    sigmaAnnual: z.number().positive().finite().default(0.5),
    /** A of the fill-intensity curve λ(δ) = A·e^{−κδ}, trades/s at the mid (chosen here: 1). */
    fillIntensityA: z.number().positive().finite().default(1),
    /** κ of the fill-intensity curve, per bps (chosen here: 0.3). */
    fillDecayKappaPerBps: z.number().positive().finite().default(0.3),
  }).prefault({}),
  /** Volatility regimes (lib/market/regime.ts). */
  regime: z.strictObject({
    /** Annualised σ at which normal, volatile and extreme begin, increasing. */
    thresholdsAnnual: z.tuple([
      z.number().positive().finite(),
      z.number().positive().finite(),
      z.number().positive().finite(),
    ]).default([0.35, 0.75, 1.5]).refine(([a, b, c]) => a < b && b < c, {
      message: "thresholds must increase: normal < volatile < extreme",
    }),
  }).prefault({}),
});

/** The whole configuration. */
export const MmConfigSchema = z.strictObject({
  strategy: StrategyConfigSchema.prefault({}),
  engine: EngineConfigSchema.prefault({}),
  market: MarketConfigSchema.prefault({}),
  /**
   * The evidence `mm calibrate` writes beside its patch (per changed key);
   * read by people, ignored by the engine.
   */
  rationale: z.record(z.string(), z.unknown()).optional(),
});

/** A validated configuration. */
export type MmConfig = z.infer<typeof MmConfigSchema>;
/** The market model's priors and regime thresholds. */
export type MarketConfig = MmConfig["market"];

/**
 * Reads and merges config files (later override earlier), then validates.
 * No files: the defaults.
 *
 * @throws {InputError} naming the file and the key path.
 */
export function loadConfig(paths: readonly string[]): MmConfig {
  let merged: Record<string, unknown> = {};
  for (const path of paths) {
    let value: unknown;
    try {
      value = JSON.parse(stripJsonComments(readFileSync(path, "utf8")));
    } catch (error) {
      const reason = (error as { code?: string }).code === "ENOENT"
        ? "no such file"
        : (error as Error).message;
      throw new InputError(`cannot read config: ${reason}`, { file: path }, {
        hint: "pass a JSON config file",
      });
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      throw new InputError("a config must be a JSON object", { file: path });
    }
    merged = deepMerge(merged, value as Record<string, unknown>);
  }
  const parsed = MmConfigSchema.safeParse(merged);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const key = issue.path.join(".") || "(root)";
    throw new InputError(`config key ${key}: ${issue.message}`, {
      file: paths.join(" + ") || "(defaults)",
    }, {
      hint: "see README: Configuration",
    });
  }
  return parsed.data;
}

/**
 * JSON with `//` line comments (what `mm config init` writes) as plain JSON:
 * comments outside strings become spaces, so positions in errors still match.
 */
export function stripJsonComments(text: string): string {
  let out = "";
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      out += c;
      if (c === "\\") {
        out += text[i + 1] ?? "";
        i++;
      } else if (c === '"') {
        inString = false;
      }
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (c === "/" && text[i + 1] === "/") {
      while (i < text.length && text[i] !== "\n") {
        out += " ";
        i++;
      }
      out += text[i] ?? "";
    } else {
      out += c;
    }
  }
  return out;
}

function deepMerge(
  base: Record<string, unknown>,
  patch: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
