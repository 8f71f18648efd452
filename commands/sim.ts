/**
 * `mm sim` — a local Hyperliquid-compatible exchange, a market generator and
 * a replayer.
 *
 * @module
 */

import type { SimEvent } from "../lib/events/sim.ts";
import { readFile } from "node:fs/promises";
import process from "node:process";
import { Command } from "@commander-js/extra-typings";
import { numberFlag } from "../cli/flags.ts";
import { openMarketInput } from "../cli/input.ts";
import { InputError, UsageError } from "../lib/errors.ts";
import {
  type FaultEvent,
  FaultInjector,
  type FaultPlan,
  FaultPlanSchema,
} from "../lib/sim/faults.ts";
import { generateMarket, MarketGenerator, type ModelOptions } from "../lib/sim/generator.ts";
import { readModelFile } from "../lib/sim/model_file.ts";
import { LiveMarket, replayMarket } from "../lib/sim/market_driver.ts";
import { formatFrame, readMarketFrames } from "../lib/sim/market_file.ts";
import { MatchingEngine } from "../lib/sim/matching.ts";
import { SimServer } from "../lib/sim/server.ts";
import { simUniverse } from "../lib/sim/universe.ts";

/** The sim subcommand. */
export function simCommand() {
  return new Command("sim")
    .description(
      "Run a local Hyperliquid-compatible exchange (HTTP /info, /exchange and WebSocket /ws) " +
        "on a generated or replayed market; or --generate market data as NDJSON.",
    )
    .option("--host <host>", "interface to listen on", "127.0.0.1")
    .option("--port <port>", "port to listen on (0 = any free port)", "8089")
    .option("--assets <coins>", "coins listed besides BTC and ETH, comma-separated", "")
    .option("--seed <n>", "seed of the generated market", "7")
    .option("--replay <file>", "drive the market from a recorded NDJSON file (.gz accepted)")
    .option("--speed <x>", "replay speed: a factor of real time, or max", "1")
    .option("--generate", "write a generated market as NDJSON on stdout and exit")
    .option("--asset <coin>", "with --generate: the coin", "BTC")
    .option("--minutes <n>", "with --generate: how many minutes", "60")
    .option("--model <file>", "generated market: model parameters to plant, JSON (see README)")
    .option("--testnet", "verify signatures for testnet (phantom agent source b)")
    .option("--starting-balance <usd>", "USDC of a new account", "100000")
    .option("--maker-fee <rate>", "maker fee rate (negative: rebate)", "0.00015")
    .option("--taker-fee <rate>", "taker fee rate", "0.00045")
    .option("--faults <file>", "fault plan, JSON (see README)")
    .option("--drop-ws-every <s>", "drop every WebSocket connection every N seconds")
    .option("--error-rate <share>", "answer this share of requests with HTTP 500")
    .option("--rate-limit-rate <share>", "answer this share of requests with HTTP 429")
    .option("--latency-ms <ms>", "add this latency to every request")
    .option("--stall-feed-after <s>", "stop the market feed after N seconds…")
    .option("--stall-feed-for <s>", "…for N seconds")
    .option("--reject-rate <share>", "reject this share of orders")
    .action(async (flags) => {
      const seed = integer("--seed", flags.seed);
      if (!flags.generate && typeof Deno === "undefined") {
        throw new UsageError(
          "mm sim serves with Deno's HTTP server: run it with `deno task mm sim`",
        );
      }
      if (flags.generate) {
        await generate(flags.asset, {
          minutes: positive("--minutes", flags.minutes),
          seed,
          model: flags.model === undefined ? {} : readModelFile(flags.model),
        });
        return;
      }
      const assets = simUniverse(flags.assets.split(","));
      const now = Date.now;
      const plan = await faultPlan(flags);
      const log = (event: FaultEvent | { ts: number; type: string }) =>
        process.stderr.write(JSON.stringify(event) + "\n");
      const faults = new FaultInjector(plan, { startMs: now(), log });
      const engine = new MatchingEngine({
        assets: assets.map(({ coin, szDecimals, maxLeverage }) => ({
          coin,
          szDecimals,
          maxLeverage,
        })),
        makerFeeRate: finite("--maker-fee", flags.makerFee),
        takerFeeRate: finite("--taker-fee", flags.takerFee),
        startingBalanceUsd: positive("--starting-balance", flags.startingBalance),
        // Users' trades and the feed's share the trades channel: keep their tids apart.
        firstTid: 900_000_000_000_000,
        now,
      });
      const server = SimServer.start({
        engine,
        hostname: flags.host,
        port: integer("--port", flags.port),
        isTestnet: flags.testnet ?? false,
        now,
        faults: faults.active ? faults : undefined,
        log,
      });
      const stop = new AbortController();
      const model = flags.model === undefined ? {} : readModelFile(flags.model);
      const live = flags.replay === undefined
        ? new LiveMarket(
          assets.map((asset, i) =>
            new MarketGenerator({
              ...model,
              coin: asset.coin,
              szDecimals: asset.szDecimals,
              startPx: asset.startPx,
              startMs: now(),
              seed: seed + i,
            })
          ),
          {
            sink: (frame) => server.publishMarket(frame),
            now,
            faults: faults.active ? faults : undefined,
          },
        )
        : undefined;
      live?.start();
      const emit = (event: SimEvent) => process.stdout.write(JSON.stringify(event) + "\n");
      emit({
        ts: now(),
        type: "sim_ready",
        url: server.url,
        ws_url: server.wsUrl,
        assets: assets.map((asset) => asset.coin),
        market: flags.replay === undefined ? `generated (seed ${seed})` : `replay ${flags.replay}`,
        testnet: flags.testnet ?? false,
      });
      const finished = new Promise<void>((resolve) => {
        const onSignal = () => {
          stop.abort();
          resolve();
        };
        process.once("SIGINT", onSignal);
        process.once("SIGTERM", onSignal);
      });
      if (flags.replay !== undefined) {
        const speed = flags.speed === "max" ? "max" as const : positive("--speed", flags.speed);
        const report = await replayMarket(
          readMarketFrames(await openMarketInput(flags.replay), { file: flags.replay }),
          {
            sink: (frame) => server.publishMarket(frame),
            speed,
            now,
            faults: faults.active ? faults : undefined,
            signal: stop.signal,
          },
        );
        emit({ ts: now(), type: "replay_done", ...report });
      }
      await finished;
      live?.stop();
      await server.close();
      emit({ ts: now(), type: "sim_stopped", faults: faults.counts });
    });
}

