/**
 * RegimeClassifier: thresholds, hysteresis and dwell on hand-made σ paths,
 * and agreement with the simulator's planted regimes.
 */

import { type Regime, RegimeClassifier } from "../../lib/market/regime.ts";
import { Volatility } from "../../lib/market/volatility.ts";
import { BookState } from "../../lib/market/book_state.ts";
import { L2BookSchema } from "../../lib/hyperliquid/stream_schemas.ts";
import { MarketGenerator } from "../../lib/sim/generator.ts";
import { assert, assertEquals, assertThrows } from "../_helpers.ts";

/** Feeds σ readings one a second from `startMs`; returns the regime after each. */
function feed(classifier: RegimeClassifier, sigmas: number[], startMs = 0): Regime[] {
  return sigmas.map((sigmaAnnual, i) => {
    classifier.update({ time: startMs + i * 1_000, sigmaAnnual });
    return classifier.regime;
  });
}

Deno.test("the first reading classifies directly: < 0.35 calm, < 0.75 normal, < 1.5 volatile, else extreme", () => {
  const cases: [number, Regime][] = [
    [0.2, "calm"],
    [0.35, "normal"],
    [0.74, "normal"],
    [
      0.75,
      "volatile",
    ],
    [1.49, "volatile"],
    [1.5, "extreme"],
    [4, "extreme"],
  ];
  for (const [sigma, regime] of cases) {
    const classifier = new RegimeClassifier();
    classifier.update({ time: 0, sigmaAnnual: sigma });
    assertEquals(classifier.regime, regime, `σ ${sigma}`);
  }
});

Deno.test("σ oscillating around a threshold does not flap", () => {
  const classifier = new RegimeClassifier({ minDwellMs: 0 });
  // ±0.05 around the volatile threshold 0.75, every second for ten minutes.
  const sigmas = Array.from({ length: 600 }, (_, i) => (i % 2 === 0 ? 0.7 : 0.8));
  const path = feed(classifier, sigmas);
  assertEquals(path[0], "normal");
  assert(path.slice(1).every((regime) => regime === "volatile"), "entered once and stayed");
  assertEquals(classifier.changes, 1);
});

Deno.test("a clean step changes the regime once, straight to the regime σ reaches", () => {
  const classifier = new RegimeClassifier();
  const path = feed(classifier, [...Array(100).fill(0.2), ...Array(100).fill(1.6)]);
  assertEquals(classifier.changes, 2, "the first classification (calm) and the step");
  assertEquals(path[99], "calm");
  assertEquals(path[100], "extreme", "escalation is immediate and may skip regimes");
  assertEquals(classifier.since, 100_000);
});

Deno.test("stepping down waits until σ < threshold × (1 − hysteresis)", () => {
  const classifier = new RegimeClassifier({ minDwellMs: 0, hysteresis: 0.15 });
  feed(classifier, [0.8]);
  assertEquals(classifier.regime, "volatile");
  classifier.update({ time: 1_000, sigmaAnnual: 0.75 * 0.85 });
  assertEquals(classifier.regime, "volatile", "exactly at the lowered bound stays");
  classifier.update({ time: 2_000, sigmaAnnual: 0.75 * 0.85 - 1e-9 });
  assertEquals(classifier.regime, "normal");
  classifier.update({ time: 3_000, sigmaAnnual: 0.1 });
  assertEquals(classifier.regime, "calm");
});

Deno.test("stepping down waits for the minimum dwell in the current regime", () => {
  const classifier = new RegimeClassifier({ minDwellMs: 60_000 });
  classifier.update({ time: 0, sigmaAnnual: 0.2 });
  classifier.update({ time: 10_000, sigmaAnnual: 1.0 });
  assertEquals(classifier.regime, "volatile");
  classifier.update({ time: 69_999, sigmaAnnual: 0.2 });
  assertEquals(classifier.regime, "volatile", "59.999 s in volatile");
  classifier.update({ time: 70_000, sigmaAnnual: 0.2 });
  assertEquals(classifier.regime, "calm");
});

Deno.test("an escalation dwell delays stepping up", () => {
  const classifier = new RegimeClassifier({ escalationDwellMs: 30_000 });
  classifier.update({ time: 0, sigmaAnnual: 0.2 });
  classifier.update({ time: 29_000, sigmaAnnual: 1.0 });
  assertEquals(classifier.regime, "calm");
  classifier.update({ time: 30_000, sigmaAnnual: 1.0 });
  assertEquals(classifier.regime, "volatile");
});

Deno.test("readings from an estimator that is not ready, or NaN, are ignored", () => {
  const classifier = new RegimeClassifier({ initial: "normal" });
  classifier.update({ time: 0, sigmaAnnual: 3, ready: false });
  classifier.update({ time: 1, sigmaAnnual: NaN });
  assertEquals(classifier.regime, "normal");
  assertEquals(classifier.changes, 0);
  assert(Number.isNaN(classifier.since));
});

Deno.test("bad options are refused", () => {
  assertThrows(() => new RegimeClassifier({ thresholds: [0.5, 0.4, 1] }), RangeError, "increasing");
  assertThrows(() => new RegimeClassifier({ hysteresis: 1 }), RangeError, "hysteresis");
});

Deno.test("on the simulator's planted regimes, volatility → classifier agrees ≥ 85 % and does not flap", () => {
  // 8 hours of the market generator (planted σ 0.25 / 0.5 / 1.0 / 2.0), checked every 10 s.
  const start = Date.UTC(2026, 0, 5);
  const generator = new MarketGenerator({ startMs: start, seed: 1 });
  const book = new BookState();
  const volatility = new Volatility();
  const classifier = new RegimeClassifier();
  let agree = 0;
  let checked = 0;
  let planted = 0;
  let last: Regime | undefined;
  for (let t = start; t < start + 8 * 3_600_000; t += 10_000) {
    for (const frame of generator.advance(t)) {
      if (frame.channel !== "l2Book") continue;
      book.update(L2BookSchema.parse(frame.data));
      volatility.update(book);
      classifier.update(volatility);
    }
    if (generator.regime !== last) planted += 1;
    last = generator.regime;
    if (!volatility.ready) continue;
    checked += 1;
    if (generator.regime === classifier.regime) agree += 1;
  }
  assert(agree / checked >= 0.85, `agreement ${agree}/${checked}`);
  assert(classifier.changes <= planted, `${classifier.changes} changes, ${planted} planted`);
});
