/**
 * `mm run` — the live market maker.
 *
 * @module
 */

import process from "node:process";
import { Command } from "@commander-js/extra-typings";
import { loadConfig } from "../lib/config/mm_config.ts";
import { Journal, readJournal } from "../lib/engine/journal.ts";
import { runLive } from "../lib/engine/live.ts";
import { loadAccount } from "../lib/hyperliquid/account.ts";
import { resolveNetwork } from "../lib/hyperliquid/network.ts";

/** The run subcommand. */
export function runCommand() {
  return new Command("run")
    .description(
      "Run the market maker live: quotes a GLFT ladder, keeps a dead man's switch armed, " +
        "and on SIGINT/SIGTERM cancels every order it placed and checks none rests. NDJSON events on stdout.",
    )
    .option("--asset <coin...>", "coin to quote (repeatable; the rate budget is shared)", ["BTC"])
    .option("--config <file...>", "config files, later ones override earlier (JSON)")
    .option("--network <name>", "mainnet or testnet", "mainnet")
    .option("--api-url <url>", "any Hyperliquid-compatible API, e.g. a local mm sim")
    .option("--ws-url <url>", "the WebSocket URL, when not derived from --api-url")
    .option("--testnet-signing", "with --api-url: sign for testnet")
    .option("--key-file <path>", "private key file (mode 600); default: HL_PRIVATE_KEY")
    .option("--vault <address>", "trade for this vault or subaccount")
    .option(
      "--journal <file>",
      "also append every event to this NDJSON file (fsync'd every second)",
    )
    .action(async (flags) => {
      const network = resolveNetwork({
        network: flags.network,
        apiUrl: flags.apiUrl,
        wsUrl: flags.wsUrl,
        isTestnet: flags.testnetSigning ? true : undefined,
      });
      const account = loadAccount({ env: process.env, keyFile: flags.keyFile, vault: flags.vault });
      const config = loadConfig(flags.config ?? []);
      // A journal from an earlier run: catch up on the fills made since its last entry.
      const previous = flags.journal === undefined ? undefined : await readJournal(flags.journal);
      const journal = new Journal({ path: flags.journal, stdout: process.stdout, now: Date.now });
      const stop = new AbortController();
      let signals = 0;
      const onSignal = () => {
        signals += 1;
        if (signals === 1) stop.abort();
        else process.exit(130); // a second signal: leave now; the dead man's switch pulls the rest
      };
      process.on("SIGINT", onSignal);
      process.on("SIGTERM", onSignal);
      try {
        const result = await runLive({
          network,
          account,
          coins: flags.asset,
          config,
          journal,
          signal: stop.signal,
          previous: previous?.found
            ? { lastTs: previous.lastTs, fillTids: previous.fillTids }
            : undefined,
        });
        for (const summary of result.summaries) {
          journal.append({ ts: Date.now(), type: "summary", ...summary });
        }
        if (result.remainingOrders > 0) {
          process.exitCode = 1;
          process.stderr.write(
            `mm: ${result.remainingOrders} orders still rest after shutdown; run mm cancel-all\n`,
          );
        }
      } finally {
        journal.close();
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
    });
}
