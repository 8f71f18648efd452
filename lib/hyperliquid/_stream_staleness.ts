/**
 * Per-coin order-book freshness: when did the last l2Book update arrive, is
 * the book stale, and a timer that signals the moment it goes stale.
 *
 * @module
 */

/** A coin's book went quiet, or came back. Times from the injected clock (epoch ms). */
export type StalenessEvent =
  | {
    type: "stale";
    coin: string;
    /** When staleness was detected. */
    ts: number;
    /** When the last update arrived; `undefined` if none ever did. */
    lastUpdateMs: number | undefined;
    /** How long the book has been silent (since the last update, or since tracking began). */
    silentForMs: number;
  }
  | {
    type: "recovered";
    coin: string;
    /** When the resuming update arrived. */
    ts: number;
    /** How long the book was flagged stale. */
    staleForMs: number;
  };

interface CoinState {
  /** Open l2Book subscriptions for the coin. */
  refs: number;
  /** When tracking began: a book that never arrives goes stale from here. */
  since: number;
  lastUpdateMs: number | undefined;
  /** Set while flagged stale: when it was flagged. */
  staleSince: number | undefined;
}

/** Options of {@link StalenessWatch}. */
export interface StalenessWatchOptions {
  /** Silence (ms) after which a book counts as stale. */
  staleAfterMs: number;
  /** How often (ms, real time) the timer checks for silence. */
  checkEveryMs: number;
  /** The injected clock, epoch ms. */
  now: () => number;
  /** Receives stale / recovered signals. */
  emit: (event: StalenessEvent) => void;
}

/** Tracks book freshness for the coins with an l2Book subscription. */
export class StalenessWatch {
  readonly #options: StalenessWatchOptions;
  readonly #coins = new Map<string, CoinState>();
  #timer: ReturnType<typeof setInterval> | undefined;
  #closed = false;

  constructor(options: StalenessWatchOptions) {
    this.#options = options;
  }

  /** Starts (or counts one more reason for) watching `coin`. */
  track(coin: string): void {
    if (this.#closed) return;
    const state = this.#coins.get(coin);
    if (state) {
      state.refs += 1;
    } else {
      this.#coins.set(coin, {
        refs: 1,
        since: this.#options.now(),
        lastUpdateMs: undefined,
        staleSince: undefined,
      });
    }
    this.#timer ??= setInterval(() => this.check(), this.#options.checkEveryMs);
  }

  /** Drops one reason for watching `coin`; forgets it (and may stop the timer) at zero. */
  untrack(coin: string): void {
    const state = this.#coins.get(coin);
    if (!state) return;
    state.refs -= 1;
    if (state.refs > 0) return;
    this.#coins.delete(coin);
    if (this.#coins.size === 0) this.#stopTimer();
  }

  /** Records a book update for `coin`; signals recovery when it was flagged stale. */
  touch(coin: string): void {
    const state = this.#coins.get(coin);
    if (!state) return;
    const now = this.#options.now();
    state.lastUpdateMs = now;
    if (state.staleSince !== undefined) {
      const staleForMs = now - state.staleSince;
      state.staleSince = undefined;
      this.#options.emit({ type: "recovered", coin, ts: now, staleForMs });
    }
  }

  /** When the last update for `coin` arrived (injected clock, epoch ms), if any. */
  lastUpdateMs(coin: string): number | undefined {
    return this.#coins.get(coin)?.lastUpdateMs;
  }

  /**
   * Whether `coin`'s book is older than `staleAfterMs` by the clock right now.
   * An unwatched coin has no live book and counts as stale.
   */
  isStale(coin: string): boolean {
    const state = this.#coins.get(coin);
    if (!state) return true;
    return this.#options.now() - (state.lastUpdateMs ?? state.since) >= this.#options.staleAfterMs;
  }

  /** Flags every watched coin that went silent, once per silence. The timer calls this. */
  check(): void {
    const now = this.#options.now();
    for (const [coin, state] of this.#coins) {
      if (state.staleSince !== undefined) continue;
      const silentForMs = now - (state.lastUpdateMs ?? state.since);
      if (silentForMs < this.#options.staleAfterMs) continue;
      state.staleSince = now;
      this.#options.emit({
        type: "stale",
        coin,
        ts: now,
        lastUpdateMs: state.lastUpdateMs,
        silentForMs,
      });
    }
  }

  /** Stops the timer and forgets every coin; nothing is signalled afterwards. */
  close(): void {
    this.#closed = true;
    this.#coins.clear();
    this.#stopTimer();
  }

  #stopTimer(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
