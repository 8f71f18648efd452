/**
 * The rate-limit tracker: counts what mm spends against Hyperliquid's two
 * limits and gates requotes so that neither is ever hit. Pure bookkeeping:
 * no I/O, time from the injected clock.
 *
 * The limits (Hyperliquid docs, "Rate limits and user limits",
 * https://hyperliquid.gitbook.io/hyperliquid-docs/for-developers/api/rate-limits):
 * - per IP: REST requests share 1,200 weight per rolling minute; an
 *   `/exchange` action weighs 1 + floor(batch length / 40), `/info` 2, 20 or
 *   60 (lib/hyperliquid/weights.ts).
 * - per address (L1 actions only, not info): 10,000 requests to start with,
 *   plus 1 per USDC traded since the address's inception; past the cap one
 *   request per 10 s. "A batched request with n orders (or cancels) is
 *   treated as one request for IP based rate limiting, but as n requests for
 *   address-based L1 rate limiting" — so this tracker counts every order,
 *   modify and cancel of a batch as one address request, and an unbatched
 *   action (scheduleCancel, updateLeverage, …) as one. Cancels alone may go
 *   on past the cap, up to min(cap + 100,000, 2 · cap); the tracker still
 *   counts them (the exchange's `nRequestsUsed` does) and never gates them:
 *   it gates requotes only.
 *
 * Gating (`requoteAllowed`), every rule a reason:
 * - `min_interval`: at least `minRequoteIntervalMs` × `toleranceMultiplier()`
 *   since the last requote, so requotes slow down as pressure rises;
 * - `ip_limit`: the requote's weight must fit under the IP limit minus
 *   `ipReserveWeight`, headroom kept for the safety sync's info requests;
 * - `address_pace`: address requests are paced by a token bucket refilled at
 *   the allowed spend rate, replenish rate (EWMA of fills' USDC per minute)
 *   + (remaining − reserve) / budget horizon, holding at most
 *   `addressBurst` requests; a requote is allowed while the bucket is not in
 *   debt. At that rate the budget above the reserve lasts the horizon even
 *   with no fills, and indefinitely while fills replenish it;
 * - `address_budget`: nothing left above the reserve and nothing coming in.
 *
 * @module
 */

import type { RequestRecord } from "../hyperliquid/info_client.ts";
import { ADDRESS_INITIAL_BUDGET, IP_WEIGHT_PER_MINUTE } from "../hyperliquid/weights.ts";
import { DecayedRate } from "./_decayed_rate.ts";
import { MinuteRing } from "./_minute_ring.ts";

const MINUTE_MS = 60_000;
/** Longest wait `requoteAllowed` asks for: the address sync period; ask again after it. */
const MAX_WAIT_MS = 60_000;
/** Batch items that first add IP weight (1 + floor(n / 40)). */
const ITEMS_PER_WEIGHT = 40;

/** How the tracker gates requotes. Defaults in parentheses. */
export interface RateLimitTrackerOptions {
  /** Clock, epoch ms. */
  now: () => number;
  /** IP weight per rolling minute (1,200). */
  ipWeightPerMinute?: number;
  /** Share of the IP limit at which `snapshot().warning` turns true (0.8). */
  warnShare?: number;
  /** Least time between two requotes at no pressure, ms (100). */
  minRequoteIntervalMs?: number;
  /** Address requests never spent by requotes, kept for cancels and recovery (500). */
  addressReserve?: number;
  /** Hours the address budget above the reserve must last with no fills (24). */
  budgetHorizonHours?: number;
  /** IP weight left free for the safety sync's info requests (60: openOrders, clearinghouseState, userRateLimit ≈ 42, plus margin). */
  ipReserveWeight?: number;
  /** Address requests that may be spent at once before pacing applies (40). */
  addressBurst?: number;
  /** Half-life of the fills' replenish-rate EWMA, ms (600,000: 10 minutes). */
  replenishHalfLifeMs?: number;
}

/** A request as the clients report it, with the batch length when the reporter knows it. */
export interface TrackedRequest extends RequestRecord {
  /** Orders, modifies or cancels in the action; each is one address request. */
  batchLength?: number;
}

