/**
 * A fair price from the book and the tape with adaptive coefficients:
 *
 *     fair = mid × (1 + (β_book·I_book + β_flow·I_flow) / 10⁴)
 *
 * - I_book: the book imbalance (bid − ask size)/(bid + ask size) of the
 *   latest book, in [−1, 1] (Stoikov 2018, "The micro-price: a high
 *   frequency estimator of future prices", Quantitative Finance 18(12)).
 * - I_flow: the trade-flow imbalance, EWMA(signed taker volume) /
 *   EWMA(taker volume) with time constant τ (weights e^(−age/τ)), in
 *   [−1, 1], > 0 when buyers lift the ask (order-flow imbalance: Cont,
 *   Kukanov & Stoikov 2014, "The price impact of order book events").
 * - β_book, β_flow: bps of mid per unit of imbalance, learned online by
 *   recursive least squares with exponential forgetting λ (Ljung &
 *   Söderström 1983; Haykin, "Adaptive Filter Theory", ch. 10), regressing
 *   the mid's change over the next `horizonMs`, in bps, on
 *   (1, I_book, I_flow). The intercept absorbs drift and is not part of
 *   the fair price. Betas are projected onto ±`maxBetaBps` after each step
 *   and each variance in the covariance is capped at its initial value
 *   (anti-windup), so a regressor that stops moving (no trades) cannot blow
 *   the gain up.
 *
 * A book update records a sample (time, mid, I_book, I_flow) in a ring of
 * pending samples; it completes when a later book shows the mid in force at
 * sample time + horizon, and only then do the betas move. Memory is fixed:
 * the ring holds `pendingCapacity` samples (the oldest is dropped, and
 * counted, when full) and fit quality keeps the last `r2Window` completed
 * samples. Every update is O(1) amortised with no allocation.
 *
 * @module
 */

import { requireCount, requireNonNegative, requirePositive } from "./_ewma.ts";

/** What the microprice reads from a book: a {@link BookState} fits as is. */
export interface BookSample {
  /** Snapshot time, epoch ms. */
  readonly time: number;
  /** Mid price, USD. */
  readonly mid: number;
  /** Book imbalance in [−1, 1]. */
  readonly imbalance: number;
}

/** What the microprice reads from a trade: a stream `Trade` fits as is. */
export interface TradeSample {
  /** Trade time, epoch ms. */
  readonly time: number;
  /** Aggressor: `B` buyer lifted the ask, `A` seller hit the bid. */
  readonly side: "B" | "A";
  /** Size, coin units. */
  readonly sz: number;
}

/** Settings of {@link Microprice}. */
export interface MicropriceOptions {
  /** Horizon of the predicted mid change, ms (default 5,000). */
  horizonMs?: number;
  /** RLS forgetting factor λ in (0, 1] (default 0.999: memory ≈ 1/(1 − λ) = 1,000 samples). */
  forgetting?: number;
  /** Time constant τ of the trade-flow EWMA, ms (default 10,000). */
  flowTimeConstantMs?: number;
  /** Bound on |β_book| and |β_flow|, bps of mid per unit imbalance (default 5). */
  maxBetaBps?: number;
  /** Completed samples before the betas enter the fair price (default 100). */
  minSamples?: number;
  /** Pending samples held at most (default 128; 5 s of books every 0.5 s needs 10). */
  pendingCapacity?: number;
  /** Completed samples in the rolling R² (default 500). */
  r2Window?: number;
  /** Initial RLS covariance diagonal, (bps per unit)² (default 100: a weak prior at 0). */
  initialVariance?: number;
}

/** Defaults of {@link MicropriceOptions}. */
export const DEFAULT_MICROPRICE: Readonly<Required<MicropriceOptions>> = {
  horizonMs: 5_000,
  forgetting: 0.999,
  flowTimeConstantMs: 10_000,
  maxBetaBps: 5,
  minSamples: 100,
  pendingCapacity: 128,
  r2Window: 500,
  initialVariance: 100,
};

/** Parameters: intercept, β_book, β_flow. */
const K = 3;

/**
 * Online microprice with RLS-fitted betas. Feed books with
 * {@link updateBook} and trades with {@link updateTrade}, in time order.
 */
export class Microprice {
  readonly #horizonMs: number;
  readonly #lambda: number;
  readonly #tauMs: number;
  readonly #maxBeta: number;
  readonly #minSamples: number;
  readonly #p0: number;

  // RLS state: θ = [α, β_book, β_flow], P (3×3, row-major).
  readonly #theta = new Float64Array(K);
  readonly #P = new Float64Array(K * K);
  readonly #x = new Float64Array(K);
  readonly #y = new Float64Array(1);
  readonly #Px = new Float64Array(K);
  #samples = 0;

  // Trade flow.
  #signed = 0;
  #total = 0;
  #lastTradeMs = NaN;

  // Latest book.
  #time = NaN;
  #mid = NaN;
  #imbalance = NaN;

