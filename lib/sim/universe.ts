/**
 * The simulator's perp universe: real `szDecimals` and max leverage as
 * Hyperliquid lists them, with plausible starting prices for the generator.
 *
 * @module
 */

import { UsageError } from "../errors.ts";

/** One listed perp of the simulator. */
export interface SimAsset {
  coin: string;
  szDecimals: number;
  maxLeverage: number;
  /** Where the generator starts its mid, USD. */
  startPx: number;
}

const KNOWN: SimAsset[] = [
  { coin: "BTC", szDecimals: 5, maxLeverage: 40, startPx: 90_000 },
  { coin: "ETH", szDecimals: 4, maxLeverage: 25, startPx: 3_000 },
  { coin: "SOL", szDecimals: 2, maxLeverage: 20, startPx: 140 },
  { coin: "HYPE", szDecimals: 2, maxLeverage: 10, startPx: 40 },
  { coin: "XRP", szDecimals: 0, maxLeverage: 20, startPx: 2.5 },
  { coin: "DOGE", szDecimals: 0, maxLeverage: 10, startPx: 0.16 },
  { coin: "AVAX", szDecimals: 2, maxLeverage: 10, startPx: 25 },
  { coin: "LINK", szDecimals: 1, maxLeverage: 10, startPx: 15 },
];

/** Every coin the simulator knows. */
export const KNOWN_COINS: readonly string[] = KNOWN.map((asset) => asset.coin);

/**
 * BTC and ETH, plus the extra coins asked for (deduplicated, in order).
 *
 * @throws {UsageError} for a coin the simulator does not know.
 */
export function simUniverse(extra: readonly string[] = []): SimAsset[] {
  const coins = ["BTC", "ETH", ...extra.map((coin) => coin.trim()).filter((coin) => coin !== "")];
  const unique = [...new Set(coins)];
  return unique.map((coin) => {
    const asset = KNOWN.find((known) => known.coin === coin);
    if (asset === undefined) {
      throw new UsageError(
        `the simulator does not list "${coin}"; known: ${KNOWN_COINS.join(", ")}`,
      );
    }
    return asset;
  });
}
