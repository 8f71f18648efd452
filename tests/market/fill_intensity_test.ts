/**
 * Fill-intensity curve λ(δ) = A·e^{−κδ}: planted A and κ recovered, the
 * distance convention, units, the rolling window, data gaps, and the fit on
 * real BTC trades against the real best bid and offer.
 */

import { mulberry32 } from "../../lib/analysis/synthetic_history.ts";
import { FillIntensityEstimator } from "../../lib/market/fill_intensity.ts";
import { assert, assertEquals, sharedData } from "../_helpers.ts";

const MID = 100_000;

/**
 * Trades as a Poisson stream of `a` a second whose distance from the mid is
 * exponential with rate κ per bps: the rate reaching δ or further is then
 * exactly A·e^{−κδ}. Sides alternate at random; the mid stays at MID.
 */
function plantedTrades(
  estimator: FillIntensityEstimator,
  planted: { a: number; kappa: number; seconds: number; seed: number; fromMs?: number },
): void {
  const random = mulberry32(planted.seed);
  const from = planted.fromMs ?? 0;
  estimator.updateMid(from, MID);
  let t = from;
  for (;;) {
    t += (-Math.log(1 - random()) / planted.a) * 1000;
    if (t > from + planted.seconds * 1000) return;
    const delta = -Math.log(1 - random()) / planted.kappa;
    const side = random() < 0.5 ? "B" : "A";
    const px = side === "B" ? MID * (1 + delta / 1e4) : MID * (1 - delta / 1e4);
    estimator.update({ time: t, px, side });
  }
}

function within(actual: number, expected: number, relative: number): boolean {
  return Math.abs(actual - expected) <= relative * Math.abs(expected);
}

Deno.test("recovers planted A = 2 trades/s and κ = 0.5/bps from ten minutes of trades", () => {
  for (const seed of [1, 2, 3, 4]) {
    const estimator = new FillIntensityEstimator({ bucketBps: 0.5, buckets: 40, windowSec: 600 });
    plantedTrades(estimator, { a: 2, kappa: 0.5, seconds: 600, seed });
    const fit = estimator.fit;
    assert(within(fit.a, 2, 0.1), `seed ${seed}: A ${fit.a}`);
    assert(within(fit.kappaPerBps, 0.5, 0.1), `seed ${seed}: κ ${fit.kappaPerBps}`);
    assert(fit.rSquared > 0.9, `seed ${seed}: R² ${fit.rSquared}`);
    assert(fit.trades > 1000 && fit.buckets > 15, `${fit.trades} trades, ${fit.buckets} buckets`);
  }
});

Deno.test("recovers a steep curve (A = 5/s, κ = 2/bps) on 0.1-bps buckets", () => {
  const estimator = new FillIntensityEstimator({ bucketBps: 0.1, buckets: 40, windowSec: 300 });
  plantedTrades(estimator, { a: 5, kappa: 2, seconds: 300, seed: 9 });
  const { a, kappaPerBps } = estimator.fit;
  assert(within(a, 5, 0.1) && within(kappaPerBps, 2, 0.1), `A ${a}, κ ${kappaPerBps}`);
  assert(within(estimator.rateAt(1), 5 * Math.exp(-2), 0.2), `λ(1 bps) ${estimator.rateAt(1)}`);
});

Deno.test("κ per USD of distance is κ per bps × 10⁴ / mid", () => {
  const estimator = new FillIntensityEstimator();
  plantedTrades(estimator, { a: 2, kappa: 0.5, seconds: 300, seed: 5 });
  const kappa = estimator.kappaPerBps;
  assertEquals(estimator.kappaPerPrice(), (kappa * 1e4) / MID);
  assertEquals(estimator.kappaPerPrice(50_000), (kappa * 1e4) / 50_000);
});

Deno.test("distance is measured on the taker's side of the last mid; the wrong side counts as 0", () => {
  const estimator = new FillIntensityEstimator();
  assert(Number.isNaN(estimator.update({ time: 0, px: MID, side: "B" })), "no mid yet");
  estimator.updateMid(1, MID);
  assert(Math.abs(estimator.update({ time: 2, px: MID * 1.0003, side: "B" }) - 3) < 1e-9);
  assert(Math.abs(estimator.update({ time: 3, px: MID * 0.9998, side: "A" }) - 2) < 1e-9);
  assertEquals(
    estimator.update({ time: 4, px: MID * 0.9999, side: "B" }),
    0,
    "a buy below the mid",
  );
  assertEquals(estimator.fit.trades, 3);
});

Deno.test("trades leave the rolling window after windowSec", () => {
  const estimator = new FillIntensityEstimator({ windowSec: 60, slices: 12 });
  plantedTrades(estimator, { a: 3, kappa: 0.5, seconds: 60, seed: 2 });
  const full = estimator.fit.trades;
  assert(full > 120, `${full} trades in the first minute`);
  estimator.updateMid(90_000, MID);
  const half = estimator.fit.trades;
  assert(half < full && half > 0, `half the window later: ${half} of ${full}`);
  estimator.updateMid(200_000, MID);
  assertEquals(estimator.fit.trades, 0);
  assert(Number.isNaN(estimator.fit.kappaPerBps), "no fit from an empty window");
});

