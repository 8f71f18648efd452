/**
 * Markouts of own fills: how far the mid moved against us after each fill,
 * at 1 s, 5 s, 30 s, 60 s and 5 min, summarised overall, by size bucket and
 * by hour.
 *
 * Convention (bps, positive = we lost), the same as
 * lib/market/adverse_selection.ts: for a fill at price p and the mid
 * m(t + h) at horizon h,
 *   buy:  (p − m(t + h)) / p × 10⁴      sell: (m(t + h) − p) / p × 10⁴
 * i.e. s·(p − m)/p × 10⁴ with s = +1 for our buy, −1 for our sell. It
 * includes the half spread earned at the fill (a passive buy below the mid
 * starts negative) and the mid's move after it.
 *
 * Mids (`--market FILE`): m(t + h) is the last l2Book mid of the fill's coin
 * at or before t + h. A fill is marked at horizon h only when the market
 * data covers [t, t + h] for its coin (a book at or before t, and the coin's
 * last book at or after t + h); a fill whose horizon passes the end of the
 * data is not counted at that horizon.
 *
 * Without market data, a stated proxy (`proxy: "next_fill_price"`): m(t + h)
 * is the price of the first later fill of the same coin at or after t + h
 * (by time, then input order); no such fill, no markout. It is our own
 * prices, not the market's, so read it as a rough guide only.
 *
 * Our side comes from Hyperliquid's direction text ({@link fillSide}): the
 * fill forms that analyze-trades reads all carry `dir`, and mm's own `fill`
 * events write the same `dir` beside their `side`.
 *
 * Memory: the first {@link MAX_MARKOUT_FILLS} fills are held (later ones are
 * counted as `fills_dropped` and not marked). Regime buckets are not done.
 *
 * @module
 */

import { REGIMES } from "../market/regime.ts";
import type { MidSeries } from "./_mid_series.ts";

export { MidSeries } from "./_mid_series.ts";
import { round } from "./tally.ts";
import type { TimeZone } from "./time_zone.ts";
import { fromMicros, type TradeFill } from "./trade_fill.ts";

/** Markout horizons, seconds. */
export const MARKOUT_HORIZONS_S: readonly number[] = [1, 5, 30, 60, 300];

/** Fills held for markouts at most; later fills are counted, not marked. */
export const MAX_MARKOUT_FILLS = 1_000_000;

/**
 * Our side of a fill from its direction: +1 we bought (`Open Long…`,
 * `Close Short…`, `Short > Long`, spot `Buy`), −1 otherwise (we sold:
 * `Open Short`, `Close Long`, `Long > Short`, `Sell`, liquidations and ADL
 * of a long).
 */
export function fillSide(dir: string): 1 | -1 {
  return dir.startsWith("Open Long") || dir.startsWith("Close Short") ||
      dir.startsWith("Short > Long") || dir === "Buy"
    ? 1
    : -1;
}

/** s·(px − mid)/px × 10⁴: the markout in bps, positive = we lost (module doc). */
export function markoutBps(side: 1 | -1, px: number, mid: number): number {
  return (side * (px - mid) / px) * 10_000;
}

/** One markout summary line. */
export interface MarkoutRow {
  /** `null` with market mids; `"next_fill_price"` in the proxy mode. */
  proxy: "next_fill_price" | null;
  /**
   * `all`, `size` or `hour`. Named `group`, not `by`: the bucket rows' `by`
   * values are filtered on without their `type` (tests/commands/analyze_trades_test.ts).
   */
  group: "all" | "size" | "hour" | "regime";
  /** `all`; the size bucket's key (as in the size buckets); the hour `00`–`23`. */
  key: string;
  horizon_s: number;
  /** Fills marked at this horizon. */
  fills: number;
  /** Mean markout, bps (positive = adverse), 4 decimals; `null` without fills. */
  mean_bps: number | null;
  /** Median markout, bps, 4 decimals; `null` without fills. */
  median_bps: number | null;
  /** Sample standard deviation (n − 1), bps, 4 decimals; `null` below two fills (for intervals). */
  sd_bps: number | null;
}

/** Options of {@link Markouts}. */
export interface MarkoutOptions {
  /** Hour buckets' zone (that of the analysis; UTC by default in the CLI). */
  tz: TimeZone;
  /** Size bucket edges, USD, ascending (default 500, 2000: those of the size buckets). */
  sizeEdgesUsd?: number[];
  /** Market mids; without them the next-fill-price proxy is used. */
  mids?: MidSeries;
  /** Fills held at most (default {@link MAX_MARKOUT_FILLS}). */
  maxFills?: number;
}

interface HeldFill {
  tsMs: number;
  coin: string;
  side: 1 | -1;
  px: number;
  sizeBucket: number;
  hour: number;
}

/** Fills in, markout summary rows out (module doc). */
export class Markouts {
  readonly #tz: TimeZone;
  readonly #edges: number[];
  readonly #mids: MidSeries | undefined;
  readonly #maxFills: number;
  readonly #fills: HeldFill[] = [];
  #dropped = 0;

  constructor(options: MarkoutOptions) {
    this.#tz = options.tz;
    this.#edges = options.sizeEdgesUsd ?? [500, 2000];
    this.#mids = options.mids;
    this.#maxFills = options.maxFills ?? MAX_MARKOUT_FILLS;
  }

  /** Fills seen beyond the memory bound, not marked. */
  get fillsDropped(): number {
    return this.#dropped;
  }

