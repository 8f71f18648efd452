/**
 * A small Prometheus registry: counters, gauges and fixed-bucket histograms,
 * optionally labelled, rendered in the text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/).
 *
 * Metrics render in registration order; a metric's series render in the
 * order they were first touched. An unlabelled metric starts at zero, so it
 * is exported before its first update; a labelled one exports a series once
 * that label set is first used (or `init`ialised).
 *
 * @module
 */

/** Label values of a metric with label names `K`. */
export type Labels<K extends string> = Readonly<Record<K, string>>;

/** Arguments of `inc`/`dec`/`set`/`observe`: labels first when the metric has label names. */
export type ValueArgs<K extends string, V extends number | undefined> = [K] extends [never]
  ? (undefined extends V ? [value?: number] : [value: number])
  : (undefined extends V ? [labels: Labels<K>, value?: number]
    : [labels: Labels<K>, value: number]);

/** The content type of `MetricsRegistry.render()`. */
export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** What every metric type shares. */
interface Metric {
  readonly name: string;
  /** Exposition lines of the samples (no HELP/TYPE). */
  samples(): string[];
}

/** A series' label values, in label-name order, and its state. */
interface Series<T> {
  values: readonly string[];
  state: T;
}

/** Labelled series keyed by their label values. */
class SeriesMap<T> {
  readonly #names: readonly string[];
  readonly #fresh: () => T;
  readonly #series = new Map<string, Series<T>>();

  constructor(metric: string, names: readonly string[], fresh: () => T) {
    for (const name of names) {
      if (!LABEL_NAME.test(name) || name.startsWith("__")) {
        throw new Error(`metric ${metric}: invalid label name ${JSON.stringify(name)}`);
      }
    }
    if (new Set(names).size !== names.length) throw new Error(`metric ${metric}: duplicate label`);
    this.#names = names;
    this.#fresh = fresh;
    if (names.length === 0) this.get(undefined);
  }

  /** The state of a label set, created on first use. */
  get(labels: Readonly<Record<string, string>> | undefined): T {
    const values = this.#names.map((name) => {
      const value = labels?.[name];
      if (typeof value !== "string") throw new Error(`missing label ${name}`);
      return value;
    });
    if (labels !== undefined && Object.keys(labels).length !== this.#names.length) {
      throw new Error(`unexpected labels: ${Object.keys(labels).join(", ")}`);
    }
    const key = values.join("\u0000");
    let series = this.#series.get(key);
    if (series === undefined) {
      series = { values, state: this.#fresh() };
      this.#series.set(key, series);
    }
    return series.state;
  }

  /** Every series, in first-use order. */
  all(): IterableIterator<Series<T>> {
    return this.#series.values();
  }

  /** `{a="x",b="y"}` for a series, plus `extra` pairs (e.g. `le`); "" when none. */
  format(values: readonly string[], extra: [string, string][] = []): string {
    const pairs = [...this.#names.map((name, i): [string, string] => [name, values[i]]), ...extra];
    if (pairs.length === 0) return "";
    return `{${pairs.map(([name, value]) => `${name}="${escapeLabelValue(value)}"`).join(",")}}`;
  }

  /** Empties labelled series (the unlabelled series is recreated at zero). */
  reset(): void {
    this.#series.clear();
    if (this.#names.length === 0) this.get(undefined);
  }
}

/** Splits `[labels?, value?]` by whether the metric has label names. */
function split(
  hasLabels: boolean,
  args: readonly unknown[],
): { labels: Record<string, string> | undefined; value: number | undefined } {
  const labels = hasLabels ? args[0] as Record<string, string> : undefined;
  const value = (hasLabels ? args[1] : args[0]) as number | undefined;
  return { labels, value };
}

/** What counters and gauges share: one number per label set, exported as one sample. */
abstract class SingleValueMetric<K extends string> implements Metric {
  readonly name: string;
  protected readonly series: SeriesMap<{ value: number }>;
  protected readonly hasLabels: boolean;

  constructor(name: string, labelNames: readonly K[]) {
    this.name = name;
    this.hasLabels = labelNames.length > 0;
    this.series = new SeriesMap(name, labelNames, () => ({ value: 0 }));
  }

  /** Current value of a series (0 when never touched). */
  get(...args: [K] extends [never] ? [] : [labels: Labels<K>]): number {
    return this.series.get(args[0]).value;
  }

  /** Exposition lines. */
  samples(): string[] {
    return [...this.series.all()].map((s) =>
      `${this.name}${this.series.format(s.values)} ${formatValue(s.state.value)}`
    );
  }
}

/** A monotonically increasing count (name should end in `_total`). */
export class Counter<K extends string = never> extends SingleValueMetric<K> {
  /** Adds `value` (default 1, ≥ 0). */
  inc(...args: ValueArgs<K, undefined>): void {
    const { labels, value = 1 } = split(this.hasLabels, args);
    if (!(value >= 0)) throw new Error(`counter ${this.name}: cannot add ${value}`);
    this.series.get(labels).value += value;
  }

  /** Exports a label set at zero before its first increment. */
  init(...args: [K] extends [never] ? [] : [labels: Labels<K>]): void {
    this.series.get(args[0]);
  }
}

/** A value that goes up and down. */
export class Gauge<K extends string = never> extends SingleValueMetric<K> {
  /** Sets the value. */
  set(...args: ValueArgs<K, number>): void {
    const { labels, value } = split(this.hasLabels, args);
    this.series.get(labels).value = value as number;
  }

  /** Adds `value` (default 1). */
  inc(...args: ValueArgs<K, undefined>): void {
    const { labels, value = 1 } = split(this.hasLabels, args);
    this.series.get(labels).value += value;
  }

  /** Subtracts `value` (default 1). */
  dec(...args: ValueArgs<K, undefined>): void {
    const { labels, value = 1 } = split(this.hasLabels, args);
    this.series.get(labels).value -= value;
  }
}

/** Per-series histogram state: non-cumulative bucket counts (last = above every bound). */
interface HistogramState {
  counts: number[];
  sum: number;
  count: number;
}

/** Observations counted into fixed buckets, with their sum and count. */
export class Histogram<K extends string = never> implements Metric {
  readonly name: string;
  /** Upper bounds, ascending, finite (`+Inf` is implied). */
  readonly buckets: readonly number[];
  readonly #series: SeriesMap<HistogramState>;
  readonly #hasLabels: boolean;

  constructor(name: string, labelNames: readonly K[], buckets: readonly number[]) {
    if ((labelNames as readonly string[]).includes("le")) {
      throw new Error(`histogram ${name}: "le" is reserved`);
    }
    const bounds = buckets.filter((b) => b !== Infinity);
    if (
      bounds.length === 0 ||
      bounds.some((b, i) => !Number.isFinite(b) || (i > 0 && b <= bounds[i - 1]))
    ) {
      throw new Error(`histogram ${name}: buckets must be finite and strictly ascending`);
    }
    this.name = name;
    this.buckets = bounds;
    this.#hasLabels = labelNames.length > 0;
    this.#series = new SeriesMap(name, labelNames, () => ({
      counts: new Array(bounds.length + 1).fill(0),
      sum: 0,
      count: 0,
    }));
  }

  /** Records one observation (NaN is ignored). */
  observe(...args: ValueArgs<K, number>): void {
    const { labels, value } = split(this.#hasLabels, args);
    const v = value as number;
    if (Number.isNaN(v)) return;
    const state = this.#series.get(labels);
    let i = 0;
    while (i < this.buckets.length && v > this.buckets[i]) i++;
    state.counts[i]++;
    state.sum += v;
    state.count++;
  }

  /** Exposition lines: cumulative `_bucket`s, then `_sum` and `_count`, per series. */
  samples(): string[] {
    const lines: string[] = [];
    for (const { values, state } of this.#series.all()) {
      let cumulative = 0;
      const bounds = [...this.buckets.map(formatValue), "+Inf"];
      bounds.forEach((le, i) => {
        cumulative += state.counts[i];
        lines.push(`${this.name}_bucket${this.#series.format(values, [["le", le]])} ${cumulative}`);
      });
      lines.push(`${this.name}_sum${this.#series.format(values)} ${formatValue(state.sum)}`);
      lines.push(`${this.name}_count${this.#series.format(values)} ${state.count}`);
    }
    return lines;
  }
}

