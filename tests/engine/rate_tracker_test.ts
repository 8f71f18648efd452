import { mulberry32 } from "../../lib/analysis/synthetic_history.ts";
import {
  addressRequestsOfRecord,
  RateLimitTracker,
  type RateLimitTrackerOptions,
  type TrackedRequest,
} from "../../lib/engine/rate_tracker.ts";
import { assert, assertEquals, assertThrows } from "../_helpers.ts";

const T0 = 1_700_000_000_000;

/** A tracker on a hand-driven clock. */
function setup(options: Partial<RateLimitTrackerOptions> = {}) {
  const clock = { now: T0 };
  const tracker = new RateLimitTracker({ now: () => clock.now, ...options });
  return { clock, tracker };
}

function info(ts: number, weight = 20): TrackedRequest {
  return { endpoint: "info", type: "openOrders", weight, ts, answered: true };
}

function action(ts: number, batchLength: number): TrackedRequest {
  const weight = 1 + Math.floor(batchLength / 40);
  return { endpoint: "exchange", type: "batchModify", weight, ts, answered: true, batchLength };
}

function near(actual: number, expected: number, tolerance = 1e-9): void {
  assert(Math.abs(actual - expected) <= tolerance, `${actual} is not ${expected} ± ${tolerance}`);
}

Deno.test("IP weight counts for a rolling minute and then expires", () => {
  const { clock, tracker } = setup();
  tracker.record(info(T0, 20));
  clock.now = T0 + 30_000;
  tracker.record(info(clock.now, 2));
  assertEquals(tracker.snapshot().ip_weight_last_minute, 22);
  clock.now = T0 + 59_999;
  assertEquals(tracker.snapshot().ip_weight_last_minute, 22, "still inside the minute");
  clock.now = T0 + 61_000;
  assertEquals(tracker.snapshot().ip_weight_last_minute, 2, "the first request expired");
  clock.now = T0 + 91_000;
  assertEquals(tracker.snapshot().ip_weight_last_minute, 0);
});

Deno.test("the ring keeps bounded memory across hours of requests", () => {
  const { clock, tracker } = setup();
  for (let s = 0; s < 3 * 3600; s++) {
    clock.now = T0 + s * 1_000;
    tracker.record(info(clock.now, 2));
  }
  // The last 61 seconds (60 full ones plus the current) are counted.
  assertEquals(tracker.snapshot().ip_weight_last_minute, 2 * 61);
});

Deno.test("the warning turns on at 80% of the IP limit", () => {
  const { tracker, clock } = setup();
  tracker.record(info(clock.now, 959));
  let snapshot = tracker.snapshot();
  assertEquals(snapshot.warning, false);
  assertEquals(snapshot.ip_share, 0.7992);
  tracker.record(info(clock.now, 1));
  snapshot = tracker.snapshot();
  assertEquals(snapshot.warning, true);
  assertEquals(snapshot.ip_share, 0.8);
  assertEquals(snapshot.ip_weight_limit, 1200);
});

Deno.test("requotes keep the minimum interval between them", () => {
  const { clock, tracker } = setup();
  assertEquals(tracker.requoteAllowed(), { ok: true, waitMs: 0 });
  tracker.notifyRequote();
  clock.now += 40;
  assertEquals(tracker.requoteAllowed(), { ok: false, waitMs: 60, reason: "min_interval" });
  clock.now += 60;
  assertEquals(tracker.requoteAllowed().ok, true);
});

Deno.test("a requote is refused when its weight would eat into the IP reserve", () => {
  const { clock, tracker } = setup(); // limit 1,200, reserve 60: room for 1,140
  tracker.record(info(clock.now, 1_100));
  clock.now += 10_000;
  tracker.record(info(clock.now, 39));
  assertEquals(tracker.requoteAllowed({ weight: 1 }).ok, true, "1,139 + 1 fits");
  const gate = tracker.requoteAllowed({ weight: 2 });
  assertEquals(gate.ok, false);
  assertEquals(gate.reason, "ip_limit");
  assertEquals(
    gate.waitMs,
    51_000,
    "until the 1,100 sent 10 s ago expire (61 s after their second)",
  );
  clock.now += gate.waitMs;
  assertEquals(tracker.requoteAllowed({ weight: 2 }).ok, true);
});

