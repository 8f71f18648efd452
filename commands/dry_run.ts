/**
 * `mm dry-run` — the quoting engine on paper: generated or replayed market
 * data, simulated fills by the simulator's queue model, the same NDJSON as
 * `mm run`, ending with a `summary`.
 *
 * @module
 */

import process from "node:process";
import asciichart from "asciichart";
import { Command } from "@commander-js/extra-typings";
import { numberFlag } from "../cli/flags.ts";
import { openMarketInput } from "../cli/input.ts";
import { loadConfig } from "../lib/config/mm_config.ts";
import { runDryRun } from "../lib/engine/dry_run.ts";
import { Journal } from "../lib/engine/journal.ts";
import { UsageError } from "../lib/errors.ts";
import { generateMarket, type MarketFrame } from "../lib/sim/generator.ts";
import { readModelFile } from "../lib/sim/model_file.ts";
import { formatCents } from "../lib/analysis/analysis_view.ts";
import { readMarketFrames } from "../lib/sim/market_file.ts";
import { simUniverse } from "../lib/sim/universe.ts";
import { resolveNetwork } from "../lib/hyperliquid/network.ts";
import { MarketRecorder } from "../lib/hyperliquid/recorder.ts";

/** The dry-run subcommand. */
export function dryRunCommand() {
  return new Command("dry-run")
    .description(
      "Run the market maker on paper: a generated (--synthetic) or recorded (--replay) market, " +
        "fills by the simulator's queue model. NDJSON events on stdout, a summary last.",
    )
    .option("--asset <coin>", "coin to quote", "BTC")
    .option(
      "--synthetic",
      "quote on the bundled market generator (no network); default: live public data",
    )
    .option("--seed <n>", "with --synthetic: generator seed", "7")
    .option("--minutes <n>", "with --synthetic: market minutes", "60")
    .option("--model <file>", "with --synthetic: generator parameters to plant, JSON (see README)")
    .option(
      "--replay <file>",
      "quote on a recorded market (mm record / mm sim --generate; .gz accepted)",
    )
    .option("--network <name>", "live: mainnet or testnet public data", "mainnet")
    .option("--api-url <url>", "live: any Hyperliquid-compatible API, e.g. a local mm sim")
    .option("--for-minutes <n>", "live: stop after N minutes (default: until SIGINT/SIGTERM)")
    .option("--config <file...>", "config files, later ones override earlier (JSON)")
    .option("--latency-ms <ms>", "action latency in market time", "50")
    .option("--equity <usd>", "paper account equity", "10000")
    .option(
      "--journal <file>",
      "also append every event to this NDJSON file (fsync'd every second)",
    )
    .option("--quiet", "only the summary on stdout (no per-event NDJSON)")
    .action(async (flags) => {
      if (flags.synthetic && flags.replay !== undefined) {
        throw new UsageError(
          "dry-run takes one market: --synthetic, --replay FILE, or live public data (neither)",
        );
      }
      const [asset] = simUniverse([flags.asset]).filter((a) => a.coin === flags.asset);
      const config = loadConfig(flags.config ?? []);
      const seed = numberFlag("--seed", flags.seed, { integer: true, min: 0 });
      const live = !flags.synthetic && flags.replay === undefined;
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      if (live) {
        process.once("SIGINT", onSignal);
        process.once("SIGTERM", onSignal);
      }
      const frames = flags.synthetic
        ? batched(generateMarket({
          ...(flags.model === undefined ? {} : readModelFile(flags.model)),
          coin: asset.coin,
          szDecimals: asset.szDecimals,
          startPx: asset.startPx,
          seed,
          minutes: numberFlag("--minutes", flags.minutes, { positive: true }),
          startMs: Date.UTC(2026, 0, 5),
        }))
        : flags.replay !== undefined
        ? readMarketFrames(await openMarketInput(flags.replay), { file: flags.replay })
        : liveFrames(
          resolveNetwork({ network: flags.network, apiUrl: flags.apiUrl }).wsUrl,
          asset.coin,
          {
            signal: stop.signal,
            minutes: flags.forMinutes === undefined
              ? undefined
              : numberFlag("--for-minutes", flags.forMinutes, { positive: true }),
          },
        );
      let marketMs = 0;
      const journal = new Journal({
        path: flags.journal,
        stdout: flags.quiet ? undefined : process.stdout,
        now: () => marketMs,
      });
      const status = process.stderr.isTTY ? new StatusLine() : undefined;
      try {
        const result = await runDryRun(frames, {
          asset,
          config,
          journal,
          seed,
          latencyMs: numberFlag("--latency-ms", flags.latencyMs, { min: 0 }),
          startingEquityUsd: numberFlag("--equity", flags.equity, { positive: true }),
          onFrame: (engine, ms) => {
            marketMs = ms;
            status?.update(() =>
              `${new Date(ms).toISOString().slice(11, 19)} pos ${engine.positionCoin} ` +
              `equity ${
                engine.equityUsd().toFixed(2)
              } fills ${engine.stats.fills} requotes ${engine.stats.requotes}`
            );
          },
        });
        const summary = {
          ts: marketMs,
          type: "summary",
          source: flags.synthetic ? `synthetic seed ${seed}` : flags.replay ?? "live",
          frames: result.frames,
          ...result.summary,
          paper: result.paper,
        };
        if (flags.quiet) process.stdout.write(JSON.stringify(summary) + "\n");
        else journal.append(summary);
        if (status !== undefined) {
          status.clear();
          process.stderr.write(renderSummary(summary, result.equityCurve));
        }
      } finally {
        journal.close();
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
    });
}

/**
 * Live public market data as frame batches (the recorder's exact frames),
 * until the signal aborts or the minutes pass.
 */
async function* liveFrames(
  wsUrl: string,
  coin: string,
  options: { signal: AbortSignal; minutes?: number },
): AsyncGenerator<MarketFrame[]> {
  let queue: MarketFrame[] = [];
  let wake: (() => void) | undefined;
  const recorder = new MarketRecorder({
    wsUrl,
    coins: [coin],
    onFrame: (frame) => {
      queue.push(frame as MarketFrame);
      wake?.();
    },
  });
  await recorder.start();
  const timer = options.minutes === undefined
    ? undefined
    : setTimeout(() => wake?.(), options.minutes * 60_000);
  const endMs = options.minutes === undefined ? Infinity : Date.now() + options.minutes * 60_000;
  const onAbort = () => wake?.();
  options.signal.addEventListener("abort", onAbort);
  try {
    while (!options.signal.aborted && Date.now() < endMs) {
      if (queue.length === 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 250);
        });
        wake = undefined;
        continue;
      }
      const batch = queue;
      queue = [];
      yield batch;
    }
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    options.signal.removeEventListener("abort", onAbort);
    await recorder.stop();
  }
}

