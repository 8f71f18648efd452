/**
 * SpreadProcess: time-weighted spread EWMA per regime, by hand and on the
 * real BTC hour.
 */

import { SpreadProcess } from "../../lib/market/spread_process.ts";
import { BookState } from "../../lib/market/book_state.ts";
import { assert, assertEquals, assertThrows } from "../_helpers.ts";
import { realBtcHour } from "./_real_hour.ts";

function near(actual: number, expected: number, tolerance: number, what = "value"): void {
  assert(Math.abs(actual - expected) <= tolerance, `${what}: ${actual}, want ${expected}`);
}

Deno.test("by hand: 1 bps for 3 s then 3 bps for 1 s, half-life 2 s", () => {
  const process = new SpreadProcess({ halfLifeSeconds: 2 });
  process.update({ time: 0, spreadBps: 1 }, "calm");
  assert(Number.isNaN(process.meanBps()), "nothing has been in force for any time yet");
  process.update({ time: 3_000, spreadBps: 3 }, "calm");
  near(process.meanBps(), 1, 1e-12);
  process.update({ time: 4_000, spreadBps: 2 }, "calm");
  // weights: 1 bps held 3..4 s ago, 3 bps held 0..1 s ago.
  const old = (1 - 2 ** -1.5) * 2 ** -0.5;
  const fresh = 1 - 2 ** -0.5;
  near(process.meanBps("calm"), (1 * old + 3 * fresh) / (old + fresh), 1e-12, "calm");
  near(old + fresh, 1 - 2 ** -2, 1e-15, "total weight after 4 s");
});

Deno.test("each interval counts under the regime of the observation that opened it", () => {
  const process = new SpreadProcess();
  process.update({ time: 0, spreadBps: 1 }, "calm");
  process.update({ time: 1_000, spreadBps: 5 }, "volatile"); // closes 0–1 s as calm
  process.update({ time: 2_000, spreadBps: 1 }, "calm"); // closes 1–2 s as volatile
  process.update({ time: 3_000, spreadBps: 1 }, "calm");
  near(process.meanBps("calm"), 1, 1e-12, "calm");
  near(process.meanBps("volatile"), 5, 1e-12, "volatile");
  assert(Number.isNaN(process.meanBps("extreme")));
  near(process.seconds("calm"), 2, 1e-12);
  near(process.seconds("volatile"), 1, 1e-12);
  near(process.meanBps(), (1 * 2 + 5 * 1) / 3, 0.01, "all regimes ≈ time average");
});

Deno.test("observations are counted per regime", () => {
  const process = new SpreadProcess();
  for (let i = 0; i < 5; i++) process.update({ time: i, spreadBps: 1 }, "normal");
  for (let i = 5; i < 7; i++) process.update({ time: i, spreadBps: 2 }, "extreme");
  process.update({ time: 8, spreadBps: NaN }, "extreme");
  assertEquals(process.count("normal"), 5);
  assertEquals(process.count("extreme"), 2, "a one-sided book's NaN spread is not counted");
  assertEquals(process.count("calm"), 0);
  assertEquals(process.count(), 7);
});

Deno.test("an observation counts for at most maxGapMs", () => {
  const process = new SpreadProcess({ maxGapMs: 5_000, halfLifeSeconds: 1e6 });
  process.update({ time: 0, spreadBps: 10 }, "calm");
  process.update({ time: 60_000, spreadBps: 1 }, "calm"); // feed stalled a minute: 5 s of 10 bps
  process.update({ time: 65_000, spreadBps: 1 }, "calm"); // 5 s of 1 bps
  near(process.meanBps("calm"), 5.5, 1e-4);
  near(process.seconds("calm"), 10, 1e-12);
});

Deno.test("out-of-order observations are ignored and unknown regimes refused", () => {
  const process = new SpreadProcess();
  process.update({ time: 1_000, spreadBps: 1 }, "calm");
  process.update({ time: 500, spreadBps: 9 }, "calm");
  assertEquals(process.lastBps, 1);
  assertEquals(process.count(), 1);
  // @ts-expect-error: not a regime
  assertThrows(() => process.update({ time: 2_000, spreadBps: 1 }, "wild"), RangeError, "wild");
});

Deno.test("the real BTC hour: time-weighted mean spread ≈ 0.54 bps, all of it calm", () => {
  const book = new BookState();
  const process = new SpreadProcess({ halfLifeSeconds: 3_600 });
  for (const snapshot of realBtcHour()) {
    book.update(snapshot);
    process.update(book, "calm");
  }
  const mean = process.meanBps("calm");
  assert(mean > 0.45 && mean < 0.65, `mean ${mean} bps`);
  assertEquals(process.count("calm"), 5_587);
  near(process.seconds(), 3_599.35, 0.01, "seconds counted");
});
