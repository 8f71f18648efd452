/**
 * `deno bench` for the analyze-trades library pass on a 100,000-row
 * synthetic export held in memory (no file, no permissions), fed in 64 KiB
 * chunks as node:fs would, plus its two costliest stages on their own.
 * The 1,000,000-row file benchmark of the real CLI is `deno task bench`.
 *
 * @module
 */

import { analyzeTradeHistory, TimeZone } from "../lib/analysis/mod.ts";
import { readCsv } from "../lib/analysis/csv.ts";
import { splitLocaleStamp, wallClockMs } from "../lib/analysis/locale_time.ts";
import { syntheticTradeHistory } from "../lib/analysis/synthetic_history.ts";
import { DEFAULT_SPEC } from "./_data.ts";

const ROWS = 100_000;
const CHUNK_CHARS = 64 * 1024;

const TEXT = [...syntheticTradeHistory({ ...DEFAULT_SPEC, rows: ROWS })].join("\n") + "\n";
const CHUNKS: string[] = [];
for (let i = 0; i < TEXT.length; i += CHUNK_CHARS) CHUNKS.push(TEXT.slice(i, i + CHUNK_CHARS));
const STAMPS = TEXT.split("\n").slice(1, ROWS + 1).map((line) => line.slice(0, line.indexOf(",")));

async function* chunks(): AsyncGenerator<string> {
  yield* CHUNKS;
}

Deno.bench({
  name: "analyzeTradeHistory, 100k rows",
  group: "analyze_trades",
  baseline: true,
  async fn() {
    const { result } = await analyzeTradeHistory(chunks(), {
      file: "bench.csv",
      tz: new TimeZone("UTC"),
      nowMs: Date.UTC(2026, 10, 25),
    });
    if (result.totals.fills !== ROWS) throw new Error(`read ${result.totals.fills} fills`);
  },
});

Deno.bench({
  name: "readCsv (udsv) only, 100k rows",
  group: "analyze_trades",
  async fn() {
    const csv = await readCsv(chunks());
    let rows = 0;
    for await (const batch of csv!.batches) rows += batch.length;
    if (rows !== ROWS) throw new Error(`parsed ${rows} rows`);
  },
});

Deno.bench({
  name: "splitLocaleStamp + wallClockMs only, 100k stamps",
  group: "analyze_trades",
  fn() {
    let sum = 0;
    for (const text of STAMPS) sum += wallClockMs(splitLocaleStamp(text)!, "dmy")!;
    if (!(sum > 0)) throw new Error("no dates");
  },
});
