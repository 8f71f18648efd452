/**
 * The human view of an analysis: aligned tables, an asciichart of cumulative
 * net P&L and a per-hour edge chart. Plain text unless colour is asked for.
 *
 * @module
 */

import { styleText } from "node:util";
import asciichart from "asciichart";
import type { ReadReport } from "./read_trades.ts";
import type { TallyFigures } from "./tally.ts";
import type { TradeAnalysisResult } from "./trade_analysis.ts";
import { SOURCE_NAMES } from "./read_trades.ts";
import type { TradeSource } from "./trade_fill.ts";
import type { AttributionRow } from "./attribution.ts";
import type { MarkoutRow } from "./markouts.ts";

/** Options of {@link renderAnalysis}. */
export interface ViewOptions {
  source: TradeSource;
  input: string;
  tz: string;
  report: ReadReport;
  /** Colour the output (a terminal that allows it). */
  color: boolean;
  /** Markout rows, when computed (`--market` or `--markout-proxy`). */
  markouts?: readonly MarkoutRow[];
  /** Attribution rows. */
  attribution?: readonly AttributionRow[];
}

type Cell = string | number | null | undefined;

/** An amount to the cent with thousands separators: 35380.622 → "35,380.62". */
export function formatCents(value: number): string {
  return value.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** Renders the whole analysis as text for a terminal. */
export function renderAnalysis(result: TradeAnalysisResult, options: ViewOptions): string {
  const paint = (style: Parameters<typeof styleText>[0], text: string) =>
    options.color ? styleText(style, text) : text;
  const money = (value: number | null) => (value === null ? "-" : formatCents(value));
  const signed = (value: number | null) =>
    value === null ? "-" : paint(value < 0 ? "red" : "green", money(value));
  const bps = (value: number | null) => (value === null ? "-" : value.toFixed(1));
  const pct = (value: number | null) => (value === null ? "-" : `${(value * 100).toFixed(1)}%`);
  const t = result.totals;
  const out: string[] = [];
  const heading = (text: string) => out.push("", paint("bold", text));

  heading(`Trade analysis — ${options.input} (${SOURCE_NAMES[options.source]})`);
  const when = (
    ts: number | null,
  ) => (ts === null ? "-" : new Date(ts).toISOString().replace(".000", ""));
  out.push(
    `  ${t.fills} fills (${t.closing_fills} closing) from ${when(t.first_ts)} to ${
      when(t.last_ts)
    }, hours in ${options.tz}`,
    `  notional ${money(t.notional_usd)} USD · gross ${signed(t.gross_pnl_usd)} · fees ${
      money(t.fees_usd)
    } · net ${signed(t.net_pnl_usd)} USD`,
    `  edge ${bps(t.edge_bps)} bps (gross ${bps(t.gross_edge_bps)}, fees ${
      bps(t.fee_rate_bps)
    }) · win rate ${pct(t.win_rate)} · maker ${pct(t.maker_share)}`,
  );
  if (options.report.skipped > 0) {
    out.push(
      paint(
        "yellow",
        `  skipped ${options.report.skipped} bad rows (first at line ${
          options.report.skippedExamples[0]?.line
        })`,
      ),
    );
  }

  const figureColumns = ["fills", "notional", "net P&L", "edge bps", "win"];
  const figureCells = (f: TallyFigures): Cell[] => [
    f.fills,
    money(f.notional_usd),
    signed(f.net_pnl_usd),
    bps(f.edge_bps),
    pct(f.win_rate),
  ];
  heading("By size (notional USD)");
  out.push(
    ...table(
      ["bucket", ...figureColumns],
      result.sizeBuckets.map((b) => [b.key, ...figureCells(b)]),
    ),
  );
  heading(`By hour (${options.tz})`);
  out.push(...table(
    ["hour", ...figureColumns, "toxic"],
    result.hourBuckets.filter((b) => b.fills > 0).map((b) => [
      b.key,
      ...figureCells(b),
      b.toxic ? paint("red", "TOXIC") : "",
    ]),
  ));
  heading("By coin");
  out.push(
    ...table(["coin", ...figureColumns], result.coinBuckets.map((b) => [b.key, ...figureCells(b)])),
  );
  heading("What if");
  out.push(...table(
    ["scenario", "fills", "net P&L", "edge bps", "improvement"],
    result.scenarios.map((
      s,
    ) => [s.name, s.fills, signed(s.net_pnl_usd), bps(s.edge_bps), signed(s.improvement_usd)]),
  ));
  if (result.worst.length > 0) {
    heading("Worst closing fills");
    out.push(...table(
      ["#", "time", "coin", "dir", "px", "sz", "net P&L", "line"],
      result.worst.map((
        w,
      ) => [w.rank, when(w.fill_ts), w.coin, w.dir, w.px, w.sz, signed(w.net_pnl_usd), w.line]),
    ));
  }
  const overall = options.attribution?.find((row) => row.scope === "all");
  if (overall !== undefined && overall.spread_capture_usd !== null) {
    heading(`Where the P&L came from (USD; adverse selection over ${overall.horizon_s} s)`);
    out.push(...table(
      ["spread capture", "adverse selection", "inventory carry", "fees", "funding", "net"],
      [[
        signed(overall.spread_capture_usd),
        signed(overall.adverse_selection_usd),
        signed(overall.inventory_carry_usd),
        signed(overall.fees_usd),
        signed(overall.funding_usd),
        signed(overall.net_pnl_usd),
      ]],
    ));
  }
  const markouts = (options.markouts ?? []).filter((row) =>
    row.group === "all" || row.group === "regime"
  );
  if (markouts.length > 0) {
    const proxy = markouts[0].proxy === null ? "" : " (proxy: next fill's price)";
    heading(`Markouts, mean bps (> 0: the market moved against us)${proxy}`);
    const horizons = [...new Set(markouts.map((row) => row.horizon_s))];
    const keys = [...new Set(markouts.map((row) => `${row.group}:${row.key}`))];
    out.push(...table(
      ["", ...horizons.map((h) => (h >= 60 ? `${h / 60} min` : `${h} s`))],
      keys.map((key) => [
        key === "all:all" ? "all fills" : key.replace("regime:", ""),
        ...horizons.map((h) => {
          const row = markouts.find((r) => `${r.group}:${r.key}` === key && r.horizon_s === h);
          return row === undefined || row.mean_bps === null
            ? "-"
            : `${row.mean_bps.toFixed(2)} (${row.fills})`;
        }),
      ]),
    ));
  }
  if (result.cumulativeNetUsd.length >= 2) {
    heading("Cumulative net P&L (USD)");
    out.push(chart(result.cumulativeNetUsd, options.color));
    heading(`Edge by hour (bps, ${options.tz}, hours 00 → 23)`);
    // Three columns an hour so 24 points read as bars of a day.
    out.push(
      chart(result.hourBuckets.flatMap((b) => Array(3).fill(b.edge_bps ?? 0)), options.color),
    );
  }
  out.push("");
  return out.join("\n");
}

function chart(series: number[], color: boolean): string {
  return asciichart.plot(series, {
    height: 10,
    colors: color ? [asciichart.cyan] : undefined,
    format: (x: number) => x.toFixed(2).padStart(12),
  });
}

// deno-lint-ignore no-control-regex
const ANSI = /\x1b\[[0-9;]*m/g;

/** Left-aligned first column, right-aligned numbers; colour codes do not count toward width. */
function table(columns: string[], rows: Cell[][]): string[] {
  const text = rows.map((row) =>
    row.map((cell) => (cell === null || cell === undefined ? "-" : String(cell)))
  );
  const width = columns.map((name, i) =>
    Math.max(name.length, ...text.map((row) => row[i].replace(ANSI, "").length))
  );
  const pad = (cell: string, i: number) => {
    const gap = " ".repeat(width[i] - cell.replace(ANSI, "").length);
    return i === 0 ? cell + gap : gap + cell;
  };
  return [
    "  " + columns.map((name, i) => pad(name, i)).join("  "),
    ...text.map((row) => "  " + row.map(pad).join("  ")),
  ];
}
