import { InputError } from "../errors.ts";
import { type CsvRow, type CsvStream, rowShapeProblem } from "./csv.ts";
import {
  type DateOrder,
  DateOrderResolver,
  type LocaleStamp,
  splitLocaleStamp,
  wallClockMs,
} from "./locale_time.ts";
import { parseNumber, type RowPolicy } from "./_row_policy.ts";
import type { TimeZone } from "./time_zone.ts";
import { feeUsd, isClosingDir, toMicros, type TradeFill, type TradeSource } from "./trade_fill.ts";

/** The web app's trade-history export columns that the analysis uses. */
export const WEB_EXPORT_COLUMNS = ["time", "coin", "dir", "px", "sz", "fee", "closedPnl"] as const;
/** A flattened userFills CSV (one API record a row) needs these. */
export const API_CSV_COLUMNS = ["time_ms", "coin", "dir", "px", "sz", "closedPnl", "fee"] as const;

/** Names a CSV's form from its header, or `undefined` when it is neither. */
export function csvSource(header: readonly string[]): TradeSource | undefined {
  if (header.includes("time_ms")) return "hl_api_fills_csv";
  const exportish = ["time", "coin", "dir", "closedPnl", "ntl"];
  if (exportish.some((name) => header.includes(name))) return "hl_web_export_csv";
  return undefined;
}

/** Column positions by name; throws naming every missing column. */
export function columnIndex<const T extends readonly string[]>(
  header: readonly string[],
  required: T,
  context: { file: string; formatName: string },
): Record<T[number], number> {
  const missing = required.filter((name) => !header.includes(name));
  if (missing.length > 0) {
    throw new InputError(
      `missing column${missing.length > 1 ? "s" : ""} ${
        missing.join(", ")
      } (detected format: ${context.formatName}; header: ${header.join(",")})`,
      { file: context.file, line: 1 },
      { hint: `the header must name ${required.join(", ")}` },
    );
  }
  return Object.fromEntries(required.map((name) => [name, header.indexOf(name)])) as Record<
    T[number],
    number
  >;
}

/** Day/month order state of an export, reported in the summary. */
export interface DateOrderReport {
  order: DateOrder | undefined;
  reason: string | undefined;
}

/** A parsed row waiting for the file's day/month order to get its time. */
interface PendingFill {
  fill: TradeFill;
  stamp: LocaleStamp;
  timeText: string;
}

/**
 * Fills from the web app's export. `closedPnl` there is net of the row's fee,
 * so gross = closedPnl + fee. While the file's day/month order is undecided,
 * parsed fills (not raw rows) wait for it in memory.
 */
export async function* webExportFills(
  csv: CsvStream,
  options: {
    policy: RowPolicy;
    tz: TimeZone;
    dateOrder?: DateOrder;
    report: DateOrderReport;
    nowMs: number;
  },
): AsyncGenerator<TradeFill[]> {
  const { policy, tz, report } = options;
  const col = columnIndex(csv.header, WEB_EXPORT_COLUMNS, {
    file: policy.file,
    formatName: policy.formatName,
  });
  const columns = csv.header.length;
  const resolver = new DateOrderResolver(options.dateOrder);
  let pending: PendingFill[] = [];

  const badNumber = (row: CsvRow, field: keyof typeof col): undefined => {
    policy.reject(row.line, `"${row.fields[col[field]]}" is not a valid number`, field);
    return undefined;
  };
  /** Everything but the time, which needs the file's order. */
  const parseRow = (row: CsvRow): TradeFill | undefined => {
    const f = row.fields;
    const coin = f[col.coin].trim();
    const dir = f[col.dir].trim();
    if (coin === "") return void policy.reject(row.line, "is empty", "coin");
    if (dir === "") return void policy.reject(row.line, "is empty", "dir");
    const px = parseNumber(f[col.px]);
    if (px === undefined || px <= 0) return badNumber(row, "px");
    const sz = parseNumber(f[col.sz]);
    if (sz === undefined || sz <= 0) return badNumber(row, "sz");
    const fee = parseNumber(f[col.fee]);
    if (fee === undefined) return badNumber(row, "fee");
    const netPnl = parseNumber(f[col.closedPnl]);
    if (netPnl === undefined) return badNumber(row, "closedPnl");
    // A spot buy pays its fee in the bought token.
    const feeToken = dir === "Buy" && coin.includes("/") ? coin.split("/")[0] : undefined;
    const feeMicros = toMicros(feeUsd(fee, px, feeToken));
    return {
      tsMs: NaN,
      coin,
      dir,
      px,
      sz,
      notionalMicros: toMicros(Math.abs(px * sz)),
      feeMicros,
      grossPnlMicros: toMicros(netPnl) + feeMicros,
      closing: isClosingDir(dir),
      maker: undefined,
      line: row.line,
    };
  };
  /** Gives a parsed fill its time; false (and the row rejected) when the date does not exist. */
  const stampTime = (fill: TradeFill, stamp: LocaleStamp, timeText: string, order: DateOrder) => {
    const wall = wallClockMs(stamp, order);
    if (wall === undefined) {
      policy.reject(fill.line, `"${timeText}" is not a date under ${order} order`, "time");
      return false;
    }
    fill.tsMs = tz.toUtcMs(wall);
    return true;
  };
  const flushPending = (order: DateOrder, into: TradeFill[]) => {
    for (const { fill, stamp, timeText } of pending) {
      if (stampTime(fill, stamp, timeText, order)) into.push(fill);
    }
    pending = [];
  };

  for await (const batch of csv.batches) {
    const fills: TradeFill[] = [];
    for (const row of batch) {
      const shape = rowShapeProblem(row, columns, { commasInFields: false });
      if (shape !== undefined) {
        policy.reject(row.line, `row ${shape}`);
        continue;
      }
      const timeText = row.fields[col.time];
      const stamp = splitLocaleStamp(timeText);
      if (stamp === undefined) {
        policy.reject(row.line, `"${timeText}" is not a date and time`, "time");
        continue;
      }
      const contradiction = resolver.update(stamp, row.line);
      if (contradiction !== undefined) {
        policy.reject(row.line, `"${timeText}": ${contradiction}`, "time");
        continue;
      }
      const fill = parseRow(row);
      if (fill === undefined) continue;
      const order = resolver.order;
      if (order === undefined) {
        pending.push({ fill, stamp, timeText });
        continue;
      }
      if (pending.length > 0) flushPending(order, fills);
      if (stampTime(fill, stamp, timeText, order)) fills.push(fill);
    }
    report.order = resolver.order;
    report.reason = resolver.reason;
    if (fills.length > 0) yield fills;
  }
  if (pending.length > 0) {
    const order = resolver.decideUndecided(pending.map((p) => p.stamp), { nowMs: options.nowMs });
    if (order === undefined) {
      const first = pending.find((p) => p.stamp.first !== p.stamp.second) ?? pending[0];
      throw new InputError(
        `day/month order is ambiguous: no date has a part above 12, and both orders give past dates in time order (first: "${first.timeText}")`,
        { file: policy.file, line: first.fill.line, field: "time" },
        { hint: "pass --date-order dmy or --date-order mdy" },
      );
    }
    report.order = order;
    report.reason = resolver.reason;
    const fills: TradeFill[] = [];
    flushPending(order, fills);
    if (fills.length > 0) yield fills;
  }
}

