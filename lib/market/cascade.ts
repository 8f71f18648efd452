/**
 * Liquidation-cascade detector: a severity score in [0, 1] from the three
 * footprints of forced selling (or buying) — a one-sided burst of taker
 * flow far above normal, a fast price move the same way, and open interest
 * falling as positions are closed.
 *
 * Components, each mapped to [0, 1] by a linear ramp (0 at or below `lo`,
 * 1 at or above `hi`):
 * - flow: the one-sided notional rate over the short window, |Σ sᵢ·notionalᵢ·
 *   e^{−(t−tᵢ)/τ_s}|/τ_s (s = +1 buy taker, −1 sell), in units of the normal
 *   gross notional rate Σ notionalᵢ·e^{−(t−tᵢ)/τ_n}/τ_n (debiased while the
 *   normal window fills). Its sign is the burst's direction. Ramp `flowRamp`.
 * - price: the log mid's excess over its own exponential moving average
 *   with time constant τ_s, e = x − x̄, in the burst's direction. For a mid
 *   that diffuses with variance σ² per second, e has standard deviation
 *   σ·√(τ_s/2) (an Ornstein–Uhlenbeck residual), and under a drift v it
 *   settles at v·τ_s; so e/τ_s is the price velocity and e/(σ√(τ_s/2)) the
 *   move in sigmas. σ² is Σ r²/Σ Δt over mid returns, exponentially
 *   weighted with τ_n, each return winsorised at 4σ√Δt so a cascade does not
 *   inflate its own yardstick. Ramp `priceRamp` (sigmas).
 * - open interest: the drop of OI below its time-weighted moving average
 *   (time constant `oiSec`), bps of OI. Ramp `oiRampBps`.
 *
 * Combination: the geometric mean of the available components (price once
 * mids are fed; OI while its last update is under `oiStaleSec` old), so the
 * score is 0 unless every footprint is present, rises smoothly with each,
 * and is 1 only when all are saturated. 0 during the first `warmupSec` of
 * trades (no "normal" yet). After a burst it decays with τ_s as the flow
 * and price components fade.
 *
 * Units: times epoch ms; notional USD (px·sz); velocity bps/s; σ in bps/√s.
 * Each update is O(1) and allocates nothing.
 *
 * @module
 */

import type { Trade } from "../hyperliquid/stream_schemas.ts";

/** What the detector reads from a trade print. */
export type CascadeTrade = Pick<Trade, "time" | "px" | "sz" | "side">;

/** Options of {@link CascadeDetector}. */
export interface CascadeOptions {
  /** Burst window τ_s (EW time constant), seconds. Default 5. */
  shortSec?: number;
  /** "Normal" window τ_n for flow and σ, seconds. Default 600. */
  normalSec?: number;
  /** No score before this much trade history, seconds. Default 60. */
  warmupSec?: number;
  /** One-sided rate ÷ normal gross rate mapped to [0, 1]. Default [2, 6]. */
  flowRamp?: [number, number];
  /** Directional move in sigmas mapped to [0, 1]. Default [2, 6]. */
  priceRamp?: [number, number];
  /** OI drop below its moving average, bps of OI, mapped to [0, 1]. Default [20, 100]. */
  oiRampBps?: [number, number];
  /** OI moving-average time constant, seconds. Default 60. */
  oiSec?: number;
  /** OI left out when its last update is older than this, seconds. Default 120. */
  oiStaleSec?: number;
}

/** The score and what it is made of, at one time. */
export interface CascadeReading {
  /** Geometric mean of the available components, 0–1. */
  severity: number;
  /** Burst direction: +1 buying, −1 selling, 0 none. */
  direction: number;
  /** Flow component, 0–1. */
  flow: number;
  /** Price component, 0–1 (NaN before σ is known: left out). */
  price: number;
  /** Open-interest component, 0–1 (NaN without fresh OI: left out). */
  openInterest: number;
  /** One-sided notional rate ÷ normal gross rate. */
  flowRatio: number;
  /** Directional move, sigmas. */
  moveSigmas: number;
  /** Mid velocity (signed, not directional), bps per second. */
  velocityBpsPerSec: number;
  /** Mid volatility σ, bps per √second. */
  sigmaBpsPerSqrtSec: number;
  /** OI drop below its moving average, bps of OI (negative: OI rising). */
  oiDropBps: number;
}

