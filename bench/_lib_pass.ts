/**
 * The in-process library pass (`analyzeTradeHistory` over a node:fs read
 * stream), and the same pipeline cut after each stage so the time of each
 * stage shows as a difference: read + UTF-8 decode, CSV parse (udsv), rows
 * to fills (shape check, date parse, numbers), and the analysis update.
 *
 * @module
 */

import { createReadStream } from "node:fs";
import {
  analyzeTradeHistory,
  readTradeHistory,
  TimeZone,
  TradeAnalysis,
} from "../lib/analysis/mod.ts";
import { readCsv } from "../lib/analysis/csv.ts";
import { splitLocaleStamp, wallClockMs } from "../lib/analysis/locale_time.ts";
import { pickFigures, type SummaryFigures } from "./_cli.ts";

/** node:fs's default read-stream chunk (64 KiB). */
export const DEFAULT_HIGH_WATER_MARK = 64 * 1024;

/** One timed library pass. */
export interface LibPass {
  wallSeconds: number;
  summary: SummaryFigures;
}

function openText(file: string, highWaterMark: number): AsyncIterable<string> {
  return createReadStream(file, { encoding: "utf8", highWaterMark });
}

/** Runs `analyzeTradeHistory` over `file` as the CLI does (UTC, now = run time). */
export async function runLibraryPass(
  file: string,
  options: { highWaterMark?: number } = {},
): Promise<LibPass> {
  const started = performance.now();
  const { result } = await analyzeTradeHistory(
    openText(file, options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK),
    { file, tz: new TimeZone("UTC"), nowMs: Date.now() },
  );
  const wallSeconds = (performance.now() - started) / 1000;
  return { wallSeconds, summary: pickFigures(result.totals) };
}

/** Seconds of each cumulative cut of the pipeline. */
export interface StageTimes {
  /** Read the file and decode UTF-8 only. */
  read: number;
  /** … plus udsv parsing into rows (lib/analysis/csv.ts). */
  csv: number;
  /** … plus rows to fills (lib/analysis/_csv_forms.ts: shape, date, numbers). */
  fills: number;
  /** … plus `TradeAnalysis.update` per fill: the whole library pass. */
  analysis: number;
}

/** Times the pipeline cut after each stage, once each, over `file`. */
export async function timeStages(
  file: string,
  options: { highWaterMark?: number } = {},
): Promise<StageTimes> {
  const hwm = options.highWaterMark ?? DEFAULT_HIGH_WATER_MARK;
  const tz = new TimeZone("UTC");
  const timed = async (run: () => Promise<number>, expectRows: number | undefined) => {
    const started = performance.now();
    const count = await run();
    const seconds = (performance.now() - started) / 1000;
    if (expectRows !== undefined && count !== expectRows) {
      throw new Error(`stage saw ${count} rows, expected ${expectRows}`);
    }
    return seconds;
  };
  const read = await timed(async () => {
    let chars = 0;
    for await (const chunk of openText(file, hwm)) chars += chunk.length;
    return chars;
  }, undefined);
  let rows = 0;
  const csv = await timed(async () => {
    const stream = await readCsv(openText(file, hwm)[Symbol.asyncIterator]());
    if (stream === undefined) return 0;
    for await (const batch of stream.batches) rows += batch.length;
    return rows;
  }, undefined);
  const fills = await timed(async () => {
    const history = await readTradeHistory(openText(file, hwm), {
      file,
      tz,
      nowMs: Date.now(),
    });
    let count = 0;
    for await (const batch of history.batches) count += batch.length;
    return count;
  }, rows);
  const analysis = await timed(async () => {
    const history = await readTradeHistory(openText(file, hwm), {
      file,
      tz,
      nowMs: Date.now(),
    });
    const analysis = new TradeAnalysis({ tz });
    let count = 0;
    for await (const batch of history.batches) {
      for (const fill of batch) analysis.update(fill);
      count += batch.length;
    }
    analysis.result();
    return count;
  }, rows);
  return { read, csv, fills, analysis };
}

/**
 * Times the export's date parsing alone (`splitLocaleStamp` + `wallClockMs`
 * under dmy) over the time column of the first `limit` rows, already in
 * memory: the cost lib/analysis/locale_time.ts adds per row.
 */
export async function timeDateParsing(file: string, limit: number): Promise<{
  rows: number;
  seconds: number;
}> {
  const stream = await readCsv(openText(file, DEFAULT_HIGH_WATER_MARK)[Symbol.asyncIterator]());
  const times: string[] = [];
  if (stream !== undefined) {
    const column = stream.header.indexOf("time");
    for await (const batch of stream.batches) {
      for (const row of batch) {
        if (times.length < limit) times.push(row.fields[column]);
      }
      if (times.length >= limit) break;
    }
  }
  let check = 0;
  const started = performance.now();
  for (const text of times) {
    const stamp = splitLocaleStamp(text);
    check += stamp === undefined ? 0 : wallClockMs(stamp, "dmy") ?? 0;
  }
  const seconds = (performance.now() - started) / 1000;
  if (!(check > 0)) throw new Error("date parsing read no dates");
  return { rows: times.length, seconds };
}
