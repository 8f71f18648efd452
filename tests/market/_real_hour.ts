/**
 * The real BTC hour from Hyperliquid's S3 archive (2024-01-01 12:00–13:00
 * UTC, 5,587 l2Book snapshots, see shared/data/SOURCES.md), parsed with the
 * stream schema into typed books, once per test process.
 */

import { gunzipSync } from "node:zlib";
import { type L2Book, L2BookSchema } from "../../lib/hyperliquid/stream_schemas.ts";
import { sharedData } from "../_helpers.ts";

let cached: L2Book[] | undefined;

/** The hour's books in file order (exchange times increasing). */
export function realBtcHour(): L2Book[] {
  if (cached === undefined) {
    const bytes = Deno.readFileSync(sharedData("data/l2Book_BTC_20240101_h12_s3archive.ndjson.gz"));
    cached = gunzipSync(bytes).toString("utf8").split("\n")
      .filter((line) => line.trim() !== "")
      .map((line) => L2BookSchema.parse(JSON.parse(line).raw.data));
  }
  return cached;
}