/** The `userRateLimit` answer's numbers. */
export interface AddressLimitSync {
  /** Address requests used since inception. */
  nRequestsUsed: number;
  /** Current cap: 10,000 + cumulative USDC volume. */
  nRequestsCap: number;
  /** Cumulative volume, USDC (the answer's decimal string or a number). */
  cumVlm: number | string;
}

/** Why a requote must wait. */
export type RequoteWaitReason = "min_interval" | "ip_limit" | "address_pace" | "address_budget";

/** The gate's answer: `ok`, or how long to wait (ms, at most 60,000: ask again after) and why. */
export interface RequoteGate {
  ok: boolean;
  waitMs: number;
  reason?: RequoteWaitReason;
}

/** The payload of a `ratelimit` event (snake_case: it becomes NDJSON). */
export interface RateLimitSnapshot {
  /** IP weight spent in the rolling minute. */
  ip_weight_last_minute: number;
  ip_weight_limit: number;
  /** ip_weight_last_minute / ip_weight_limit, 4 decimals. */
  ip_share: number;
  /** ip_share ≥ warnShare (0.8). */
  warning: boolean;
  /** Address requests used: last sync's `nRequestsUsed` plus those counted since. */
  address_used: number;
  /** Address cap: last sync's `nRequestsCap` plus 1 per whole USDC filled since. */
  address_cap: number;
  /** max(0, cap − used). */
  address_remaining: number;
  /** address_used / address_cap, 4 decimals. */
  address_share: number;
  /** Address requests spent in the rolling minute. */
  requests_per_minute: number;
  /** Fills' USDC per minute (EWMA), i.e. address requests earned per minute, 3 decimals. */
  replenish_per_minute: number;
  /** Hours until the cap at the current spend and replenish rates; null = never. 2 decimals. */
  projected_hours_left: number | null;
  /** See `RateLimitTracker.pressure`, 4 decimals. */
  pressure: number;
}

/**
 * Address requests a reported request costs (the record-side twin of
 * weights.ts's `addressRequests(action)`): 0 for `/info`; for `/exchange`
 * its batch length (at least 1) when known, else the least the weight allows
 * (1 for weight 1, 40 · (weight − 1) beyond): a lower bound, corrected by the
 * next `syncAddress`.
 */
export function addressRequestsOfRecord(request: TrackedRequest): number {
  if (request.endpoint !== "exchange") return 0;
  if (request.batchLength !== undefined) return Math.max(1, request.batchLength);
  return request.weight <= 1 ? 1 : ITEMS_PER_WEIGHT * (request.weight - 1);
}

/**
 * Tracks IP weight and the address budget, and gates requotes (see the
 * module doc). Feed it every request (`record`), every fill (`onFill`) and
 * every `userRateLimit` answer (`syncAddress`); ask `requoteAllowed` before a
 * requote and call `notifyRequote` when one is sent. Before the first sync it
 * assumes a fresh address (0 used of 10,000).
 */
export class RateLimitTracker {
  readonly ipWeightPerMinute: number;
  readonly warnShare: number;
  readonly minRequoteIntervalMs: number;
  readonly addressReserve: number;
  readonly budgetHorizonHours: number;
  readonly ipReserveWeight: number;
  readonly addressBurst: number;
  readonly #now: () => number;
  readonly #ring = new MinuteRing();
  readonly #replenish: DecayedRate;
  #syncedUsed = 0;
  #syncedCap = ADDRESS_INITIAL_BUDGET;
  #usedSinceSync = 0;
  #filledUsdSinceSync = 0;
  #tokens: number;
  #tokensAtMs: number;
  #lastRequoteMs = -Infinity;

