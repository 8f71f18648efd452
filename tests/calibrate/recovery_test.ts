/**
 * Calibration recovers the parameters planted in the market generator
 * (lib/sim/_gen_params.ts): the four σ levels and the thresholds between
 * them, the informed-flow size threshold and the toxic hours; and the A
 * and κ planted in a Poisson tape of trades at exponential depths (the
 * generator does not plant A and κ: they emerge from its book and order
 * sizes); and, with transient impact planted, the toxic hours as a quote at
 * our floor sees them.
 */

import { gunzipSync } from "node:zlib";
import { assert, assertEquals, repoPath, sharedData } from "../_helpers.ts";
import { inBatches, readMarketFrames } from "../../lib/sim/market_file.ts";
import { defaultStrategyConfig } from "../../lib/config/strategy_config.ts";
import {
  findSizeThreshold,
  findToxicHours,
  makerObservations,
  marketObservations,
} from "../../lib/calibrate/flow.ts";
import { readModelFile } from "../../lib/sim/model_file.ts";
import { estimateFillIntensity } from "../../lib/calibrate/intensity.ts";
import { MarketSample } from "../../lib/calibrate/market_sample.ts";
import { estimateVolatility } from "../../lib/calibrate/volatility.ts";
import {
  DEFAULT_INFORMED,
  DEFAULT_REGIMES,
  DEFAULT_TOXIC,
  generateMarket,
  type MarketFrame,
} from "../../lib/sim/generator.ts";

const HORIZON_S = defaultStrategyConfig().kelly.horizonS;

/** One generated day (seed 7: it visits all four regimes), read once for every test here. */
let day: Promise<MarketSample> | undefined;
function generatedDay(): Promise<MarketSample> {
  return day ??= MarketSample.fromFrames([
    [...generateMarket({ seed: 7, minutes: 24 * 60, startMs: Date.UTC(2026, 0, 5) })],
  ]);
}

const START_MS = Date.UTC(2026, 0, 5);

function within(actual: number, planted: number, tolerance: number): boolean {
  return Math.abs(actual / planted - 1) <= tolerance;
}

Deno.test("the four σ levels come back (5 %, extreme 15 %) and the thresholds between them (10 %)", async () => {
  const found = estimateVolatility(await generatedDay());
  const planted = [
    DEFAULT_REGIMES.calm,
    DEFAULT_REGIMES.normal,
    DEFAULT_REGIMES.volatile,
    DEFAULT_REGIMES.extreme,
  ]
    .map((r) => r.sigma);
  const levels = found.clusters!.map((c) => c.sigmaAnnual);
  // Extreme stays ≈ 15 min (3 windows), so windows straddling its edges pull it down more.
  const tolerance = [0.05, 0.05, 0.05, 0.15];
  levels.forEach((level, i) =>
    assert(within(level, planted[i], tolerance[i]), `level ${i}: ${level} vs planted ${planted[i]}`)
  );
  // Thresholds sit at the geometric midpoints of the planted levels (0.354, 0.707, 1.414).
  assertEquals(found.thresholds?.length, 3, found.thresholdReason);
  found.thresholds!.forEach((t, i) => {
    const midpoint = Math.sqrt(planted[i] * planted[i + 1]);
    assert(within(t.value, midpoint, 0.1), `threshold ${i}: ${t.value} vs ${midpoint}`);
  });
});

Deno.test("the informed-flow size threshold comes back within one grid step (±15 %) of $50k", async () => {
  const found = findSizeThreshold(marketObservations(await generatedDay(), HORIZON_S));
  assertEquals(found.reason, undefined);
  const threshold = found.thresholdUsd!.value;
  assert(within(threshold, DEFAULT_INFORMED.thresholdUsd, 0.15), `threshold $${threshold}`);
  assert(found.extraBps!.ci95[0] > 0, `informed orders move the mid: ${found.extraBps!.ci95}`);
});

Deno.test("the toxic hours come back exactly: 06, 07 and 14 UTC", async () => {
  const sample = await generatedDay();
  const sigma = estimateVolatility(sample).sigmaBpsAt;
  const found = findToxicHours(
    marketObservations(sample, HORIZON_S, { sigmaBpsPerSqrtSAt: sigma }),
    { belowUsd: DEFAULT_INFORMED.thresholdUsd },
  );
  assertEquals(found.toxic, DEFAULT_TOXIC.hours);
  assertEquals(found.undecided, []);
});

