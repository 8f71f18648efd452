/**
 * Parsing of `MM_LOG`-style level specs: `"info,mm.strategy=debug"`.
 *
 * @module
 */

import { UsageError } from "../errors.ts";

/** A level a target may be set to; `off` silences it. */
export type SpecLevel = "trace" | "debug" | "info" | "warning" | "error" | "fatal" | "off";

/** Severity rank of each level; a record passes when its rank ≥ the target's. */
export const LEVEL_RANK: Readonly<Record<SpecLevel, number>> = {
  trace: 0,
  debug: 1,
  info: 2,
  warning: 3,
  error: 4,
  fatal: 5,
  off: 6,
};

const LEVEL_NAMES: Readonly<Record<string, SpecLevel>> = {
  trace: "trace",
  debug: "debug",
  info: "info",
  warn: "warning",
  warning: "warning",
  error: "error",
  fatal: "fatal",
  off: "off",
};

const TARGET = /^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/;

/** A bad `MM_LOG` spec (user input). A {@link UsageError}: exit code 2 at the CLI. */
export class LogSpecError extends UsageError {
  override name = "LogSpecError";
  /** The whole spec as given. */
  readonly spec: string;
  /** The comma-separated entry at fault, when there is one. */
  readonly entry?: string;

  constructor(message: string, spec: string, entry?: string) {
    super(`invalid log spec ${JSON.stringify(spec)}: ${message}`);
    this.spec = spec;
    this.entry = entry;
  }
}

/** A parsed spec: a default level plus per-target overrides. */
export interface LogSpec {
  /** Level for targets no directive matches. */
  defaultLevel: SpecLevel;
  /** Target prefix → level, e.g. `mm.strategy` → `debug`. */
  directives: ReadonlyMap<string, SpecLevel>;
}

function parseLevel(word: string, spec: string, entry: string): SpecLevel {
  const level = LEVEL_NAMES[word.trim().toLowerCase()];
  if (level === undefined) {
    throw new LogSpecError(
      `unknown level ${JSON.stringify(word.trim())} in ${JSON.stringify(entry)}` +
        ` (expected one of trace, debug, info, warn, error, fatal, off)`,
      spec,
      entry,
    );
  }
  return level;
}

/**
 * Parses a spec such as `"info,mm.strategy=debug,mm.hyperliquid.ws=trace"`.
 * A bare level sets the default (at most one); `target=level` sets a target
 * and everything under it. Empty spec → `info`. Throws {@link LogSpecError}.
 */
export function parseLogSpec(spec: string): LogSpec {
  let defaultLevel: SpecLevel | undefined;
  const directives = new Map<string, SpecLevel>();
  for (const raw of spec.split(",")) {
    const entry = raw.trim();
    if (entry === "") continue;
    const eq = entry.indexOf("=");
    if (eq === -1) {
      if (!(entry.toLowerCase() in LEVEL_NAMES)) {
        const hint = TARGET.test(entry) ? `; for a target write ${entry}=debug` : "";
        throw new LogSpecError(`unknown level ${JSON.stringify(entry)}${hint}`, spec, entry);
      }
      if (defaultLevel !== undefined) {
        throw new LogSpecError(
          `default level given twice (${JSON.stringify(entry)})`,
          spec,
          entry,
        );
      }
      defaultLevel = parseLevel(entry, spec, entry);
      continue;
    }
    const target = entry.slice(0, eq).trim();
    const level = entry.slice(eq + 1);
    if (!TARGET.test(target)) {
      throw new LogSpecError(
        `bad target ${JSON.stringify(target)} in ${JSON.stringify(entry)}` +
          ` (expected dotted names like mm.strategy.glft)`,
        spec,
        entry,
      );
    }
    if (directives.has(target)) {
      throw new LogSpecError(`target ${target} given twice`, spec, entry);
    }
    directives.set(target, parseLevel(level, spec, entry));
  }
  return { defaultLevel: defaultLevel ?? "info", directives };
}

/** The level for a target: the longest matching dotted prefix wins. */
export function levelFor(spec: LogSpec, target: string): SpecLevel {
  let name = target;
  while (true) {
    const level = spec.directives.get(name);
    if (level !== undefined) return level;
    const dot = name.lastIndexOf(".");
    if (dot === -1) return spec.defaultLevel;
    name = name.slice(0, dot);
  }
}

/** The most verbose level any target can reach. */
export function mostVerbose(spec: LogSpec): SpecLevel {
  let best = spec.defaultLevel;
  for (const level of spec.directives.values()) {
    if (LEVEL_RANK[level] < LEVEL_RANK[best]) best = level;
  }
  return best;
}
