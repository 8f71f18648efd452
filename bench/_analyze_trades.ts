/**
 * The analyze-trades benchmark (one section of `deno task bench`).
 *
 * On a generated 1,000,000-row web-export CSV (bench/data/, made once) it
 * measures the real `mm analyze-trades` CLI as a subprocess (wall time,
 * rows/s, CPU time, peak RSS), the in-process library pass and its stages,
 * and DuckDB computing the same summary from the same file, and checks that
 * mm's figures and DuckDB's agree.
 *
 *     deno task bench [--runs 5] [--rows 1000000] [--profile]
 *
 * @module
 */

import {
  hasGnuTime,
  mmTaskArgs,
  runAnalyzeTradesCli,
  runMeasured,
  type SummaryFigures,
} from "./_cli.ts";
import { DEFAULT_SPEC, ensureHistoryFile, ensureTinyHistoryFile, REPO_ROOT } from "./_data.ts";
import { runDuckdbPass } from "./_duckdb.ts";
import {
  DEFAULT_HIGH_WATER_MARK,
  runLibraryPass,
  timeDateParsing,
  timeStages,
} from "./_lib_pass.ts";
import type { LibChildResult } from "./_lib_child.ts";
import { profileCli } from "./_profile.ts";

/** Targets from the issue. */
const TARGET_PEAK_RSS_MB = 150;
const TARGET_ROWS_PER_S = 1_000_000;
/** Money may differ by this much between mm and DuckDB (it should not differ at all). */
const MONEY_TOLERANCE_USD = 0.01;
const MB = 1024 * 1024;

