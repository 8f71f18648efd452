/**
 * Bounded memory of recently seen ids, for dropping replays (the last ~30
 * trades the exchange resends on every subscribe, the fills snapshot sent
 * again after a reconnect).
 *
 * @module
 */

/**
 * Remembers the last `capacity` distinct ids; the oldest is forgotten first.
 * A ring buffer keeps the order: deleting a Set's first entry over and over
 * makes V8's Set iteration slower and slower.
 */
export class RecentIds<K> {
  readonly #capacity: number;
  readonly #seen = new Set<K>();
  readonly #ring: K[] = [];
  #oldest = 0;

  /** @param capacity how many ids to remember (at least 1). */
  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    }
    this.#capacity = capacity;
  }

  /** Records `id`; true when it was not among the remembered ids (first sighting). */
  add(id: K): boolean {
    if (this.#seen.has(id)) return false;
    if (this.#ring.length < this.#capacity) {
      this.#ring.push(id);
    } else {
      this.#seen.delete(this.#ring[this.#oldest]);
      this.#ring[this.#oldest] = id;
      this.#oldest = (this.#oldest + 1) % this.#capacity;
    }
    this.#seen.add(id);
    return true;
  }

  /** How many ids are remembered now. */
  get size(): number {
    return this.#seen.size;
  }
}
