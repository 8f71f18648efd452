/**
 * Reads a trade history in any form mm knows, detected from its first bytes:
 * the web app's CSV export, a flattened userFills CSV, userFills JSON (array,
 * or a `{request, response}` capture) or NDJSON, and mm's own NDJSON events.
 *
 * @module
 */

import { InputError } from "../errors.ts";
import { apiCsvFills, csvSource, type DateOrderReport, webExportFills } from "./_csv_forms.ts";
import { type EventCounts, ndjsonFills, ndjsonLines, parseUserFill } from "./_json_forms.ts";
import { RowPolicy, type SkippedLine } from "./_row_policy.ts";
import { readCsv } from "./csv.ts";
import type { DateOrder } from "./locale_time.ts";
import type { TimeZone } from "./time_zone.ts";
import type { TradeFill, TradeSource } from "./trade_fill.ts";

export type { SkippedLine } from "./_row_policy.ts";

/** Human names of the forms, used in error messages. */
export const SOURCE_NAMES: Record<TradeSource, string> = {
  hl_web_export_csv: "Hyperliquid web export CSV",
  hl_api_fills_csv: "Hyperliquid userFills CSV",
  hl_user_fills_json: "Hyperliquid userFills JSON",
  hl_user_fills_ndjson: "Hyperliquid userFills NDJSON",
  mm_events_ndjson: "mm NDJSON events",
  empty: "empty input",
};

/** Options for {@link readTradeHistory}. */
export interface ReadTradesOptions {
  /** File name for messages (`-` for stdin). */
  file: string;
  /** Zone of the export's wall-clock times. */
  tz: TimeZone;
  /** Force the export's day/month order instead of detecting it. */
  dateOrder?: DateOrder;
  /** Count and skip bad rows instead of failing on the first. */
  skipBad?: boolean;
  /** Now, epoch ms: no trade can be later (used to tell day from month). */
  nowMs: number;
}

/** What reading found besides fills; complete once the batches are drained. */
export interface ReadReport {
  skipped: number;
  skippedExamples: SkippedLine[];
  /** mm journal lines of other event kinds (quotes, actions, …), not fills. */
  ignoredEvents: number;
  dateOrder: DateOrderReport;
}

/** A trade history being read: its detected form, its fills in batches, a report. */
export interface TradeHistory {
  source: TradeSource;
  batches: AsyncIterable<TradeFill[]>;
  /** Reads the report; call after draining `batches`. */
  report(): ReadReport;
}

/**
 * Opens a trade history from decoded text chunks, detecting its form.
 *
 * @throws {InputError} for an unrecognised form or a bad header (bad rows
 *   throw while `batches` is drained, unless `skipBad`).
 */
