/**
 * Runs the real `mm analyze-trades` as a subprocess, with exactly the
 * `deno run` flags of the `mm` task in deno.json, and measures wall time,
 * CPU time and peak RSS (via GNU time's `%M`, the child's max resident set).
 * {@link runMeasured} does the same for any command.
 *
 * @module
 */

import denoJson from "../deno.json" with { type: "json" };
import { DATA_DIR, REPO_ROOT } from "./_data.ts";

const GNU_TIME = "/usr/bin/time";

/** The summary line's figures that the benchmark compares. */
export interface SummaryFigures {
  fills: number;
  closing_fills: number;
  notional_usd: number;
  fees_usd: number;
  gross_pnl_usd: number;
  net_pnl_usd: number;
  edge_bps: number | null;
  first_ts: number | null;
  last_ts: number | null;
}

/** One measured CLI run. */
export interface CliRun {
  wallSeconds: number;
  /** User + system CPU seconds of the child (all its threads); `null` without GNU time. */
  cpuSeconds: number | null;
  /** Peak resident set in MB (1 MB = 2^20 bytes); `null` without GNU time. */
  peakRssMb: number | null;
  summary: SummaryFigures;
}

/** The `deno run …` flags and entry of the `mm` task, e.g. `["--allow-read", …, "cli/bin.ts"]`. */
export function mmTaskArgs(): string[] {
  const words = denoJson.tasks.mm.trim().split(/\s+/);
  if (words[0] !== "deno" || words[1] !== "run") {
    throw new Error(`unexpected mm task (want "deno run …"): ${denoJson.tasks.mm}`);
  }
  return words.slice(2).map((word) => (word.endsWith(".ts") ? `${REPO_ROOT}${word}` : word));
}

/** Whether GNU time is there to report peak RSS. */
export async function hasGnuTime(): Promise<boolean> {
  try {
    return (await Deno.stat(GNU_TIME)).isFile;
  } catch {
    return false;
  }
}

/** A finished, measured process. */
export interface MeasuredProcess {
  wallSeconds: number;
  /** User + system CPU seconds of the child (all its threads); `null` without GNU time. */
  cpuSeconds: number | null;
  /** Peak resident set in MB (1 MB = 2^20 bytes); `null` without GNU time. */
  peakRssMb: number | null;
  stdout: string;
}

/**
 * Runs `command` in the repository root under GNU time (when `gnuTime`),
 * measuring wall time from spawn to exit.
 *
 * @throws {Error} when the command exits non-zero.
 */
export async function runMeasured(
  command: string[],
  options: { gnuTime: boolean },
): Promise<MeasuredProcess> {
  const timeFile = await Deno.makeTempFile({ dir: DATA_DIR, prefix: "time_", suffix: ".txt" });
  try {
    const [program, ...args] = options.gnuTime
      ? [GNU_TIME, "-f", "%M %U %S", "-o", timeFile, ...command]
      : command;
    const started = performance.now();
    const output = await new Deno.Command(program, {
      args,
      cwd: REPO_ROOT,
      stdin: "null",
      stdout: "piped",
      stderr: "piped",
    }).output();
    const wallSeconds = (performance.now() - started) / 1000;
    const decoder = new TextDecoder();
    if (!output.success) {
      throw new Error(
        `${command.slice(0, 4).join(" ")} … exited ${output.code}: ${
          decoder.decode(output.stderr).trim()
        }`,
      );
    }
    let cpuSeconds: number | null = null;
    let peakRssMb: number | null = null;
    if (options.gnuTime) {
      // The last line: GNU time writes "Command exited …" lines before it on failure.
      const lines = (await Deno.readTextFile(timeFile)).trim().split("\n");
      const [maxRssKb, user, system] = lines[lines.length - 1].split(" ").map(Number);
      peakRssMb = maxRssKb / 1024;
      cpuSeconds = user + system;
    }
    return { wallSeconds, cpuSeconds, peakRssMb, stdout: decoder.decode(output.stdout) };
  } finally {
    await Deno.remove(timeFile).catch(() => {});
  }
}

/**
 * Runs `mm analyze-trades FILE` once and returns its measurements and summary.
 *
 * @throws {Error} when the CLI exits non-zero or prints no summary line.
 */
export async function runAnalyzeTradesCli(
  file: string,
  options: { gnuTime: boolean; extraDenoFlags?: string[] },
): Promise<CliRun> {
  const run = await runMeasured([
    Deno.execPath(),
    "run",
    ...(options.extraDenoFlags ?? []),
    ...mmTaskArgs(),
    "analyze-trades",
    file,
  ], options);
  const first = JSON.parse(run.stdout.slice(0, run.stdout.indexOf("\n")));
  if (first?.type !== "summary") throw new Error("mm analyze-trades printed no summary line");
  return {
    wallSeconds: run.wallSeconds,
    cpuSeconds: run.cpuSeconds,
    peakRssMb: run.peakRssMb,
    summary: pickFigures(first),
  };
}

/** The compared figures of a summary (CLI line or library totals). */
export function pickFigures(summary: SummaryFigures): SummaryFigures {
  return {
    fills: summary.fills,
    closing_fills: summary.closing_fills,
    notional_usd: summary.notional_usd,
    fees_usd: summary.fees_usd,
    gross_pnl_usd: summary.gross_pnl_usd,
    net_pnl_usd: summary.net_pnl_usd,
    edge_bps: summary.edge_bps,
    first_ts: summary.first_ts,
    last_ts: summary.last_ts,
  };
}
