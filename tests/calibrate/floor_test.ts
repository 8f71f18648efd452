/**
 * The spread floor calibrate proposes: break-even is 2 × (maker fee + the
 * mean adverse move over the time we hold a fill), a lower bound. A floor our
 * fills lose at is raised to it; a floor above it stays, because the floor
 * binds and one lowered to break-even would quote where fills earn nothing.
 *
 * Each market here is hand-made: a flat 90,000 USD mid with books every
 * 10 s, and 200 buys of 0.01 BTC at 89,950 (5.56 bps under the mid), one
 * every 3 minutes from 00:03. Buys only, so no lot closes and the holding horizon is
 * the Kelly horizon, 60 s.
 */

import { assertEquals, assertMatch } from "../_helpers.ts";
import type { TradeFill } from "../../lib/analysis/trade_fill.ts";
import { calibrate, MarketSample } from "../../lib/calibrate/mod.ts";
import { MmConfigSchema } from "../../lib/config/mm_config.ts";
import type { MarketFrame } from "../../lib/sim/generator.ts";

const START_MS = Date.UTC(2026, 0, 5);
const MID = 90_000;
const FILL_EVERY_MS = 3 * 60_000;
const FILLS = 200;

function book(time: number, mid: number): MarketFrame {
  return {
    channel: "l2Book",
    data: {
      coin: "BTC",
      time,
      levels: [[{ px: String(mid - 0.5), sz: "1", n: 1 }], [{
        px: String(mid + 0.5),
        sz: "1",
        n: 1,
      }]],
    },
  };
}

function buy(i: number): TradeFill {
  return {
    tsMs: START_MS + (i + 1) * FILL_EVERY_MS, // the first 3 minutes in, after the first book
    coin: "BTC",
    dir: "Open Long",
    px: 89_950,
    sz: 0.01,
    notionalMicros: 899_500_000,
    feeMicros: 134_925,
    grossPnlMicros: 0,
    closing: false,
    maker: true,
    line: i + 1,
  };
}

/** The mid `dropBps(i)` below 90,000 from 5 s to 2 min after fill i, 90,000 otherwise. */
async function market(dropBps: (i: number) => number): Promise<MarketSample> {
  const frames: MarketFrame[] = [];
  for (let t = START_MS; t <= START_MS + (FILLS + 1) * FILL_EVERY_MS; t += 10_000) {
    const i = Math.floor((t - START_MS) / FILL_EVERY_MS) - 1;
    const intoFill = t - START_MS - (i + 1) * FILL_EVERY_MS;
    const down = intoFill >= 5_000 && intoFill < 120_000 ? dropBps(i) : 0;
    frames.push(book(t, Math.round(MID * (1 - down / 10_000))));
  }
  return await MarketSample.fromFrames([frames]);
}

const fills = Array.from({ length: FILLS }, (_, i) => buy(i));
const base = MmConfigSchema.parse({});
const FLOOR = "strategy.ladder.minSpreadBps";

Deno.test("a floor our fills lose at is raised to break-even: 2 × (1.5 fee + 10 adverse) = 23 bps", async () => {
  // The mid falls 8 or 12 bps after each buy: 10 bps adverse on average over the 60 s horizon.
  const sample = await market((i) => (i % 2 === 0 ? 8 : 12));
  const { patch, rationale } = calibrate({ market: sample, fills }, { base });
  const floor = rationale[FLOOR];
  assertEquals(floor.previous, 8);
  assertEquals(floor.n, FILLS);
  assertEquals(Math.round(floor.value as number), 23);
  assertEquals(
    (patch.strategy as { ladder: { minSpreadBps: number } }).ladder.minSpreadBps,
    floor.value,
  );
});

Deno.test("a floor above break-even stays, and says that it is safe: flat mid, break-even 3 bps", async () => {
  const sample = await market(() => 0);
  const { patch, rationale, unchanged } = calibrate({ market: sample, fills }, { base });
  assertEquals(rationale[FLOOR], undefined);
  assertEquals((patch.strategy as { ladder?: unknown } | undefined)?.ladder, undefined);
  assertMatch(
    unchanged[FLOOR],
    /^the current 8 bps is above break-even \(estimate 3, 95% CI 3…3, n 200\): a safe floor stays/,
  );
});
