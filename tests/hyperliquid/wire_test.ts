/**
 * Tick and lot rules (Hyperliquid docs, "Tick and lot size") and the wire
 * form of numbers (Python SDK float_to_wire).
 */

import {
  fromWireNumber,
  isValidPrice,
  isValidSize,
  roundPrice,
  roundSize,
  toWireNumber,
} from "../../lib/hyperliquid/wire.ts";
import { assert, assertEquals, assertThrows } from "../_helpers.ts";

// --- roundPrice: the awkward prices -------------------------------------------------------

Deno.test("a tiny price keeps at most 6 - szDecimals decimals: 0.000123456 → 0.000123", () => {
  assertEquals(roundPrice(0.000123456, { szDecimals: 0 }), 0.000123);
});

Deno.test("a tiny ask rounds up at the decimal cap: 0.000123456 → 0.000124", () => {
  assertEquals(roundPrice(0.000123456, { szDecimals: 0, side: "ask" }), 0.000124);
});

Deno.test("a tiny bid rounds down at the decimal cap: 0.000123456 → 0.000123", () => {
  assertEquals(roundPrice(0.000123456, { szDecimals: 0, side: "bid" }), 0.000123);
});

Deno.test("a price above 10^5 rounds to an integer, not to 5 significant figures: 123456.7 → 123457", () => {
  assertEquals(roundPrice(123456.7, { szDecimals: 0 }), 123457);
});

Deno.test("a bid above 10^5 rounds down to an integer: 123456.7 → 123456", () => {
  assertEquals(roundPrice(123456.7, { szDecimals: 0, side: "bid" }), 123456);
});

Deno.test("an ask above 10^5 rounds up to an integer: 123456.7 → 123457", () => {
  assertEquals(roundPrice(123456.7, { szDecimals: 0, side: "ask" }), 123457);
});

Deno.test("an integer price is kept whatever its significant figures: 123456", () => {
  assertEquals(roundPrice(123456, { szDecimals: 3 }), 123456);
  assert(isValidPrice(123456, { szDecimals: 3 }));
  assert(isValidPrice(1234567, { szDecimals: 0 }));
});

Deno.test("a price with many decimals keeps 5 significant figures: 1.23456789 → 1.2346", () => {
  assertEquals(roundPrice(1.23456789, { szDecimals: 0 }), 1.2346);
  assertEquals(roundPrice(1.23456789, { szDecimals: 0, side: "bid" }), 1.2345);
  assertEquals(roundPrice(1.23456789, { szDecimals: 0, side: "ask" }), 1.2346);
});

Deno.test("the decimal cap wins over significant figures when tighter: 1.23456789 at szDecimals 3 → 1.235", () => {
  assertEquals(roundPrice(1.23456789, { szDecimals: 3 }), 1.235);
  assertEquals(roundPrice(1.23456789, { szDecimals: 3, side: "bid" }), 1.234);
  assertEquals(roundPrice(1.23456789, { szDecimals: 5, side: "ask" }), 1.3);
});

Deno.test("a price halfway between integers rounds up: 99999.5 → 100000", () => {
  assertEquals(roundPrice(99999.5, { szDecimals: 2 }), 100000);
  assertEquals(roundPrice(99999.5, { szDecimals: 2, side: "bid" }), 99999);
  assertEquals(roundPrice(99999.5, { szDecimals: 2, side: "ask" }), 100000);
});

Deno.test("rounding up across a power of ten lands on that power: 9999.96 → 10000", () => {
  assertEquals(roundPrice(9999.96, { szDecimals: 1 }), 10000);
  assertEquals(roundPrice(9999.96, { szDecimals: 1, side: "ask" }), 10000);
  assertEquals(roundPrice(9999.96, { szDecimals: 1, side: "bid" }), 9999.9);
});

Deno.test("a price just above a tick boundary: the bid keeps the tick, the ask takes the next", () => {
  assertEquals(roundPrice(1670.1000001, { szDecimals: 2, side: "bid" }), 1670.1);
  assertEquals(roundPrice(1670.1000001, { szDecimals: 2, side: "ask" }), 1670.2);
  assertEquals(roundPrice(1670.1000001, { szDecimals: 2 }), 1670.1);
});