Deno.test("a requote loop never takes the IP weight over the limit", () => {
  const random = mulberry32(3);
  const { clock, tracker } = setup({ minRequoteIntervalMs: 0 });
  tracker.syncAddress({ nRequestsUsed: 0, nRequestsCap: 1e9, cumVlm: 1e9 });
  const sent: { ts: number; weight: number }[] = [];
  let requotes = 0;
  let nextSync = T0 + 30_000;
  for (let step = 0; step < 20_000; step++) {
    clock.now += Math.floor(random() * 50);
    if (clock.now >= nextSync) {
      // The safety sync, once a minute and ungated: openOrders, clearinghouseState, userRateLimit.
      for (const weight of [20, 2, 20]) {
        tracker.record(info(clock.now, weight));
        sent.push({ ts: clock.now, weight });
      }
      nextSync += 60_000;
    }
    const weight = 1 + Math.floor(random() * 3);
    if (tracker.requoteAllowed({ weight }).ok) {
      tracker.notifyRequote();
      tracker.record({
        endpoint: "exchange",
        type: "order",
        weight,
        ts: clock.now,
        answered: true,
      });
      sent.push({ ts: clock.now, weight });
      requotes++;
    }
    const exact = sent.filter((s) => s.ts > clock.now - 60_000).reduce((a, s) => a + s.weight, 0);
    assert(exact <= 1_200, `rolling-minute weight ${exact} > 1,200 at step ${step}`);
  }
  assert(requotes > 1_000, `the gate let requotes through (${requotes})`);
});

Deno.test("an action costs one address request per order, modify or cancel of its batch", () => {
  assertEquals(addressRequestsOfRecord(action(T0, 10)), 10);
  assertEquals(addressRequestsOfRecord(info(T0)), 0);
  const unbatched: TrackedRequest = {
    endpoint: "exchange",
    type: "scheduleCancel",
    weight: 1,
    ts: T0,
    answered: true,
  };
  assertEquals(addressRequestsOfRecord(unbatched), 1);
  assertEquals(
    addressRequestsOfRecord({ ...unbatched, weight: 3 }),
    80,
    "without a length: the least",
  );
  const { tracker } = setup();
  tracker.syncAddress({ nRequestsUsed: 1_000, nRequestsCap: 20_000, cumVlm: "10000.0" });
  tracker.record(action(T0, 10));
  tracker.record(unbatched);
  tracker.record(info(T0));
  const snapshot = tracker.snapshot();
  assertEquals(snapshot.address_used, 1_011);
  assertEquals(snapshot.address_remaining, 18_989);
  assertEquals(snapshot.requests_per_minute, 11);
});

Deno.test("fills grow the cap by 1 per whole USDC; a sync takes the exchange's count", () => {
  const { tracker } = setup();
  tracker.syncAddress({ nRequestsUsed: 500, nRequestsCap: 10_000, cumVlm: 0 });
  tracker.onFill(1_234.5);
  tracker.onFill(0.5);
  assertEquals(tracker.snapshot().address_cap, 11_235);
  tracker.syncAddress({ nRequestsUsed: 700, nRequestsCap: 11_240, cumVlm: "1240" });
  const snapshot = tracker.snapshot();
  assertEquals([snapshot.address_used, snapshot.address_cap], [700, 11_240]);
  assertThrows(
    () => tracker.syncAddress({ nRequestsUsed: 1, nRequestsCap: 2, cumVlm: "x" }),
    RangeError,
  );
});