/** Online liquidation-cascade severity (see the module doc). */
export class CascadeDetector {
  readonly #shortMs: number;
  readonly #normalMs: number;
  readonly #warmupMs: number;
  readonly #flowRamp: [number, number];
  readonly #priceRamp: [number, number];
  readonly #oiRamp: [number, number];
  readonly #oiTauMs: number;
  readonly #oiStaleMs: number;
  /** Clock of the decaying sums, epoch ms. */
  #t = NaN;
  #firstTradeMs = NaN;
  #signed = 0;
  #grossNormal = 0;
  // mid
  #logMid = NaN;
  #midMs = NaN;
  #anchor = NaN;
  #r2 = 0;
  #dt = 0;
  // open interest
  #oi = NaN;
  #oiAtMs = NaN;
  #oiAverage = NaN;

  constructor(options: CascadeOptions = {}) {
    const shortSec = options.shortSec ?? 5;
    const normalSec = options.normalSec ?? 600;
    const oiSec = options.oiSec ?? 60;
    check(shortSec > 0 && normalSec > shortSec, "shortSec/normalSec", "need 0 < short < normal");
    check(oiSec > 0, "oiSec", "must be > 0");
    this.#shortMs = shortSec * 1000;
    this.#normalMs = normalSec * 1000;
    this.#warmupMs = (options.warmupSec ?? 60) * 1000;
    this.#flowRamp = ramp(options.flowRamp ?? [2, 6], "flowRamp");
    this.#priceRamp = ramp(options.priceRamp ?? [2, 6], "priceRamp");
    this.#oiRamp = ramp(options.oiRampBps ?? [20, 100], "oiRampBps");
    this.#oiTauMs = oiSec * 1000;
    this.#oiStaleMs = (options.oiStaleSec ?? 120) * 1000;
  }

