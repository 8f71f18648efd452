/**
 * Adverse selection of own fills: the markout of each fill against the mid
 * at fixed horizons after it, summarised per horizon by a robust running
 * mean.
 *
 * Markout convention (bps, positive = we lost): for a fill at price p and
 * the mid m(t + h) at horizon h,
 *   buy:  (p − m(t + h))/p × 10⁴      sell: (m(t + h) − p)/p × 10⁴
 * i.e. s·(p − m)/p × 10⁴ with s = +1 for our buy, −1 for our sell. It
 * includes the half spread earned at the fill (a passive buy below the mid
 * starts negative) and the mid's move after it; a market maker's quotes
 * are adversely selected when the mean is positive at long horizons.
 * m(t + h) is the last mid fed at or before t + h, known once a mid with a
 * later time arrives (mids are assumed to be pushed at least on change).
 * No mid history is kept: a horizon already past when its fill is reported
 * (a late fill) is marked at the mid current at the next mid update.
 *
 * Robust mean: a recursive Huber M-estimate of location with a concurrent
 * scale, by stochastic approximation (Martin & Masreliez 1975, "Robust
 * estimation via stochastic approximation", IEEE Trans. Inf. Theory 21(3);
 * Huber 1964, "Robust estimation of a location parameter", Ann. Math.
 * Stat. 35(1), ψ with c = 1.345 for 95% efficiency at the normal):
 *   m ← m + γ·s·ψ((x − m)/s),   ψ(u) = max(−c, min(c, u))
 *   s ← s + γ·(√(π/2)·min(|x − m|, 3s) − s)   (a winsorised mean absolute
 *   deviation, scaled to σ at the normal)
 * with gain γ = 1/min(k, `memory`) at the k-th markout: a running average
 * at first, then an exponential one over about `memory` fills. One wild
 * markout moves the mean by at most γ·c·s. An estimate changes only when a
 * fill's horizon completes — mid updates without fills leave it alone.
 *
 * Memory: pending fills wait in one ring of `capacity` (the oldest is
 * dropped, and counted, when it is full); each horizon keeps its last
 * `keepLast` markouts. Each update is amortised O(1) (a fill completes once
 * per horizon) and allocates nothing.
 *
 * Units: times epoch ms, horizons seconds, prices USD, markouts bps.
 *
 * @module
 */

/** One of our fills: our side ("B" we bought, "A" we sold), price USD, size coin units, epoch ms. */
export interface OwnFill {
  side: "B" | "A";
  px: number;
  sz: number;
  time: number;
}

/** Options of {@link AdverseSelection}. */
export interface AdverseSelectionOptions {
  /** Markout horizons, seconds, ascending. Default [1, 5, 30, 60]. */
  horizonsSec?: number[];
  /** Fills that can wait for their horizons at once. Default 4096. */
  capacity?: number;
  /** Fills the running mean remembers (the gain's floor is 1/memory). Default 200. */
  memory?: number;
  /** Huber's tuning constant c. Default 1.345. */
  huberC?: number;
  /** Scale before data, bps (it adapts within a few fills). Default 5. */
  initialScaleBps?: number;
  /** Completed markouts kept per horizon. Default 16. */
  keepLast?: number;
}

/** The estimate at one horizon. */
export interface MarkoutEstimate {
  horizonSec: number;
  /** Robust running mean of markouts, bps (positive = adverse); NaN before the first. */
  meanBps: number;
  /** Robust scale (σ-equivalent) of markouts, bps. */
  scaleBps: number;
  /** Markouts completed at this horizon. */
  count: number;
  /** The last completed markouts, oldest first, bps. */
  last: number[];
}

const ROOT_HALF_PI = Math.sqrt(Math.PI / 2);

/** Per-horizon markouts of own fills with robust running means (module doc). */
export class AdverseSelection {
  readonly #horizonsSec: number[];
  readonly #horizonsMs: Float64Array;
  readonly #capacity: number;
  readonly #memory: number;
  readonly #c: number;
  readonly #keep: number;
  // pending fills: a ring indexed by sequence number % capacity
  readonly #time: Float64Array;
  readonly #px: Float64Array;
  readonly #sign: Int8Array;
  readonly #size: Float64Array;
  /** Next sequence number to write. */
  #tail = 0;
  /** Per horizon: sequence number of the next fill to complete. */
  readonly #head: Float64Array;
  // per-horizon estimates
  readonly #mean: Float64Array;
  readonly #scale: Float64Array;
  readonly #count: Float64Array;
  /** last[h·keep + i], written round-robin at count % keep. */
  readonly #last: Float64Array;
  #mid = NaN;
  #midMs = -Infinity;
  #lastFillMs = -Infinity;
  #dropped = 0;
  #pendingNotional = 0;

