/**
 * The dead man's switch: keeps an exchange `scheduleCancel` a set time ahead,
 * so that if mm dies (or its loop stalls) every resting order is cancelled
 * within that time.
 *
 * Exchange rules (Hyperliquid docs, "Exchange endpoint", scheduleCancel):
 * the time must be at least 5 s after the exchange's current time; a call
 * without a time clears the schedule; at most 10 triggers a day (reset 00:00
 * UTC), a trigger being counted when a schedule fires, not when it is set or
 * moved. Moving a schedule later before it fires therefore costs one request
 * and no trigger.
 *
 * The engine calls {@link DeadMansSwitch.tick} every loop; a tick sends at
 * most one scheduleCancel, only when the schedule has less than
 * `refreshAtShare` of the lead left, and never throws: a failed send is
 * reported and tried again on the next tick.
 *
 * @module
 */

import type { Exchange } from "../hyperliquid/port.ts";

/** Shortest lead the exchange accepts, ms. */
export const SCHEDULE_CANCEL_MIN_LEAD_MS = 5_000;

/** Schedules that may fire per UTC day. */
export const SCHEDULE_CANCEL_TRIGGERS_PER_DAY = 10;

const DAY_MS = 86_400_000;

/** How to build a {@link DeadMansSwitch}. */
export interface DeadMansSwitchOptions {
  /** How far ahead the cancel is kept, ms (default 30,000; at least 5,000). */
  leadMs?: number;
  /** Refresh when less than this share of the lead is left (default 0.5; in (0, 1)). */
  refreshAtShare?: number;
  /** Clock, epoch ms. */
  now: () => number;
}

/** What one {@link DeadMansSwitch.tick} did. */
export type SwitchTick =
  & (
    /** Nothing was due. */
    | { status: "idle"; armedUntil: number | undefined }
    /** A schedule was sent and accepted: `refreshed` when it moved one already set. */
    | { status: "armed"; armedUntil: number; refreshed: boolean }
    /** The send failed (retried next tick); `armedUntil` is the last schedule known to stand. */
    | { status: "failed"; armedUntil: number | undefined; error: unknown; failures: number }
    /** Today's triggers are spent: the exchange would refuse, so nothing was sent (until 00:00 UTC). */
    | { status: "exhausted"; armedUntil: undefined }
    /** A send of an earlier tick is still in flight. */
    | { status: "busy"; armedUntil: number | undefined }
  )
  & {
    /**
     * Set when this tick found the previous schedule past its time without a
     * refresh: the exchange has then cancelled every resting order (epoch ms).
     */
    firedAtMs?: number;
  };

/** What {@link DeadMansSwitch.disarm} did. */
export type DisarmResult = { ok: true } | { ok: false; error: unknown };

/** Keeps a scheduleCancel `leadMs` ahead; see the module doc. */
export class DeadMansSwitch {
  /** How far ahead the cancel is kept, ms. */
  readonly leadMs: number;
  readonly #exchange: Pick<Exchange, "scheduleCancel">;
  readonly #refreshBelowMs: number;
  readonly #now: () => number;
  #armedUntil: number | undefined;
  #inFlight: Promise<unknown> | undefined;
  #failures = 0;
  /** Triggers seen on one UTC day (day number = floor(epoch ms / 1 day)). */
  #fired = { day: -1, count: 0 };

  /** @throws {RangeError} for a lead under 5 s or a share outside (0, 1). */
  constructor(exchange: Pick<Exchange, "scheduleCancel">, options: DeadMansSwitchOptions) {
    const leadMs = options.leadMs ?? 30_000;
    const share = options.refreshAtShare ?? 0.5;
    if (!Number.isFinite(leadMs) || leadMs < SCHEDULE_CANCEL_MIN_LEAD_MS) {
      throw new RangeError(
        `the dead man's switch lead must be at least ${SCHEDULE_CANCEL_MIN_LEAD_MS} ms (exchange rule), got ${leadMs}`,
      );
    }
    if (!(share > 0 && share < 1)) {
      throw new RangeError(`refreshAtShare must be in (0, 1), got ${share}`);
    }
    this.leadMs = leadMs;
    this.#exchange = exchange;
    this.#refreshBelowMs = leadMs * share;
    this.#now = options.now;
  }

  /** When the standing schedule cancels everything, epoch ms; undefined when none is known to stand. */
  get armedUntil(): number | undefined {
    return this.#armedUntil;
  }

  /** Schedules that fired today (UTC) as far as this switch saw. */
  firedToday(): number {
    return this.#fired.day === utcDay(this.#now()) ? this.#fired.count : 0;
  }

  /** Arms or refreshes the schedule when due (at most one request); never throws. */
  async tick(): Promise<SwitchTick> {
    if (this.#inFlight !== undefined) return { status: "busy", armedUntil: this.#armedUntil };
    const now = this.#now();
    let firedAtMs: number | undefined;
    if (this.#armedUntil !== undefined && now >= this.#armedUntil) {
      firedAtMs = this.#armedUntil;
      this.#countTrigger(firedAtMs);
      this.#armedUntil = undefined;
    }
    const fired = firedAtMs === undefined ? {} : { firedAtMs };
    const armed = this.#armedUntil;
    if (armed !== undefined && armed - now >= this.#refreshBelowMs) {
      return { status: "idle", armedUntil: armed, ...fired };
    }
    if (this.firedToday() >= SCHEDULE_CANCEL_TRIGGERS_PER_DAY) {
      return { status: "exhausted", armedUntil: undefined, ...fired };
    }
    const atMs = now + this.leadMs;
    const send = attempt(() => this.#exchange.scheduleCancel(atMs));
    this.#inFlight = send;
    try {
      await send;
    } catch (error) {
      this.#failures += 1;
      return {
        status: "failed",
        armedUntil: this.#armedUntil,
        error,
        failures: this.#failures,
        ...fired,
      };
    } finally {
      this.#inFlight = undefined;
    }
    this.#failures = 0;
    this.#armedUntil = atMs;
    return { status: "armed", armedUntil: atMs, refreshed: armed !== undefined, ...fired };
  }

  /**
   * Clears the schedule (scheduleCancel without a time): on clean shutdown,
   * and by cancel-all. A later {@link tick} arms again. Never throws; on
   * failure the old schedule is taken to stand.
   */
  async disarm(): Promise<DisarmResult> {
    while (this.#inFlight !== undefined) await this.#inFlight.catch(() => undefined);
    const send = attempt(() => this.#exchange.scheduleCancel(null));
    this.#inFlight = send;
    try {
      await send;
    } catch (error) {
      return { ok: false, error };
    } finally {
      this.#inFlight = undefined;
    }
    this.#armedUntil = undefined;
    return { ok: true };
  }

  #countTrigger(atMs: number): void {
    const day = utcDay(atMs);
    this.#fired = { day, count: this.#fired.day === day ? this.#fired.count + 1 : 1 };
  }
}

/** The call's promise; a synchronous throw becomes a rejection. */
function attempt(call: () => Promise<void>): Promise<void> {
  try {
    return call();
  } catch (error) {
    return Promise.reject(error);
  }
}

function utcDay(ms: number): number {
  return Math.floor(ms / DAY_MS);
}
