/**
 * `mm status` — one read-only health report of an account for cron and
 * monitoring: a `status` NDJSON line (or `--nagios`: the one-line plugin
 * format) and the exit code 0 OK · 1 WARNING · 2 CRITICAL · 3 UNKNOWN.
 * It never exits 1 or 2 for its own failures: anything that stops it from
 * telling (exchange unreachable, bad flags or input) is UNKNOWN, 3, with one
 * line on stderr.
 *
 * @module
 */

import process from "node:process";
import { Command, type CommanderError } from "@commander-js/extra-typings";
import { numberFlag } from "../cli/flags.ts";
import { loadConfig } from "../lib/config/mm_config.ts";
import { parseAddress } from "../lib/config/secrets.ts";
import { readJournal } from "../lib/engine/journal.ts";
import { InputError, UsageError } from "../lib/errors.ts";
import { HyperliquidError } from "../lib/hyperliquid/errors.ts";
import { InfoClient } from "../lib/hyperliquid/info_client.ts";
import { resolveNetwork } from "../lib/hyperliquid/network.ts";
import type { UserFill } from "../lib/hyperliquid/schemas.ts";
import { lastIpWeightShare } from "../lib/ops/_journal_tail.ts";
import {
  buildStatus,
  DEFAULT_STATUS_THRESHOLDS as D,
  type JournalInput,
  nagiosLine,
  STATUS_EXIT,
  type StatusThresholds,
  StatusUnknownError,
  unknownLine,
  unknownNagiosLine,
  validateThresholds,
} from "../lib/ops/status.ts";

const DAY_MS = 86_400_000;
const FILL_PAGE = 2000;
const MAX_FILL_PAGES = 10;

/** The status subcommand. Commander's own usage errors throw {@link StatusUnknownError}. */
export function statusCommand() {
  return new Command("status")
    .description(
      "Read-only health report of an account for cron/monitoring: one status NDJSON line " +
        "(or --nagios). Exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN. Needs only an address.",
    )
    .option("--account <address>", "the address to report on (default: HL_ACCOUNT)")
    .option("--asset <coin...>", "only these coins' positions, orders and fills (default: all)")
    .option("--network <name>", "mainnet or testnet", "mainnet")
    .option("--api-url <url>", "any Hyperliquid-compatible API, e.g. a local mm sim")
    .option("--ws-url <url>", "accepted for symmetry with mm run (status uses HTTP only)")
    .option(
      "--config <file...>",
      "config files; the max position defaults to strategy.position.maxUsd",
    )
    .option("--journal <file>", "mm run's journal: heartbeat age and IP weight share")
    .option("--nagios", "print the one-line monitoring-plugin format instead of NDJSON")
    .option("--timeout <seconds>", "per-request timeout", "10")
    .option(
      "--max-position-usd <usd>",
      "max |position| notional (0: off; default: config, $10,000)",
    )
    .option(
      "--position-warn-pct <pct>",
      "warning at this % of the max position",
      `${D.positionWarnPct}`,
    )
    .option(
      "--position-crit-pct <pct>",
      "critical at this % of the max position",
      `${D.positionCritPct}`,
    )
    .option("--margin-warn <ratio>", "warning at this margin ratio", `${D.marginWarn}`)
    .option("--margin-crit <ratio>", "critical at this margin ratio", `${D.marginCrit}`)
    .option(
      "--liq-warn-pct <pct>",
      "warning when liquidation is this % away or closer",
      `${D.liqWarnPct}`,
    )
    .option(
      "--liq-crit-pct <pct>",
      "critical when liquidation is this % away or closer",
      `${D.liqCritPct}`,
    )
    .option("--budget-warn <n>", "warning below this many address requests left", `${D.budgetWarn}`)
    .option(
      "--budget-crit <n>",
      "critical below this many address requests left",
      `${D.budgetCrit}`,
    )
    .option(
      "--heartbeat-warn <s>",
      "warning when the journal heartbeat is this old",
      `${D.heartbeatWarnS}`,
    )
    .option(
      "--heartbeat-crit <s>",
      "critical when the journal heartbeat is this old",
      `${D.heartbeatCritS}`,
    )
    .option("--daily-loss-warn <usd>", "warning at this net realized loss today (UTC)")
    .option("--daily-loss-crit <usd>", "critical at this net realized loss today (UTC)")
    .configureOutput({ outputError: () => {} })
    .exitOverride((error: CommanderError) => {
      if (error.exitCode === 0) throw error; // --help
      throw new StatusUnknownError(error.message.replace(/^error: /, ""));
    })
    .action(async (flags) => {
      try {
        await status(flags);
      } catch (error) {
        const what = describe(error);
        if (flags.nagios) process.stdout.write(unknownNagiosLine(what) + "\n");
        process.stderr.write(unknownLine(what) + "\n");
        process.exitCode = STATUS_EXIT.unknown;
      }
    });
}

type Flags = ReturnType<ReturnType<typeof statusCommand>["opts"]>;