Deno.test("with transient impact, quotes at our floor fare worse in the planted toxic hours; the takers' test misses them", async () => {
  // examples/model_toxic_impact.json: six toxic hours where nine in ten orders are informed and
  // each order pushes the mid 1.5 bps × √(notional/$10k). Two days, streamed.
  const model = readModelFile(repoPath("examples/model_toxic_impact.json"));
  const planted = model.toxic!.hours!;
  const frames = generateMarket({ ...model, seed: 100, minutes: 2 * 1440, startMs: START_MS });
  const sample = await MarketSample.fromFrames(inBatches(frames));
  const sigma = estimateVolatility(sample).sigmaBpsAt;
  const makers = findToxicHours(
    makerObservations(sample, { depthBps: 4, horizonS: HORIZON_S, sigmaBpsPerSqrtSAt: sigma }),
    { minPerHour: 100 },
  );
  // Found: 01, 02, 09, 20, 21 (03 at z 2.0): no false hour, five of six.
  assert(makers.toxic.every((h) => planted.includes(h)), `maker-side toxic ${makers.toxic}`);
  assert(makers.toxic.length >= 5, `maker-side toxic ${makers.toxic}`);
  // The informed takers push the mid ahead of the move they foresee, so their own markouts sag:
  // the takers' test flags none of the planted hours, and 16 ordinary ones instead.
  const takers = findToxicHours(
    marketObservations(sample, HORIZON_S, { sigmaBpsPerSqrtSAt: sigma }),
    { belowUsd: DEFAULT_INFORMED.thresholdUsd },
  );
  assert(takers.toxic.every((h) => !planted.includes(h)), `takers' toxic ${takers.toxic}`);
  assert(takers.toxic.length >= 10, `takers' toxic ${takers.toxic}`);
});

Deno.test("A and κ planted in a Poisson tape at exponential depths come back within 10 %", async () => {
  const planted = { a: 2, kappaPerBps: 0.8 };
  const frames: MarketFrame[] = [];
  let seed = 12_345;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return (seed + 0.5) / 2 ** 31;
  };
  const mid = 50_000, startMs = Date.UTC(2026, 0, 5);
  const book = (time: number): MarketFrame => ({
    channel: "l2Book",
    data: {
      coin: "ETH",
      time,
      levels: [[{ px: String(mid - 0.5), sz: "1", n: 1 }], [{
        px: String(mid + 0.5),
        sz: "1",
        n: 1,
      }]],
    },
  });
  frames.push(book(startMs));
  let t = startMs, tid = 1;
  const endMs = startMs + 6 * 3_600_000;
  while (true) {
    t += (-Math.log(random()) / planted.a) * 1000;
    if (t >= endMs) break;
    const buy = random() < 0.5;
    const depthBps = -Math.log(random()) / planted.kappaPerBps;
    const px = mid * (1 + (buy ? 1 : -1) * depthBps / 10_000);
    frames.push({
      channel: "trades",
      data: [{
        coin: "ETH",
        side: buy ? "B" : "A",
        px: px.toFixed(2),
        sz: "0.01",
        time: Math.floor(t),
        hash: `0x${tid.toString(16).padStart(64, "0")}`,
        tid: tid++,
        users: ["0x1", "0x2"],
      }],
    });
    frames.push(book(Math.floor(t)));
  }
  frames.push(book(endMs));
  const found = estimateFillIntensity(await MarketSample.fromFrames([frames]));
  assertEquals(found.reason, undefined);
  assert(within(found.a!.value, planted.a, 0.1), `A ${found.a!.value}`);
  assert(
    within(found.kappaPerBps!.value, planted.kappaPerBps, 0.1),
    `κ ${found.kappaPerBps!.value}`,
  );
});

Deno.test("the real BTC archive hour (2024-01-01 12:00 UTC) reads as a calm market: σ ≈ 0.2", async () => {
  const gz = Deno.readFileSync(sharedData("data/l2Book_BTC_20240101_h12_s3archive.ndjson.gz"));
  const text = new TextDecoder().decode(gunzipSync(gz));
  const sample = await MarketSample.fromFrames(readMarketFrames(once(text), { file: "archive" }));
  const found = estimateVolatility(sample);
  // 1-minute log returns of this hour have sd 3.5e-4, ≈ 0.2 annualised (lib/sim/_gen_params.ts).
  assert(found.sigma!.value > 0.15 && found.sigma!.value < 0.3, `σ ${found.sigma!.value}`);
  assert(found.sigma!.ci95[0] < found.sigma!.value && found.sigma!.value < found.sigma!.ci95[1]);
  assertEquals(found.thresholds, undefined, "an hour cannot show four levels");
});

async function* once(text: string) {
  yield text;
}