Deno.test("a price just below a tick boundary: the ask keeps the tick, the bid takes the previous", () => {
  assertEquals(roundPrice(1670.0999999, { szDecimals: 2, side: "ask" }), 1670.1);
  assertEquals(roundPrice(1670.0999999, { szDecimals: 2, side: "bid" }), 1670);
  assertEquals(roundPrice(1670.0999999, { szDecimals: 2 }), 1670.1);
});

Deno.test("a decimal halfway case rounds up whichever side its binary value lies: 1.00005 → 1.0001", () => {
  assertEquals(roundPrice(1.00005, { szDecimals: 0 }), 1.0001);
  assertEquals(roundPrice(2.00015, { szDecimals: 0 }), 2.0002);
});

Deno.test("a float artefact on a tick stays on it for either side: 0.1 + 0.2 → 0.3", () => {
  const px = 0.1 + 0.2; // 0.30000000000000004
  assertEquals(roundPrice(px, { szDecimals: 1 }), 0.3);
  assertEquals(roundPrice(px, { szDecimals: 1, side: "ask" }), 0.3);
  assertEquals(roundPrice(px, { szDecimals: 1, side: "bid" }), 0.3);
});

Deno.test("a float artefact just under a power of ten stays on it: 0.7 - 0.6 → 0.1", () => {
  const px = 0.7 - 0.6; // 0.09999999999999998
  assertEquals(roundPrice(px, { szDecimals: 0, side: "bid" }), 0.1);
  assertEquals(roundPrice(px, { szDecimals: 0, side: "ask" }), 0.1);
});

Deno.test("an exact power of ten is a valid price at every szDecimals", () => {
  for (let szDecimals = 0; szDecimals <= 5; szDecimals++) {
    for (const px of [0.1, 1, 10, 100, 1000, 10000, 100000]) {
      if (px < 10 ** -(6 - szDecimals)) continue;
      assert(isValidPrice(px, { szDecimals }), `${px} @ ${szDecimals}`);
      assertEquals(roundPrice(px, { szDecimals, side: "bid" }), px);
      assertEquals(roundPrice(px, { szDecimals, side: "ask" }), px);
    }
  }
});

Deno.test("spot prices may have up to 8 - szDecimals decimals", () => {
  assertEquals(roundPrice(0.000123456, { szDecimals: 0, maxDecimals: 8 }), 0.00012346);
  assert(isValidPrice(0.00012346, { szDecimals: 0, maxDecimals: 8 }));
  assert(!isValidPrice(0.00012346, { szDecimals: 0 }));
});

Deno.test("a price below the smallest tick is refused unless it is an ask", () => {
  assertThrows(() => roundPrice(0.0000001, { szDecimals: 0 }), RangeError);
  assertThrows(() => roundPrice(0.0000001, { szDecimals: 0, side: "bid" }), RangeError);
  assertEquals(roundPrice(0.0000001, { szDecimals: 0, side: "ask" }), 0.000001);
});

Deno.test("a non-finite, zero or negative price is a RangeError", () => {
  for (const px of [Number.NaN, Infinity, -Infinity, 0, -0, -1]) {
    assertThrows(() => roundPrice(px, { szDecimals: 2 }), RangeError);
  }
});

Deno.test("szDecimals outside [0, maxDecimals] or fractional is a RangeError", () => {
  assertThrows(() => roundPrice(1, { szDecimals: -1 }), RangeError);
  assertThrows(() => roundPrice(1, { szDecimals: 7 }), RangeError);
  assertThrows(() => roundPrice(1, { szDecimals: 1.5 }), RangeError);
});

// --- roundPrice: properties over random prices --------------------------------------------

/** mulberry32: a small seeded PRNG, so the property runs are reproducible. */
function prng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random price between 10^-5 and 10^7, log-uniform, sometimes cut to few decimals. */
function randomPrice(random: () => number): number {
  const px = 10 ** (-5 + 12 * random());
  return random() < 0.3 ? Number(px.toPrecision(1 + Math.floor(random() * 7))) : px;
}