  constructor(options: RateLimitTrackerOptions) {
    this.#now = options.now;
    this.ipWeightPerMinute = positive(
      options.ipWeightPerMinute ?? IP_WEIGHT_PER_MINUTE,
      "ipWeightPerMinute",
    );
    this.warnShare = share(options.warnShare ?? 0.8, "warnShare");
    this.minRequoteIntervalMs = nonNegative(
      options.minRequoteIntervalMs ?? 100,
      "minRequoteIntervalMs",
    );
    this.addressReserve = nonNegative(options.addressReserve ?? 500, "addressReserve");
    this.budgetHorizonHours = positive(options.budgetHorizonHours ?? 24, "budgetHorizonHours");
    this.ipReserveWeight = nonNegative(options.ipReserveWeight ?? 60, "ipReserveWeight");
    if (this.ipReserveWeight >= this.ipWeightPerMinute) {
      throw new RangeError("ipReserveWeight must be below ipWeightPerMinute");
    }
    this.addressBurst = nonNegative(options.addressBurst ?? 40, "addressBurst");
    this.#replenish = new DecayedRate(options.replenishHalfLifeMs ?? 10 * MINUTE_MS);
    this.#tokens = this.addressBurst;
    this.#tokensAtMs = this.#now();
  }

  /** Counts one request: its IP weight, and its address requests when it is an action. */
  record(request: TrackedRequest): void {
    const requests = addressRequestsOfRecord(request);
    this.#ring.add(request.ts, { weight: request.weight, requests });
    if (requests === 0) return;
    this.#refill(this.#now());
    this.#tokens -= requests;
    this.#usedSinceSync += requests;
  }

  /** Takes the exchange's own count (`userRateLimit`, at start and every minute). */
  syncAddress(sync: AddressLimitSync): void {
    const cumVlm = Number(sync.cumVlm);
    if (!(cumVlm >= 0) || !Number.isFinite(cumVlm)) {
      throw new RangeError(`cumVlm must be a volume ≥ 0, got ${sync.cumVlm}`);
    }
    this.#refill(this.#now());
    this.#syncedUsed = nonNegative(sync.nRequestsUsed, "nRequestsUsed");
    this.#syncedCap = nonNegative(sync.nRequestsCap, "nRequestsCap");
    this.#usedSinceSync = 0;
    this.#filledUsdSinceSync = 0;
  }

  /** A fill of `notionalUsd` (px · sz, USDC): the cap grows by 1 per USDC traded. */
  onFill(notionalUsd: number): void {
    nonNegative(notionalUsd, "notionalUsd");
    const now = this.#now();
    this.#refill(now);
    this.#filledUsdSinceSync += notionalUsd;
    this.#replenish.add(notionalUsd, now);
  }

  /** Records that a requote was sent now. */
  notifyRequote(): void {
    this.#lastRequoteMs = this.#now();
  }

