/**
 * The engine's journal: every fill, action and decision appended as one
 * NDJSON line (`{"ts": <epoch ms>, "type": "<kind>", ...}`, the contract of
 * lib/events) to a file and/or stdout.
 *
 * Durability. Each line is written to the file with one synchronous write as
 * soon as it is appended, so a crash of mm (panic, kill -9) loses nothing:
 * the bytes are in the kernel. The file is fsynced at least every
 * `fsyncIntervalMs` (a timer, and on append when the clock says the interval
 * has passed) and on {@link Journal.close}, so a crash of the machine loses at
 * most that much. A crash mid-write can leave a torn last line; reopening the
 * journal starts a new line first, and {@link readJournal} skips torn lines
 * and says so.
 *
 * Fills go in as {@link fillEvent} makes them (lib/events `FillEventSchema`),
 * so `mm analyze-trades journal.ndjson` reads the journal directly (other
 * kinds are counted as ignored).
 *
 * @module
 */

import { closeSync, fstatSync, fsyncSync, openSync, readSync, writeSync } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import type { FillEvent } from "../events/mod.ts";
import type { UserFill } from "../hyperliquid/schemas.ts";

/** One journal entry: the NDJSON envelope plus the kind's fields. */
export interface JournalEvent {
  /** Epoch ms. */
  ts: number;
  /** Event kind (`fill`, `action`, `quote`, `status`, …). */
  type: string;
  [field: string]: unknown;
}

/** How to open a {@link Journal}. */
export interface JournalOptions {
  /** NDJSON file to append to (created if missing). No file: stdout only. */
  path?: string;
  /**
   * Where each line is also written (e.g. `process.stdout`). The journal does
   * not wait for it to drain: a `false` return is ignored.
   */
  stdout?: { write(text: string): boolean };
  /** Longest time between fsyncs of a written file, ms (default 1,000). */
  fsyncIntervalMs?: number;
  /** Clock, epoch ms. */
  now: () => number;
  /** fsync of a file descriptor (default node:fs `fsyncSync`; tests spy on it). */
  fsync?: (fd: number) => void;
}

const encoder = new TextEncoder();
const NEWLINE = 0x0a;

/** An append-only NDJSON journal; see the module doc. */
export class Journal {
  /** The file written, if any. */
  readonly path: string | undefined;
  readonly #stdout: { write(text: string): boolean } | undefined;
  readonly #fsync: (fd: number) => void;
  readonly #intervalMs: number;
  readonly #now: () => number;
  #fd: number | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  #dirty = false;
  #lastSyncMs: number;
  #syncError: unknown = undefined;
  #closed = false;
  readonly #taps: ((event: JournalEvent) => void)[] = [];

  constructor(options: JournalOptions) {
    const intervalMs = options.fsyncIntervalMs ?? 1000;
    if (!Number.isFinite(intervalMs) || intervalMs <= 0) {
      throw new RangeError(`fsyncIntervalMs must be a positive number, got ${intervalMs}`);
    }
    this.path = options.path;
    this.#stdout = options.stdout;
    this.#fsync = options.fsync ?? fsyncSync;
    this.#intervalMs = intervalMs;
    this.#now = options.now;
    this.#lastSyncMs = options.now();
    if (options.path !== undefined) {
      // "a+": appends always go to the end; reading lets us check the last byte.
      const fd = openSync(options.path, "a+");
      try {
        endTornLine(fd);
      } catch (error) {
        closeSync(fd);
        throw error;
      }
      this.#fd = fd;
      this.#timer = setInterval(() => this.#syncFromTimer(), intervalMs);
    }
  }

  /** Whether {@link close} was called. */
  get closed(): boolean {
    return this.#closed;
  }

  /**
   * Also hands every appended event to `listener` (metrics, logs): the
   * journal is the one stream of what mm does. Returns an unsubscribe.
   */
  tap(listener: (event: JournalEvent) => void): () => void {
    this.#taps.push(listener);
    return () => {
      const at = this.#taps.indexOf(listener);
      if (at >= 0) this.#taps.splice(at, 1);
    };
  }