/** Tick at px, found independently from the decimal exponent that toExponential prints. */
function tickAt(px: number, szDecimals: number): number {
  const exponent = Number(px.toExponential().split("e")[1]);
  return 10 ** -Math.max(0, Math.min(6 - szDecimals, 4 - exponent));
}

const SAMPLES = 20_000;

Deno.test("a bid never rounds up and an ask never rounds down (20,000 seeded random prices)", () => {
  const random = prng(20240611);
  for (let i = 0; i < SAMPLES; i++) {
    const px = randomPrice(random);
    const szDecimals = Math.floor(random() * 6);
    if (px < 10 ** -(6 - szDecimals)) continue;
    const bid = roundPrice(px, { szDecimals, side: "bid" });
    const ask = roundPrice(px, { szDecimals, side: "ask" });
    assert(bid <= px, `bid ${bid} above ${px} @ ${szDecimals}`);
    assert(ask >= px, `ask ${ask} below ${px} @ ${szDecimals}`);
  }
});

Deno.test("side rounding gives valid prices one tick apart, or px itself when valid (20,000 seeded)", () => {
  const random = prng(7);
  for (let i = 0; i < SAMPLES; i++) {
    const px = randomPrice(random);
    const szDecimals = Math.floor(random() * 6);
    if (px < 10 ** -(6 - szDecimals)) continue;
    const bid = roundPrice(px, { szDecimals, side: "bid" });
    const ask = roundPrice(px, { szDecimals, side: "ask" });
    const context = `${px} @ ${szDecimals}: bid ${bid} ask ${ask}`;
    assert(isValidPrice(bid, { szDecimals }), context);
    assert(isValidPrice(ask, { szDecimals }), context);
    if (isValidPrice(px, { szDecimals })) {
      assert(bid === px && ask === px, context);
    } else {
      const tick = tickAt(px, szDecimals);
      assert(Math.abs(ask - bid - tick) <= tick * 1e-6, `${context}, tick ${tick}`);
    }
  }
});

Deno.test("nearest rounding is valid, lies between bid and ask, and is the closer of them (20,000 seeded)", () => {
  const random = prng(99);
  for (let i = 0; i < SAMPLES; i++) {
    const px = randomPrice(random);
    const szDecimals = Math.floor(random() * 6);
    if (px < 10 ** -(6 - szDecimals)) continue;
    const nearest = roundPrice(px, { szDecimals });
    const bid = roundPrice(px, { szDecimals, side: "bid" });
    const ask = roundPrice(px, { szDecimals, side: "ask" });
    const context = `${px} @ ${szDecimals}: ${bid} ≤ ${nearest} ≤ ${ask}`;
    assert(nearest === bid || nearest === ask, context);
    const other = nearest === bid ? ask : bid;
    assert(Math.abs(nearest - px) <= Math.abs(other - px) * (1 + 1e-9), context);
  }
});

Deno.test("rounding a valid price leaves it unchanged, whatever the side (seeded)", () => {
  const random = prng(3);
  for (let i = 0; i < SAMPLES; i++) {
    const szDecimals = Math.floor(random() * 6);
    const px = randomPrice(random);
    if (px < 10 ** -(6 - szDecimals)) continue;
    const valid = roundPrice(px, { szDecimals });
    assertEquals(roundPrice(valid, { szDecimals, side: "bid" }), valid);
    assertEquals(roundPrice(valid, { szDecimals, side: "ask" }), valid);
    assertEquals(roundPrice(valid, { szDecimals }), valid);
  }
});

// --- isValidPrice -------------------------------------------------------------------------

Deno.test("isValidPrice refuses more than 5 significant figures on a non-integer", () => {
  assert(!isValidPrice(1.23456, { szDecimals: 0 }));
  assert(isValidPrice(1.2345, { szDecimals: 0 }));
  assert(!isValidPrice(12345.5, { szDecimals: 0 }));
});

Deno.test("isValidPrice refuses more than 6 - szDecimals decimals", () => {
  assert(isValidPrice(0.0123, { szDecimals: 2 }));
  assert(!isValidPrice(0.00123, { szDecimals: 2 }));
  assert(isValidPrice(0.00123, { szDecimals: 1 }));
});

