/**
 * Timestamps as the Hyperliquid web app writes them in its CSV exports: the
 * layout follows the exporter's browser locale, e.g. `9/18/2025 - 14:59:56`
 * (en-US), `25/09/2025 13:33:06` (en-GB), `14:11:28 27/6/2026` (vi-VN), or
 * ISO `2025-09-18 14:59:56`. Day/month order is a property of the whole file,
 * resolved by {@link DateOrderResolver}.
 *
 * @module
 */

/** Which of the two leading date parts is the day (year-first dates need none). */
export type DateOrder = "dmy" | "mdy";

/** How a file's day/month order was decided. */
export type DateOrderReason =
  | "flag"
  | "day_above_12"
  | "future_dates"
  | "time_ordering"
  | "unambiguous";

/** A locale timestamp split into parts, before day/month order is known. */
export interface LocaleStamp {
  /** First date part as written (day or month), or the month for `ymd`. */
  first: number;
  /** Second date part as written (month or day), or the day for `ymd`. */
  second: number;
  year: number;
  /** Seconds since local midnight. */
  secondOfDay: number;
  /** True when the year came first (ISO): order is then known. */
  yearFirst: boolean;
}

const STAMP = new RegExp(
  String.raw`^\s*(?:(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([AaPp][Mm])?,?\s+)?` + // time first (vi-VN)
    String.raw`(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})\.?` + // the date
    String
      .raw`(?:(?:,\s*|\s+-\s+|\s+|T)(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*([AaPp][Mm])?)?` + // time after
    String.raw`\s*(?:Z|UTC)?\s*$`,
);

const DATE_TOKEN = /^(\d{1,4})[./-](\d{1,2})[./-](\d{1,4})$/;
/** The last date token seen: exports repeat one date for many rows. */
const lastDate = { text: "", parts: undefined as Omit<LocaleStamp, "secondOfDay"> | undefined };

/** Splits a locale timestamp into parts; `undefined` when it is not one. */
export function splitLocaleStamp(text: string): LocaleStamp | undefined {
  return fastStamp(text) ?? slowStamp(text);
}

/**
 * The common layouts (`D/M/YYYY HH:MM:SS`, `D/M/YYYY - HH:MM:SS`,
 * `HH:MM:SS D/M/YYYY`, 24-hour clock) without a regex per row; anything
 * else goes to {@link slowStamp}.
 */
function fastStamp(text: string): LocaleStamp | undefined {
  const space = text.indexOf(" ");
  if (space < 0) return undefined;
  const timeFirst = text.charCodeAt(1) === COLON || text.charCodeAt(2) === COLON;
  let dateText: string, timeText: string;
  if (timeFirst) {
    timeText = text.slice(0, space);
    dateText = text.slice(space + 1);
  } else {
    dateText = text.slice(0, space);
    timeText = text.charCodeAt(space + 1) === DASH && text.charCodeAt(space + 2) === SPACE
      ? text.slice(space + 3)
      : text.slice(space + 1);
  }
  const secondOfDay = clockSeconds(timeText);
  if (secondOfDay === undefined) return undefined;
  if (dateText !== lastDate.text) {
    const m = DATE_TOKEN.exec(dateText);
    if (m === null) return undefined;
    const yearFirst = m[1].length === 4;
    if (!yearFirst && m[3].length !== 4) return undefined;
    lastDate.text = dateText;
    lastDate.parts = {
      first: Number(yearFirst ? m[2] : m[1]),
      second: Number(yearFirst ? m[3] : m[2]),
      year: Number(yearFirst ? m[1] : m[3]),
      yearFirst,
    };
  }
  return { ...lastDate.parts!, secondOfDay };
}

const COLON = 58, DASH = 45, SPACE = 32, ZERO = 48;

/** `H:MM:SS` or `HH:MM:SS` (24-hour) to seconds of the day, by char codes. */
function clockSeconds(text: string): number | undefined {
  const n = text.length;
  if (n !== 7 && n !== 8) return undefined;
  const h = n === 8 ? digits2(text, 0) : digit(text, 0);
  const at = n - 6; // where ":MM:SS" starts
  if (text.charCodeAt(at) !== COLON || text.charCodeAt(at + 3) !== COLON) return undefined;
  const m = digits2(text, at + 1), s = digits2(text, at + 4);
  if (h < 0 || m < 0 || s < 0 || h > 23 || m > 59 || s > 60) return undefined;
  return h * 3600 + m * 60 + s;
}

function digit(text: string, at: number): number {
  const d = text.charCodeAt(at) - ZERO;
  return d >= 0 && d <= 9 ? d : -1;
}