  /**
   * Whether a requote may go now. `weight` is the IP weight it will spend
   * (its plan's weight, default 1).
   */
  requoteAllowed(options: { weight?: number } = {}): RequoteGate {
    const now = this.#now();
    this.#refill(now);
    let waitMs = 0;
    let reason: RequoteWaitReason | undefined;
    const consider = (wait: number, why: RequoteWaitReason) => {
      if (wait > 0 && wait > waitMs) {
        waitMs = wait;
        reason = why;
      }
    };
    const interval = this.minRequoteIntervalMs * this.toleranceMultiplier();
    consider(this.#lastRequoteMs + interval - now, "min_interval");
    const ipRoom = this.ipWeightPerMinute - this.ipReserveWeight;
    const used = this.#ring.totals(now).weight;
    consider(this.#ring.msUntilExpired(now, used + (options.weight ?? 1) - ipRoom), "ip_limit");
    const rate = this.#allowedPerMinute(now);
    if (rate <= 0) consider(MAX_WAIT_MS, "address_budget");
    else if (this.#tokens < 0) consider((-this.#tokens / rate) * MINUTE_MS, "address_pace");
    if (reason === undefined) return { ok: true, waitMs: 0 };
    return { ok: false, waitMs: Math.min(Math.ceil(waitMs), MAX_WAIT_MS), reason };
  }

  /**
   * How close mm runs to a limit, in [0, 1]: the larger of
   * - IP: 0 up to half the limit, rising linearly to 1 at the limit minus the
   *   reserve (so 0.67 at the 80% warning with the defaults);
   * - address: the last minute's spend against the allowed spend rate, 0 up
   *   to half of it, rising linearly to 1 at it; 1 when nothing may be spent.
   */
  pressure(): number {
    const { ip, address } = this.pressureParts();
    return Math.max(ip, address);
  }

  /**
   * The two parts of {@link pressure}: IP weight and address spend. They call
   * for different remedies: near the IP limit quotes may be pulled, while the
   * address budget is protected by pacing (pulling would spend it too).
   */
  pressureParts(): { ip: number; address: number } {
    const now = this.#now();
    const { weight, requests } = this.#ring.totals(now);
    const ceiling = (this.ipWeightPerMinute - this.ipReserveWeight) / this.ipWeightPerMinute;
    const ip = clamp01((weight / this.ipWeightPerMinute - 0.5) / (ceiling - 0.5));
    const rate = this.#allowedPerMinute(now);
    const address = rate > 0 ? clamp01((requests / rate - 0.5) / 0.5) : 1;
    return { ip, address };
  }

  /**
   * Factor on the reconciler's price tolerance and the requote interval:
   * 1 + 3 · pressure², so 1× when there is room, 1.75× at half pressure and
   * 4× at the limit.
   */
  toleranceMultiplier(): number {
    const p = this.pressure();
    return 1 + 3 * p * p;
  }

  /** The numbers of a `ratelimit` event. */
  snapshot(): RateLimitSnapshot {
    const now = this.#now();
    this.#refill(now);
    const { weight, requests } = this.#ring.totals(now);
    const used = this.#used();
    const cap = this.#cap();
    const remaining = Math.max(0, cap - used);
    const replenish = this.#replenish.perMinute(now);
    const net = requests - replenish;
    return {
      ip_weight_last_minute: weight,
      ip_weight_limit: this.ipWeightPerMinute,
      ip_share: round(weight / this.ipWeightPerMinute, 4),
      warning: weight / this.ipWeightPerMinute >= this.warnShare,
      address_used: used,
      address_cap: cap,
      address_remaining: remaining,
      address_share: round(cap > 0 ? used / cap : 1, 4),
      requests_per_minute: requests,
      replenish_per_minute: round(replenish, 3),
      projected_hours_left: net > 0 ? round(remaining / net / 60, 2) : null,
      pressure: round(this.pressure(), 4),
    };
  }

  #used(): number {
    return this.#syncedUsed + this.#usedSinceSync;
  }

  #cap(): number {
    return this.#syncedCap + Math.floor(this.#filledUsdSinceSync);
  }

  /** Replenish rate + (remaining − reserve) / horizon, address requests per minute. */
  #allowedPerMinute(nowMs: number): number {
    const spare = Math.max(0, this.#cap() - this.#used() - this.addressReserve);
    return this.#replenish.perMinute(nowMs) + spare / (this.budgetHorizonHours * 60);
  }

  /** Refills the pacing bucket at the allowed rate up to `nowMs`. */
  #refill(nowMs: number): void {
    const elapsed = nowMs - this.#tokensAtMs;
    if (elapsed <= 0) return;
    const rate = this.#allowedPerMinute(nowMs);
    this.#tokens = Math.min(this.addressBurst, this.#tokens + (rate * elapsed) / MINUTE_MS);
    this.#tokensAtMs = nowMs;
  }
}

function clamp01(x: number): number {
  return x <= 0 ? 0 : x >= 1 ? 1 : x;
}

function round(x: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(x * scale) / scale;
}

function positive(x: number, name: string): number {
  if (!(x > 0) || !Number.isFinite(x)) throw new RangeError(`${name} must be > 0, got ${x}`);
  return x;
}

function nonNegative(x: number, name: string): number {
  if (!(x >= 0) || !Number.isFinite(x)) throw new RangeError(`${name} must be ≥ 0, got ${x}`);
  return x;
}

function share(x: number, name: string): number {
  if (!(x > 0 && x <= 1)) throw new RangeError(`${name} must be in (0, 1], got ${x}`);
  return x;
}
