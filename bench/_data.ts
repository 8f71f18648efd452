/**
 * The benchmark's input: a synthetic Hyperliquid web-export CSV, written
 * once to bench/data/ (gitignored) and reused while it exists.
 *
 * @module
 */

import { syntheticTradeHistory } from "../lib/analysis/synthetic_history.ts";

/** The repository root, as a path ending in `/`. */
export const REPO_ROOT: string = new URL("../", import.meta.url).pathname;

/** Where generated inputs and scratch files go (gitignored). */
export const DATA_DIR: string = `${REPO_ROOT}bench/data`;

/** How the synthetic export is generated. */
export interface HistorySpec {
  /** Data rows (fills), header not counted. */
  rows: number;
  /** PRNG seed. */
  seed: number;
  /** Mean seconds between fills (each gap is 1 s plus up to this). */
  meanGapSeconds: number;
  /**
   * First fill, epoch ms UTC. A day of the month above 12 makes the first
   * row decide the day/month order, so no row waits in memory for it.
   */
  startMs: number;
}

/** The benchmark's default input: 1,000,000 fills from 13/03/2026 on (all days above 12). */
export const DEFAULT_SPEC: HistorySpec = {
  rows: 1_000_000,
  seed: 42,
  meanGapSeconds: 1,
  startMs: Date.UTC(2026, 2, 13),
};

/** A generated input on disk. */
export interface HistoryFile {
  path: string;
  bytes: number;
  /** True when this call wrote the file (it was missing). */
  generated: boolean;
  /** Seconds spent generating (0 when reused). */
  generateSeconds: number;
}

/** The file name of a spec, so a changed spec never reuses a stale file. */
export function historyPath(spec: HistorySpec): string {
  const start = new Date(spec.startMs).toISOString().slice(0, 10);
  return `${DATA_DIR}/trades_${spec.rows}_seed${spec.seed}_gap${spec.meanGapSeconds}s_${start}.csv`;
}

/**
 * Returns the export for `spec`, generating it with `syntheticTradeHistory`
 * only when missing. Writes to a temporary name and renames, so an
 * interrupted run never leaves a truncated file that would be reused.
 */
export async function ensureHistoryFile(spec: HistorySpec): Promise<HistoryFile> {
  const path = historyPath(spec);
  try {
    const stat = await Deno.stat(path);
    if (stat.isFile && stat.size > 0) {
      return { path, bytes: stat.size, generated: false, generateSeconds: 0 };
    }
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  await Deno.mkdir(DATA_DIR, { recursive: true });
  const started = performance.now();
  const partial = `${path}.partial`;
  const file = await Deno.open(partial, { write: true, create: true, truncate: true });
  try {
    const encoder = new TextEncoder();
    let lines: string[] = [];
    const flush = async () => {
      const bytes = encoder.encode(lines.join("\n") + "\n");
      let written = 0;
      while (written < bytes.length) written += await file.write(bytes.subarray(written));
      lines = [];
    };
    for (const line of syntheticTradeHistory(spec)) {
      lines.push(line);
      if (lines.length === 10_000) await flush();
    }
    if (lines.length > 0) await flush();
  } finally {
    file.close();
  }
  await Deno.rename(partial, path);
  const { size } = await Deno.stat(path);
  return {
    path,
    bytes: size,
    generated: true,
    generateSeconds: (performance.now() - started) / 1000,
  };
}

/** Writes a small export (for timing the CLI's start-up) and returns its path. */
export async function ensureTinyHistoryFile(): Promise<string> {
  const path = `${DATA_DIR}/trades_tiny.csv`;
  await Deno.mkdir(DATA_DIR, { recursive: true });
  const lines = [...syntheticTradeHistory({ ...DEFAULT_SPEC, rows: 2 })];
  await Deno.writeTextFile(path, lines.join("\n") + "\n");
  return path;
}
