/**
 * A rolling minute in bounded memory: a ring of per-second buckets, each
 * summing IP weight and address requests of the requests sent in that second.
 *
 * A request sent at `ts` counts while `floor(now / 1000) - floor(ts / 1000)`
 * ≤ 60, so it expires between 60 and 61 s after it was sent: never earlier
 * than the exchange's rolling minute forgets it (conservative by under 1 s).
 *
 * @module
 */

/** Buckets: the 60 seconds of the window plus the current one. */
const SLOTS = 61;
const SECOND_MS = 1_000;

/** Per-second sums over the last minute. O(61) per read, O(1) per add, fixed memory. */
export class MinuteRing {
  readonly #second = new Float64Array(SLOTS).fill(-Infinity);
  readonly #weight = new Float64Array(SLOTS);
  readonly #requests = new Float64Array(SLOTS);
  /** The last totals read, valid while no request was added and the second is the same. */
  #memo = { second: NaN, weight: 0, requests: 0 };

  /** Adds a request sent at `tsMs` (epoch ms); ignored when already older than the ring. */
  add(tsMs: number, options: { weight: number; requests: number }): void {
    const second = Math.floor(tsMs / SECOND_MS);
    const slot = slotOf(second);
    if (this.#second[slot] > second) return;
    this.#memo.second = NaN;
    if (this.#second[slot] < second) {
      this.#second[slot] = second;
      this.#weight[slot] = 0;
      this.#requests[slot] = 0;
    }
    this.#weight[slot] += options.weight;
    this.#requests[slot] += options.requests;
  }

  /** IP weight and address requests still counted at `nowMs`. */
  totals(nowMs: number): { weight: number; requests: number } {
    // A requote reads the totals several times at one clock reading: sum the ring once.
    const memo = this.#memo;
    const nowSecond = Math.floor(nowMs / SECOND_MS);
    if (memo.second === nowSecond) return { weight: memo.weight, requests: memo.requests };
    const oldest = nowSecond - (SLOTS - 1);
    let weight = 0, requests = 0;
    for (let slot = 0; slot < SLOTS; slot++) {
      if (this.#second[slot] >= oldest) {
        weight += this.#weight[slot];
        requests += this.#requests[slot];
      }
    }
    memo.second = nowSecond;
    memo.weight = weight;
    memo.requests = requests;
    return { weight, requests };
  }

  /**
   * Milliseconds from `nowMs` until at least `weight` of the counted weight
   * has expired (0 when `weight` ≤ 0; the whole window when even all of it
   * would not be enough).
   */
  msUntilExpired(nowMs: number, weight: number): number {
    if (weight <= 0) return 0;
    const nowSecond = Math.floor(nowMs / SECOND_MS);
    let freed = 0;
    for (let second = nowSecond - (SLOTS - 1); second <= nowSecond; second++) {
      const slot = slotOf(second);
      if (this.#second[slot] !== second) continue;
      freed += this.#weight[slot];
      if (freed >= weight) return (second + SLOTS) * SECOND_MS - nowMs;
    }
    return SLOTS * SECOND_MS;
  }
}

function slotOf(second: number): number {
  return ((second % SLOTS) + SLOTS) % SLOTS;
}
