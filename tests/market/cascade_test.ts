/**
 * Liquidation-cascade detector: 0 in a quiet synthetic market, high during a
 * one-sided burst with a fast move and an open-interest drop, decaying after
 * it, and the combination's rules (direction, missing inputs, warm-up).
 */

import { mulberry32 } from "../../lib/analysis/synthetic_history.ts";
import { CascadeDetector, type CascadeOptions } from "../../lib/market/cascade.ts";
import { assert, assertEquals } from "../_helpers.ts";

/**
 * A quiet market: Poisson trades (2/s, lognormal notional around 5,000 USD,
 * random sides), a mid diffusing at 1 bps/√s pushed every 500 ms, and open
 * interest wandering ±2 bps every 3 s. `burst` plants a cascade.
 */
class Market {
  readonly detector: CascadeDetector;
  readonly #random: () => number;
  readonly #feedOi: boolean;
  t = 0;
  mid = 100_000;
  oi = 10_000;
  #nextMid = 0;
  #nextOi = 0;
  #nextTrade = 0;

  constructor(seed: number, options: CascadeOptions & { oi?: boolean } = {}) {
    this.detector = new CascadeDetector(options);
    this.#random = mulberry32(seed);
    this.#feedOi = options.oi ?? true;
  }

  #normal(): number {
    const u = 1 - this.#random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.#random());
  }

  /** Runs the quiet market to `untilMs`; returns the highest severity seen. */
  quiet(untilMs: number): number {
    let highest = 0;
    while (this.t < untilMs) {
      this.t = Math.min(this.#nextMid, this.#nextOi, this.#nextTrade);
      if (this.t === this.#nextMid) {
        this.mid *= Math.exp(1e-4 * Math.sqrt(0.5) * this.#normal());
        this.detector.updateMid(this.t, this.mid);
        this.#nextMid += 500;
      } else if (this.t === this.#nextOi) {
        this.oi *= 1 + 2e-4 * this.#normal();
        if (this.#feedOi) this.detector.updateOpenInterest(this.t, this.oi);
        this.#nextOi += 3000;
      } else {
        const notional = Math.exp(Math.log(5000) + this.#normal());
        const side = this.#random() < 0.5 ? "B" : "A";
        this.detector.update({ time: this.t, side, px: this.mid, sz: notional / this.mid });
        this.#nextTrade += (-Math.log(1 - this.#random()) / 2) * 1000;
      }
      highest = Math.max(highest, this.detector.severity);
    }
    return highest;
  }

  /**
   * Five seconds of forced flow: 40 taker orders of 20,000 USD on `side`, the
   * mid moving `moveBps` (positive = the flow's way) and OI falling `oiDropBps`.
   * Returns the highest severity seen.
   */
  burst(side: "A" | "B", { moveBps = 40, oiDropBps = 100 } = {}): number {
    const way = side === "B" ? 1 : -1;
    const start = this.t;
    let highest = 0;
    for (let i = 0; i < 40; i += 1) {
      this.t = start + i * 125;
      this.mid *= Math.exp((way * moveBps) / 40 / 1e4);
      if (i % 4 === 0) this.detector.updateMid(this.t, this.mid);
      if (i % 8 === 0 && this.#feedOi) {
        this.oi *= 1 - oiDropBps / 5 / 1e4;
        this.detector.updateOpenInterest(this.t, this.oi);
      }
      this.detector.update({ time: this.t, side, px: this.mid, sz: 20_000 / this.mid });
      highest = Math.max(highest, this.detector.severity);
    }
    this.#nextMid = this.#nextOi = this.#nextTrade = this.t + 1;
    return highest;
  }
}

const MINUTE = 60_000;

Deno.test("a quiet market scores 0", () => {
  for (const seed of [1, 2, 3]) {
    const market = new Market(seed);
    market.quiet(10 * MINUTE);
    const highest = market.quiet(40 * MINUTE);
    assert(highest < 0.05, `seed ${seed}: quiet market peaked at ${highest}`);
  }
});

Deno.test("a one-sided burst with a fast move and an OI drop scores above 0.7", () => {
  for (const side of ["A", "B"] as const) {
    const market = new Market(4);
    market.quiet(15 * MINUTE);
    const peak = market.burst(side);
    assert(peak > 0.7, `${side} burst peaked at ${peak}`);
    const reading = market.detector.readingAt(market.t);
    assertEquals(reading.direction, side === "B" ? 1 : -1);
    assert(reading.flow > 0.5 && reading.price > 0.5 && reading.openInterest > 0.5);
  }
});

Deno.test("the score decays back to 0 within 20 s after the burst and stays there", () => {
  const market = new Market(5);
  market.quiet(15 * MINUTE);
  const peak = market.burst("A");
  const end = market.t;
  market.quiet(end + 5_000);
  const after5 = market.detector.severity;
  market.quiet(end + 20_000);
  const after20 = market.detector.severity;
  const afterwards = market.quiet(end + 5 * MINUTE);
  assert(peak > 0.7 && after5 < 0.5 * peak, `peak ${peak}, 5 s after ${after5}`);
  assert(after20 < 0.05, `20 s after: ${after20}`);
  assert(afterwards < 0.05, `the next 5 minutes peaked at ${afterwards}`);
});

Deno.test("severityAt decays between events without any update", () => {
  const market = new Market(6);
  market.quiet(15 * MINUTE);
  market.burst("A");
  const now = market.detector.severityAt(market.t);
  const soon = market.detector.severityAt(market.t + 3_000);
  const later = market.detector.severityAt(market.t + 20_000);
  assert(now > soon && soon > later, `${now} > ${soon} > ${later}`);
  assertEquals(later, 0);
});

Deno.test("a burst without an OI drop scores 0: one-sided flow alone is not a liquidation", () => {
  const market = new Market(7);
  market.quiet(15 * MINUTE);
  assertEquals(market.burst("A", { oiDropBps: 0 }), 0);
});

Deno.test("a burst against the price move scores 0", () => {
  const market = new Market(8);
  market.quiet(15 * MINUTE);
  assertEquals(market.burst("A", { moveBps: -40 }), 0);
});

Deno.test("without open-interest updates the score uses flow and price", () => {
  const market = new Market(9, { oi: false });
  market.quiet(15 * MINUTE);
  const peak = market.burst("B");
  assert(peak > 0.7, `peak ${peak}`);
  assert(Number.isNaN(market.detector.readingAt(market.t).openInterest), "OI left out");
});

Deno.test("no score during the warm-up, before a normal flow rate is known", () => {
  const market = new Market(10, { warmupSec: 120 });
  market.quiet(50_000);
  assertEquals(market.burst("A"), 0);
});