Deno.test("pacing slows requotes as the remaining budget shrinks and recovers with fills", () => {
  // Spend 100 requests at once: 40 from the burst, a debt of 60 paid at the allowed rate.
  const wait = (remaining: number, fillUsd = 0) => {
    const { clock, tracker } = setup();
    tracker.syncAddress({ nRequestsUsed: 0, nRequestsCap: remaining, cumVlm: 0 });
    if (fillUsd > 0) tracker.onFill(fillUsd);
    tracker.record(action(clock.now, 39));
    tracker.record(action(clock.now, 39));
    tracker.record(action(clock.now, 22));
    const gate = tracker.requoteAllowed();
    assertEquals(gate.ok, false);
    assertEquals(gate.reason, "address_pace");
    return gate.waitMs;
  };
  // allowed = (cap − 100 spent − 500 reserve) / 1,440 minutes; wait = 60 / allowed minutes.
  near(wait(1_000_600), (60 / (1_000_000 / 1_440)) * 60_000, 1);
  near(wait(100_600), (60 / (100_000 / 1_440)) * 60_000, 1);
  assert(wait(100_600) > 9 * wait(1_000_600), "ten times less budget, ten times slower");
  // A fill of 100,000 USDC: the replenish EWMA (10-minute half-life) now reads
  // 100,000 · ln 2 / 10 per minute, and the cap grew by 100,000.
  const replenish = (100_000 * Math.LN2) / 10;
  near(wait(100_600, 100_000), (60 / (replenish + 200_000 / 1_440)) * 60_000, 1);
  assert(wait(100_600, 100_000) < wait(100_600) / 10, "fills bring the pace back");
});

Deno.test("the bucket refills over time at the allowed rate", () => {
  const { clock, tracker } = setup({ addressReserve: 0 });
  // After the 70 spent below, (144,070 − 70) / 1,440 minutes = 100 a minute.
  tracker.syncAddress({ nRequestsUsed: 0, nRequestsCap: 144_070, cumVlm: 0 });
  tracker.record(action(clock.now, 39));
  tracker.record(action(clock.now, 31)); // 70 spent: the 40 of the burst, and 30 in debt
  const gate = tracker.requoteAllowed();
  assertEquals(gate, { ok: false, waitMs: 18_000, reason: "address_pace" });
  clock.now += 17_999;
  assertEquals(tracker.requoteAllowed().ok, false);
  clock.now += 1;
  assertEquals(tracker.requoteAllowed().ok, true);
});

Deno.test("with nothing above the reserve and no fills, requotes stop", () => {
  const { tracker } = setup();
  tracker.syncAddress({ nRequestsUsed: 9_600, nRequestsCap: 10_000, cumVlm: 0 });
  assertEquals(tracker.requoteAllowed(), { ok: false, waitMs: 60_000, reason: "address_budget" });
  assertEquals(tracker.pressure(), 1);
  assertEquals(tracker.toleranceMultiplier(), 4);
  tracker.onFill(5_000);
  assertEquals(tracker.requoteAllowed().ok, true, "fills open the budget again");
});

Deno.test("projected hours left, hand-computed", () => {
  const { clock, tracker } = setup({ replenishHalfLifeMs: 60_000 * Math.LN2 });
  tracker.syncAddress({ nRequestsUsed: 2_000, nRequestsCap: 12_000, cumVlm: 2_000 });
  assertEquals(tracker.snapshot().projected_hours_left, null, "nothing spent: never");
  for (let i = 0; i < 10; i++) {
    clock.now = T0 + i * 5_000;
    tracker.record(action(clock.now, 10));
  }
  // 100 requests in the minute, none earned: (12,000 − 2,100) / 100 per minute / 60.
  let snapshot = tracker.snapshot();
  assertEquals(snapshot.requests_per_minute, 100);
  assertEquals(snapshot.address_remaining, 9_900);
  assertEquals(snapshot.projected_hours_left, 1.65);
  // A 40 USDC fill: cap +40 and, with a half-life of ln 2 minutes, a replenish
  // rate of exactly 40 a minute: 9,940 / (100 − 40) / 60 = 2.7611 h.
  tracker.onFill(40);
  snapshot = tracker.snapshot();
  assertEquals(snapshot.replenish_per_minute, 40);
  assertEquals(snapshot.projected_hours_left, 2.76);
  tracker.onFill(100);
  assertEquals(tracker.snapshot().projected_hours_left, null, "fills outpace spending: never");
});

