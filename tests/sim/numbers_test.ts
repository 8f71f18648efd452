/**
 * The simulator's number helpers: the integer-unit formatter must write
 * exactly what toWireNumber writes, and fake hashes look like real ones.
 */

import { toWireNumber } from "../../lib/hyperliquid/wire.ts";
import { fakeHash, roundSig, roundTo, unitsToWire } from "../../lib/sim/_numbers.ts";
import { assert, assertEquals } from "../_helpers.ts";

Deno.test("unitsToWire writes what toWireNumber writes, for every decimals 0..8 and sign", () => {
  let seed = 42;
  const next = () => (seed = (Math.imul(seed, 1_103_515_245) + 12_345) >>> 0);
  const samples = [0, 1, 5, 10, 100, 101, 1_000_000, 123_456_789, 2 ** 40 + 7];
  for (let i = 0; i < 2_000; i++) samples.push(next() % 10 ** (1 + (i % 12)));
  for (const units of samples) {
    for (let decimals = 0; decimals <= 8; decimals++) {
      // Where a double holds the value to 8 decimals (beyond, toFixed shows binary noise).
      if (units * 10 ** (8 - decimals) >= 2 ** 50) continue;
      for (const signed of [units, -units]) {
        assertEquals(unitsToWire(signed, decimals), toWireNumber(signed / 10 ** decimals));
      }
    }
  }
});

Deno.test("unitsToWire stays exact where a double is not: 1099511627783 at 1 → 109951162778.3", () => {
  assertEquals(unitsToWire(1_099_511_627_783, 1), "109951162778.3");
  assertEquals(unitsToWire(123_456_789_012_345, 6), "123456789.012345");
});

Deno.test("unitsToWire drops trailing zeros and writes -0 as 0: 1500 at 3 → 1.5", () => {
  assertEquals(unitsToWire(1500, 3), "1.5");
  assertEquals(unitsToWire(-0, 4), "0");
  assertEquals(unitsToWire(7, 5), "0.00007");
  assertEquals(unitsToWire(-12_345, 2), "-123.45");
});

Deno.test("roundTo rounds half away from zero; roundSig keeps significant figures", () => {
  assertEquals(roundTo(1.23456789, 4), 1.2346);
  assertEquals(roundTo(-2.5, 0), -3);
  assertEquals(roundSig(100_500.123, 6), 100_500);
  assertEquals(roundSig(0.000123456789, 6), 0.000123457);
});

Deno.test("fakeHash is 0x + 64 hex digits, deterministic, distinct per id and salt", () => {
  const a = fakeHash(1, 0);
  assert(/^0x[0-9a-f]{64}$/.test(a));
  assertEquals(fakeHash(1, 0), a);
  const seen = new Set<string>();
  for (let i = 0; i < 1_000; i++) {
    seen.add(fakeHash(i, 0));
    seen.add(fakeHash(i, 1));
  }
  assertEquals(seen.size, 2_000);
});