  // Pending samples (ring).
  readonly #pTime: Float64Array;
  readonly #pMid: Float64Array;
  readonly #pImb: Float64Array;
  readonly #pFlow: Float64Array;
  #pHead = 0;
  #pCount = 0;
  #dropped = 0;

  // Rolling fit quality (ring of y and a-priori squared error).
  readonly #rY: Float64Array;
  readonly #rE2: Float64Array;
  #rHead = 0;
  #rCount = 0;
  #rSinceRecompute = 0;
  #sumY = 0;
  #sumY2 = 0;
  #sumE2 = 0;

  constructor(options: MicropriceOptions = {}) {
    const o = { ...DEFAULT_MICROPRICE, ...options };
    this.#horizonMs = requirePositive("horizonMs", o.horizonMs);
    if (!(o.forgetting > 0 && o.forgetting <= 1)) {
      throw new RangeError(`forgetting must be in (0, 1], got ${o.forgetting}`);
    }
    this.#lambda = o.forgetting;
    this.#tauMs = requirePositive("flowTimeConstantMs", o.flowTimeConstantMs);
    this.#maxBeta = requirePositive("maxBetaBps", o.maxBetaBps);
    this.#minSamples = requireNonNegative("minSamples", o.minSamples);
    this.#p0 = requirePositive("initialVariance", o.initialVariance);
    const capacity = requireCount("pendingCapacity", o.pendingCapacity);
    this.#pTime = new Float64Array(capacity);
    this.#pMid = new Float64Array(capacity);
    this.#pImb = new Float64Array(capacity);
    this.#pFlow = new Float64Array(capacity);
    const window = requireCount("r2Window", o.r2Window);
    this.#rY = new Float64Array(window);
    this.#rE2 = new Float64Array(window);
    for (let i = 0; i < K; i++) this.#P[i * K + i] = this.#p0;
  }