async function status(flags: Flags): Promise<void> {
  const account = accountOf(flags.account);
  const network = resolveNetwork({
    network: flags.network,
    apiUrl: flags.apiUrl,
    wsUrl: flags.wsUrl,
  });
  const thresholds = thresholdsOf(flags);
  const timeoutMs = numberFlag("--timeout", flags.timeout, { positive: true }) * 1000;
  const now = Date.now();
  const info = new InfoClient(network, { timeoutMs });
  const [clearinghouse, openOrders, mids, rateLimit, fills] = await Promise.all([
    info.clearinghouseState(account),
    info.openOrders(account),
    info.allMids(),
    info.userRateLimit(account),
    fillsSince(info, account, now - DAY_MS, now),
  ]);
  const assets = flags.asset ?? [];
  const unknown = assets.filter((coin) => mids[coin] === undefined);
  if (unknown.length > 0) {
    throw new UsageError(`unknown asset ${unknown.map((c) => `"${c}"`).join(", ")}`);
  }
  const lastFillTs = fills.length > 0
    ? null
    : (await info.userFills(account)).filter((f) => assets.length === 0 || assets.includes(f.coin))
      .reduce<number | null>((max, f) => Math.max(max ?? 0, f.time), null);
  const report = buildStatus({
    now,
    account,
    assets,
    clearinghouse,
    openOrders,
    mids,
    fills,
    lastFillTs,
    rateLimit,
    journal: flags.journal === undefined ? null : await journalOf(flags.journal),
  }, thresholds);
  process.stdout.write(
    (flags.nagios ? nagiosLine(report, thresholds) : JSON.stringify(report)) + "\n",
  );
  if (!flags.nagios && process.stderr.isTTY) process.stderr.write(statusView(report));
  process.exitCode = report.exit_code;
}

/** The checks as a short table for a terminal (stderr; stdout stays NDJSON). */
function statusView(
  report: {
    level: string;
    account: string;
    checks: { name: string; level: string; message: string }[];
  },
): string {
  const width = Math.max(...report.checks.map((check) => check.name.length));
  const lines = report.checks.map((check) =>
    `  ${check.level.toUpperCase().padEnd(8)} ${check.name.padEnd(width)}  ${check.message}`
  );
  return `mm status ${report.account}: ${report.level.toUpperCase()}\n${lines.join("\n")}\n`;
}

function accountOf(flag: string | undefined): string {
  if (flag !== undefined) return parseAddress(flag, { source: "--account" });
  const env = process.env.HL_ACCOUNT;
  if (env === undefined || env.trim() === "") {
    throw new UsageError("no account: pass --account ADDRESS or set HL_ACCOUNT");
  }
  return parseAddress(env, { source: "HL_ACCOUNT" });
}

function thresholdsOf(flags: Flags): StatusThresholds {
  const num = (flag: string, text: string) => numberFlag(flag, text, { min: 0 });
  const maxPositionUsd = flags.maxPositionUsd !== undefined
    ? num("--max-position-usd", flags.maxPositionUsd)
    : flags.config !== undefined
    ? loadConfig(flags.config).strategy.position.maxUsd
    : D.maxPositionUsd;
  const thresholds: StatusThresholds = {
    maxPositionUsd,
    positionWarnPct: num("--position-warn-pct", flags.positionWarnPct),
    positionCritPct: num("--position-crit-pct", flags.positionCritPct),
    marginWarn: num("--margin-warn", flags.marginWarn),
    marginCrit: num("--margin-crit", flags.marginCrit),
    liqWarnPct: num("--liq-warn-pct", flags.liqWarnPct),
    liqCritPct: num("--liq-crit-pct", flags.liqCritPct),
    budgetWarn: num("--budget-warn", flags.budgetWarn),
    budgetCrit: num("--budget-crit", flags.budgetCrit),
    heartbeatWarnS: num("--heartbeat-warn", flags.heartbeatWarn),
    heartbeatCritS: num("--heartbeat-crit", flags.heartbeatCrit),
    dailyLossWarnUsd: flags.dailyLossWarn === undefined
      ? null
      : numberFlag("--daily-loss-warn", flags.dailyLossWarn, { positive: true }),
    dailyLossCritUsd: flags.dailyLossCrit === undefined
      ? null
      : numberFlag("--daily-loss-crit", flags.dailyLossCrit, { positive: true }),
  };
  validateThresholds(thresholds);
  return thresholds;
}

/** Fills in [start, end], paging by the last fill's time (2,000 a page), deduplicated. */
async function fillsSince(
  info: InfoClient,
  user: string,
  start: number,
  end: number,
): Promise<UserFill[]> {
  const seen = new Map<string, UserFill>();
  let from = start;
  for (let page = 0; page < MAX_FILL_PAGES; page++) {
    const fills = await info.userFillsByTime(user, { startTime: from, endTime: end });
    for (const fill of fills) {
      seen.set(`${fill.tid ?? ""}:${fill.hash ?? ""}:${fill.oid ?? ""}:${fill.time}`, fill);
    }
    if (fills.length < FILL_PAGE) break;
    const last = Math.max(...fills.map((f) => f.time));
    if (last <= from) break;
    from = last;
  }
  return [...seen.values()];
}

async function journalOf(path: string): Promise<JournalInput> {
  const summary = await readJournal(path);
  return {
    path,
    found: summary.found,
    lastHeartbeatTs: summary.lastHeartbeatTs ?? null,
    ipWeightShare: summary.found ? lastIpWeightShare(path) : null,
  };
}

function describe(error: unknown): string {
  if (error instanceof InputError) return error.describe();
  if (error instanceof HyperliquidError) return `${error.request}: ${error.message}`;
  if (error instanceof Error) return error.message;
  return String(error);
}
