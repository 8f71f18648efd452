/**
 * The exchange's rate limits as Hyperliquid documents them ("Rate limits and
 * user limits"), enforced by `mm sim` so mm's own tracker can be tested
 * against them:
 * - per IP: 1,200 weight per rolling minute, past it HTTP 429;
 * - per address: 10,000 requests plus 1 per USDC traded (cumulative), past it
 *   the action is refused with the exchange's own text.
 *
 * @module
 */

import { ADDRESS_INITIAL_BUDGET, IP_WEIGHT_PER_MINUTE } from "../hyperliquid/weights.ts";

const MINUTE_MS = 60_000;

/** Weight spent per IP over a rolling minute. */
export class IpWeightWindow {
  readonly limitPerMinute: number;
  readonly #spent = new Map<string, { ts: number; weight: number }[]>();

  constructor(options: { limitPerMinute?: number } = {}) {
    this.limitPerMinute = options.limitPerMinute ?? IP_WEIGHT_PER_MINUTE;
  }

  /**
   * Charges `weight` to `ip` at `nowMs` if it fits in the rolling minute.
   * @returns false (nothing charged) when it would exceed the limit.
   */
  tryCharge(ip: string, weight: number, nowMs: number): boolean {
    const entries = this.#window(ip, nowMs);
    const used = entries.reduce((sum, entry) => sum + entry.weight, 0);
    if (used + weight > this.limitPerMinute) return false;
    entries.push({ ts: nowMs, weight });
    return true;
  }

  /** Weight `ip` spent in the minute up to `nowMs`. */
  used(ip: string, nowMs: number): number {
    return this.#window(ip, nowMs).reduce((sum, entry) => sum + entry.weight, 0);
  }

  #window(ip: string, nowMs: number): { ts: number; weight: number }[] {
    const entries = (this.#spent.get(ip) ?? []).filter((entry) => entry.ts > nowMs - MINUTE_MS);
    this.#spent.set(ip, entries);
    return entries;
  }
}

/** Requests used per address against a cap of 10,000 + 1 per USDC traded. */
export class AddressBudget {
  readonly initial: number;
  readonly #used = new Map<string, number>();

  constructor(options: { initial?: number } = {}) {
    this.initial = options.initial ?? ADDRESS_INITIAL_BUDGET;
  }

  /** The cap for an address that traded `cumulativeVolumeUsd`. */
  cap(cumulativeVolumeUsd: number): number {
    return this.initial + Math.floor(cumulativeVolumeUsd);
  }

  /** Requests an address has used. */
  used(address: string): number {
    return this.#used.get(address) ?? 0;
  }

  /**
   * Counts one action (of `weight` requests) for an address.
   * @returns the exchange's refusal text when the budget is spent, else undefined.
   */
  charge(
    address: string,
    options: { weight: number; cumulativeVolumeUsd: number },
  ): string | undefined {
    const next = this.used(address) + options.weight;
    const cap = this.cap(options.cumulativeVolumeUsd);
    if (next > cap) {
      const volume = options.cumulativeVolumeUsd.toFixed(2).replace(/\.?0+$/, "");
      return `Too many cumulative requests sent (${next} > ${cap}) for cumulative volume traded $${volume}. ` +
        "Place taker orders to free up 1 request per USDC traded.";
    }
    this.#used.set(address, next);
    return undefined;
  }

  /** Sets the count (tests, and a sim started with a nearly spent budget). */
  set(address: string, used: number): void {
    this.#used.set(address, used);
  }
}