Deno.test("isValidPrice refuses zero, negatives and non-finite values", () => {
  for (const px of [0, -1, Number.NaN, Infinity]) assert(!isValidPrice(px, { szDecimals: 0 }));
});

Deno.test("isValidPrice refuses a float artefact that is not the tick's own double", () => {
  assert(!isValidPrice(0.1 + 0.2, { szDecimals: 1 }));
  assert(isValidPrice(0.3, { szDecimals: 1 }));
});

// --- roundSize ----------------------------------------------------------------------------

Deno.test("roundSize rounds to nearest at each szDecimals 0..5", () => {
  const expected = [1, 1.2, 1.23, 1.235, 1.2346, 1.23457];
  for (let szDecimals = 0; szDecimals <= 5; szDecimals++) {
    assertEquals(roundSize(1.234567, { szDecimals }), expected[szDecimals], `${szDecimals}`);
  }
});

Deno.test("roundSize down never exceeds the size, at each szDecimals 0..5", () => {
  const expected = [1, 1.2, 1.23, 1.234, 1.2345, 1.23456];
  for (let szDecimals = 0; szDecimals <= 5; szDecimals++) {
    const sz = roundSize(1.234567, { szDecimals, mode: "down" });
    assertEquals(sz, expected[szDecimals], `${szDecimals}`);
    assert(sz <= 1.234567);
  }
});

Deno.test("roundSize rounds a decimal halfway size up: 0.015 → 0.02, 2.5 → 3", () => {
  assertEquals(roundSize(0.015, { szDecimals: 2 }), 0.02);
  assertEquals(roundSize(2.5, { szDecimals: 0 }), 3);
});

Deno.test("roundSize down keeps a float artefact just under a lot: 0.7 - 0.4 → 0.3", () => {
  assertEquals(roundSize(0.7 - 0.4, { szDecimals: 2, mode: "down" }), 0.3);
});

Deno.test("roundSize down of a size under one lot is 0", () => {
  assertEquals(roundSize(0.0009, { szDecimals: 3, mode: "down" }), 0);
});

Deno.test("roundSize down never exceeds the size (20,000 seeded random sizes)", () => {
  const random = prng(11);
  for (let i = 0; i < SAMPLES; i++) {
    const sz = 10 ** (-4 + 9 * random());
    const szDecimals = Math.floor(random() * 6);
    const down = roundSize(sz, { szDecimals, mode: "down" });
    assert(down <= sz, `${down} > ${sz} @ ${szDecimals}`);
    assert(sz - down < 10 ** -szDecimals, `${down} more than a lot under ${sz}`);
    assert(down === 0 || isValidSize(down, { szDecimals }));
  }
});

Deno.test("roundSize refuses a negative or non-finite size", () => {
  for (const sz of [-1, Number.NaN, Infinity]) {
    assertThrows(() => roundSize(sz, { szDecimals: 2 }), RangeError);
  }
});

Deno.test("isValidSize accepts at most szDecimals decimals and refuses zero", () => {
  assert(isValidSize(0.0147, { szDecimals: 4 }));
  assert(!isValidSize(0.0147, { szDecimals: 3 }));
  assert(isValidSize(3, { szDecimals: 0 }));
  assert(!isValidSize(0, { szDecimals: 2 }));
  assert(!isValidSize(-1, { szDecimals: 2 }));
});

// --- toWireNumber -------------------------------------------------------------------------

Deno.test("toWireNumber drops trailing zeros and a trailing dot", () => {
  assertEquals(toWireNumber(1670.1), "1670.1");
  assertEquals(toWireNumber(100), "100");
  assertEquals(toWireNumber(0.0147), "0.0147");
  assertEquals(toWireNumber(1.5), "1.5");
});

Deno.test("toWireNumber never writes an exponent, for tiny or huge numbers", () => {
  assertEquals(toWireNumber(1e-7), "0.0000001");
  assertEquals(toWireNumber(1.231e-5), "0.00001231");
  assertEquals(toWireNumber(1e21), "1000000000000000000000");
  assertEquals(toWireNumber(1e23), "99999999999999991611392"); // the double's exact value, as Python
});

