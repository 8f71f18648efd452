/**
 * `mm run` — the live market maker.
 *
 * @module
 */

import process from "node:process";
import { Command } from "@commander-js/extra-typings";
import { loadConfig } from "../lib/config/mm_config.ts";
import { Journal, readJournal } from "../lib/engine/journal.ts";
import { logEvent } from "../lib/engine/observe.ts";
import { configureLogging, LOG_ENV, logger } from "../lib/log/mod.ts";
import { engineMetrics, MetricsRegistry, startMetricsServer } from "../lib/metrics/mod.ts";
import { numberFlag } from "../cli/flags.ts";
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
    .option("--metrics-port <port>", "serve Prometheus metrics on 127.0.0.1:PORT/metrics")
    .option(
      "--log-dir <dir>",
      "write operational.log, diagnostic.ndjson and errors.log here (rotated)",
    )
    .option("--log <spec>", "log levels, e.g. info,mm.strategy=debug (default: $MM_LOG or info)")
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
      const logging = await configureLogging({
        spec: flags.log ?? process.env[LOG_ENV] ?? "info",
        logDir: flags.logDir,
      });
      journal.tap((event) => logEvent(logger, event));
      const registry = new MetricsRegistry();
      const metrics = engineMetrics(registry);
      const metricsServer = flags.metricsPort === undefined
        ? undefined
        : await startMetricsServer(registry, {
          port: numberFlag("--metrics-port", flags.metricsPort, { integer: true, min: 0 }),
        });
      if (metricsServer !== undefined) {
        journal.append({ ts: Date.now(), type: "metrics", url: metricsServer.url });
      }
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
          metrics: { registry, metrics },
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
        await metricsServer?.close();
        await logging.dispose();
        journal.close();
        process.off("SIGINT", onSignal);
        process.off("SIGTERM", onSignal);
      }
    });
}
