/**
 * Small numeric helpers shared by lib/strategy.
 *
 * @module
 */

import { roundSize } from "../hyperliquid/wire.ts";

/** `x` limited to [lo, hi]; NaN becomes `nanAs`. */
export function clamp(x: number, lo: number, hi: number, nanAs = lo): number {
  if (Number.isNaN(x)) return nanAs;
  return x < lo ? lo : x > hi ? hi : x;
}

/** The smallest lot multiple ≥ `sz` (coins, `szDecimals` decimals). */
export function ceilToLot(sz: number, szDecimals: number): number {
  const down = roundSize(sz, { szDecimals, mode: "down" });
  if (down >= sz) return down;
  return roundSize(down + 10 ** -szDecimals, { szDecimals });
}

/** `sz` rounded down to the lot; 0 for anything not finite and positive. */
export function floorToLot(sz: number, szDecimals: number): number {
  if (!(sz > 0) || !Number.isFinite(sz)) return 0;
  return roundSize(sz, { szDecimals, mode: "down" });
}

/** Milliseconds in an hour and a day. */
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
