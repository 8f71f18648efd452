/**
 * `mm ratelimit [FILE|-]` — how much request budget is left and how long it lasts.
 *
 * @module
 */

import process from "node:process";
import { Command } from "@commander-js/extra-typings";
import asciichart from "asciichart";
import { numberFlag } from "../cli/flags.ts";
import { openTextInput } from "../cli/input.ts";
import { parseAddress } from "../lib/config/secrets.ts";
import { UsageError } from "../lib/errors.ts";
import { writeEvents } from "../lib/events/mod.ts";
import { InfoClient } from "../lib/hyperliquid/info_client.ts";
import { resolveNetwork } from "../lib/hyperliquid/network.ts";
import {
  liveRateLimitReport,
  parseWhatIf,
  rateLimitReport,
  readBudgetJournal,
  remainingSeries,
  type TrajectoryPoint,
  whatIfReport,
} from "../lib/ops/ratelimit.ts";

/** The ratelimit subcommand. */
export function ratelimitCommand() {
  return new Command("ratelimit")
    .description(
      "Request budget left and how long it lasts: live from userRateLimit (--account), or from an " +
        "mm run / dry-run journal (FILE, or - for stdin): actions, IP weight, address requests, " +
        "fill volume, the budget's trajectory and when it runs out. NDJSON on stdout.",
    )
    .argument("[file]", "mm journal (NDJSON), or - for stdin; none: live (--account)")
    .option(
      "--account <address>",
      "live: the address to ask userRateLimit about (default HL_ACCOUNT)",
    )
    .option("--network <name>", "live: mainnet or testnet", "mainnet")
    .option("--api-url <url>", "live: any Hyperliquid-compatible API, e.g. a local mm sim")
    .option(
      "--start-used <n>",
      "journal: address requests used when it began (default: its first status, else 0)",
    )
    .option(
      "--start-cap <n>",
      "journal: address cap when it began (default: its first status, else 10000)",
    )
    .option(
      "--trajectory",
      "journal: also print the budget over time, one ratelimit_point per change",
    )
    .option(
      "--what-if <policy>",
      "journal: re-count under single-cancels or min-interval=MS (repeatable)",
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .action(async (file, flags) => {
      if (file === undefined) {
        const journalOnly = flags.trajectory || flags.whatIf.length > 0 ||
          flags.startUsed !== undefined || flags.startCap !== undefined;
        if (journalOnly) {
          throw new UsageError(
            "--trajectory, --what-if, --start-used and --start-cap need a journal FILE (or -)",
          );
        }
        await live(flags);
        return;
      }
      if (flags.account !== undefined) {
        throw new UsageError(
          "--account is for the live budget; give it or a journal FILE, not both",
        );
      }
      const policies = flags.whatIf.map(parseWhatIf);
      const start = {
        startUsed: flags.startUsed === undefined
          ? undefined
          : numberFlag("--start-used", flags.startUsed, { integer: true, min: 0 }),
        startCap: flags.startCap === undefined
          ? undefined
          : numberFlag("--start-cap", flags.startCap, { integer: true, min: 0 }),
      };
      const journal = await readBudgetJournal(
        await openTextInput(file, {
          stdinHint: "no input: give a journal FILE, or pipe one into `mm ratelimit -`",
          hint: "give the path of an mm journal (NDJSON), or - for stdin",
        }),
        file,
      );
      const { report, points } = rateLimitReport(journal, start);
      const events: Record<string, unknown>[] = [{ ...report }];
      for (const policy of policies) events.push({ ...whatIfReport(journal, policy, start) });
      if (flags.trajectory) events.push(...points.map((point) => ({ ...point })));
      await writeEvents(process.stdout, events);
      if (process.stderr.isTTY) process.stderr.write(chart(points));
    });
}

async function live(flags: { account?: string; network: string; apiUrl?: string }): Promise<void> {
  const text = flags.account ?? process.env.HL_ACCOUNT;
  if (text === undefined || text.trim() === "") {
    throw new UsageError(
      "give a journal FILE (or - for stdin), or --account ADDR (or HL_ACCOUNT) for the live budget",
    );
  }
  const account = parseAddress(text, {
    source: flags.account === undefined ? "HL_ACCOUNT" : "--account",
  });
  const network = resolveNetwork({ network: flags.network, apiUrl: flags.apiUrl });
  const answer = await new InfoClient(network).userRateLimit(account);
  const report = liveRateLimitReport(answer, {
    ts: Date.now(),
    account,
    network: network.name,
    apiUrl: network.apiUrl,
  });
  await writeEvents(process.stdout, [{ ...report }]);
}

function chart(points: TrajectoryPoint[]): string {
  const series = remainingSeries(points, 60);
  if (series.length < 2) return "";
  const from = new Date(points[0].ts).toISOString().slice(0, 16).replace("T", " ");
  const to = new Date(points[points.length - 1].ts).toISOString().slice(0, 16).replace("T", " ");
  const plot = asciichart.plot(series, {
    height: 10,
    format: (x: number) => x.toFixed(0).padStart(10),
  });
  return `Address budget remaining (requests), ${from} → ${to} UTC\n${plot}\n`;
}
