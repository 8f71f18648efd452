/**
 * IANA time-zone arithmetic on epoch milliseconds, via `Intl` (no tz
 * database of our own). Offsets are cached per quarter hour so a million
 * rows cost a few thousand `Intl` calls at most.
 *
 * @module
 */

import { UsageError } from "../errors.ts";

const QUARTER_HOUR_MS = 15 * 60_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** A time zone that converts between UTC instants and local wall clock. */
export class TimeZone {
  /** The IANA name, e.g. `UTC`, `Europe/Paris`. */
  readonly name: string;
  readonly #format: Intl.DateTimeFormat | undefined;
  readonly #offsets = new Map<number, number>();
  #lastDay = NaN;
  #lastDayText = "";

  /** @throws {UsageError} for a name `Intl` does not know. */
  constructor(name: string) {
    this.name = name;
    if (name === "UTC" || name === "Etc/UTC" || name === "Z") {
      this.#format = undefined;
      return;
    }
    try {
      this.#format = new Intl.DateTimeFormat("en-US", {
        timeZone: name,
        hourCycle: "h23",
        year: "numeric",
        month: "numeric",
        day: "numeric",
        hour: "numeric",
        minute: "numeric",
        second: "numeric",
      });
    } catch {
      throw new UsageError(
        `unknown time zone "${name}"; use an IANA name such as UTC or Europe/Paris`,
      );
    }
  }

  /** Local-minus-UTC offset in ms at a UTC instant. */
  offsetMs(utcMs: number): number {
    if (this.#format === undefined) return 0;
    const key = Math.floor(utcMs / QUARTER_HOUR_MS);
    let offset = this.#offsets.get(key);
    if (offset === undefined) {
      offset = this.#computeOffset(key * QUARTER_HOUR_MS);
      this.#offsets.set(key, offset);
    }
    return offset;
  }

  /** The UTC instant of a local wall-clock time (given as if it were UTC ms). */
  toUtcMs(wallMs: number): number {
    if (this.#format === undefined) return wallMs;
    const guess = wallMs - this.offsetMs(wallMs);
    return wallMs - this.offsetMs(guess);
  }

  /** Local hour of day, 0–23. */
  hourOf(utcMs: number): number {
    const local = utcMs + this.offsetMs(utcMs);
    return Math.floor((((local % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS);
  }

  /** Local calendar date as `YYYY-MM-DD`. */
  dayOf(utcMs: number): string {
    const day = Math.floor((utcMs + this.offsetMs(utcMs)) / DAY_MS);
    if (day !== this.#lastDay) {
      this.#lastDay = day;
      this.#lastDayText = new Date(day * DAY_MS).toISOString().slice(0, 10);
    }
    return this.#lastDayText;
  }

  #computeOffset(utcMs: number): number {
    const parts: Record<string, number> = {};
    for (const part of this.#format!.formatToParts(utcMs)) {
      if (part.type !== "literal") parts[part.type] = Number(part.value);
    }
    const wall = Date.UTC(
      parts.year,
      parts.month - 1,
      parts.day,
      parts.hour,
      parts.minute,
      parts.second,
    );
    return wall - Math.floor(utcMs / 1000) * 1000;
  }
}