Deno.test("pressure rises with IP weight and widens the tolerance from 1x to 4x", () => {
  const { clock, tracker } = setup();
  tracker.syncAddress({ nRequestsUsed: 0, nRequestsCap: 10_000_000, cumVlm: 0 });
  assertEquals(tracker.pressure(), 0);
  assertEquals(tracker.toleranceMultiplier(), 1);
  tracker.record(info(clock.now, 600));
  assertEquals(tracker.pressure(), 0, "half the limit is still no pressure");
  tracker.record(info(clock.now, 360)); // 80%: (0.8 − 0.5) / (0.95 − 0.5)
  near(tracker.pressure(), 2 / 3);
  near(tracker.toleranceMultiplier(), 1 + 3 * (4 / 9));
  tracker.notifyRequote();
  clock.now += 100;
  const gate = tracker.requoteAllowed();
  assertEquals(gate.reason, "min_interval", "requotes slow with pressure");
  assertEquals(gate.waitMs, Math.ceil(100 * (1 + 3 * (4 / 9))) - 100);
  tracker.record(info(clock.now, 180));
  assertEquals(tracker.pressure(), 1);
  assertEquals(tracker.snapshot().pressure, 1);
});

Deno.test("address pressure compares the last minute's spend with the allowed rate", () => {
  const { clock, tracker } = setup({ addressBurst: 1_000 });
  tracker.syncAddress({ nRequestsUsed: 0, nRequestsCap: 144_500, cumVlm: 0 }); // 100 a minute
  tracker.record(action(clock.now, 39));
  assertEquals(tracker.pressure(), 0, "39 of 100 a minute");
  tracker.record(action(clock.now, 36));
  near(tracker.pressure(), (75 / (144_500 - 75 - 500) * 1_440 - 0.5) / 0.5, 1e-12);
  tracker.record(action(clock.now, 30));
  assertEquals(tracker.pressure(), 1);
});

Deno.test("the snapshot is the ratelimit event's payload", () => {
  const { tracker, clock } = setup();
  tracker.syncAddress({ nRequestsUsed: 100, nRequestsCap: 10_000, cumVlm: "0.0" });
  tracker.record(info(clock.now, 20));
  tracker.record(action(clock.now, 4));
  assertEquals(tracker.snapshot(), {
    ip_weight_last_minute: 21,
    ip_weight_limit: 1_200,
    ip_share: 0.0175,
    warning: false,
    address_used: 104,
    address_cap: 10_000,
    address_remaining: 9_896,
    address_share: 0.0104,
    requests_per_minute: 4,
    replenish_per_minute: 0,
    projected_hours_left: 41.23,
    // 4 a minute against (9,896 − 500) / 1,440 = 6.525 allowed: (0.613 − 0.5) / 0.5.
    pressure: 0.2261,
  });
});

Deno.test("bad options are refused", () => {
  assertThrows(() => setup({ ipWeightPerMinute: 0 }), RangeError, "ipWeightPerMinute");
  assertThrows(() => setup({ warnShare: 1.5 }), RangeError, "warnShare");
  assertThrows(() => setup({ ipReserveWeight: 1_200 }), RangeError, "ipReserveWeight");
  const { tracker } = setup();
  assertThrows(() => tracker.onFill(-1), RangeError, "notionalUsd");
});