export async function readTradeHistory(
  chunks: AsyncIterable<string>,
  options: ReadTradesOptions,
): Promise<TradeHistory> {
  const iterator = chunks[Symbol.asyncIterator]();
  let head = "";
  while (head.trim() === "") {
    const next = await iterator.next();
    if (next.done) return emptyHistory();
    head += next.value;
  }
  head = head.replace(/^\uFEFF/, "");
  const firstChar = head.trimStart()[0];
  // JSON forms are told apart by their first whole line.
  while ((firstChar === "{" || firstChar === "[") && !head.trimStart().includes("\n")) {
    const next = await iterator.next();
    if (next.done) break;
    head += next.value;
  }
  const dateOrder: DateOrderReport = { order: undefined, reason: undefined };
  const counts: EventCounts = { ignored: 0 };
  const policyFor = (source: TradeSource) =>
    new RowPolicy(options.file, {
      skipBad: options.skipBad ?? false,
      formatName: SOURCE_NAMES[source],
    });
  const history = (
    source: TradeSource,
    policy: RowPolicy,
    batches: AsyncIterable<TradeFill[]>,
  ) => ({
    source,
    batches,
    report: (): ReadReport => ({
      skipped: policy.skipped,
      skippedExamples: policy.examples,
      ignoredEvents: counts.ignored,
      dateOrder,
    }),
  });

  if (firstChar === "[" || (firstChar === "{" && !firstLineIsJson(head))) {
    const source: TradeSource = "hl_user_fills_json";
    const policy = policyFor(source);
    const entries = await readJsonDocument(head, iterator, options.file);
    return history(source, policy, jsonArrayFills(entries, policy));
  }
  if (firstChar === "{") {
    const firstLine = JSON.parse(head.trimStart().split("\n")[0]);
    const mmEvents = typeof firstLine === "object" && firstLine !== null && "type" in firstLine &&
      !("coin" in firstLine && "closedPnl" in firstLine);
    const source: TradeSource = mmEvents ? "mm_events_ndjson" : "hl_user_fills_ndjson";
    const policy = policyFor(source);
    return history(
      source,
      policy,
      ndjsonFills(ndjsonLines(head, iterator), { policy, mmEvents, counts }),
    );
  }
  const csv = await readCsv(prepend(head, iterator));
  if (csv === undefined) return emptyHistory();
  const source = csvSource(csv.header);
  if (source === undefined) {
    throw new InputError(
      `unrecognised input: header "${
        csv.header.join(",")
      }" is neither the web export's time,coin,dir,px,sz,ntl,fee,closedPnl nor a userFills CSV with time_ms`,
      { file: options.file, line: 1 },
      { hint: "pass a trade-history CSV export, userFills JSON/NDJSON or mm NDJSON events" },
    );
  }
  const policy = policyFor(source);
  const batches = source === "hl_api_fills_csv"
    ? apiCsvFills(csv, { policy })
    : webExportFills(csv, {
      policy,
      tz: options.tz,
      dateOrder: options.dateOrder,
      report: dateOrder,
      nowMs: options.nowMs,
    });
  return history(source, policy, batches);
}

function emptyHistory(): TradeHistory {
  return {
    source: "empty",
    batches: (async function* () {})(),
    report: () => ({
      skipped: 0,
      skippedExamples: [],
      ignoredEvents: 0,
      dateOrder: { order: undefined, reason: undefined },
    }),
  };
}

function firstLineIsJson(head: string): boolean {
  const newline = head.indexOf("\n");
  if (newline < 0) return true; // a one-line document is NDJSON of one line
  try {
    JSON.parse(head.slice(0, newline));
    return true;
  } catch {
    return false;
  }
}

async function* prepend(head: string, rest: AsyncIterator<string>): AsyncGenerator<string> {
  yield head;
  while (true) {
    const next = await rest.next();
    if (next.done) return;
    yield next.value;
  }
}

/** Reads a whole JSON document: a userFills array or a `{request, response}` capture. */
async function readJsonDocument(
  head: string,
  rest: AsyncIterator<string>,
  file: string,
): Promise<unknown[]> {
  let text = head;
  while (true) {
    const next = await rest.next();
    if (next.done) break;
    text += next.value;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new InputError(`not valid JSON: ${message}`, { file }, {
      hint: "pass a userFills JSON array, one JSON object per line, or a CSV export",
    });
  }
  if (Array.isArray(value)) return value;
  if (
    typeof value === "object" && value !== null &&
    Array.isArray((value as { response?: unknown }).response)
  ) {
    return (value as { response: unknown[] }).response;
  }
  throw new InputError(
    "a JSON document must be a userFills array or a {request, response} capture",
    {
      file,
    },
    { hint: "pass the array the userFills request answers with" },
  );
}

async function* jsonArrayFills(entries: unknown[], policy: RowPolicy): AsyncGenerator<TradeFill[]> {
  const fills: TradeFill[] = [];
  entries.forEach((entry, index) => {
    const fill = parseUserFill(entry, index + 1, policy);
    if (fill !== undefined) fills.push(fill);
  });
  // The API answers newest first; the analysis wants time order.
  fills.sort((a, b) => a.tsMs - b.tsMs || a.line - b.line);
  if (fills.length > 0) yield fills;
}
