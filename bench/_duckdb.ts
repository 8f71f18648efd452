/**
 * The same summary computed by DuckDB (npm `@duckdb/node-api`, in-process
 * under Deno via its native addon): DuckDB reads the CSV itself with
 * explicit columns and types, parses the timestamps, and sums money the way
 * mm does, each row rounded to integer micro-USD (half away from zero), so
 * the totals must match mm's to the micro-dollar.
 *
 * @module
 */

import { DuckDBInstance } from "@duckdb/node-api";
import type { SummaryFigures } from "./_cli.ts";

/** One timed DuckDB pass. */
export interface DuckdbPass {
  /** Seconds from creating the database to having the result row. */
  wallSeconds: number;
  threads: number;
  version: string;
  summary: SummaryFigures;
}

/** The summary query; `$1` is the CSV path. Mirrors lib/analysis/_csv_forms.ts and tally.ts. */
export const SUMMARY_SQL = `
WITH export AS (
  SELECT * FROM read_csv($1,
    header = true, delim = ',', quote = '"', auto_detect = false,
    timestampformat = '%d/%m/%Y %H:%M:%S',
    columns = {
      'time': 'TIMESTAMP', 'coin': 'VARCHAR', 'dir': 'VARCHAR', 'px': 'DOUBLE',
      'sz': 'DOUBLE', 'ntl': 'DOUBLE', 'fee': 'DOUBLE', 'closedPnl': 'DOUBLE'
    })
), fills AS (
  SELECT
    time,
    trim(coin) AS coin,
    trim(dir) AS dir,
    px,
    sz,
    -- A spot buy pays its fee in the bought token, worth px USD each.
    CASE WHEN trim(dir) = 'Buy' AND contains(coin, '/')
        AND split_part(trim(coin), '/', 1) NOT IN ('USDC', 'USDH', 'USDT0', 'USDE', 'USD')
      THEN fee * px ELSE fee END AS fee_usd,
    closedPnl
  FROM export
), micros AS (
  SELECT
    time,
    NOT (starts_with(dir, 'Open') OR dir = 'Buy') AS closing,
    CAST(round(abs(px * sz) * 1e6) AS BIGINT) AS notional_micros,
    CAST(round(fee_usd * 1e6) AS BIGINT) AS fee_micros,
    -- The export's closedPnl is net of the fee: net = closedPnl, gross = closedPnl + fee.
    CAST(round(closedPnl * 1e6) AS BIGINT) AS net_micros
  FROM fills
)
SELECT
  count(*) AS fills,
  count(*) FILTER (WHERE closing) AS closing_fills,
  sum(notional_micros) AS notional_micros,
  sum(fee_micros) AS fee_micros,
  sum(net_micros) + sum(fee_micros) AS gross_micros,
  sum(net_micros) AS net_micros,
  epoch_ms(min(time)) AS first_ts,
  epoch_ms(max(time)) AS last_ts
FROM micros`;

/**
 * Runs {@link SUMMARY_SQL} over `file` on a fresh in-memory database.
 *
 * @param options.threads DuckDB worker threads (default: DuckDB's, one per core).
 */
export async function runDuckdbPass(
  file: string,
  options: { threads?: number } = {},
): Promise<DuckdbPass> {
  const started = performance.now();
  const instance = await DuckDBInstance.create(
    ":memory:",
    options.threads === undefined ? {} : { threads: String(options.threads) },
  );
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(SUMMARY_SQL, [file]);
    const wallSeconds = (performance.now() - started) / 1000;
    const row = reader.getRowObjectsJson()[0];
    const meta = (await connection.runAndReadAll(
      "SELECT version() AS version, current_setting('threads') AS threads",
    )).getRowObjectsJson()[0];
    const micros = (name: string) => Number(row[name]) / 1e6;
    const notionalMicros = Number(row.notional_micros);
    const netMicros = Number(row.net_micros);
    return {
      wallSeconds,
      threads: Number(meta.threads),
      version: String(meta.version),
      summary: {
        fills: Number(row.fills),
        closing_fills: Number(row.closing_fills),
        notional_usd: micros("notional_micros"),
        fees_usd: micros("fee_micros"),
        gross_pnl_usd: micros("gross_micros"),
        net_pnl_usd: micros("net_micros"),
        // As tally.ts: net / notional × 10⁴, rounded half away from zero to 4 dp.
        edge_bps: notionalMicros === 0 ? null : roundAway((netMicros / notionalMicros) * 1e4, 4),
        first_ts: row.first_ts === null ? null : Number(row.first_ts),
        last_ts: row.last_ts === null ? null : Number(row.last_ts),
      },
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function roundAway(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = Math.round(Math.abs(value) * factor) / factor;
  return value < 0 ? -rounded : rounded;
}
