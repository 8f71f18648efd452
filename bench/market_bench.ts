/**
 * Speed and memory of the online market estimators (lib/market):
 *
 *     deno bench --allow-read bench/market_bench.ts
 *     deno bench --allow-read --v8-flags=--expose-gc bench/market_bench.ts   # exact heap figures
 *
 * Each `Deno.bench` runs 1,000 updates per iteration (divide by 1,000 for
 * one update). Events are 10 minutes of the simulator's BTC market (≈ 1,000
 * books of 20 levels a side, their trades), replayed round and round with
 * time moved forward so no update takes an "out of order" shortcut.
 *
 * At load, before the benches, the file also prints (stdout):
 * - the median cost of one update of each estimator, over 21 batches of
 *   100,000 updates;
 * - `Deno.memoryUsage().heapUsed` before and after 1,000,000 combined
 *   "book → every estimator" steps, and throws if the heap grew by more
 *   than 4 MB: the estimators must keep fixed memory.
 *
 * @module
 */

import { L2BookSchema, TradesSchema } from "../lib/hyperliquid/stream_schemas.ts";
import type { L2Book, Trade } from "../lib/hyperliquid/stream_schemas.ts";
import { BookState } from "../lib/market/book_state.ts";
import { FundingEstimator } from "../lib/market/funding.ts";
import { Microprice } from "../lib/market/microprice.ts";
import { RegimeClassifier } from "../lib/market/regime.ts";
import { SpreadProcess } from "../lib/market/spread_process.ts";
import { Volatility } from "../lib/market/volatility.ts";
import { generateMarket } from "../lib/sim/generator.ts";

const START = Date.UTC(2026, 0, 5);
const BATCH = 1_000;

// --- events ---------------------------------------------------------------------------------

const BOOKS: L2Book[] = [];
const TRADES: Trade[] = [];
for (const frame of generateMarket({ startMs: START, seed: 7, minutes: 10 })) {
  if (frame.channel === "l2Book") BOOKS.push(L2BookSchema.parse(frame.data));
  else TRADES.push(...TradesSchema.parse(frame.data));
}
if (BOOKS.length < 900 || TRADES.length < 100) {
  throw new Error(`only ${BOOKS.length} books and ${TRADES.length} trades`);
}

/**
 * Market time, moved forward ≈ 600 ms a book so replays stay in order (in a
 * typed array: a module-level `let` double would box on every write).
 */
const clock = Float64Array.of(START);
let bookIndex = 0;
let tradeIndex = 0;

/** The next book, re-stamped later than every previous one. */
function nextBook(): L2Book {
  const snapshot = BOOKS[bookIndex];
  bookIndex = bookIndex + 1 === BOOKS.length ? 0 : bookIndex + 1;
  clock[0] += 600;
  snapshot.time = clock[0];
  return snapshot;
}

/** The next trade, re-stamped. */
function nextTrade(): Trade {
  const print = TRADES[tradeIndex];
  tradeIndex = tradeIndex + 1 === TRADES.length ? 0 : tradeIndex + 1;
  clock[0] += 300;
  print.time = clock[0];
  return print;
}

/** A scratch book sample (mid and imbalance from the events), reused: no allocation. */
const sample = { time: 0, mid: 0, imbalance: 0, spreadBps: 0, sigmaAnnual: 0 };
const MIDS = BOOKS.map((b) => (b.bids[0].px + b.asks[0].px) / 2);
const IMBALANCES = BOOKS.map((b) => (b.bids[0].sz - b.asks[0].sz) / (b.bids[0].sz + b.asks[0].sz));
const SPREADS = BOOKS.map((b, i) => ((b.asks[0].px - b.bids[0].px) / MIDS[i]) * 10_000);

function nextSample(): typeof sample {
  const i = bookIndex;
  bookIndex = bookIndex + 1 === BOOKS.length ? 0 : bookIndex + 1;
  clock[0] += 600;
  sample.time = clock[0];
  sample.mid = MIDS[i];
  sample.imbalance = IMBALANCES[i];
  sample.spreadBps = SPREADS[i];
  sample.sigmaAnnual = 0.2 + 0.6 * Math.abs(IMBALANCES[i]);
  return sample;
}

/** activeAssetCtx messages: funding and premium around the interest rate. */
const CTX = Array.from({ length: 256 }, (_, i) => ({
  ctx: { funding: 0.0000125, premium: 0.0001 * Math.sin(i / 10), oraclePx: 90_000 + i },
}));

// --- the estimators under test --------------------------------------------------------------

