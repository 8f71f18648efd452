/**
 * Number helpers of the simulator: exact integer units, rounding for the
 * wire, deterministic fake hashes.
 *
 * Units: a size is held as integer lots (`sz · 10^szDecimals`), a price as
 * integer price units (`px · 10^(6 - szDecimals)`), so `pxUnits · lots` is
 * the notional in integer micro-dollars, exactly (below 2^53 µ$ ≈ $9e9).
 * Money (balances, fees, PnL, funding) is held as integer micro-dollars.
 *
 * @module
 */

import { toWireNumber } from "../hyperliquid/wire.ts";

/** Micro-dollars per dollar. */
export const MICRO = 1_000_000;

const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12];

/** 10^n for n in 0..12. */
export function pow10(n: number): number {
  return POW10[n];
}

/** x rounded to `decimals` decimals (half away from zero); x itself when already coarser. */
export function roundTo(x: number, decimals: number): number {
  const scale = POW10[decimals];
  const scaled = Math.abs(x) * scale;
  if (!Number.isFinite(scaled) || scaled >= 2 ** 52) return x;
  const rounded = Math.round(scaled) / scale;
  return x < 0 ? -rounded : rounded;
}

/** x rounded to `digits` significant figures (0 stays 0). */
export function roundSig(x: number, digits: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}

/** The exchange's string for x rounded to `decimals` (≤ 8) decimals. */
export function wireRounded(x: number, decimals: number): string {
  return toWireNumber(roundTo(x, decimals));
}

/**
 * The exchange's string for the integer `units` · 10^-decimals: plain
 * decimal, no trailing zeros or dot, `-0` as `0` (as toWireNumber, but by
 * integer arithmetic: this is the hot path of every order event).
 */
export function unitsToWire(units: number, decimals: number): string {
  if (!Number.isSafeInteger(units)) return toWireNumber(units / POW10[decimals]);
  const negative = units < 0;
  const magnitude = negative ? -units : units;
  if (decimals === 0) return negative ? `-${magnitude}` : `${magnitude}`;
  const scale = POW10[decimals];
  const whole = Math.floor(magnitude / scale);
  const frac = magnitude - whole * scale;
  let text = `${whole}`;
  if (frac !== 0) {
    const digits = `${frac}`.padStart(decimals, "0");
    let end = digits.length;
    while (digits.charCodeAt(end - 1) === 48) end -= 1;
    text += "." + digits.slice(0, end);
  }
  return negative && magnitude !== 0 ? "-" + text : text;
}

/** The exchange's string for an amount of integer micro-dollars: 6 decimals at most. */
export function microToWire(micro: number): string {
  return unitsToWire(micro, 6);
}

/** The exchange's string for integer lots at `lotScale` (= 10^szDecimals). */
export function lotsToWire(lots: number, lotScale: number): string {
  return unitsToWire(lots, DECIMALS_OF_SCALE.get(lotScale) ?? 0);
}

const DECIMALS_OF_SCALE = new Map(POW10.map((scale, decimals) => [scale, decimals]));

/** The exchange's string for any number, never throwing (off-grid input is rounded to 8 decimals). */
export function safeWire(x: number): string {
  if (!Number.isFinite(x)) return "0";
  return toWireNumber(roundTo(x, 8));
}

/** MurmurHash3's 32-bit finaliser. */
function fmix32(input: number): number {
  let h = input >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A deterministic fake transaction hash: `0x` + 64 lowercase hex digits,
 * a function of (n, salt) only. Salt separates namespaces (fills, funding).
 */
export function fakeHash(n: number, salt: number): string {
  let h = fmix32((n >>> 0) ^ Math.imul(salt + 1, 0x9e3779b9)) ^ fmix32(Math.floor(n / 2 ** 32));
  let out = "0x";
  for (let i = 0; i < 8; i++) {
    h = fmix32(h + Math.imul(i + 1, 0x9e3779b9) + salt);
    out += h.toString(16).padStart(8, "0");
  }
  return out;
}