Deno.test("toWireNumber writes negative zero and a tiny negative as 0", () => {
  assertEquals(toWireNumber(-0), "0");
  assertEquals(toWireNumber(-1e-13), "0");
  assertEquals(toWireNumber("-0"), "0");
});

Deno.test("toWireNumber keeps negative numbers negative", () => {
  assertEquals(toWireNumber(-2.5), "-2.5");
  assertEquals(toWireNumber("-0.010"), "-0.01");
});

Deno.test("toWireNumber forgives float artefacts below 1e-12: 0.1 + 0.2 → 0.3", () => {
  assertEquals(toWireNumber(0.1 + 0.2), "0.3");
});

Deno.test("toWireNumber refuses a number that 8 decimals would round (float_to_wire)", () => {
  assertThrows(() => toWireNumber(1.123456789), RangeError);
  assertThrows(() => toWireNumber(1.5e-9), RangeError);
});

Deno.test("toWireNumber refuses non-finite numbers", () => {
  for (const x of [Number.NaN, Infinity, -Infinity]) {
    assertThrows(() => toWireNumber(x), RangeError);
  }
});

Deno.test("toWireNumber normalises decimal strings exactly", () => {
  assertEquals(toWireNumber("1.2300"), "1.23");
  assertEquals(toWireNumber("00012.50"), "12.5");
  assertEquals(toWireNumber(".5"), "0.5");
  assertEquals(toWireNumber("5."), "5");
  assertEquals(toWireNumber("0.000"), "0");
  assertEquals(toWireNumber("1e-7"), "0.0000001");
  assertEquals(toWireNumber("1E21"), "1000000000000000000000");
  assertEquals(toWireNumber("123456789.12345678"), "123456789.12345678");
});

Deno.test("toWireNumber refuses a string with a non-zero 9th decimal or no number in it", () => {
  assertThrows(() => toWireNumber("1.000000001"), RangeError);
  assertThrows(() => toWireNumber("abc"), RangeError);
  assertThrows(() => toWireNumber(""), RangeError);
  assertThrows(() => toWireNumber("."), RangeError);
});

Deno.test("toWireNumber of rounded prices and sizes round-trips through Number", () => {
  const random = prng(5);
  for (let i = 0; i < SAMPLES; i++) {
    const szDecimals = Math.floor(random() * 6);
    const px = randomPrice(random);
    if (px < 10 ** -(6 - szDecimals)) continue;
    const rounded = roundPrice(px, { szDecimals });
    const wire = toWireNumber(rounded);
    assert(!/e|E/.test(wire), wire);
    assertEquals(Number(wire), rounded);
  }
});

// --- fromWireNumber: the feed's strings, exactly as Number reads them ------------------------

Deno.test("fromWireNumber agrees with Number on wire strings and on everything else", () => {
  const odd = [
    "",
    ".",
    "5.",
    ".5",
    "007",
    "0",
    "0.0",
    "-1.5",
    "+2",
    "1e5",
    "1E-7",
    " 1",
    "1 ",
    "1.2.3",
    "abc",
    "Infinity",
    "NaN",
    "0x10",
    "123456789012345",
    "1234567890123456",
    "0.000000000000001",
    "9007199254740993",
    "90123.4",
    "0.00001",
    "99999.99999999",
  ];
  for (const text of odd) assertEquals(Object.is(fromWireNumber(text), Number(text)), true, text);
  const random = prng(11);
  for (let i = 0; i < SAMPLES; i++) {
    const szDecimals = Math.floor(random() * 6);
    const px = randomPrice(random);
    if (px < 10 ** -(6 - szDecimals)) continue;
    const wire = toWireNumber(roundPrice(px, { szDecimals }));
    assertEquals(fromWireNumber(wire), Number(wire), wire);
    const digits = String(Math.floor(random() * 1e15)).padStart(15, "0");
    const at = Math.floor(random() * 16);
    const text = `${digits.slice(0, at)}.${digits.slice(at)}`;
    assertEquals(fromWireNumber(text), Number(text), text);
  }
});