  constructor(options: AdverseSelectionOptions = {}) {
    const horizons = [...(options.horizonsSec ?? [1, 5, 30, 60])];
    check(horizons.length > 0, "horizonsSec", "must not be empty");
    for (let i = 0; i < horizons.length; i += 1) {
      check(
        horizons[i] >= 0 && Number.isFinite(horizons[i]) &&
          (i === 0 || horizons[i] > horizons[i - 1]),
        "horizonsSec",
        "must be finite, ≥ 0 and ascending",
      );
    }
    const capacity = options.capacity ?? 4096;
    check(Number.isInteger(capacity) && capacity >= 1, "capacity", "must be an integer ≥ 1");
    const memory = options.memory ?? 200;
    check(memory >= 1, "memory", "must be ≥ 1");
    const keep = options.keepLast ?? 16;
    check(Number.isInteger(keep) && keep >= 1, "keepLast", "must be an integer ≥ 1");
    const n = horizons.length;
    this.#horizonsSec = horizons;
    this.#horizonsMs = Float64Array.from(horizons, (h) => h * 1000);
    this.#capacity = capacity;
    this.#memory = memory;
    this.#c = options.huberC ?? 1.345;
    this.#keep = keep;
    this.#time = new Float64Array(capacity);
    this.#px = new Float64Array(capacity);
    this.#sign = new Int8Array(capacity);
    this.#size = new Float64Array(capacity);
    this.#head = new Float64Array(n);
    this.#mean = new Float64Array(n).fill(NaN);
    this.#scale = new Float64Array(n).fill(options.initialScaleBps ?? 5);
    this.#count = new Float64Array(n);
    this.#last = new Float64Array(n * keep);
  }

  /**
   * Takes one of our fills. Fills are expected in time order; an earlier
   * one is timed at the previous fill's time. When `capacity` fills are
   * pending the oldest is dropped (see {@link dropped}).
   */
  update(fill: OwnFill): void {
    if (!(fill.px > 0)) return;
    const time = Math.max(fill.time, this.#lastFillMs);
    this.#lastFillMs = time;
    const oldest = this.#head[this.#head.length - 1];
    if (this.#tail - oldest === this.#capacity) {
      this.#dropped += 1;
      const gone = oldest % this.#capacity;
      this.#pendingNotional -= this.#px[gone] * this.#size[gone];
      for (let h = 0; h < this.#head.length; h += 1) {
        if (this.#head[h] === oldest) this.#head[h] = oldest + 1;
      }
    }
    const slot = this.#tail % this.#capacity;
    this.#time[slot] = time;
    this.#px[slot] = fill.px;
    this.#sign[slot] = fill.side === "B" ? 1 : -1;
    this.#size[slot] = fill.sz;
    this.#pendingNotional += fill.px * fill.sz;
    this.#tail += 1;
  }

  /**
   * Takes a mid (USD) at `time` (epoch ms). Completes every pending horizon
   * t + h < `time` at the previous mid (the mid in force at t + h) and
   * every t + h = `time` at this one. A mid older than the last one is ignored.
   */
  updateMid(time: number, mid: number): void {
    if (!(mid > 0) || time < this.#midMs) return;
    const previous = Number.isNaN(this.#mid) ? mid : this.#mid;
    for (let h = 0; h < this.#head.length; h += 1) {
      const horizon = this.#horizonsMs[h];
      let seq = this.#head[h];
      while (seq < this.#tail) {
        const slot = seq % this.#capacity;
        const due = this.#time[slot] + horizon;
        if (due > time) break;
        this.#complete(h, slot, due < time ? previous : mid);
        if (h === this.#head.length - 1) {
          this.#pendingNotional -= this.#px[slot] * this.#size[slot];
        }
        seq += 1;
      }
      this.#head[h] = seq;
    }
    this.#mid = mid;
    this.#midMs = time;
  }

  #complete(h: number, slot: number, mid: number): void {
    const px = this.#px[slot];
    const x = (this.#sign[slot] * (px - mid) / px) * 1e4;
    const k = this.#count[h] + 1;
    this.#count[h] = k;
    this.#last[h * this.#keep + ((k - 1) % this.#keep)] = x;
    if (k === 1) {
      this.#mean[h] = x;
      return;
    }
    const gain = 1 / Math.min(k, this.#memory);
    const m = this.#mean[h];
    const s = this.#scale[h];
    const r = x - m;
    const u = r / s;
    const psi = u > this.#c ? this.#c : u < -this.#c ? -this.#c : u;
    this.#mean[h] = m + gain * s * psi;
    const deviation = Math.min(Math.abs(r), 3 * s);
    this.#scale[h] = Math.max(s + gain * (ROOT_HALF_PI * deviation - s), 1e-6);
  }

  /** The estimate at `horizonSec` (one of the configured horizons). */
  estimate(horizonSec: number): MarkoutEstimate {
    const h = this.#horizonsSec.indexOf(horizonSec);
    if (h < 0) throw new RangeError(`no horizon ${horizonSec} s (have ${this.#horizonsSec})`);
    const count = this.#count[h];
    const kept = Math.min(count, this.#keep);
    const last: number[] = [];
    for (let i = count - kept; i < count; i += 1) {
      last.push(this.#last[h * this.#keep + (i % this.#keep)]);
    }
    return { horizonSec, meanBps: this.#mean[h], scaleBps: this.#scale[h], count, last };
  }

  /** Robust mean markout at `horizonSec`, bps (no allocation). */
  meanBps(horizonSec: number): number {
    return this.#mean[this.#horizonsSec.indexOf(horizonSec)] ?? NaN;
  }

  /** Every horizon's estimate, ascending. */
  get estimates(): MarkoutEstimate[] {
    return this.#horizonsSec.map((h) => this.estimate(h));
  }

  /** Fills still waiting for their longest horizon. */
  get pending(): number {
    return this.#tail - this.#head[this.#head.length - 1];
  }

  /** Fills dropped unfinished because the queue was full. */
  get dropped(): number {
    return this.#dropped;
  }

  /** Notional of the fills still pending (Σ px·sz), USD: exposure not yet fully marked. */
  get pendingNotional(): number {
    return this.#pendingNotional;
  }
}

function check(ok: boolean, name: string, rule: string): void {
  if (!ok) throw new RangeError(`${name} ${rule}`);
}
