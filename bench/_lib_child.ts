/**
 * One library pass in a fresh process, so that its peak RSS (measured from
 * outside with GNU time) is the pass's own: bench/run.ts runs
 * `deno run --allow-read bench/_lib_child.ts FILE CHUNK_BYTES`, which prints
 * {@link LibChildResult} as one JSON line.
 *
 * @module
 */

import type { SummaryFigures } from "./_cli.ts";
import { DEFAULT_HIGH_WATER_MARK, runLibraryPass } from "./_lib_pass.ts";

/** What the child prints. */
export interface LibChildResult {
  /** Seconds of `analyzeTradeHistory` alone (no start-up). */
  wall_s: number;
  summary: SummaryFigures;
}

if (import.meta.main) {
  const [file, chunk] = Deno.args;
  if (file === undefined) throw new Error("usage: _lib_child.ts FILE [CHUNK_BYTES]");
  const highWaterMark = chunk === undefined ? DEFAULT_HIGH_WATER_MARK : Number(chunk);
  const pass = await runLibraryPass(file, { highWaterMark });
  const result: LibChildResult = { wall_s: pass.wallSeconds, summary: pass.summary };
  console.log(JSON.stringify(result));
}