Deno.test("a silence longer than maxGapSec is not counted as observed time", () => {
  const aware = new FillIntensityEstimator({ windowSec: 600, maxGapSec: 30 });
  const naive = new FillIntensityEstimator({ windowSec: 600 });
  for (const estimator of [aware, naive]) {
    plantedTrades(estimator, { a: 2, kappa: 0.5, seconds: 200, seed: 7 });
    plantedTrades(estimator, { a: 2, kappa: 0.5, seconds: 200, seed: 8, fromMs: 400_000 });
  }
  assert(within(aware.fit.windowSec, 400, 0.02), `observed ${aware.fit.windowSec} s`);
  assert(within(aware.a, 2, 0.15), `A ${aware.a}`);
  assert(within(naive.a, 2 * 400 / 600, 0.15), `A with the gap counted ${naive.a}`);
});

Deno.test("real BTC trades vs the real bbo mid: A ≈ 5 trades/s, κ ≈ 1.7/bps on 0.25-bps buckets", () => {
  const rows = (name: string) =>
    Deno.readTextFileSync(sharedData(`data/${name}`)).split(/\r?\n/).slice(1)
      .filter((line) => line !== "").map((line) => line.split(","));
  type Event = { t: number; trade: boolean; px: number; side: "A" | "B" | "" };
  const events: Event[] = [];
  const quotes = new Map<number, { bid?: number; ask?: number }>();
  for (const [, price, , side, ms] of rows("ws_collector_20250903_prices_BTC.csv")) {
    const quote = quotes.get(Number(ms)) ?? {};
    quote[side === "bid" ? "bid" : "ask"] = Number(price);
    quotes.set(Number(ms), quote);
  }
  for (const [t, { bid, ask }] of quotes) {
    if (bid !== undefined && ask !== undefined) {
      events.push({ t, trade: false, px: (bid + ask) / 2, side: "" });
    }
  }
  const seen = new Set<string>();
  for (const [, price, , side, tid, ms] of rows("ws_collector_20250903_trades_BTC.csv")) {
    if (seen.has(tid)) continue;
    seen.add(tid);
    events.push({
      t: Number(ms),
      trade: true,
      px: Number(price),
      side: side === "buy" ? "B" : "A",
    });
  }
  // a trade before the book of its own block (that book is already after it)
  events.sort((x, y) => x.t - y.t || Number(y.trade) - Number(x.trade));
  const estimator = new FillIntensityEstimator({
    bucketBps: 0.25,
    buckets: 40,
    windowSec: 600,
    maxGapSec: 30,
  });
  for (const e of events) {
    if (e.trade) estimator.update({ time: e.t, px: e.px, side: e.side as "A" | "B" });
    else estimator.updateMid(e.t, e.px);
  }
  const fit = estimator.fit;
  assertEquals(fit.trades + fit.beyond, 1437, "every deduplicated trade after the first mid");
  assert(within(fit.windowSec, 255.6, 0.01), `observed ${fit.windowSec} s`);
  assert(within(fit.a, 5.1, 0.05), `A ${fit.a}`);
  assert(within(fit.kappaPerBps, 1.68, 0.05), `κ ${fit.kappaPerBps}`);
  // ≈ 0.15 per USD at 111,000 USD
  assert(within(estimator.kappaPerPrice(), 0.151, 0.05), `κ/USD ${estimator.kappaPerPrice()}`);
});

Deno.test("a fit read after every event equals a fit read once at the end (nothing stale is kept)", () => {
  const random = mulberry32(5);
  const options = { windowSec: 60, slices: 6 };
  const often = new FillIntensityEstimator(options), once = new FillIntensityEstimator(options);
  let time = 1_700_000_000_000, mid = 100_000;
  const fits: unknown[][] = [[], []];
  for (let i = 0; i < 3_000; i++) {
    time += Math.floor(random() * (random() < 0.05 ? 30_000 : 700));
    if (random() < 0.4) {
      mid += Math.round((random() - 0.5) * 10);
      often.updateMid(time, mid);
      once.updateMid(time, mid);
    } else {
      const side = random() < 0.5 ? "B" as const : "A" as const;
      const distance = -Math.log(1 - random()) * 4;
      const trade = { side, px: side === "B" ? mid + distance : mid - distance, time };
      often.update(trade);
      once.update(trade);
    }
    fits[0].push({ ...often.fit });
    if (i % 97 === 0) fits[1].push({ ...once.fit });
  }
  assertEquals(fits[0].filter((_, i) => i % 97 === 0), fits[1]);
  assert(fits[1].some((fit) => Number.isFinite((fit as { a: number }).a)), "some fits are made");
});
