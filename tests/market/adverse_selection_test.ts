/**
 * Adverse selection: markouts of own fills at 1, 5, 30 and 60 s with the
 * sign convention (positive = we lost), a planted adverse move recovered,
 * estimates that move only when a horizon completes, robustness to one
 * outlier, and the bounded queue.
 */

import { mulberry32 } from "../../lib/analysis/synthetic_history.ts";
import { AdverseSelection } from "../../lib/market/adverse_selection.ts";
import { assert, assertEquals, assertThrows } from "../_helpers.ts";

const MID = 100_000;

/**
 * Fills every 80 s on a random side at the mid; after each, the mid moves
 * against the fill by `planted[h]` bps at horizon h plus N(0, 2 bps) noise.
 */
function plantedFills(
  estimator: AdverseSelection,
  options: { fills: number; seed: number; planted: Record<number, number> },
): void {
  const random = mulberry32(options.seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const path = Object.entries(options.planted).map(([h, bps]) => [Number(h), bps]);
  for (let i = 0; i < options.fills; i += 1) {
    const t = i * 80_000;
    const side = random() < 0.5 ? "B" : "A";
    const against = side === "B" ? -1 : 1; // a buy loses when the mid falls
    estimator.update({ side, px: MID, sz: 0.01, time: t });
    for (const [h, bps] of path) {
      estimator.updateMid(t + h * 1000, MID * (1 + (against * (bps + 2 * normal())) / 1e4));
    }
    estimator.updateMid(t + 70_000, MID);
  }
}

Deno.test("markout sign: a buy loses when the mid falls, a sell when it rises", () => {
  const estimator = new AdverseSelection({ horizonsSec: [1] });
  estimator.updateMid(0, MID);
  estimator.update({ side: "B", px: MID, sz: 1, time: 0 });
  estimator.updateMid(1000, MID * 0.999); // −10 bps: bad for our buy
  const [buy] = estimator.estimate(1).last;
  assert(Math.abs(buy - 10) < 1e-9, `buy markout ${buy}`);
  estimator.update({ side: "A", px: MID, sz: 1, time: 2000 });
  estimator.updateMid(3000, MID * 1.0005); // +5 bps: bad for our sell
  const [, sell] = estimator.estimate(1).last;
  assert(Math.abs(sell - 5) < 1e-9, `sell markout ${sell}`);
});

Deno.test("a passive buy below the mid earns its half spread: the markout starts negative", () => {
  const estimator = new AdverseSelection({ horizonsSec: [1] });
  estimator.updateMid(0, MID);
  estimator.update({ side: "B", px: MID * (1 - 2e-4), sz: 1, time: 0 }); // bought 2 bps under
  estimator.updateMid(1000, MID);
  const [x] = estimator.estimate(1).last;
  assert(Math.abs(x + 2) < 1e-3, `markout ${x}`);
});

Deno.test("recovers planted adverse moves of 3, 6, 10 and 10 bps at 1, 5, 30 and 60 s", () => {
  const planted = { 1: 3, 5: 6, 30: 10, 60: 10 };
  const estimator = new AdverseSelection();
  plantedFills(estimator, { fills: 500, seed: 1, planted });
  for (const [h, bps] of Object.entries(planted)) {
    const { meanBps, scaleBps, count } = estimator.estimate(Number(h));
    assertEquals(count, 500);
    assert(Math.abs(meanBps - bps) < 0.5, `${h} s: ${meanBps} vs ${bps} bps`);
    assert(Math.abs(scaleBps - 2) < 0.5, `${h} s: scale ${scaleBps} vs 2 bps`);
  }
  assertEquals(estimator.pending, 0);
});

Deno.test("the mid at t + h is the last one at or before it, known when a later mid arrives", () => {
  const estimator = new AdverseSelection({ horizonsSec: [5] });
  estimator.updateMid(0, MID);
  estimator.update({ side: "B", px: MID, sz: 1, time: 0 });
  estimator.updateMid(4000, MID * 0.999);
  assertEquals(estimator.estimate(5).count, 0, "not due yet");
  estimator.updateMid(9000, MID * 0.99); // after t + 5 s: the 4-s mid was in force at 5 s
  const [x] = estimator.estimate(5).last;
  assert(Math.abs(x - 10) < 1e-6, `markout ${x}`);
  estimator.update({ side: "B", px: MID, sz: 1, time: 10_000 });
  estimator.updateMid(15_000, MID * 0.998); // exactly at t + 5 s: this mid
  const [, y] = estimator.estimate(5).last;
  assert(Math.abs(y - 20) < 1e-6, `markout ${y}`);
});

Deno.test("with no fills completing, mid moves leave every estimate unchanged", () => {
  const estimator = new AdverseSelection();
  plantedFills(estimator, { fills: 50, seed: 2, planted: { 1: 3, 5: 6, 30: 10, 60: 10 } });
  const before = JSON.stringify(estimator.estimates);
  const random = mulberry32(3);
  for (let i = 0; i < 10_000; i += 1) {
    estimator.updateMid(5_000_000 + i * 100, MID * (1 + (random() - 0.5) * 0.02));
  }
  assertEquals(JSON.stringify(estimator.estimates), before);
});

Deno.test("a single 1,000-bps outlier barely moves the robust mean", () => {
  const estimator = new AdverseSelection({ horizonsSec: [1] });
  plantedFills(estimator, { fills: 300, seed: 4, planted: { 1: 3 } });
  const before = estimator.meanBps(1);
  const t = 300 * 80_000;
  estimator.updateMid(t, MID);
  estimator.update({ side: "B", px: MID, sz: 1, time: t });
  estimator.updateMid(t + 1000, MID * 0.9); // −1,000 bps
  const after = estimator.meanBps(1);
  const outlier = estimator.estimate(1).last.at(-1)!;
  assert(Math.abs(outlier - 1000) < 1e-9, `outlier ${outlier}`);
  assert(Math.abs(after - before) < 0.05, `mean moved ${before} → ${after}`);
  // a plain running mean of the same 301 markouts would move ≈ 3.3 bps
});

Deno.test("pending fills are bounded: the oldest is dropped when the queue is full", () => {
  const estimator = new AdverseSelection({ capacity: 8 });
  for (let i = 0; i < 20; i += 1) estimator.update({ side: "B", px: MID, sz: 0.5, time: i * 100 });
  assertEquals(estimator.pending, 8);
  assertEquals(estimator.dropped, 12);
  assertEquals(estimator.pendingNotional, 8 * MID * 0.5);
  estimator.updateMid(0, MID);
  estimator.updateMid(100_000, MID);
  assertEquals(estimator.pending, 0);
  assertEquals(estimator.pendingNotional, 0);
  assertEquals(estimator.estimates.map((e) => e.count), [8, 8, 8, 8]);
});

Deno.test("keeps the last keepLast markouts, oldest first", () => {
  const estimator = new AdverseSelection({ horizonsSec: [1], keepLast: 3 });
  estimator.updateMid(0, MID);
  for (let i = 1; i <= 5; i += 1) {
    estimator.update({ side: "B", px: MID, sz: 1, time: i * 10_000 });
    estimator.updateMid(i * 10_000 + 1000, MID * (1 - i / 1e4));
  }
  const { last, count } = estimator.estimate(1);
  assertEquals(count, 5);
  assertEquals(last.map(Math.round), [3, 4, 5]);
  assertThrows(() => estimator.estimate(2), RangeError, "no horizon 2 s");
});
