/**
 * A set of listeners whose exceptions never escape into the socket's event
 * dispatch (where Deno would report them as uncaught and end the process).
 *
 * @module
 */

/** Listeners of one kind of value; `emit` calls each inside its own try/catch. */
export class ListenerSet<T> {
  readonly #listeners = new Set<(value: T) => void>();

  /** Adds a listener; the returned function removes it. */
  add(listener: (value: T) => void): () => void {
    const own = (value: T) => listener(value);
    this.#listeners.add(own);
    return () => {
      this.#listeners.delete(own);
    };
  }

  /** Whether any listener is registered. */
  get size(): number {
    return this.#listeners.size;
  }

  /** Calls every listener with `value`; a throw goes to `onThrow` and the rest still run. */
  emit(value: T, onThrow: (error: unknown) => void): void {
    for (const listener of [...this.#listeners]) {
      try {
        listener(value);
      } catch (error) {
        onThrow(error);
      }
    }
  }

  /** Removes every listener. */
  clear(): void {
    this.#listeners.clear();
  }
}
