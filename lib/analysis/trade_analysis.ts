/**
 * Where the edge went: one streaming pass over fills that yields the
 * summary, size/hour/coin/day buckets, what-if scenarios and the worst
 * closing fills. Memory is constant in the number of fills (per-day and
 * per-coin rows aside).
 *
 * @module
 */

import { Tally, type TallyFigures } from "./tally.ts";
import type { TimeZone } from "./time_zone.ts";
import { fromMicros, type TradeFill } from "./trade_fill.ts";

/** Settings of an analysis; the defaults are those of `mm analyze-trades`. */
export interface TradeAnalysisOptions {
  /** Time zone of the hour and day buckets. */
  tz: TimeZone;
  /** Upper edges of the notional buckets in USD, ascending (default 500, 2000). */
  sizeEdgesUsd?: number[];
  /** An hour is toxic when its edge is below this many bps (default −10)… */
  toxicBps?: number;
  /** …and it has at least this many fills (default 10). */
  minFills?: number;
  /** How many worst closing fills to keep (default 10). */
  worst?: number;
  /** Points kept for the cumulative-P&L chart: between this and twice this (default 40). */
  chartPoints?: number;
}

/** A bucket row: its key and the tally figures. */
export type BucketRow = { by: "size" | "hour" | "coin" | "day"; key: string } & TallyFigures & {
  lo_usd?: number;
  hi_usd?: number | null;
  hour?: number;
  toxic?: boolean;
};

/** A what-if row. */
export interface ScenarioRow {
  name: "baseline" | "skip_toxic_hours" | "cap_size" | "skip_toxic_hours_and_cap_size";
  description: string;
  fills: number;
  notional_usd: number;
  fees_usd: number;
  net_pnl_usd: number;
  edge_bps: number | null;
  /** Scenario net P&L minus baseline net P&L. */
  improvement_usd: number;
  /** Scenario edge minus baseline edge. */
  improvement_bps: number | null;
  toxic_hours?: number[];
  cap_usd?: number;
}

/** One of the worst closing fills. */
export interface WorstRow {
  rank: number;
  line: number;
  fill_ts: number;
  coin: string;
  dir: string;
  px: number;
  sz: number;
  notional_usd: number;
  fee_usd: number;
  net_pnl_usd: number;
  edge_bps: number | null;
}

/** Everything one pass yields. */
export interface TradeAnalysisResult {
  totals: TallyFigures & { first_ts: number | null; last_ts: number | null };
  sizeBuckets: BucketRow[];
  hourBuckets: BucketRow[];
  coinBuckets: BucketRow[];
  dayBuckets: BucketRow[];
  scenarios: ScenarioRow[];
  worst: WorstRow[];
  /** Cumulative net P&L (USD) sampled evenly over fills, in input order. */
  cumulativeNetUsd: number[];
}

/** Streaming trade analysis: `update` each fill, then `result`. */
export class TradeAnalysis {
  readonly #tz: TimeZone;
  readonly #sizeEdges: number[];
  readonly #toxicBps: number;
  readonly #minFills: number;
  readonly #worstKept: number;
  readonly #total = new Tally();
  readonly #bySize: Tally[];
  readonly #byHour = Array.from({ length: 24 }, () => new Tally());
  readonly #byHourCapped = Array.from({ length: 24 }, () => new Tally());
  readonly #byCoin = new Map<string, Tally>();
  readonly #byDay = new Map<string, Tally>();
  readonly #coinTallies = new TallyLookup(this.#byCoin);
  readonly #dayTallies = new TallyLookup(this.#byDay);
  readonly #worst: TradeFill[] = [];
  readonly #cumulative: CumulativeSampler;
  #firstTs: number | null = null;
  #lastTs: number | null = null;