  /**
   * Writes `event` as one JSON line to stdout and the file.
   *
   * @throws {TypeError} when the envelope is not `{ts: finite number, type: non-empty string}`.
   * @throws {Error} after close, or when the file cannot be written or synced.
   */
  append(event: JournalEvent): void {
    if (this.#closed) throw new Error("the journal is closed");
    if (!Number.isFinite(event.ts) || typeof event.type !== "string" || event.type === "") {
      throw new TypeError("a journal event needs a finite ts and a non-empty type");
    }
    for (const tap of this.#taps) tap(event);
    if (this.#stdout === undefined && this.#fd === undefined) return; // nowhere to write
    const line = JSON.stringify(event) + "\n";
    this.#stdout?.write(line);
    if (this.#fd === undefined) return;
    this.#throwSyncError();
    writeAll(this.#fd, encoder.encode(line));
    this.#dirty = true;
    if (this.#now() - this.#lastSyncMs >= this.#intervalMs) this.sync();
  }

  /** fsyncs the file now if anything was written since the last fsync. */
  sync(): void {
    if (this.#fd === undefined || !this.#dirty) return;
    this.#fsync(this.#fd);
    this.#dirty = false;
    this.#lastSyncMs = this.#now();
  }

  /** Flushes, fsyncs and closes the file and stops the timer. Idempotent. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
    const fd = this.#fd;
    if (fd === undefined) return;
    this.#fd = undefined;
    try {
      this.#fsync(fd);
    } finally {
      closeSync(fd);
    }
  }

  /** A failed timer fsync cannot throw into the event loop: it is kept and thrown by the next append. */
  #syncFromTimer(): void {
    try {
      this.sync();
    } catch (error) {
      this.#syncError ??= error;
    }
  }

  #throwSyncError(): void {
    const error = this.#syncError;
    if (error === undefined) return;
    this.#syncError = undefined;
    throw new Error("the journal could not be synced to disk", { cause: error });
  }
}

/** What {@link readJournal} found. */
export interface JournalSummary {
  /** Whether the file exists (a missing journal reads as empty). */
  found: boolean;
  /** Entries read (lines that are JSON objects with a numeric ts and a type). */
  entries: number;
  /** ts of the last entry in file order, epoch ms. */
  lastTs: number | undefined;
  /** The last `fill` entry. */
  lastFill: { ts: number; tid?: number; oid?: number } | undefined;
  /** ts of the last `status` entry (the engine's heartbeat), epoch ms. */
  lastHeartbeatTs: number | undefined;
  /** Number of `fill` entries. */
  fills: number;
  /** tids of every `fill` entry: skip these when loading fills since `lastTs`. */
  fillTids: Set<number>;
  /** The last line was cut short (a crash mid-write) and was ignored. */
  truncatedTail: boolean;
  /** Other lines that are not entries (a torn line from an earlier crash), ignored. */
  damagedLines: number;
  /** 1-based number of the first damaged line. */
  firstDamagedLine: number | undefined;
}

/**
 * Reads a journal from start to end (streaming: memory is the tid set, not
 * the file) for start-up and `mm status`. A missing file reads as empty
 * (`found: false`).
 */
export async function readJournal(path: string): Promise<JournalSummary> {
  const summary: JournalSummary = {
    found: false,
    entries: 0,
    lastTs: undefined,
    lastFill: undefined,
    lastHeartbeatTs: undefined,
    fills: 0,
    fillTids: new Set(),
    truncatedTail: false,
    damagedLines: 0,
    firstDamagedLine: undefined,
  };
  let handle: FileHandle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    if ((error as { code?: unknown }).code === "ENOENT") return summary;
    throw error;
  }
  summary.found = true;
  try {
    const decoder = new TextDecoder();
    const buffer = new Uint8Array(1 << 16);
    let rest = "";
    let lineNo = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      const lines = (rest + decoder.decode(buffer.subarray(0, bytesRead), { stream: true }))
        .split("\n");
      rest = lines.pop() as string;
      for (const line of lines) readLine(summary, line, ++lineNo, false);
    }
    rest += decoder.decode();
    if (rest !== "") readLine(summary, rest, ++lineNo, true);
  } finally {
    await handle.close();
  }
  return summary;
}

/**
 * A `userFills` record as the journal's `fill` event (lib/events
 * `FillEventSchema`): `closed_pnl_usd` gross as the exchange reports it,
 * `fee_usd` apart (negative = rebate), side from `B`/`A`, `maker` from
 * `options.maker` when given, else `!crossed`.
 *
 * @throws {RangeError} when neither `options.maker` nor `crossed` says who was maker.
 */
export function fillEvent(fill: UserFill, options: { maker?: boolean } = {}): FillEvent {
  const maker = options.maker ?? (fill.crossed === undefined ? undefined : !fill.crossed);
  if (maker === undefined) {
    throw new RangeError(`fill ${fill.tid ?? fill.hash ?? ""}: crossed is missing; pass maker`);
  }
  const event: FillEvent = {
    ts: fill.time,
    type: "fill",
    coin: fill.coin,
    side: fill.side === "B" ? "buy" : "sell",
    dir: fill.dir,
    px: Number(fill.px),
    sz: Number(fill.sz),
    fee_usd: Number(fill.fee),
    closed_pnl_usd: Number(fill.closedPnl),
    maker,
  };
  if (fill.oid !== undefined) event.oid = fill.oid;
  if (fill.cloid !== undefined) event.cloid = fill.cloid;
  if (fill.tid !== undefined) event.tid = fill.tid;
  return event;
}

// ---------------------------------------------------------------------------

function readLine(summary: JournalSummary, line: string, lineNo: number, last: boolean): void {
  if (line.trim() === "") return;
  const entry = parseEntry(line);
  if (entry === undefined) {
    if (last) {
      summary.truncatedTail = true;
    } else {
      summary.damagedLines += 1;
      summary.firstDamagedLine ??= lineNo;
    }
    return;
  }
  summary.entries += 1;
  summary.lastTs = entry.ts;
  if (entry.type === "status") summary.lastHeartbeatTs = entry.ts;
  if (entry.type === "fill") {
    summary.fills += 1;
    const fill: { ts: number; tid?: number; oid?: number } = { ts: entry.ts };
    if (Number.isInteger(entry.tid)) {
      fill.tid = entry.tid as number;
      summary.fillTids.add(fill.tid);
    }
    if (Number.isInteger(entry.oid)) fill.oid = entry.oid as number;
    summary.lastFill = fill;
  }
}

function parseEntry(line: string): JournalEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const { ts, type } = value as Record<string, unknown>;
  if (typeof ts !== "number" || !Number.isFinite(ts) || typeof type !== "string" || type === "") {
    return undefined;
  }
  return value as JournalEvent;
}

/** Writes every byte (writeSync may write fewer than asked). */
function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}

/** A file that does not end in a newline ends in a torn line: end it so the next entry stands alone. */
function endTornLine(fd: number): void {
  const size = fstatSync(fd).size;
  if (size === 0) return;
  const last = new Uint8Array(1);
  readSync(fd, last, 0, 1, size - 1);
  if (last[0] !== NEWLINE) writeAll(fd, new Uint8Array([NEWLINE]));
}
