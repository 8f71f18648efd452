/**
 * Market files: NDJSON WebSocket frames written by `--generate` (and
 * `mm record`) read back verbatim, Hyperliquid's S3 archive lines read as
 * their frames, bad lines refused with the file and line.
 */

import { gunzipSync } from "node:zlib";
import { InputError } from "../../lib/errors.ts";
import { generateMarket } from "../../lib/sim/generator.ts";
import {
  formatFrame,
  frameTime,
  inBatches,
  isGzip,
  type MarketFrame,
  readMarketFrames,
} from "../../lib/sim/market_file.ts";
import { assert, assertEquals, assertRejects, sharedData } from "../_helpers.ts";

const START = Date.UTC(2026, 0, 5, 12, 0);

/** Text cut into chunks of `size` characters, as a stream would deliver it. */
async function* chunked(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

async function readAll(
  chunks: AsyncIterable<string>,
  options: { file: string; otherChannels?: "skip" | "error" } = { file: "market.ndjson" },
): Promise<{ frames: MarketFrame[]; batches: number }> {
  const frames: MarketFrame[] = [];
  let batches = 0;
  for await (const batch of readMarketFrames(chunks, options)) {
    assert(batch.length > 0, "empty batch");
    frames.push(...batch);
    batches += 1;
  }
  return { frames, batches };
}

/** Fails unless reading rejects with InputError at `line` whose message includes `includes`. */
async function assertBadLine(text: string, line: number, includes: string): Promise<InputError> {
  let caught: unknown;
  try {
    await readAll(chunked(text, 7), { file: "bad.ndjson" });
  } catch (error) {
    caught = error;
  }
  assert(caught instanceof InputError, `expected InputError, got ${String(caught)}`);
  assertEquals(caught.location.file, "bad.ndjson");
  assertEquals(caught.location.line, line);
  assert(caught.describe().includes(includes), `"${caught.describe()}" lacks "${includes}"`);
  assert(caught.describe().startsWith(`bad.ndjson:${line}:`), caught.describe());
  return caught;
}

Deno.test("generated output read back equals what was written, however the text is chunked", async () => {
  const written = [...generateMarket({ startMs: START, seed: 17, minutes: 2 })];
  const text = written.map((frame) => formatFrame(frame) + "\n").join("");
  for (const size of [1, 100, 65_536, text.length]) {
    const { frames } = await readAll(chunked(text, size));
    assertEquals(frames, written, `chunks of ${size}`);
  }
  // formatFrame writes one line in the exchange's key order
  const line = formatFrame(written[0]);
  assert(!line.includes("\n"));
  assert(line.startsWith('{"channel":"l2Book","data":{"coin":"BTC","time":'), line);
});

Deno.test("CRLF, blank lines, a BOM and a missing final newline are accepted", async () => {
  const written = [...generateMarket({ startMs: START, seed: 2, minutes: 0.1 })];
  const text = "\uFEFF" + written.map(formatFrame).join("\r\n\r\n") + "\n\n" + "   ";
  const { frames } = await readAll(chunked(text, 33));
  assertEquals(frames, written);
  const noFinalNewline = written.map(formatFrame).join("\n");
  assertEquals((await readAll(chunked(noFinalNewline, 1000))).frames, written);
});

Deno.test("50 lines of the real S3 archive hour read as l2Book frames, verbatim", async () => {
  const bytes = await Deno.readFile(sharedData("data/l2Book_BTC_20240101_h12_s3archive.ndjson.gz"));
  assert(isGzip(bytes), "the archive file starts with the gzip magic");
  const lines = new TextDecoder().decode(gunzipSync(bytes)).split("\n").slice(0, 50);
  const { frames } = await readAll(chunked(lines.join("\n") + "\n", 4096), {
    file: "l2Book_BTC.ndjson",
  });
  assertEquals(frames.length, 50);
  let last = 0;
  for (const [i, frame] of frames.entries()) {
    assertEquals(frame.channel, "l2Book");
    if (frame.channel !== "l2Book") continue;
    assertEquals(frame.data.coin, "BTC");
    assertEquals(frame.data.levels[0].length, 20);
    assertEquals(frame.data.levels[1].length, 20);
    assertEquals(frame, JSON.parse(lines[i]).raw, "the raw frame, strings untouched");
    assert(frameTime(frame) > last, "times increase");
    last = frameTime(frame);
  }
  // SOURCES.md: line 1 is at 1704110399915 with best bid 42727.0 and best ask 42729.0
  const first = frames[0];
  assert(first.channel === "l2Book");
  assertEquals(frameTime(first), 1704110399915);
  assertEquals(first.data.levels[0][0].px, "42727.0");
  assertEquals(first.data.levels[1][0].px, "42729.0");
});

Deno.test("isGzip tells gzip from text", () => {
  assert(isGzip(new Uint8Array([0x1f, 0x8b, 8, 0])));
  assert(!isGzip(new TextEncoder().encode('{"channel":"l2Book"}')));
  assert(!isGzip(new Uint8Array([0x1f])));
  assert(!isGzip(new Uint8Array()));
});

Deno.test("frameTime: a book's time, or a trades frame's latest trade", () => {
  const trade = {
    coin: "BTC",
    side: "B" as const,
    px: "90000",
    sz: "0.1",
    hash: "0x" + "ab".repeat(32),
    users: ["0x" + "1".repeat(40), "0x" + "2".repeat(40)] as [string, string],
  };
  const frame: MarketFrame = {
    channel: "trades",
    data: [{ ...trade, time: 1_000, tid: 1 }, { ...trade, time: 1_200, tid: 2 }],
  };
  assertEquals(frameTime(frame), 1_200);
  const book: MarketFrame = {
    channel: "l2Book",
    data: { coin: "BTC", time: 5, levels: [[], []] },
  };
  assertEquals(frameTime(book), 5);
});

Deno.test("a malformed line gives InputError naming the file and line", async () => {
  const good = formatFrame([...generateMarket({ startMs: START, seed: 1, minutes: 0 })][0]);
  await assertBadLine(`${good}\n${good}\n{"channel":"l2Book","data":\n`, 3, "not JSON");
  await assertBadLine(`${good}\n\n[1,2]\n`, 3, "WebSocket frame");
  const badPx = good.replace(/"px":"[0-9.]+"/, '"px":"12x"');
  const error = await assertBadLine(`${good}\r\n${badPx}\r\n`, 2, "decimal");
  assertEquals(error.location.field, "data.levels.0.0.px");
  await assertBadLine(`{"channel":"trades","data":[]}\n`, 1, "no trades");
  const badTrade = '{"channel":"trades","data":[{"coin":"BTC","side":"X","px":"1","sz":"1",' +
    '"time":1,"hash":"0xab","tid":1,"users":["a","b"]}]}';
  await assertBadLine(`${good}\n${good}\n${good}\n${badTrade}`, 4, "data.0.side");
});

Deno.test("other channels are skipped by default, refused on request", async () => {
  const good = formatFrame([...generateMarket({ startMs: START, seed: 1, minutes: 0 })][0]);
  const text = `{"channel":"subscriptionResponse","data":{"method":"subscribe"}}\n${good}\n`;
  assertEquals((await readAll(chunked(text, 50))).frames.length, 1);
  await assertRejects(
    () => readAll(chunked(text, 50), { file: "x", otherChannels: "error" }),
    InputError,
    "subscriptionResponse",
  );
});

Deno.test("a large file comes in bounded batches", async () => {
  const written = [...generateMarket({ startMs: START, seed: 3, minutes: 60 })];
  const text = written.map((frame) => formatFrame(frame) + "\n").join("");
  const { frames, batches } = await readAll(chunked(text, text.length));
  assertEquals(frames.length, written.length);
  assert(batches >= Math.ceil(written.length / 2048), `${batches} batches`);
});

Deno.test("inBatches cuts a lazy sequence of frames into batches of 2,048 in order", () => {
  const frames = [...generateMarket({ seed: 3, minutes: 30, startMs: Date.UTC(2026, 0, 5) })];
  const batches = [...inBatches(frames.values())];
  assert(frames.length > 2 * 2048, `frames ${frames.length}`);
  assert(batches.slice(0, -1).every((batch) => batch.length === 2048));
  assert(batches.at(-1)!.length > 0 && batches.at(-1)!.length <= 2048);
  assertEquals(batches.flat(), frames);
});
