/**
 * Fills seen from the maker's side on a recording's mids (flow.ts): a quote
 * at our floor simulated on the mids (makerObservations: re-set around the
 * mid every 5 s, filled once a side when the mid reaches it, marked 60 s
 * later), and our own fills (fillObservations). The path here is made by hand:
 * books every 500 ms from 00:00:00, the mid 100,000 USD, 99,950 from 12 s,
 * 99,900 from 70 s, until 80 s.
 */

import { assert, assertEquals } from "../_helpers.ts";
import { fillObservations, makerObservations } from "../../lib/calibrate/flow.ts";
import { MarketSample } from "../../lib/calibrate/market_sample.ts";
import type { MarketFrame } from "../../lib/sim/generator.ts";

const START_MS = Date.UTC(2026, 0, 5);

function midAt(sinceStartMs: number): number {
  if (sinceStartMs >= 70_000) return 99_900;
  if (sinceStartMs >= 12_000) return 99_950;
  return 100_000;
}

async function handMadePath(): Promise<MarketSample> {
  const frames: MarketFrame[] = [];
  for (let ms = 0; ms <= 80_000; ms += 500) {
    const mid = midAt(ms);
    frames.push({
      channel: "l2Book",
      data: {
        coin: "BTC",
        time: START_MS + ms,
        levels: [[{ px: String(mid - 0.5), sz: "1", n: 1 }], [{
          px: String(mid + 0.5),
          sz: "1",
          n: 1,
        }]],
      },
    });
  }
  return await MarketSample.fromFrames([frames]);
}

Deno.test("a bid 4 bps under the mid fills when the mid falls through it, and is marked 60 s on", async () => {
  const fills = makerObservations(await handMadePath(), { depthBps: 4, horizonS: 60 });
  // Quotes are set at 0, 5, 10 and 15 s (a later one could not be marked within the recording).
  // The one set at 10 s bids 99,960; the mid reaches 99,950 at 12 s; at 72 s it is 99,900.
  assertEquals(fills.length, 1);
  assertEquals(fills[0].timeMs, START_MS + 12_000);
  assertEquals(fills[0].depthBps, 4);
  const expected = (99_960 - 99_900) / 99_960 * 10_000; // 6.0024 bps against the bid
  assert(Math.abs(fills[0].adverseBps - expected) < 1e-9, `adverse ${fills[0].adverseBps}`);
});

Deno.test("a deeper quote is not reached: at 6 bps the 5 bps drop fills nothing", async () => {
  assertEquals(makerObservations(await handMadePath(), { depthBps: 6, horizonS: 60 }), []);
});

Deno.test("our fill is measured from the mid before it, not from the book that crossed it", async () => {
  // A paper buy at 99,960 dated 12 s, the time of the book that moved the mid to 99,950.
  const fill = {
    tsMs: START_MS + 12_000,
    coin: "BTC",
    dir: "Open Long",
    px: 99_960,
    sz: 0.01,
    notionalMicros: 999_600_000,
    feeMicros: 149_940,
    grossPnlMicros: 0,
    closing: false,
    maker: true,
    line: 1,
  };
  const [seen] = fillObservations([fill], await handMadePath(), 60);
  assert(Math.abs(seen.depthBps - 4) < 1e-9, `depth ${seen.depthBps}`); // from 100,000, not 99,950
  assert(Math.abs(seen.adverseBps - 10) < 1e-9, `adverse ${seen.adverseBps}`); // to 99,900 at 72 s
});