/**
 * Fills from a userFills CSV flattened one API record a row (as backup
 * scripts write them): `closedPnl` gross, `fee` apart, `crossed` = taker.
 */
export async function* apiCsvFills(
  csv: CsvStream,
  options: { policy: RowPolicy },
): AsyncGenerator<TradeFill[]> {
  const { policy } = options;
  const col = columnIndex(csv.header, API_CSV_COLUMNS, {
    file: policy.file,
    formatName: policy.formatName,
  });
  const feeTokenAt = csv.header.indexOf("feeToken");
  const crossedAt = csv.header.indexOf("crossed");
  const columns = csv.header.length;
  for await (const batch of csv.batches) {
    const fills: TradeFill[] = [];
    for (const row of batch) {
      const shape = rowShapeProblem(row, columns, { commasInFields: true });
      if (shape !== undefined) {
        policy.reject(row.line, `row ${shape}`);
        continue;
      }
      const f = row.fields;
      const values = {
        time_ms: parseNumber(f[col.time_ms]),
        px: parseNumber(f[col.px]),
        sz: parseNumber(f[col.sz]),
        closedPnl: parseNumber(f[col.closedPnl]),
        fee: parseNumber(f[col.fee]),
      };
      const bad = (Object.keys(values) as (keyof typeof values)[]).find((key) =>
        values[key] === undefined || (key === "px" && values[key]! <= 0) ||
        (key === "time_ms" && !Number.isInteger(values[key]))
      );
      if (bad !== undefined) {
        policy.reject(row.line, `"${f[col[bad]]}" is not a valid number`, bad);
        continue;
      }
      const coin = f[col.coin].trim();
      const dir = f[col.dir].trim();
      if (coin === "" || dir === "") {
        policy.reject(row.line, "is empty", coin === "" ? "coin" : "dir");
        continue;
      }
      const px = values.px!, sz = values.sz!;
      const feeToken = feeTokenAt >= 0 && f[feeTokenAt].trim() !== ""
        ? f[feeTokenAt].trim()
        : undefined;
      const crossed = crossedAt >= 0 ? f[crossedAt].trim().toLowerCase() : "";
      fills.push({
        tsMs: values.time_ms!,
        coin,
        dir,
        px,
        sz,
        notionalMicros: toMicros(Math.abs(px * sz)),
        feeMicros: toMicros(feeUsd(values.fee!, px, feeToken)),
        grossPnlMicros: toMicros(values.closedPnl!),
        closing: isClosingDir(dir),
        maker: crossed === "true" ? false : crossed === "false" ? true : undefined,
        line: row.line,
      });
    }
    if (fills.length > 0) yield fills;
  }
}