  /** Moves the decaying sums to `time` (never backwards). */
  #advance(time: number): void {
    if (Number.isNaN(this.#t)) {
      this.#t = time;
      return;
    }
    const dt = time - this.#t;
    if (!(dt > 0)) return;
    this.#signed *= Math.exp(-dt / this.#shortMs);
    this.#grossNormal *= Math.exp(-dt / this.#normalMs);
    if (!Number.isNaN(this.#anchor)) {
      this.#anchor = this.#logMid + (this.#anchor - this.#logMid) * Math.exp(-dt / this.#shortMs);
    }
    if (!Number.isNaN(this.#oiAverage)) {
      this.#oiAverage = this.#oi + (this.#oiAverage - this.#oi) * Math.exp(-dt / this.#oiTauMs);
    }
    this.#t = time;
  }

  /** Takes one public trade print (taker side, px USD, sz coin units). */
  update(trade: CascadeTrade): void {
    this.#advance(trade.time);
    if (Number.isNaN(this.#firstTradeMs)) this.#firstTradeMs = trade.time;
    const notional = trade.px * trade.sz;
    if (!(notional > 0)) return;
    this.#signed += trade.side === "B" ? notional : -notional;
    this.#grossNormal += notional;
  }

  /** Takes a mid (USD) at `time` (epoch ms). */
  updateMid(time: number, mid: number): void {
    if (!(mid > 0)) return;
    this.#advance(time);
    const x = Math.log(mid);
    if (Number.isNaN(this.#logMid)) {
      this.#anchor = x;
    } else {
      const dt = Math.max(0, time - this.#midMs) / 1000;
      const keep = Math.exp(-(dt * 1000) / this.#normalMs);
      let r = x - this.#logMid;
      if (this.#dt >= 10) {
        const cap = 4 * Math.sqrt((this.#r2 / this.#dt) * dt);
        if (Math.abs(r) > cap) r = Math.sign(r) * cap;
      }
      this.#r2 = this.#r2 * keep + r * r;
      this.#dt = this.#dt * keep + dt;
    }
    this.#logMid = x;
    this.#midMs = time;
  }

  /** Takes an open-interest reading (activeAssetCtx `openInterest`, coin units) at `time`. */
  updateOpenInterest(time: number, openInterest: number): void {
    if (!(openInterest > 0)) return;
    this.#advance(time);
    if (Number.isNaN(this.#oiAverage)) this.#oiAverage = openInterest;
    this.#oi = openInterest;
    this.#oiAtMs = time;
  }

  /** Severity at `time` (epoch ms, at or after the last event), 0–1. O(1), no allocation. */
  severityAt(time: number): number {
    return this.#read(time, undefined);
  }

  /** Severity at the last event's time. */
  get severity(): number {
    return this.#read(this.#t, undefined);
  }

  /** The severity with its components at `time` (for logs and tuning). */
  readingAt(time: number): CascadeReading {
    const reading: CascadeReading = {
      severity: 0,
      direction: 0,
      flow: 0,
      price: NaN,
      openInterest: NaN,
      flowRatio: 0,
      moveSigmas: 0,
      velocityBpsPerSec: 0,
      sigmaBpsPerSqrtSec: NaN,
      oiDropBps: NaN,
    };
    reading.severity = this.#read(time, reading);
    return reading;
  }

  #read(time: number, out: CascadeReading | undefined): number {
    if (Number.isNaN(this.#t)) return 0;
    const dt = Math.max(0, time - this.#t);
    const fadeShort = Math.exp(-dt / this.#shortMs);
    // flow
    const signed = this.#signed * fadeShort;
    const direction = signed > 0 ? 1 : signed < 0 ? -1 : 0;
    const elapsed = this.#t + dt - this.#firstTradeMs;
    const normalRate = (this.#grossNormal * Math.exp(-dt / this.#normalMs)) /
      (this.#normalMs * -Math.expm1(-elapsed / this.#normalMs));
    const flowRatio = normalRate > 0 ? Math.abs(signed) / this.#shortMs / normalRate : 0;
    const flow = ramped(flowRatio, this.#flowRamp);
    let product = flow;
    let parts = 1;
    // price
    let price = NaN;
    let moveSigmas = 0;
    let velocity = 0;
    let sigma = NaN;
    if (this.#dt >= 10) {
      const anchor = this.#logMid + (this.#anchor - this.#logMid) * fadeShort;
      const excess = this.#logMid - anchor;
      sigma = Math.sqrt(this.#r2 / this.#dt);
      velocity = (excess / this.#shortMs) * 1000 * 1e4;
      moveSigmas = sigma > 0 ? (direction * excess) / (sigma * Math.sqrt(this.#shortMs / 2000)) : 0;
      price = ramped(moveSigmas, this.#priceRamp);
      product *= price;
      parts += 1;
    }
    // open interest
    let openInterest = NaN;
    let oiDropBps = NaN;
    if (!Number.isNaN(this.#oi)) {
      const average = this.#oi + (this.#oiAverage - this.#oi) * Math.exp(-dt / this.#oiTauMs);
      oiDropBps = ((average - this.#oi) / average) * 1e4;
      if (this.#t + dt - this.#oiAtMs <= this.#oiStaleMs) {
        openInterest = ramped(oiDropBps, this.#oiRamp);
        product *= openInterest;
        parts += 1;
      }
    }
    const warm = elapsed >= this.#warmupMs && direction !== 0;
    const severity = warm && product > 0 ? product ** (1 / parts) : 0;
    if (out !== undefined) {
      out.direction = direction;
      out.flow = flow;
      out.price = price;
      out.openInterest = openInterest;
      out.flowRatio = flowRatio;
      out.moveSigmas = moveSigmas;
      out.velocityBpsPerSec = velocity;
      out.sigmaBpsPerSqrtSec = sigma * 1e4;
      out.oiDropBps = oiDropBps;
    }
    return severity;
  }
}

function ramped(x: number, [lo, hi]: [number, number]): number {
  return x <= lo ? 0 : x >= hi ? 1 : (x - lo) / (hi - lo);
}

function ramp(value: [number, number], name: string): [number, number] {
  check(value[0] < value[1], name, "needs lo < hi");
  return [value[0], value[1]];
}

function check(ok: boolean, name: string, rule: string): void {
  if (!ok) throw new RangeError(`${name} ${rule}`);
}
