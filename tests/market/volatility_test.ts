/**
 * Volatility: EWMA of grid log-returns against a known σ, by hand, across
 * gaps, and on the real BTC hour.
 */

import { SECONDS_PER_YEAR, Volatility } from "../../lib/market/volatility.ts";
import { assert, assertEquals, assertThrows } from "../_helpers.ts";
import { Draws } from "./_random.ts";
import { realBtcHour } from "./_real_hour.ts";

const T0 = 1_704_110_400_000; // 2024-01-01 12:00 UTC, on the 1 s grid

Deno.test("a random walk with σ = 50 % a year reads 50 % within 10 %", () => {
  // Log mid steps every 500 ms with sd σ·√0.5 s; one hour; half-life 10 min.
  const sigmaAnnual = 0.5;
  const perStep = (sigmaAnnual / Math.sqrt(SECONDS_PER_YEAR)) * Math.sqrt(0.5);
  const draws = new Draws(11);
  const vol = new Volatility({ halfLifeSeconds: 600 });
  let logMid = Math.log(42_000);
  for (let i = 0; i <= 7_200; i++) {
    vol.update({ time: T0 + i * 500 + 7, mid: Math.exp(logMid) });
    logMid += perStep * draws.gaussian();
  }
  assert(Math.abs(vol.sigmaAnnual / sigmaAnnual - 1) < 0.1, `σ ${vol.sigmaAnnual}`);
  const perSecond = sigmaAnnual / Math.sqrt(SECONDS_PER_YEAR);
  assert(Math.abs(vol.sigmaPerSqrtSecond / perSecond - 1) < 0.1);
  assertEquals(vol.missing, 0);
  assert(vol.ready);
});

Deno.test("a constant price gives exactly 0", () => {
  const vol = new Volatility();
  for (let i = 0; i < 500; i++) vol.update({ time: T0 + i * 600, mid: 42_000 });
  assertEquals(vol.sigmaAnnual, 0);
  assertEquals(vol.sigmaPerSqrtSecond, 0);
});

Deno.test("by hand: grid returns of ±ln 1.01 give σ = ln 1.01 per √s and × √(365·86400) a year", () => {
  const vol = new Volatility({ gridMs: 1_000 });
  assert(Number.isNaN(vol.sigmaAnnual), "no grid return yet");
  // Grid 0 → 100, grid 1 → 101, grid 2 → 100 (each closed by the next observation).
  vol.update({ time: T0, mid: 100 });
  vol.update({ time: T0 + 1_000, mid: 101 });
  vol.update({ time: T0 + 2_000, mid: 100 });
  assertEquals(vol.samples, 1);
  vol.update({ time: T0 + 3_000, mid: 100 });
  assertEquals(vol.samples, 2);
  const r = Math.log(1.01);
  assert(Math.abs(vol.sigmaPerSqrtSecond - r) < 1e-15, `${vol.sigmaPerSqrtSecond}`);
  assert(Math.abs(vol.sigmaAnnual - r * Math.sqrt(SECONDS_PER_YEAR)) < 1e-12);
});

Deno.test("each grid point takes the last mid at or before it: ticks inside a second do not count", () => {
  const vol = new Volatility();
  vol.update({ time: T0, mid: 100 });
  vol.update({ time: T0 + 300, mid: 200 }); // overwritten before the next grid point
  vol.update({ time: T0 + 600, mid: 101 });
  vol.update({ time: T0 + 1_500, mid: 101 });
  assert(Math.abs(vol.sigmaPerSqrtSecond - Math.log(1.01)) < 1e-15);
});

Deno.test("a gap carries the last mid: same σ as feeding it every second, points counted missing", () => {
  const gapped = new Volatility({ halfLifeSeconds: 30 });
  const filled = new Volatility({ halfLifeSeconds: 30 });
  const path = [[0, 100], [1_000, 100.5], [2_000, 99.8], [3_000, 100.2]];
  for (const [dt, mid] of path) {
    gapped.update({ time: T0 + dt, mid });
    filled.update({ time: T0 + dt, mid });
  }
  // 40 s with no observation, then a new mid.
  for (let s = 4; s < 43; s++) filled.update({ time: T0 + s * 1_000, mid: 100.2 });
  filled.update({ time: T0 + 43_000, mid: 101 });
  filled.update({ time: T0 + 44_000, mid: 101 });
  gapped.update({ time: T0 + 43_000, mid: 101 });
  gapped.update({ time: T0 + 44_000, mid: 101 });
  assertEquals(gapped.samples, filled.samples);
  const relative = Math.abs(gapped.variancePerStep / filled.variancePerStep - 1);
  assert(relative < 1e-12, `gapped ${gapped.variancePerStep} vs filled ${filled.variancePerStep}`);
  assertEquals(filled.missing, 0);
  assertEquals(gapped.missing, 39, "grid points 4 … 42 s had no observation");
});

Deno.test("older observations and non-positive mids are ignored", () => {
  const vol = new Volatility();
  vol.update({ time: T0 + 5_000, mid: 100 });
  vol.update({ time: T0 + 4_000, mid: 200 });
  vol.update({ time: T0 + 6_000, mid: 0 });
  vol.update({ time: T0 + 6_500, mid: NaN });
  assertEquals(vol.mid, 100);
  assertEquals(vol.time, T0 + 5_000);
});

Deno.test("not ready before minSamples grid returns", () => {
  const vol = new Volatility({ minSamples: 10 });
  for (let i = 0; i <= 10; i++) vol.update({ time: T0 + i * 1_000, mid: 100 + i });
  assertEquals(vol.samples, 9);
  assert(!vol.ready);
  vol.update({ time: T0 + 11_000, mid: 100 });
  assert(vol.ready);
});

Deno.test("bad options are refused", () => {
  assertThrows(() => new Volatility({ halfLifeSeconds: 0 }), RangeError, "halfLifeSeconds");
  assertThrows(() => new Volatility({ gridMs: NaN }), RangeError, "gridMs");
});

Deno.test("the real BTC hour (2024-01-01 12:00 UTC) reads an annualised σ of ≈ 20 %", () => {
  const books = realBtcHour();
  // Half-life of an hour: close to the hour's realised volatility on a 1 s grid.
  const hour = new Volatility({ halfLifeSeconds: 3_600 });
  const recent = new Volatility();
  for (const book of books) {
    const mid = (book.bids[0].px + book.asks[0].px) / 2;
    hour.update({ time: book.time, mid });
    recent.update({ time: book.time, mid });
  }
  // Measured: 0.199 (half-life 1 h), 0.224 (default 5 min, at the end of the hour);
  // another measurement of this hour gave ≈ 0.25.
  assert(hour.sigmaAnnual > 0.12 && hour.sigmaAnnual < 0.4, `σ ${hour.sigmaAnnual}`);
  assert(recent.sigmaAnnual > 0.12 && recent.sigmaAnnual < 0.4, `σ ${recent.sigmaAnnual}`);
  assertEquals(hour.samples, 3_599);
  assert(hour.missing < 20, `${hour.missing} missing grid points (longest gap 2.79 s)`);
});