interface Pipeline {
  book: BookState;
  microprice: Microprice;
  volatility: Volatility;
  regime: RegimeClassifier;
  spread: SpreadProcess;
}

function pipeline(): Pipeline {
  return {
    book: new BookState(),
    microprice: new Microprice(),
    volatility: new Volatility(),
    regime: new RegimeClassifier(),
    spread: new SpreadProcess(),
  };
}

/** One l2Book through every book-driven estimator. */
function step(p: Pipeline, snapshot: L2Book): void {
  p.book.update(snapshot);
  p.microprice.updateBook(p.book);
  p.volatility.update(p.book);
  p.regime.update(p.volatility);
  p.spread.update(p.book, p.regime.regime);
}

/** One update of each kind, by name, as the benches and the median timer run them. */
function updaters(): Record<string, () => void> {
  const book = new BookState();
  const microprice = new Microprice();
  const volatility = new Volatility();
  const regime = new RegimeClassifier({ minDwellMs: 5_000 });
  const spread = new SpreadProcess();
  const funding = new FundingEstimator();
  const all = pipeline();
  let ctx = 0;
  return {
    "BookState.update (l2Book, 20 levels a side)": () => void book.update(nextBook()),
    "Microprice.updateBook": () => microprice.updateBook(nextSample()),
    "Microprice.updateTrade": () => microprice.updateTrade(nextTrade()),
    "Volatility.update": () => volatility.update(nextSample()),
    "RegimeClassifier.update": () => void regime.update(nextSample()),
    "SpreadProcess.update": () => spread.update(nextSample(), "normal"),
    "FundingEstimator.update": () => {
      ctx = ctx + 1 === CTX.length ? 0 : ctx + 1;
      clock[0] += 1_000;
      funding.update(CTX[ctx], clock[0]);
    },
    "combined: l2Book → BookState → microprice, volatility, regime, spread": () =>
      step(all, nextBook()),
  };
}

// --- benches --------------------------------------------------------------------------------

for (const [name, update] of Object.entries(updaters())) {
  Deno.bench(
    `${name} ×${BATCH}`,
    { group: name.startsWith("combined") ? "combined" : "single" },
    () => {
      for (let i = 0; i < BATCH; i++) update();
    },
  );
}

// --- medians and flat memory, printed at load -----------------------------------------------

function medianNsPerUpdate(update: () => void): number {
  const perBatch = 100_000;
  for (let i = 0; i < perBatch; i++) update(); // warm up
  const runs: number[] = [];
  for (let r = 0; r < 21; r++) {
    const t0 = performance.now();
    for (let i = 0; i < perBatch; i++) update();
    runs.push(((performance.now() - t0) * 1e6) / perBatch);
  }
  runs.sort((a, b) => a - b);
  return runs[10];
}

/** Runs a full GC when the bench runs with `--v8-flags=--expose-gc`; says whether it could. */
function collect(): boolean {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return false;
  gc();
  return true;
}

/**
 * 1,000,000 combined steps after a warm-up that fills every ring: the heap
 * must not grow. With `--expose-gc` the figures are exact (limit 1 MB);
 * without it they include young-generation garbage (V8 boxing a double at
 * a call boundary, freed by the next scavenge), so the limit is the young
 * generation's size (32 MB): a leak of 40 bytes a step would still exceed it.
 */
function checkFlatMemory(): void {
  const p = pipeline();
  for (let i = 0; i < 100_000; i++) step(p, nextBook());
  const exact = collect();
  const before = Deno.memoryUsage().heapUsed;
  for (let i = 0; i < 1_000_000; i++) step(p, nextBook());
  collect();
  const after = Deno.memoryUsage().heapUsed;
  const mb = (bytes: number) => (bytes / 1_048_576).toFixed(2);
  const note = exact ? "after full GCs" : "no --v8-flags=--expose-gc: young garbage included";
  console.log(
    `heapUsed over 1,000,000 combined steps: before ${mb(before)} MB, after ${mb(after)} MB, ` +
      `change ${mb(after - before)} MB (${note})`,
  );
  const limit = (exact ? 1 : 32) * 1_048_576;
  if (after - before > limit) {
    throw new Error(`heap grew by ${mb(after - before)} MB over 1,000,000 updates`);
  }
}

checkFlatMemory(); // first, while every call site has seen one event shape
const medians = Object.entries(updaters()).map(([name, update]) => ({
  name,
  medianNs: Number(medianNsPerUpdate(update).toFixed(1)),
}));
console.log("median ns per update (21 batches of 100,000):");
for (const { name, medianNs } of medians) {
  console.log(`  ${medianNs.toFixed(1).padStart(8)}  ${name}`);
}
