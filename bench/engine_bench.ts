/**
 * Engine hot-path speed, the reconciler and the rate-limit tracker:
 *
 *     deno bench bench/engine_bench.ts
 *
 * Target: reconciling 5 + 5 levels after a typical small shift well under
 * 50 µs median; the tracker's per-request and per-requote work around a
 * microsecond.
 *
 * @module
 */

import { type DesiredLevel, reconcile, type RestingOrder } from "../lib/engine/reconciler.ts";
import { RateLimitTracker, type TrackedRequest } from "../lib/engine/rate_tracker.ts";
import { CloidFactory } from "../lib/hyperliquid/cloid.ts";

/** `levels` a side around `mid`, $50 apart (5 bps, wider than twice the tolerance). */
function ladder(mid: number, levels: number): DesiredLevel[] {
  const out: DesiredLevel[] = [];
  for (let level = 0; level < levels; level++) {
    out.push({ side: "buy", px: mid - 40 - level * 50, sz: 0.01 + level * 0.002, level });
    out.push({ side: "sell", px: mid + 40 + level * 50, sz: 0.01 + level * 0.002, level });
  }
  return out;
}

function resting(levels: readonly DesiredLevel[]): RestingOrder[] {
  return levels.map((level, i) => ({
    oid: 91_490_942_000 + i,
    cloid: `0x6d6d0123456789ab${(i + 1).toString(16).padStart(16, "0")}`,
    coin: "BTC",
    side: level.side,
    px: level.px,
    sz: level.sz,
    placedAtMs: 1_718_000_000_000,
  }));
}

const cloids = new CloidFactory({ sessionId: "0123456789ab" });
const options = { coin: "BTC", newCloid: () => cloids.next() };

const REST_5 = resting(ladder(100_000, 5));
const SAME_5 = ladder(100_000, 5);
const NUDGE_5 = ladder(100_008, 5); // 0.8 bps: everything kept
const SHIFT_5 = ladder(100_025, 5); // 2.5 bps: one batchModify of 10
const HALF_5 = ladder(100_000, 5).map((level) =>
  level.level >= 3 ? { ...level, px: level.px + (level.side === "buy" ? -25 : 25) } : level
);
const REST_50 = resting(ladder(100_000, 50));
const SHIFT_50 = ladder(100_025, 50);

Deno.bench("reconcile 5+5: typical small shift (10 modifies, 1 action)", {
  group: "reconcile",
  baseline: true,
}, () => {
  reconcile(SHIFT_5, REST_5, options);
});

Deno.bench("reconcile 5+5: outer 2 levels a side moved (6 kept, 4 modifies)", {
  group: "reconcile",
}, () => {
  reconcile(HALF_5, REST_5, options);
});

Deno.bench("reconcile 5+5: shift within tolerance (all kept)", { group: "reconcile" }, () => {
  reconcile(NUDGE_5, REST_5, options);
});

Deno.bench("reconcile 5+5: identical", { group: "reconcile" }, () => {
  reconcile(SAME_5, REST_5, options);
});

Deno.bench("reconcile 50+50: shift (100 modifies, 3 actions)", { group: "reconcile" }, () => {
  reconcile(SHIFT_50, REST_50, options);
});

let clock = 1_718_000_000_000;
const tracker = new RateLimitTracker({ now: () => clock });
tracker.syncAddress({ nRequestsUsed: 0, nRequestsCap: 1_000_000_000, cumVlm: "1000000000" });
const INFO: TrackedRequest = { endpoint: "info", type: "l2Book", weight: 2, ts: 0, answered: true };
const ACTION: TrackedRequest = {
  endpoint: "exchange",
  type: "batchModify",
  weight: 1,
  ts: 0,
  answered: true,
  batchLength: 10,
};

Deno.bench("tracker: record an info request", { group: "tracker", baseline: true }, () => {
  clock += 37;
  INFO.ts = clock;
  tracker.record(INFO);
});

Deno.bench("tracker: record a batchModify of 10", { group: "tracker" }, () => {
  clock += 37;
  ACTION.ts = clock;
  tracker.record(ACTION);
});

Deno.bench("tracker: requoteAllowed", { group: "tracker" }, () => {
  clock += 37;
  tracker.requoteAllowed();
});

Deno.bench("tracker: record + requoteAllowed + notifyRequote", { group: "tracker" }, () => {
  clock += 37;
  ACTION.ts = clock;
  if (tracker.requoteAllowed().ok) tracker.notifyRequote();
  tracker.record(ACTION);
});

Deno.bench("tracker: snapshot", { group: "tracker" }, () => {
  clock += 37;
  tracker.snapshot();
});
