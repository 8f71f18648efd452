/** lib/calibrate/holding.ts: FIFO holding times on fills checked by hand. */

import { assertEquals } from "../_helpers.ts";
import { holdingTime } from "../../lib/calibrate/holding.ts";
import type { TradeFill } from "../../lib/analysis/trade_fill.ts";

function fill(tsSec: number, dir: string, sz: number): TradeFill {
  return {
    tsMs: tsSec * 1000,
    coin: "BTC",
    dir,
    px: 100,
    sz,
    notionalMicros: sz * 100 * 1e6,
    feeMicros: 0,
    grossPnlMicros: 0,
    closing: dir.startsWith("Close"),
    maker: true,
    line: 1,
  };
}

Deno.test("the oldest lot closes first; the median is size-weighted", () => {
  const found = holdingTime([
    fill(0, "Open Long", 1),
    fill(10, "Open Long", 1),
    fill(60, "Close Long", 1.5), // 1 held 60 s, 0.5 held 50 s
    fill(100, "Close Long", 0.5), // 0.5 held 90 s
  ]);
  // Pieces by time: 50 s (0.5), 60 s (1), 90 s (0.5): half the size is reached at 60 s.
  assertEquals(found, { medianSec: 60, closed: 3, openLots: 0 });
});

Deno.test("a flip closes the long and opens a short; open lots are not timed", () => {
  const found = holdingTime([fill(0, "Open Long", 1), fill(30, "Long > Short", 3)]);
  assertEquals(found, { medianSec: 30, closed: 1, openLots: 1 });
});
