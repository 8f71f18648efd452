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

/** The whole configuration. */
export const MmConfigSchema = z.strictObject({
  strategy: StrategyConfigSchema.prefault({}),
  engine: EngineConfigSchema.prefault({}),
});

/** A validated configuration. */
export type MmConfig = z.infer<typeof MmConfigSchema>;

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