function digits2(text: string, at: number): number {
  const a = digit(text, at), b = digit(text, at + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** Every layout the regex knows: 12-hour clocks, ISO, `, ` separators, 2-digit years. */
function slowStamp(text: string): LocaleStamp | undefined {
  const m = STAMP.exec(text);
  if (m === null) return undefined;
  const timeFirst = m[1] !== undefined;
  const hText = timeFirst ? m[1] : m[8];
  if (timeFirst && m[8] !== undefined) return undefined;
  let hour = hText === undefined ? 0 : Number(hText);
  const minute = Number((timeFirst ? m[2] : m[9]) ?? 0);
  const second = Number((timeFirst ? m[3] : m[10]) ?? 0);
  const meridiem = timeFirst ? m[4] : m[11];
  if (meridiem !== undefined) {
    if (hour < 1 || hour > 12) return undefined;
    const pm = meridiem[0] === "P" || meridiem[0] === "p";
    hour = (hour % 12) + (pm ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 60) return undefined;
  const a = m[5], b = m[6], c = m[7];
  const yearFirst = a.length === 4;
  if (!yearFirst && c.length !== 4 && c.length !== 2) return undefined;
  const year = yearFirst ? Number(a) : c.length === 2 ? 2000 + Number(c) : Number(c);
  return {
    first: Number(yearFirst ? b : a),
    second: Number(yearFirst ? c : b),
    year,
    secondOfDay: hour * 3600 + minute * 60 + second,
    yearFirst,
  };
}

/**
 * Wall-clock milliseconds (as if the zone were UTC) of a stamp under an
 * order, or `undefined` when the date does not exist (e.g. month 13).
 */
export function wallClockMs(stamp: LocaleStamp, order: DateOrder): number | undefined {
  const dayFirst = order === "dmy";
  const month = stamp.yearFirst ? stamp.first : dayFirst ? stamp.second : stamp.first;
  const day = stamp.yearFirst ? stamp.second : dayFirst ? stamp.first : stamp.second;
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(stamp.year, month)) return undefined;
  const key = (stamp.year * 100 + month) * 100 + day;
  if (key !== lastDay.key) {
    lastDay.key = key;
    lastDay.ms = Date.UTC(stamp.year, month - 1, day);
  }
  return lastDay.ms + stamp.secondOfDay * 1000;
}

/** The last calendar day converted: consecutive rows share it. */
const lastDay = { key: -1, ms: 0 };

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/** What one stamp says about the file's order: a part above 12 must be the day. */
export function orderEvidence(stamp: LocaleStamp): DateOrder | "ymd" | undefined {
  if (stamp.yearFirst) return "ymd";
  if (stamp.first > 12 && stamp.second <= 12) return "dmy";
  if (stamp.second > 12 && stamp.first <= 12) return "mdy";
  return undefined;
}

/**
 * Decides a file's day/month order from its stamps, in one pass:
 * `observe` each stamp in file order; once a part above 12 is seen the order
 * is known and later stamps must agree with it. When no stamp decides,
 * `decideUndecided` tries what a history must obey (no future trades, time order).
 */
export class DateOrderResolver {
  #order: DateOrder | undefined;
  #decidedAtLine: number | undefined;
  #reason: DateOrderReason | undefined;

  constructor(forced?: DateOrder) {
    if (forced !== undefined) {
      this.#order = forced;
      this.#reason = "flag";
    }
  }

  /** The order, once known. */
  get order(): DateOrder | undefined {
    return this.#order;
  }

  /** How the order was decided (reported in the summary). */
  get reason(): DateOrderReason | undefined {
    return this.#reason;
  }

  /**
   * Feeds one stamp. Returns a contradiction message when this stamp cannot
   * be read under the order already decided, else `undefined`.
   */
  update(stamp: LocaleStamp, line: number): string | undefined {
    const evidence = orderEvidence(stamp);
    // Year-first stamps read the same under any order: they decide nothing.
    if (evidence === undefined || evidence === "ymd") return undefined;
    if (this.#order === undefined) {
      this.#order = evidence;
      this.#decidedAtLine = line;
      this.#reason = "day_above_12";
      return undefined;
    }
    if (evidence === this.#order) return undefined;
    const since = this.#decidedAtLine === undefined
      ? "given by --date-order"
      : `decided by line ${this.#decidedAtLine}`;
    return `the date reads only as ${evidence} but the file's order is ${this.#order} (${since})`;
  }

  /**
   * Decides for stamps no single date could decide, from two facts about a
   * trade history: it holds no trade after `nowMs` (the export was made
   * then), and its rows run in time order (ascending or descending). An
   * order that breaks either is ruled out; `undefined` when both survive.
   * Stamps whose parts are equal (e.g. 03/03) never matter.
   */
  decideUndecided(
    stamps: readonly LocaleStamp[],
    options: { nowMs: number },
  ): DateOrder | undefined {
    if (this.#order !== undefined) return this.#order;
    if (!stamps.some((s) => !s.yearFirst && s.first !== s.second)) {
      this.#order = "dmy";
      this.#reason = "unambiguous";
      return this.#order;
    }
    // Wall clock may lead UTC by up to 14 h (Pacific/Kiritimati).
    const latestWallMs = options.nowMs + 14 * 3_600_000;
    const inPast = (order: DateOrder) =>
      stamps.every((s) => (wallClockMs(s, order) ?? Infinity) <= latestWallMs);
    const dmyPast = inPast("dmy"), mdyPast = inPast("mdy");
    if (dmyPast !== mdyPast) {
      this.#order = dmyPast ? "dmy" : "mdy";
      this.#reason = "future_dates";
      return this.#order;
    }
    const dmy = isMonotonic(stamps, "dmy");
    const mdy = isMonotonic(stamps, "mdy");
    if (dmy === mdy) return undefined;
    this.#order = dmy ? "dmy" : "mdy";
    this.#reason = "time_ordering";
    return this.#order;
  }
}

function isMonotonic(stamps: readonly LocaleStamp[], order: DateOrder): boolean {
  let up = true, down = true, prev: number | undefined;
  for (const stamp of stamps) {
    const ms = wallClockMs(stamp, order);
    if (ms === undefined) return false;
    if (prev !== undefined) {
      if (ms < prev) up = false;
      if (ms > prev) down = false;
    }
    prev = ms;
  }
  return up || down;
}