  /**
   * A book: completes pending samples whose horizon has passed (moving the
   * betas), then records this book as a new pending sample. Books older
   * than the latest, or without a finite mid, are ignored.
   */
  updateBook(book: BookSample): void {
    const time = book.time;
    const mid = book.mid;
    if (!Number.isFinite(time) || time < this.#time) return;
    if (!(mid > 0) || !Number.isFinite(mid)) return;
    // Complete: a sample's target time T = t + H has the mid in force at T,
    // i.e. the previous book's mid if T < time, or this book's if T == time.
    const capacity = this.#pTime.length;
    while (this.#pCount > 0) {
      const i = this.#pHead;
      const target = this.#pTime[i] + this.#horizonMs;
      if (target > time) break;
      const later = target < time ? this.#mid : mid;
      // Arguments go through typed arrays: doubles passed to a call V8 does not inline are boxed.
      this.#x[1] = this.#pImb[i];
      this.#x[2] = this.#pFlow[i];
      this.#y[0] = (later / this.#pMid[i] - 1) * 10_000;
      this.#learn();
      this.#pHead = (i + 1) % capacity;
      this.#pCount -= 1;
    }
    this.#time = time;
    this.#mid = mid;
    this.#imbalance = book.imbalance;
    if (!Number.isFinite(book.imbalance)) return;
    if (this.#pCount === capacity) {
      this.#pHead = (this.#pHead + 1) % capacity;
      this.#pCount -= 1;
      this.#dropped += 1;
    }
    const slot = (this.#pHead + this.#pCount) % capacity;
    this.#pTime[slot] = time;
    this.#pMid[slot] = mid;
    this.#pImb[slot] = book.imbalance;
    this.#pFlow[slot] = this.flowImbalance;
    this.#pCount += 1;
  }

  /** A public trade: updates the flow EWMAs (betas do not move). */
  updateTrade(trade: TradeSample): void {
    const sz = trade.sz;
    if (!(sz > 0) || !Number.isFinite(sz) || !Number.isFinite(trade.time)) return;
    const dt = trade.time - this.#lastTradeMs;
    if (dt > 0) {
      const keep = Math.exp(-dt / this.#tauMs);
      this.#signed *= keep;
      this.#total *= keep;
    }
    if (!(trade.time <= this.#lastTradeMs)) this.#lastTradeMs = trade.time;
    this.#signed += trade.side === "B" ? sz : -sz;
    this.#total += sz;
  }

  /** Fair price, USD: the mid moved by {@link adjustmentBps}; NaN before a book. */
  get fairPrice(): number {
    return this.#mid * (1 + this.adjustmentBps / 10_000);
  }

  /** β_book·I_book + β_flow·I_flow, bps of mid; 0 until `minSamples` samples completed. */
  get adjustmentBps(): number {
    if (this.#samples < this.#minSamples || !Number.isFinite(this.#imbalance)) return 0;
    return this.#theta[1] * this.#imbalance + this.#theta[2] * this.flowImbalance;
  }

  /** β_book, bps of mid per unit of book imbalance (within ±maxBetaBps). */
  get betaBook(): number {
    return this.#theta[1];
  }

  /** β_flow, bps of mid per unit of trade-flow imbalance (within ±maxBetaBps). */
  get betaFlow(): number {
    return this.#theta[2];
  }

  /** The fitted intercept: mean mid change over the horizon not explained by imbalance, bps. */
  get interceptBps(): number {
    return this.#theta[0];
  }

  /** Trade-flow imbalance in [−1, 1]; 0 before any trade. */
  get flowImbalance(): number {
    return this.#total > 0 ? this.#signed / this.#total : 0;
  }

  /** Book imbalance of the latest book. */
  get bookImbalance(): number {
    return this.#imbalance;
  }

  /** Mid of the latest book, USD. */
  get mid(): number {
    return this.#mid;
  }

  /** Completed samples the betas have learned from. */
  get samples(): number {
    return this.#samples;
  }

  /** Samples waiting for their horizon to pass. */
  get pending(): number {
    return this.#pCount;
  }

  /** Pending samples dropped unlearned because the ring was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /**
   * Out-of-sample R² over the last `r2Window` completed samples:
   * 1 − Σ(y − ŷ)² / Σ(y − ȳ)², ŷ predicted before each sample was learned
   * (so it can be negative). NaN with fewer than 2 samples or constant y.
   */
  get rSquared(): number {
    const n = this.#rCount;
    if (n < 2) return NaN;
    const sst = this.#sumY2 - (this.#sumY * this.#sumY) / n;
    return sst > 0 ? 1 - this.#sumE2 / sst : NaN;
  }

  /** Samples in the R² window. */
  get fitWindow(): number {
    return this.#rCount;
  }

  /** One RLS step on x = (1, imbalance, flow) → y (bps), with projection and anti-windup. */
  #learn(): void {
    const y = this.#y[0];
    if (!Number.isFinite(y)) return;
    const x = this.#x;
    const P = this.#P;
    const Px = this.#Px;
    const theta = this.#theta;
    x[0] = 1;
    let predicted = 0;
    let xPx = 0;
    for (let r = 0; r < K; r++) {
      let s = 0;
      for (let c = 0; c < K; c++) s += P[r * K + c] * x[c];
      Px[r] = s;
      xPx += x[r] * s;
      predicted += theta[r] * x[r];
    }
    const error = y - predicted;
    this.#record(y, error * error);
    const denominator = this.#lambda + xPx;
    // θ += k·e with k = P x / (λ + xᵀPx); P = (P − k xᵀP) / λ.
    for (let r = 0; r < K; r++) theta[r] += (Px[r] / denominator) * error;
    for (let r = 0; r < K; r++) {
      for (let c = 0; c < K; c++) {
        P[r * K + c] = (P[r * K + c] - (Px[r] * Px[c]) / denominator) / this.#lambda;
      }
    }
    // Anti-windup: a direction the data do not excite (no trades: flow ≡ 0) grows by 1/λ a
    // step; cap each variance at P₀ by scaling its row and column (D·P·D keeps P positive
    // definite) without touching the directions that are learning.
    for (let i = 0; i < K; i++) {
      const variance = P[i * K + i];
      if (variance <= this.#p0) continue;
      const scale = Math.sqrt(this.#p0 / variance);
      for (let j = 0; j < K; j++) {
        P[i * K + j] *= scale;
        P[j * K + i] *= scale;
      }
    }
    theta[1] = clamp(theta[1], this.#maxBeta);
    theta[2] = clamp(theta[2], this.#maxBeta);
    this.#samples += 1;
  }

  #record(y: number, e2: number): void {
    const window = this.#rY.length;
    if (this.#rCount === window) {
      this.#sumY -= this.#rY[this.#rHead];
      this.#sumY2 -= this.#rY[this.#rHead] ** 2;
      this.#sumE2 -= this.#rE2[this.#rHead];
    } else {
      this.#rCount += 1;
    }
    this.#rY[this.#rHead] = y;
    this.#rE2[this.#rHead] = e2;
    this.#sumY += y;
    this.#sumY2 += y * y;
    this.#sumE2 += e2;
    this.#rHead = (this.#rHead + 1) % window;
    // Re-add from scratch once per window so running sums cannot drift.
    this.#rSinceRecompute += 1;
    if (this.#rSinceRecompute >= window) {
      this.#rSinceRecompute = 0;
      let sy = 0;
      let sy2 = 0;
      let se2 = 0;
      for (let i = 0; i < this.#rCount; i++) {
        sy += this.#rY[i];
        sy2 += this.#rY[i] * this.#rY[i];
        se2 += this.#rE2[i];
      }
      this.#sumY = sy;
      this.#sumY2 = sy2;
      this.#sumE2 = se2;
    }
  }
}

function clamp(value: number, bound: number): number {
  return value > bound ? bound : value < -bound ? -bound : value;
}