  constructor(options: TradeAnalysisOptions) {
    this.#tz = options.tz;
    this.#sizeEdges = options.sizeEdgesUsd ?? [500, 2000];
    this.#toxicBps = options.toxicBps ?? -10;
    this.#minFills = options.minFills ?? 10;
    this.#worstKept = options.worst ?? 10;
    this.#bySize = Array.from({ length: this.#sizeEdges.length + 1 }, () => new Tally());
    this.#cumulative = new CumulativeSampler(options.chartPoints ?? 40);
  }

  /** Adds one fill. */
  update(fill: TradeFill): void {
    this.#total.update(fill);
    const notionalUsd = fromMicros(fill.notionalMicros);
    let bucket = this.#sizeEdges.findIndex((edge) => notionalUsd < edge);
    if (bucket < 0) bucket = this.#sizeEdges.length;
    this.#bySize[bucket].update(fill);
    const hour = this.#tz.hourOf(fill.tsMs);
    this.#byHour[hour].update(fill);
    const capMicros = this.#sizeEdges[this.#sizeEdges.length - 1] * 1e6;
    const scale = fill.notionalMicros > capMicros ? capMicros / fill.notionalMicros : 1;
    this.#byHourCapped[hour].update(fill, scale);
    this.#coinTallies.get(fill.coin).update(fill);
    this.#dayTallies.get(this.#tz.dayOf(fill.tsMs)).update(fill);
    if (fill.closing) this.#keepIfWorst(fill);
    this.#cumulative.update(this.#total.netMicros);
    if (this.#firstTs === null || fill.tsMs < this.#firstTs) this.#firstTs = fill.tsMs;
    if (this.#lastTs === null || fill.tsMs > this.#lastTs) this.#lastTs = fill.tsMs;
  }

  /** The analysis of every fill seen so far. */
  result(): TradeAnalysisResult {
    const hourBuckets = this.#byHour.map((tally, hour): BucketRow => {
      const figures = tally.figures();
      const toxic = tally.fills >= this.#minFills && figures.edge_bps !== null &&
        figures.edge_bps < this.#toxicBps;
      return { by: "hour", key: String(hour).padStart(2, "0"), hour, toxic, ...figures };
    });
    const edges = this.#sizeEdges;
    const sizeBuckets = this.#bySize.map((tally, i): BucketRow => {
      const lo = i === 0 ? 0 : edges[i - 1];
      const hi = i < edges.length ? edges[i] : null;
      const key = i === 0 ? `<${edges[0]}` : hi === null ? `>${lo}` : `${lo}-${hi}`;
      return { by: "size", key, lo_usd: lo, hi_usd: hi, ...tally.figures() };
    });
    const keyed = (by: "coin" | "day", map: Map<string, Tally>) =>
      [...map.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([key, tally]): BucketRow => ({ by, key, ...tally.figures() }));
    return {
      totals: { ...this.#total.figures(), first_ts: this.#firstTs, last_ts: this.#lastTs },
      sizeBuckets,
      hourBuckets,
      coinBuckets: keyed("coin", this.#byCoin),
      dayBuckets: keyed("day", this.#byDay),
      scenarios: this.#scenarios(hourBuckets.filter((row) => row.toxic).map((row) => row.hour!)),
      worst: this.#worst.map((fill, i) => ({
        rank: i + 1,
        line: fill.line,
        fill_ts: fill.tsMs,
        coin: fill.coin,
        dir: fill.dir,
        px: fill.px,
        sz: fill.sz,
        notional_usd: fromMicros(fill.notionalMicros),
        fee_usd: fromMicros(fill.feeMicros),
        net_pnl_usd: fromMicros(fill.grossPnlMicros - fill.feeMicros),
        edge_bps: worstEdge(fill),
      })),
      cumulativeNetUsd: this.#cumulative.points().map(fromMicros),
    };
  }

  #scenarios(toxicHours: number[]): ScenarioRow[] {
    const capUsd = this.#sizeEdges[this.#sizeEdges.length - 1];
    const sum = (tallies: Tally[], skipToxic: boolean) => {
      const total = new Tally();
      tallies.forEach((tally, hour) => {
        if (!(skipToxic && toxicHours.includes(hour))) total.merge(tally);
      });
      return total;
    };
    const baseline = this.#total;
    const row = (
      name: ScenarioRow["name"],
      description: string,
      tally: Tally,
      extra: Partial<ScenarioRow>,
    ): ScenarioRow => {
      const edge = tally.edgeBps;
      const baseEdge = baseline.edgeBps;
      return {
        name,
        description,
        fills: tally.fills,
        notional_usd: fromMicros(tally.notionalMicros),
        fees_usd: fromMicros(tally.feeMicros),
        net_pnl_usd: fromMicros(tally.netMicros),
        edge_bps: edge,
        improvement_usd: fromMicros(tally.netMicros - baseline.netMicros),
        improvement_bps: edge === null || baseEdge === null
          ? null
          : Math.round((edge - baseEdge) * 10_000) / 10_000,
        ...extra,
      };
    };
    const hours = { toxic_hours: toxicHours };
    const cap = { cap_usd: capUsd };
    return [
      row("baseline", "every fill as traded", baseline, {}),
      row("skip_toxic_hours", "no fills in the toxic hours", sum(this.#byHour, true), hours),
      row(
        "cap_size",
        `fills above ${capUsd} USD scaled down to ${capUsd} USD`,
        sum(this.#byHourCapped, false),
        cap,
      ),
      row(
        "skip_toxic_hours_and_cap_size",
        "both: no toxic hours, sizes capped",
        sum(this.#byHourCapped, true),
        { ...hours, ...cap },
      ),
    ];
  }

  #keepIfWorst(fill: TradeFill): void {
    const net = fill.grossPnlMicros - fill.feeMicros;
    const worst = this.#worst;
    if (worst.length === this.#worstKept) {
      const last = worst[worst.length - 1];
      if (last === undefined || net >= last.grossPnlMicros - last.feeMicros) return;
      worst.pop();
    }
    let at = worst.length;
    while (at > 0 && worst[at - 1].grossPnlMicros - worst[at - 1].feeMicros > net) at -= 1;
    worst.splice(at, 0, fill);
  }
}

function worstEdge(fill: TradeFill): number | null {
  if (fill.notionalMicros === 0) return null;
  const bps = ((fill.grossPnlMicros - fill.feeMicros) / fill.notionalMicros) * 10_000;
  return Math.round(bps * 100) / 100;
}

/** Tallies by key, created on first use; remembers the last key (rows come in runs). */
class TallyLookup {
  readonly #map: Map<string, Tally>;
  #lastKey: string | undefined;
  #last: Tally | undefined;

  constructor(map: Map<string, Tally>) {
    this.#map = map;
  }

  get(key: string): Tally {
    if (key === this.#lastKey) return this.#last!;
    let tally = this.#map.get(key);
    if (tally === undefined) {
      tally = new Tally();
      this.#map.set(key, tally);
    }
    this.#lastKey = key;
    this.#last = tally;
    return tally;
  }
}

/**
 * Keeps an evenly spaced sample of a long series in bounded memory: when
 * full, every other point goes and the stride doubles. The last value is
 * always kept so the chart ends where the P&L ends.
 */
class CumulativeSampler {
  readonly #max: number;
  #points: number[] = [];
  #stride = 1;
  #seen = 0;
  #last: number | undefined;

  constructor(max: number) {
    this.#max = Math.max(2, max);
  }

  update(value: number): void {
    if (this.#seen % this.#stride === 0) {
      this.#points.push(value);
      if (this.#points.length >= this.#max * 2) {
        this.#points = this.#points.filter((_, i) => i % 2 === 0);
        this.#stride *= 2;
      }
    }
    this.#seen += 1;
    this.#last = value;
  }

  points(): number[] {
    if (this.#last === undefined) return [];
    const points = [...this.#points];
    if (points[points.length - 1] !== this.#last || (this.#seen - 1) % this.#stride !== 0) {
      points.push(this.#last);
    }
    return points;
  }
}