function progress(message: string): void {
  console.error(`[bench] ${message}`);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

async function repeat<T>(
  runs: number,
  label: string,
  run: () => Promise<T>,
  seconds: (result: T) => number,
): Promise<T[]> {
  const results: T[] = [];
  for (let i = 0; i < runs; i++) {
    const result = await run();
    progress(`${label} ${i + 1}/${runs}: ${seconds(result).toFixed(3)} s`);
    results.push(result);
  }
  return results;
}

/** Differences between two summaries: counts and times exact, money to a cent, edge to 1e-4 bps. */
function compareFigures(a: SummaryFigures, b: SummaryFigures): {
  agree: boolean;
  maxMoneyDiffUsd: number;
  mismatches: string[];
} {
  const mismatches: string[] = [];
  for (const key of ["fills", "closing_fills", "first_ts", "last_ts"] as const) {
    if (a[key] !== b[key]) mismatches.push(`${key}: ${a[key]} vs ${b[key]}`);
  }
  let maxMoneyDiffUsd = 0;
  for (const key of ["notional_usd", "fees_usd", "gross_pnl_usd", "net_pnl_usd"] as const) {
    const diff = Math.abs(a[key] - b[key]);
    maxMoneyDiffUsd = Math.max(maxMoneyDiffUsd, diff);
    if (!(diff <= MONEY_TOLERANCE_USD)) mismatches.push(`${key}: ${a[key]} vs ${b[key]}`);
  }
  const edgeDiff = a.edge_bps === null || b.edge_bps === null
    ? (a.edge_bps === b.edge_bps ? 0 : Infinity)
    : Math.abs(a.edge_bps - b.edge_bps);
  if (!(edgeDiff <= 1e-4 + 1e-9)) mismatches.push(`edge_bps: ${a.edge_bps} vs ${b.edge_bps}`);
  return { agree: mismatches.length === 0, maxMoneyDiffUsd: round(maxMoneyDiffUsd, 6), mismatches };
}

/** Runs the analyze-trades section; resolves to its report (and whether figures agree). */
export async function benchAnalyzeTrades(
  values: { runs: number; rows: number; profile: boolean },
): Promise<{ report: Record<string, unknown>; figuresAgree: boolean }> {
  const { runs, rows } = values;
  const benchStarted = performance.now();
  const loadAtStart = Deno.loadavg()[0];

  const spec = { ...DEFAULT_SPEC, rows };
  progress(`input: ${rows} rows (generated only if missing)`);
  const input = await ensureHistoryFile(spec);
  progress(
    `${input.generated ? "generated" : "reusing"} ${input.path} (${
      (input.bytes / MB).toFixed(1)
    } MB${input.generated ? `, ${input.generateSeconds.toFixed(1)} s` : ""})`,
  );

  const gnuTime = await hasGnuTime();
  if (!gnuTime) progress("no /usr/bin/time: peak RSS and CPU time are not measured");

  // The CLI: start-up on a 2-row file first (also warms Deno's code cache), then the big file.
  const tiny = await ensureTinyHistoryFile();
  const startup = await repeat(
    runs,
    "cli start-up (2 rows)",
    () => runAnalyzeTradesCli(tiny, { gnuTime }),
    (r) => r.wallSeconds,
  );
  const cli = await repeat(
    runs,
    "cli",
    () => runAnalyzeTradesCli(input.path, { gnuTime }),
    (r) => r.wallSeconds,
  );
  const cliWall = median(cli.map((r) => r.wallSeconds));
  const cliStartup = median(startup.map((r) => r.wallSeconds));
  const cliRss = gnuTime ? Math.max(...cli.map((r) => r.peakRssMb!)) : null;
  const cliCpu = gnuTime ? median(cli.map((r) => r.cpuSeconds!)) : null;

  // The library in this process, reading as asked (node:fs createReadStream, utf8, 64 KiB chunks).
  const lib = await repeat(
    runs,
    "lib pass (in-process)",
    () => runLibraryPass(input.path),
    (r) => r.wallSeconds,
  );
  // The library in a fresh process, for its own peak RSS (64 KiB chunks, as the CLI reads).
  const libChild = (chunkBytes: number) =>
    repeat(runs, `lib pass (fresh process, ${chunkBytes / 1024} KiB chunks)`, async () => {
      const run = await runMeasured([
        Deno.execPath(),
        "run",
        "--no-prompt",
        "--allow-read",
        `${REPO_ROOT}bench/_lib_child.ts`,
        input.path,
        String(chunkBytes),
      ], { gnuTime });
      const result: LibChildResult = JSON.parse(run.stdout);
      return { ...result, peakRssMb: run.peakRssMb };
    }, (r) => r.wall_s);
  const libChild64k = await libChild(DEFAULT_HIGH_WATER_MARK);
  const stageRuns = await repeat(
    runs,
    "lib stages",
    () => timeStages(input.path),
    (r) => r.analysis,
  );
  const stage = (key: "read" | "csv" | "fills" | "analysis") =>
    median(stageRuns.map((r) => r[key]));
  const dates = await timeDateParsing(input.path, rows);
  progress(`date parsing alone: ${dates.seconds.toFixed(3)} s for ${dates.rows} stamps`);

  // DuckDB, in this process under Deno: default threads (one per core), then one thread.
  const duck = await repeat(runs, "duckdb", () => runDuckdbPass(input.path), (r) => r.wallSeconds);
  const duck1 = await repeat(
    runs,
    "duckdb (1 thread)",
    () => runDuckdbPass(input.path, { threads: 1 }),
    (r) => r.wallSeconds,
  );
  const duckWall = median(duck.map((r) => r.wallSeconds));
  const duck1Wall = median(duck1.map((r) => r.wallSeconds));

  const profile = values.profile
    ? await profileCli(input.path, { gnuTime: false, top: 20 })
    : undefined;
  if (profile !== undefined) progress(`cpu profile: ${profile.profile}`);

  const ours = cli[0].summary;
  const checks = [
    { name: "cli_vs_duckdb", ...compareFigures(ours, duck[0].summary) },
    { name: "cli_vs_duckdb_1_thread", ...compareFigures(ours, duck1[0].summary) },
    { name: "cli_vs_lib", ...compareFigures(ours, lib[0].summary) },
    { name: "cli_vs_lib_64kib_process", ...compareFigures(ours, libChild64k[0].summary) },
    ...cli.slice(1).map((r, i) => ({
      name: `cli_run_${i + 2}_vs_1`,
      ...compareFigures(ours, r.summary),
    })),
  ];
  const figuresAgree = checks.every((c) => c.agree);
  for (const check of checks.filter((c) => !c.agree)) {
    progress(`FIGURES DISAGREE (${check.name}): ${check.mismatches.join("; ")}`);
  }

  const libWall = median(lib.map((r) => r.wallSeconds));
  const perS = (seconds: number) => Math.round(rows / seconds);
  const childFigures = (passes: { wall_s: number; peakRssMb: number | null }[]) => {
    const wall = median(passes.map((r) => r.wall_s));
    return {
      wall_s: round(wall, 3),
      rows_per_s: perS(wall),
      peak_rss_mb: gnuTime ? round(Math.max(...passes.map((r) => r.peakRssMb!)), 1) : null,
    };
  };
  const report = {
    rows,
    file_mb: round(input.bytes / MB, 1),
    input: {
      path: input.path.slice(REPO_ROOT.length),
      generator: "lib/analysis/synthetic_history.ts syntheticTradeHistory",
      seed: spec.seed,
      mean_gap_seconds: spec.meanGapSeconds,
      start: new Date(spec.startMs).toISOString().slice(0, 10),
      generated_now: input.generated,
      generate_s: round(input.generateSeconds, 2),
    },
    runs,
    cli_command: `deno run ${mmTaskArgs().map((a) => a.replace(REPO_ROOT, "")).join(" ")} ` +
      "analyze-trades FILE",
    cli_wall_s: round(cliWall, 3),
    cli_rows_per_s: perS(cliWall),
    cli_peak_rss_mb: cliRss === null ? null : round(cliRss, 1),
    cli_cpu_s: cliCpu === null ? null : round(cliCpu, 3),
    cli_startup_s: round(cliStartup, 3),
    cli_rows_per_s_excl_startup: perS(cliWall - cliStartup),
    cli_wall_s_each: cli.map((r) => round(r.wallSeconds, 3)),
    cli_peak_rss_mb_each: cli.map((r) => r.peakRssMb === null ? null : round(r.peakRssMb, 1)),
    lib_wall_s: round(libWall, 3),
    lib_rows_per_s: perS(libWall),
    lib_chunk_kib: DEFAULT_HIGH_WATER_MARK / 1024,
    lib_wall_s_each: lib.map((r) => round(r.wallSeconds, 3)),
    lib_fresh_process: childFigures(libChild64k),
    lib_stages_s: {
      read_utf8: round(stage("read"), 3),
      csv_parse_udsv: round(stage("csv") - stage("read"), 3),
      rows_to_fills: round(stage("fills") - stage("csv"), 3),
      analysis_update: round(stage("analysis") - stage("fills"), 3),
      total: round(stage("analysis"), 3),
    },
    date_parse_s_per_1m_rows: round((dates.seconds / dates.rows) * 1e6, 3),
    duckdb_runtime: "deno, in-process (npm:@duckdb/node-api native addon, --allow-ffi)",
    duckdb_version: duck[0].version,
    duckdb_threads: duck[0].threads,
    duckdb_wall_s: round(duckWall, 3),
    duckdb_rows_per_s: perS(duckWall),
    duckdb_1_thread_wall_s: round(duck1Wall, 3),
    duckdb_1_thread_rows_per_s: perS(duck1Wall),
    ratio_vs_duckdb: round(cliWall / duckWall, 2),
    ratio_vs_duckdb_1_thread: round(cliWall / duck1Wall, 2),
    lib_ratio_vs_duckdb_1_thread: round(libWall / duck1Wall, 2),
    figures_agree: figuresAgree,
    figures: {
      mm: ours,
      duckdb: duck[0].summary,
      max_money_diff_usd: Math.max(...checks.map((c) => c.maxMoneyDiffUsd)),
      mismatches: checks.flatMap((c) => c.mismatches.map((m) => `${c.name}: ${m}`)),
    },
    targets: {
      cli_peak_rss_mb_max: TARGET_PEAK_RSS_MB,
      rows_per_s_min: TARGET_ROWS_PER_S,
      cli_peak_rss_met: cliRss === null ? null : cliRss < TARGET_PEAK_RSS_MB,
      cli_rows_per_s_met: perS(cliWall) >= TARGET_ROWS_PER_S,
      lib_rows_per_s_met: perS(libWall) >= TARGET_ROWS_PER_S,
    },
    ...(profile === undefined
      ? {}
      : { cli_profile: { total_ms: profile.totalMs, top_self: profile.top } }),
    notes: [
      "wall and rows/s are medians of the runs; peak RSS is the max (GNU time %M); MB = 2^20 bytes",
      "cli_* include Deno start-up and module loading (cli_startup_s, measured on a 2-row file)",
      "lib_* time analyzeTradeHistory alone (no start-up); lib_fresh_process peak RSS includes start-up",
      "lib_stages_s: the pipeline cut after each stage, each figure the added time of that stage",
      "duckdb_wall_s includes creating the database; DuckDB uses all cores unless 1 thread",
      "money compared in integer micro-USD: DuckDB rounds each row with round(x * 1e6) as mm does",
    ],
    // Other work on this 2-core machine skews timings (DuckDB's 2 threads most): check these.
    machine: {
      cores: navigator.hardwareConcurrency,
      load_avg_1m_start: round(loadAtStart, 2),
      load_avg_1m_end: round(Deno.loadavg()[0], 2),
    },
    bench_total_s: round((performance.now() - benchStarted) / 1000, 1),
  };
  return { report, figuresAgree };
}
