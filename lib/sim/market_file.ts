/**
 * Market files: NDJSON with one Hyperliquid WebSocket frame a line, exactly
 * as the exchange sends it — `{"channel":"l2Book","data":{coin,time,levels}}`
 * and `{"channel":"trades","data":[…]}` — so `mm record` (live) and
 * `mm sim --generate` write the same thing and `mm sim --replay` reads both.
 * Lines of Hyperliquid's S3 archive (`{"time":…,"ver_num":1,"raw":{frame}}`,
 * see shared/data/SOURCES.md) are read too, as their `raw` frame.
 *
 * Frames are validated with the stream schemas of
 * lib/hyperliquid/stream_schemas.ts and handed on verbatim (decimal strings
 * untouched), so a replay sends what was recorded.
 *
 * @module
 */

import { InputError } from "../errors.ts";
import { L2BookSchema, TradesSchema } from "../hyperliquid/stream_schemas.ts";

/** A book level on the wire: price (USD) and total size (coin units) as decimal strings, `n` orders. */
export interface WireLevel {
  px: string;
  sz: string;
  n: number;
}

/** An `l2Book` frame: bids best (highest) first, then asks best (lowest) first. */
export interface L2BookFrame {
  channel: "l2Book";
  data: {
    coin: string;
    /** Exchange time of the snapshot, epoch ms. */
    time: number;
    levels: [WireLevel[], WireLevel[]];
  };
}

/** One public trade on the wire. */
export interface WireTrade {
  coin: string;
  /** Aggressor side: `B` a buy lifted the ask, `A` a sell hit the bid. */
  side: "A" | "B";
  /** Price, USD, decimal string. */
  px: string;
  /** Size, coin units, decimal string. */
  sz: string;
  /** Trade time, epoch ms. */
  time: number;
  /** Transaction hash of the taker order (`0x` + 64 hex). */
  hash: string;
  /** Trade id. */
  tid: number;
  /** `[buyer, seller]` addresses. */
  users: [string, string];
}

/** A `trades` frame: one or more trades. */
export interface TradesFrame {
  channel: "trades";
  data: WireTrade[];
}

/** A market-data frame as Hyperliquid sends it over the WebSocket. */
export type MarketFrame = L2BookFrame | TradesFrame;

/** Options of {@link readMarketFrames}. */
export interface ReadMarketOptions {
  /** The file name as the user gave it (`-` for stdin), for error messages. */
  file: string;
  /**
   * Frames of other channels (`bbo`, `activeAssetCtx`, `subscriptionResponse`,
   * …): `"skip"` them (default) or refuse them as an InputError.
   */
  otherChannels?: "skip" | "error";
}

/** Frames yielded at most this many to a batch. */
const BATCH = 2048;

/**
 * Parses market NDJSON arriving as text chunks (any split, LF or CRLF),
 * yielding the frames in batches in file order. Blank lines are skipped; a
 * line that is not JSON, not a frame, or whose `l2Book`/`trades` data fails
 * the stream schemas (or a `trades` frame with no trades) throws InputError
 * with the file and 1-based line.
 */
export async function* readMarketFrames(
  chunks: AsyncIterable<string>,
  options: ReadMarketOptions,
): AsyncGenerator<MarketFrame[]> {
  const { file } = options;
  const refuseOthers = options.otherChannels === "error";
  let carry = "";
  let line = 0;
  let batch: MarketFrame[] = [];
  const take = (text: string): void => {
    line += 1;
    const frame = parseLine(text, { file, line, refuseOthers });
    if (frame !== undefined) batch.push(frame);
  };
  for await (const chunk of chunks) {
    let text = carry + chunk;
    if (line === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    let start = 0;
    for (;;) {
      const end = text.indexOf("\n", start);
      if (end < 0) break;
      take(text.slice(start, end));
      start = end + 1;
      if (batch.length >= BATCH) {
        yield batch;
        batch = [];
      }
    }
    carry = text.slice(start);
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  if (carry !== "") take(carry);
  if (batch.length > 0) yield batch;
}

/**
 * `frames` (e.g. a lazy `generateMarket`) in batches of at most 2,048, the
 * shape `readMarketFrames` yields, without holding more than one batch.
 */
export function* inBatches(frames: Iterable<MarketFrame>): Generator<MarketFrame[]> {
  let batch: MarketFrame[] = [];
  for (const frame of frames) {
    batch.push(frame);
    if (batch.length >= BATCH) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** The frame's market time, epoch ms: the book's `time`, or the latest trade's. */
export function frameTime(frame: MarketFrame): number {
  if (frame.channel === "l2Book") return frame.data.time;
  if (frame.data.length === 0) throw new RangeError("a trades frame with no trades has no time");
  let latest = frame.data[0].time;
  for (const trade of frame.data) if (trade.time > latest) latest = trade.time;
  return latest;
}

/** The frame as one NDJSON line, without the line break (the exchange's key order is kept). */
export function formatFrame(frame: MarketFrame): string {
  return JSON.stringify(frame);
}

/** Whether `bytes` start with the gzip magic number (1f 8b, RFC 1952). */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

// ---------------------------------------------------------------------------

/** One line → a frame, `undefined` for a blank line or a skipped channel. */
function parseLine(
  text: string,
  where: { file: string; line: number; refuseOthers: boolean },
): MarketFrame | undefined {
  const trimmed = text.endsWith("\r") ? text.slice(0, -1) : text;
  if (trimmed.trim() === "") return undefined;
  const location = { file: where.file, line: where.line };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch (error) {
    throw new InputError(`not JSON: ${(error as Error).message}`, location, {
      hint: "a market file has one WebSocket frame as JSON per line",
    });
  }
  if (isRecord(value) && "raw" in value && "ver_num" in value) value = value.raw;
  if (!isRecord(value) || typeof value.channel !== "string" || !("data" in value)) {
    throw new InputError('expected a WebSocket frame {"channel": …, "data": …}', location);
  }
  if (value.channel === "l2Book") {
    const parsed = L2BookSchema.safeParse(value.data);
    if (!parsed.success) throw schemaError(parsed.error.issues, location);
    return value as unknown as L2BookFrame;
  }
  if (value.channel === "trades") {
    const parsed = TradesSchema.safeParse(value.data);
    if (!parsed.success) throw schemaError(parsed.error.issues, location);
    if (parsed.data.length === 0) throw new InputError("trades frame with no trades", location);
    return value as unknown as TradesFrame;
  }
  if (where.refuseOthers) {
    throw new InputError(`channel ${JSON.stringify(value.channel)} is not market data`, location, {
      hint: "market files hold l2Book and trades frames",
    });
  }
  return undefined;
}

function schemaError(
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
  location: { file: string; line: number },
): InputError {
  const issue = issues[0];
  const field = ["data", ...issue.path.map(String)].join(".");
  return new InputError(issue.message, { ...location, field });
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