async function* batched(frames: Iterable<MarketFrame>, size = 512): AsyncGenerator<MarketFrame[]> {
  let batch: MarketFrame[] = [];
  for (const frame of frames) {
    batch.push(frame);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length > 0) yield batch;
}

/** A one-line live status on a terminal, redrawn at most 10 times a second. */
class StatusLine {
  #lastMs = 0;

  update(text: () => string): void {
    const now = performance.now();
    if (now - this.#lastMs < 100) return;
    this.#lastMs = now;
    process.stderr.write(`\r\x1b[2K${text()}`);
  }

  clear(): void {
    process.stderr.write("\r\x1b[2K");
  }
}

function renderSummary(summary: Record<string, unknown>, equity: number[]): string {
  const usd = (value: unknown) =>
    `${Number(value) < 0 ? "−" : ""}$${formatCents(Math.abs(Number(value)))}`;
  const lines = [
    `dry-run ${summary.coin}: ${summary.market_minutes} market minutes, ${summary.fills} ${
      summary.fills === 1 ? "fill" : "fills"
    }, ` +
    `volume ${usd(summary.volume_usd)}, net P&L ${usd(summary.net_pnl_usd)} ` +
    `(edge ${Number(summary.edge_bps).toFixed(2)} bps), ` +
    `max inventory ${summary.max_inventory_coin} ${summary.coin}, ` +
    `max drawdown ${usd(summary.max_drawdown_usd)}, ` +
    `${summary.requotes} requotes, ${summary.actions} actions`,
  ];
  if (equity.length >= 2) {
    const step = Math.max(1, Math.ceil(equity.length / 72));
    const series = equity.filter((_, i) => i % step === 0);
    lines.push(
      "equity (USD)",
      asciichart.plot(series, { height: 8, format: (x: number) => x.toFixed(2).padStart(10) }),
    );
  }
  return lines.join("\n") + "\n";
}
