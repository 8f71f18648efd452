/**
 * `mm record` — live market data to NDJSON, replayable by `mm sim --replay`.
 *
 * @module
 */

import process from "node:process";
import { Command } from "@commander-js/extra-typings";
import { numberFlag } from "../cli/flags.ts";
import { resolveNetwork } from "../lib/hyperliquid/network.ts";
import { MarketRecorder } from "../lib/hyperliquid/recorder.ts";

/** The record subcommand. */
export function recordCommand() {
  return new Command("record")
    .description(
      "Record live l2Book and trades frames as NDJSON on stdout (exactly as the exchange sends them; " +
        "replayed trades written once), for mm sim --replay.",
    )
    .option("--asset <coin...>", "coin to record (repeatable)", ["BTC"])
    .option("--minutes <n>", "stop after N minutes (default: until SIGINT/SIGTERM)")
    .option("--network <name>", "mainnet or testnet", "mainnet")
    .option(
      "--api-url <url>",
      "any Hyperliquid-compatible API (its /ws is used), e.g. a local mm sim",
    )
    .option("--ws-url <url>", "the WebSocket URL, when not derived from --api-url")
    .action(async (flags) => {
      const network = resolveNetwork({
        network: flags.network,
        apiUrl: flags.apiUrl,
        wsUrl: flags.wsUrl,
      });
      const minutes = flags.minutes === undefined
        ? undefined
        : numberFlag("--minutes", flags.minutes, { positive: true });
      let pending = "";
      const flush = () => {
        if (pending !== "") process.stdout.write(pending);
        pending = "";
      };
      const recorder = new MarketRecorder({
        wsUrl: network.wsUrl,
        coins: flags.asset,
        onFrame: (frame) => {
          pending += JSON.stringify(frame) + "\n";
          if (pending.length > 1 << 16) flush();
        },
      });
      await recorder.start();
      process.stderr.write(
        `mm record: recording ${flags.asset.join(", ")} from ${network.wsUrl}\n`,
      );
      const flushTimer = setInterval(flush, 1000);
      await new Promise<void>((resolve) => {
        const timer = minutes === undefined ? undefined : setTimeout(resolve, minutes * 60_000);
        const stop = () => {
          if (timer !== undefined) clearTimeout(timer);
          resolve();
        };
        process.once("SIGINT", stop);
        process.once("SIGTERM", stop);
      });
      clearInterval(flushTimer);
      flush();
      await recorder.stop();
      process.stderr.write(
        `mm record: ${recorder.frames} frames written, ${recorder.duplicates} replayed trades dropped\n`,
      );
    });
}
