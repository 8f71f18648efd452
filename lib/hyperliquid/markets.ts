/**
 * Perp market metadata from `meta`: asset index, size decimals, leverage.
 * Cached, refreshed when older than a limit, and strict about names.
 *
 * @module
 */

import { UnknownAssetError } from "./errors.ts";
import type { Meta } from "./schemas.ts";

/** What mm needs to know of one perp market. */
export interface MarketInfo {
  /** Coin name as the exchange spells it, e.g. `BTC`, `kPEPE`. */
  coin: string;
  /** Index in `meta.universe`: the `a` of an order. */
  assetIndex: number;
  /** Decimals allowed in a size; prices allow at most 6 − szDecimals. */
  szDecimals: number;
  maxLeverage: number;
  onlyIsolated: boolean;
  isDelisted: boolean;
}

/** Markets by name, from one `meta` answer. */
export class MarketDirectory {
  readonly #byCoin = new Map<string, MarketInfo>();
  /** When the answer was taken, epoch ms. */
  readonly fetchedAtMs: number;

  constructor(meta: Meta, options: { fetchedAtMs: number }) {
    this.fetchedAtMs = options.fetchedAtMs;
    meta.universe.forEach((asset, assetIndex) => {
      this.#byCoin.set(asset.name, {
        coin: asset.name,
        assetIndex,
        szDecimals: asset.szDecimals,
        maxLeverage: asset.maxLeverage,
        onlyIsolated: asset.onlyIsolated ?? false,
        isDelisted: asset.isDelisted ?? false,
      });
    });
  }

  /** Every market, in asset-index order. */
  all(): MarketInfo[] {
    return [...this.#byCoin.values()];
  }

  /** The market of an asset index, if any. */
  byIndex(assetIndex: number): MarketInfo | undefined {
    return this.all().find((market) => market.assetIndex === assetIndex);
  }

  /**
   * The market of a coin, spelled exactly as the exchange does.
   *
   * @throws {UnknownAssetError} listing up to three near names.
   */
  resolve(coin: string): MarketInfo {
    const market = this.#byCoin.get(coin);
    if (market !== undefined) return market;
    throw new UnknownAssetError(coin, nearNames(coin, [...this.#byCoin.keys()]));
  }
}

/** Up to three names closest to `wanted`: same letters ignoring case first, then edit distance ≤ 2. */
export function nearNames(wanted: string, names: readonly string[]): string[] {
  const lower = wanted.toLowerCase();
  return names
    .map((name) => {
      const same = name.toLowerCase() === lower;
      const distance = same ? 0 : editDistance(lower, name.toLowerCase());
      const prefix = name.toLowerCase().startsWith(lower) && lower.length >= 2;
      return { name, score: same ? -1 : prefix ? Math.min(distance, 1) : distance };
    })
    .filter(({ score }) => score <= 2)
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, 3)
    .map(({ name }) => name);
}

/** Levenshtein distance. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}
