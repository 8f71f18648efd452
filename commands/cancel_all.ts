/**
 * `mm cancel-all` — every order gone, verified, no prompt.
 *
 * @module
 */

import process from "node:process";
import { Command } from "@commander-js/extra-typings";
import { numberFlag } from "../cli/flags.ts";
import { loadAccount } from "../lib/hyperliquid/account.ts";
import { HyperliquidExchange } from "../lib/hyperliquid/exchange_client.ts";
import { resolveNetwork } from "../lib/hyperliquid/network.ts";
import { cancelAll } from "../lib/ops/cancel_all.ts";

/** The cancel-all subcommand. */
export function cancelAllCommand() {
  return new Command("cancel-all")
    .description(
      "Cancel every open order of the account (or of --asset coins), retrying through errors until " +
        "none rests, then clear the scheduled cancel. Exit 0 only when zero orders remain.",
    )
    .option("--asset <coin...>", "only these coins (repeatable)")
    .option("--only-mine", "only orders mm placed (cloid tag); default: every order of the account")
    .option("--include-others", "every order of the account (the default, as this is an emergency)")
    .option(
      "--keep-schedule",
      "leave the scheduled cancel (a running mm's dead man's switch) alone",
    )
    .option("--timeout <s>", "give up after this many seconds", "10")
    .option("--network <name>", "mainnet or testnet", "mainnet")
    .option("--api-url <url>", "any Hyperliquid-compatible API, e.g. a local mm sim")
    .option("--testnet-signing", "with --api-url: sign for testnet")
    .option("--key-file <path>", "private key file (mode 600); default: HL_PRIVATE_KEY")
    .option("--vault <address>", "the vault or subaccount whose orders to cancel")
    .action(async (flags) => {
      const network = resolveNetwork({
        network: flags.network,
        apiUrl: flags.apiUrl,
        isTestnet: flags.testnetSigning ? true : undefined,
      });
      const account = loadAccount({ env: process.env, keyFile: flags.keyFile, vault: flags.vault });
      const exchange = new HyperliquidExchange(network, account, { timeoutMs: 3_000 });
      const write = (event: Record<string, unknown>) =>
        process.stdout.write(JSON.stringify(event) + "\n");
      const result = await cancelAll(exchange, {
        coins: flags.asset,
        onlyMine: (flags.onlyMine ?? false) && !flags.includeOthers,
        keepSchedule: flags.keepSchedule ?? false,
        timeoutMs: numberFlag("--timeout", flags.timeout, { positive: true }) * 1000,
        now: Date.now,
        onEvent: write,
      });
      write({
        ts: Date.now(),
        type: "cancel_all",
        account: exchange.user,
        cancelled: result.cancelled,
        remaining: result.remaining,
        actions: result.actions,
        elapsed_ms: result.elapsedMs,
      });
      if (process.stderr.isTTY && result.remaining === 0) {
        process.stderr.write(
          `cancelled ${result.cancelled} orders in ${result.actions} actions, ${result.elapsedMs} ms; none rest\n`,
        );
      }
      if (result.remaining !== 0) {
        process.stderr.write(
          `mm: ${
            result.remaining < 0
              ? "could not read open orders"
              : `${result.remaining} orders still rest`
          } after ${result.elapsedMs} ms\n`,
        );
        process.exitCode = 1;
      }
    });
}
