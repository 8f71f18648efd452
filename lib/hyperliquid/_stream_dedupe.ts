/**
 * Bounded memory of recently seen ids, for dropping replays (the last ~30
 * trades the exchange resends on every subscribe, the fills snapshot sent
 * again after a reconnect).
 *
 * @module
 */

/** Remembers the last `capacity` distinct ids; the oldest is forgotten first. */
export class RecentIds<K> {
  readonly #capacity: number;
  readonly #seen = new Set<K>();

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
    if (this.#seen.size >= this.#capacity) {
      // A Set iterates in insertion order: the first value is the oldest.
      const oldest = this.#seen.values().next();
      if (!oldest.done) this.#seen.delete(oldest.value);
    }
    this.#seen.add(id);
    return true;
  }

  /** How many ids are remembered now. */
  get size(): number {
    return this.#seen.size;
  }
}