/** One registered metric with its HELP text and TYPE. */
interface Entry {
  metric: Metric;
  help: string;
  type: "counter" | "gauge" | "histogram";
}

/** Holds metrics and renders them for a Prometheus scrape. */
export class MetricsRegistry {
  readonly #entries = new Map<string, Entry>();
  readonly #onRender: (() => void)[] = [];

  /** A counter; `labelNames` fix its labels (none: `inc(value?)`, some: `inc(labels, value?)`). */
  counter<K extends string = never>(
    name: string,
    help: string,
    labelNames: readonly K[] = [],
  ): Counter<K> {
    return this.#add(new Counter(name, labelNames), help, "counter");
  }

  /** A gauge (`set`, `inc`, `dec`). */
  gauge<K extends string = never>(
    name: string,
    help: string,
    labelNames: readonly K[] = [],
  ): Gauge<K> {
    return this.#add(new Gauge(name, labelNames), help, "gauge");
  }

  /** A histogram with fixed upper bounds `buckets` (ascending; `+Inf` added). */
  histogram<K extends string = never>(
    name: string,
    help: string,
    buckets: readonly number[],
    labelNames: readonly K[] = [],
  ): Histogram<K> {
    return this.#add(new Histogram(name, labelNames, buckets), help, "histogram");
  }

  /** Runs `callback` before each render (to refresh gauges read on demand). */
  onRender(callback: () => void): void {
    this.#onRender.push(callback);
  }

  /** The whole registry in the text exposition format 0.0.4 (ends with a newline). */
  render(): string {
    for (const callback of this.#onRender) callback();
    const lines: string[] = [];
    for (const { metric, help, type } of this.#entries.values()) {
      lines.push(`# HELP ${metric.name} ${escapeHelp(help)}`);
      lines.push(`# TYPE ${metric.name} ${type}`);
      lines.push(...metric.samples());
    }
    return lines.length === 0 ? "" : `${lines.join("\n")}\n`;
  }

  #add<M extends Metric>(metric: M, help: string, type: Entry["type"]): M {
    if (!METRIC_NAME.test(metric.name)) {
      throw new Error(`invalid metric name ${JSON.stringify(metric.name)}`);
    }
    if (this.#entries.has(metric.name)) throw new Error(`metric ${metric.name} already registered`);
    this.#entries.set(metric.name, { metric, help, type });
    return metric;
  }
}

/** A sample value: `+Inf`, `-Inf`, `NaN` or the shortest round-trip decimal. */
export function formatValue(value: number): string {
  if (Number.isNaN(value)) return "NaN";
  if (value === Infinity) return "+Inf";
  if (value === -Infinity) return "-Inf";
  return String(value);
}

/** Escapes a label value: backslash, double quote and line feed. */
export function escapeLabelValue(value: string): string {
  return value.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll("\n", "\\n");
}

/** Escapes HELP text: backslash and line feed. */
function escapeHelp(help: string): string {
  return help.replaceAll("\\", "\\\\").replaceAll("\n", "\\n");
}
