/**
 * Market generator and market-file reader speed:
 *
 *     deno bench --allow-read bench/generator_bench.ts
 *
 * Target: an hour of BTC frames (≈ 5,600 books, ≈ 2,800 taker orders)
 * generated in well under a few seconds, written as NDJSON included.
 *
 * @module
 */

import { generateMarket } from "../lib/sim/generator.ts";
import { formatFrame, readMarketFrames } from "../lib/sim/market_file.ts";

const START = Date.UTC(2026, 0, 5);

Deno.bench("generateMarket: one hour of BTC", { group: "generate", baseline: true }, () => {
  let frames = 0;
  for (const _ of generateMarket({ startMs: START, seed: 7, minutes: 60 })) frames += 1;
  if (frames < 7_000) throw new Error(`only ${frames} frames`);
});

Deno.bench("generateMarket + formatFrame: one hour of BTC as NDJSON", { group: "generate" }, () => {
  let bytes = 0;
  for (const frame of generateMarket({ startMs: START, seed: 7, minutes: 60 })) {
    bytes += formatFrame(frame).length + 1;
  }
  if (bytes < 1_000_000) throw new Error(`only ${bytes} bytes`);
});

const HOUR_TEXT = [...generateMarket({ startMs: START, seed: 7, minutes: 60 })]
  .map((frame) => formatFrame(frame) + "\n").join("");

Deno.bench("readMarketFrames: one generated hour, 64 KiB chunks", { group: "read" }, async () => {
  async function* chunks() {
    for (let i = 0; i < HOUR_TEXT.length; i += 65_536) yield HOUR_TEXT.slice(i, i + 65_536);
  }
  let frames = 0;
  for await (const batch of readMarketFrames(chunks(), { file: "bench" })) frames += batch.length;
  if (frames < 7_000) throw new Error(`only ${frames} frames`);
});