async function generate(
  coin: string,
  options: { minutes: number; seed: number; model: ModelOptions },
): Promise<void> {
  const [asset] = simUniverse([coin]).filter((a) => a.coin === coin);
  let text = "";
  for (
    const frame of generateMarket({
      ...options.model,
      coin,
      szDecimals: asset.szDecimals,
      startPx: asset.startPx,
      seed: options.seed,
      minutes: options.minutes,
      startMs: Date.UTC(2026, 0, 5),
    })
  ) {
    text += formatFrame(frame) + "\n";
    if (text.length > 1 << 16) {
      if (!process.stdout.write(text)) {
        await new Promise((resolve) => process.stdout.once("drain", resolve));
      }
      text = "";
    }
  }
  process.stdout.write(text);
}

async function faultPlan(flags: Record<string, unknown>): Promise<FaultPlan> {
  let fromFile: unknown = {};
  if (typeof flags.faults === "string") {
    try {
      fromFile = JSON.parse(await readFile(flags.faults, "utf8"));
    } catch (error) {
      throw new InputError(`not a JSON fault plan: ${(error as Error).message}`, {
        file: flags.faults,
      });
    }
  }
  const fromFlags: Record<string, number> = {};
  const map: [string, keyof FaultPlan][] = [
    ["dropWsEvery", "dropWsEverySeconds"],
    ["errorRate", "serverErrorShare"],
    ["rateLimitRate", "rateLimitShare"],
    ["latencyMs", "latencyMs"],
    ["stallFeedAfter", "stallFeedAfterSeconds"],
    ["stallFeedFor", "stallFeedForSeconds"],
    ["rejectRate", "rejectOrderShare"],
  ];
  for (const [flag, key] of map) {
    if (typeof flags[flag] === "string") {
      fromFlags[key] = finite(`--${kebab(flag)}`, flags[flag] as string);
    }
  }
  const parsed = FaultPlanSchema.safeParse({ ...(fromFile as object), ...fromFlags });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`fault plan: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return parsed.data;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => "-" + c.toLowerCase());
}

function finite(flag: string, text: string): number {
  return numberFlag(flag, text);
}

function positive(flag: string, text: string): number {
  return numberFlag(flag, text, { positive: true });
}

function integer(flag: string, text: string): number {
  return numberFlag(flag, text, { integer: true, min: 0 });
}
