/**
 * The dead man's switch against a fake exchange that records every
 * scheduleCancel, with an injected clock.
 */

import { DeadMansSwitch, type SwitchTick } from "../../lib/engine/dead_mans_switch.ts";
import type { Exchange } from "../../lib/hyperliquid/port.ts";
import { assert, assertEquals, assertThrows } from "../_helpers.ts";

const T0 = 1_750_000_000_000;

interface Setup {
  dms: DeadMansSwitch;
  calls: (number | null)[];
  advance(ms: number): void;
  /** Makes the next `n` calls fail. */
  failNext(n: number): void;
}

function setup(options: { leadMs?: number; refreshAtShare?: number } = {}): Setup {
  let now = T0;
  let failures = 0;
  const calls: (number | null)[] = [];
  const exchange: Pick<Exchange, "scheduleCancel"> = {
    scheduleCancel(atMs) {
      calls.push(atMs);
      if (failures > 0) {
        failures -= 1;
        return Promise.reject(new Error("exchange unreachable"));
      }
      return Promise.resolve();
    },
  };
  const dms = new DeadMansSwitch(exchange, { ...options, now: () => now });
  return { dms, calls, advance: (ms) => (now += ms), failNext: (n) => (failures = n) };
}

Deno.test("the first tick arms the switch lead ms ahead", async () => {
  const { dms, calls } = setup({ leadMs: 30_000 });
  assertEquals(dms.armedUntil, undefined);
  const tick = await dms.tick();
  assertEquals(tick, { status: "armed", armedUntil: T0 + 30_000, refreshed: false });
  assertEquals(calls, [T0 + 30_000]);
  assertEquals(dms.armedUntil, T0 + 30_000);
});

Deno.test("ticks send nothing while at least half the lead is left", async () => {
  const { dms, calls, advance } = setup({ leadMs: 30_000 });
  await dms.tick();
  for (let i = 0; i < 15; i++) {
    advance(1_000);
    assertEquals((await dms.tick()).status, "idle");
  }
  assertEquals(calls.length, 1);
});

Deno.test("a tick refreshes once less than half the lead is left", async () => {
  const { dms, calls, advance } = setup({ leadMs: 30_000 });
  await dms.tick();
  advance(15_001);
  const tick = await dms.tick();
  assertEquals(tick, { status: "armed", armedUntil: T0 + 45_001, refreshed: true });
  assertEquals(calls, [T0 + 30_000, T0 + 45_001]);
});

Deno.test("the refresh share is configurable", async () => {
  const { dms, calls, advance } = setup({ leadMs: 10_000, refreshAtShare: 0.8 });
  await dms.tick();
  advance(1_999);
  assertEquals((await dms.tick()).status, "idle");
  advance(2);
  assertEquals((await dms.tick()).status, "armed");
  assertEquals(calls.length, 2);
});

Deno.test("disarm clears the schedule with a call without a time", async () => {
  const { dms, calls } = setup();
  await dms.tick();
  assertEquals(await dms.disarm(), { ok: true });
  assertEquals(calls.at(-1), null);
  assertEquals(dms.armedUntil, undefined);
});

Deno.test("a lead under 5 s is refused at construction", () => {
  const exchange = { scheduleCancel: () => Promise.resolve() };
  assertThrows(
    () => new DeadMansSwitch(exchange, { leadMs: 4_999, now: () => T0 }),
    RangeError,
    "5000",
  );
  assertThrows(
    () => new DeadMansSwitch(exchange, { refreshAtShare: 1, now: () => T0 }),
    RangeError,
  );
});

Deno.test("a failed send is reported, not thrown, and retried on the next tick", async () => {
  const { dms, calls, failNext } = setup({ leadMs: 30_000 });
  failNext(2);
  const first = await dms.tick();
  assertEquals(first.status, "failed");
  assert(first.status === "failed" && first.error instanceof Error);
  assertEquals(first.failures, 1);
  assertEquals(dms.armedUntil, undefined);
  assertEquals((await dms.tick()).status, "failed");
  assertEquals(await dms.tick(), { status: "armed", armedUntil: T0 + 30_000, refreshed: false });
  assertEquals(calls.length, 3);
});

Deno.test("a scheduleCancel that throws synchronously is reported as a failure", async () => {
  const dms = new DeadMansSwitch({
    scheduleCancel: () => {
      throw new Error("boom");
    },
  }, { now: () => T0 });
  const tick = await dms.tick();
  assertEquals(tick.status, "failed");
  assertEquals((await dms.disarm()).ok, false);
});

Deno.test("a failed refresh keeps the schedule known to stand", async () => {
  const { dms, advance, failNext } = setup({ leadMs: 30_000 });
  await dms.tick();
  advance(20_000);
  failNext(1);
  const tick = await dms.tick();
  assertEquals(tick.status, "failed");
  assertEquals(tick.armedUntil, T0 + 30_000);
});

Deno.test("a schedule found past its time is reported as fired, then armed again", async () => {
  const { dms, calls, advance } = setup({ leadMs: 10_000 });
  await dms.tick();
  advance(12_000);
  const tick = await dms.tick();
  assertEquals(tick, {
    status: "armed",
    armedUntil: T0 + 22_000,
    refreshed: false,
    firedAtMs: T0 + 10_000,
  });
  assertEquals(dms.firedToday(), 1);
  assertEquals(calls.length, 2);
});

Deno.test("after ten firings in a UTC day nothing is sent until the next day", async () => {
  const dayStart = Math.ceil(T0 / 86_400_000) * 86_400_000;
  let now = dayStart;
  const calls: (number | null)[] = [];
  const dms = new DeadMansSwitch({
    scheduleCancel: (atMs) => (calls.push(atMs), Promise.resolve()),
  }, { leadMs: 10_000, now: () => now });
  let tick: SwitchTick = await dms.tick();
  for (let i = 0; i < 10; i++) {
    now += 11_000;
    tick = await dms.tick();
  }
  assertEquals(tick.status, "exhausted");
  assertEquals(tick.firedAtMs, dayStart + 9 * 11_000 + 10_000);
  assertEquals(calls.length, 10);
  now = dayStart + 86_400_000;
  assertEquals((await dms.tick()).status, "armed");
});

Deno.test("a tick while a send is in flight sends nothing", async () => {
  let release: () => void = () => {};
  const calls: (number | null)[] = [];
  const dms = new DeadMansSwitch({
    scheduleCancel: (atMs) => {
      calls.push(atMs);
      return new Promise<void>((resolve) => (release = resolve));
    },
  }, { now: () => T0 });
  const first = dms.tick();
  assertEquals((await dms.tick()).status, "busy");
  release();
  assertEquals((await first).status, "armed");
  assertEquals(calls.length, 1);
});