  /** Adds one fill. */
  update(fill: TradeFill): void {
    if (this.#fills.length >= this.#maxFills) {
      this.#dropped += 1;
      return;
    }
    const notionalUsd = fromMicros(fill.notionalMicros);
    let sizeBucket = this.#edges.findIndex((edge) => notionalUsd < edge);
    if (sizeBucket < 0) sizeBucket = this.#edges.length;
    this.#fills.push({
      tsMs: fill.tsMs,
      coin: fill.coin,
      side: fillSide(fill.dir),
      px: fill.px,
      sizeBucket,
      hour: this.#tz.hourOf(fill.tsMs),
    });
  }

  /**
   * The summary rows: overall, then each size bucket, then each hour with
   * fills, each at every horizon.
   */
  rows(): MarkoutRow[] {
    const marks = this.#marks();
    const proxy = this.#mids === undefined ? "next_fill_price" : null;
    const edges = this.#edges;
    // values[h][group]: group 0 = all, 1…edges+1 = size buckets, then 24 hours.
    const hourGroup = edges.length + 2;
    const values = MARKOUT_HORIZONS_S.map(() =>
      Array.from({ length: hourGroup + 24 }, (): number[] => [])
    );
    const hoursSeen = new Set<number>();
    this.#fills.forEach((fill, i) => {
      hoursSeen.add(fill.hour);
      MARKOUT_HORIZONS_S.forEach((_, h) => {
        const value = marks[h][i];
        if (Number.isNaN(value)) return;
        values[h][0].push(value);
        values[h][1 + fill.sizeBucket].push(value);
        values[h][hourGroup + fill.hour].push(value);
      });
    });
    const rows: MarkoutRow[] = [];
    const add = (group: MarkoutRow["group"], key: string, at: number) => {
      MARKOUT_HORIZONS_S.forEach((horizon_s, h) => {
        rows.push({ proxy, group, key, horizon_s, ...summarise(values[h][at]) });
      });
    };
    add("all", "all", 0);
    for (let i = 0; i <= edges.length; i += 1) {
      const key = i === 0
        ? `<${edges[0]}`
        : i === edges.length
        ? `>${edges[i - 1]}`
        : `${edges[i - 1]}-${edges[i]}`;
      add("size", key, 1 + i);
    }
    for (const hour of [...hoursSeen].sort((a, b) => a - b)) {
      add("hour", String(hour).padStart(2, "0"), hourGroup + hour);
    }
    // By volatility regime at the fill, where market data gives one.
    const mids = this.#mids;
    if (mids !== undefined) {
      for (const regime of REGIMES) {
        const byHorizon = MARKOUT_HORIZONS_S.map((): number[] => []);
        this.#fills.forEach((fill, i) => {
          if (mids.regimeAt(fill.coin, fill.tsMs) !== regime) return;
          MARKOUT_HORIZONS_S.forEach((_, h) => {
            if (!Number.isNaN(marks[h][i])) byHorizon[h].push(marks[h][i]);
          });
        });
        if (byHorizon.every((values) => values.length === 0)) continue;
        MARKOUT_HORIZONS_S.forEach((horizon_s, h) => {
          rows.push({ proxy, group: "regime", key: regime, horizon_s, ...summarise(byHorizon[h]) });
        });
      }
    }
    return rows;
  }

  /** marks[h][i]: fill i's markout at horizon h in bps, NaN when not counted. */
  #marks(): Float64Array[] {
    const fills = this.#fills;
    const marks = MARKOUT_HORIZONS_S.map(() => new Float64Array(fills.length).fill(NaN));
    const mids = this.#mids;
    if (mids !== undefined) {
      fills.forEach((fill, i) => {
        if (mids.midAt(fill.coin, fill.tsMs) === undefined) return;
        MARKOUT_HORIZONS_S.forEach((horizon, h) => {
          const mid = mids.midAt(fill.coin, fill.tsMs + horizon * 1000);
          if (mid !== undefined) marks[h][i] = markoutBps(fill.side, fill.px, mid);
        });
      });
      return marks;
    }
    // Proxy: per coin, fills in time order (then input order); the first at or after t + h.
    const byCoin = new Map<string, number[]>();
    fills.forEach((fill, i) => {
      const list = byCoin.get(fill.coin);
      if (list === undefined) byCoin.set(fill.coin, [i]);
      else list.push(i);
    });
    for (const order of byCoin.values()) {
      order.sort((a, b) => fills[a].tsMs - fills[b].tsMs || a - b);
      const times = order.map((i) => fills[i].tsMs);
      for (const i of order) {
        const fill = fills[i];
        MARKOUT_HORIZONS_S.forEach((horizon, h) => {
          const at = firstAtOrAfter(times, fill.tsMs + horizon * 1000);
          if (at < order.length) {
            marks[h][i] = markoutBps(fill.side, fill.px, fills[order[at]].px);
          }
        });
      }
    }
    return marks;
  }
}

/** Index of the first time ≥ `t` in ascending `times` (`times.length` when none). */
function firstAtOrAfter(times: number[], t: number): number {
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function summarise(
  values: number[],
): Pick<MarkoutRow, "fills" | "mean_bps" | "median_bps" | "sd_bps"> {
  if (values.length === 0) return { fills: 0, mean_bps: null, median_bps: null, sd_bps: null };
  const sorted = [...values].sort((a, b) => a - b);
  const n = sorted.length;
  const median = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  const mean = values.reduce((sum, value) => sum + value, 0) / n;
  const sd = n < 2
    ? null
    : Math.sqrt(values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / (n - 1));
  return {
    fills: n,
    mean_bps: round(mean, 4),
    median_bps: round(median, 4),
    sd_bps: sd === null ? null : round(sd, 4),
  };
}
