/**
 * `mm status`, the pure part: from what was read off the exchange (and the
 * journal) to one `status` report, its checks and their levels, the exit
 * code (monitoring-plugin convention: 0 OK · 1 WARNING · 2 CRITICAL ·
 * 3 UNKNOWN) and the one-line `--nagios` form. No I/O, no clock: `now` is
 * an input.
 *
 * Definitions. Margin ratio = `marginSummary.totalMarginUsed / accountValue`.
 * Liquidation distance = how far the mark may move against the position
 * before the liquidation price, % of the mark (negative: past it). Daily loss
 * = −(closed P&L − fees) of today's fills (UTC day); unrealized P&L is not
 * counted. Position use = |size| × mark / max position USD.
 *
 * @module
 */

import type {
  ClearinghouseState,
  OpenOrder,
  UserFill,
  UserRateLimit,
} from "../hyperliquid/schemas.ts";
import { UsageError } from "../errors.ts";

/** Exit codes of `mm status` (monitoring-plugin convention). */
export const STATUS_EXIT = { ok: 0, warning: 1, critical: 2, unknown: 3 } as const;

/** A check's level. */
export type StatusLevel = "ok" | "warning" | "critical";

/**
 * `mm status` could not tell (exchange unreachable, bad input, bad flags):
 * exit 3. `line` is the one line to print on stderr.
 */
export class StatusUnknownError extends Error {
  override name = "StatusUnknownError";
  /** Always 3. */
  readonly exitCode: number = STATUS_EXIT.unknown;

  constructor(what: string) {
    super(what);
  }

  /** `mm status: UNKNOWN - <what>`. */
  get line(): string {
    return unknownLine(this.message);
  }
}

/** The one stderr line of an UNKNOWN result: `mm status: UNKNOWN - <what>`. */
export function unknownLine(what: string): string {
  return `mm status: UNKNOWN - ${what.split("\n")[0]}`;
}

/** The `--nagios` line of an UNKNOWN result: `MM STATUS UNKNOWN - <what>`. */
export function unknownNagiosLine(what: string): string {
  return `MM STATUS UNKNOWN - ${what.split("\n")[0]}`;
}

/** Where each check turns warning and critical. */
export interface StatusThresholds {
  /** Max |position| notional, USD; 0 turns the position check off. */
  maxPositionUsd: number;
  /** Warning at this % of the max position. */
  positionWarnPct: number;
  /** Critical at this % of the max position. */
  positionCritPct: number;
  /** Warning at this margin ratio. */
  marginWarn: number;
  /** Critical at this margin ratio. */
  marginCrit: number;
  /** Warning when a liquidation price is this % of the mark away or closer. */
  liqWarnPct: number;
  /** Critical when a liquidation price is this % of the mark away or closer. */
  liqCritPct: number;
  /** Warning when fewer address requests than this remain. */
  budgetWarn: number;
  /** Critical when fewer address requests than this remain. */
  budgetCrit: number;
  /** Warning when the journal's last heartbeat is this many seconds old. */
  heartbeatWarnS: number;
  /** Critical when the journal's last heartbeat is this many seconds old. */
  heartbeatCritS: number;
  /** Warning at this net realized loss today, USD (positive); null: off. */
  dailyLossWarnUsd: number | null;
  /** Critical at this net realized loss today, USD (positive); null: off. */
  dailyLossCritUsd: number | null;
}

/** The defaults of the status flags (max position: the config default, $10,000). */
export const DEFAULT_STATUS_THRESHOLDS: Readonly<StatusThresholds> = Object.freeze({
  maxPositionUsd: 10_000,
  positionWarnPct: 80,
  positionCritPct: 100,
  marginWarn: 0.5,
  marginCrit: 0.8,
  liqWarnPct: 10,
  liqCritPct: 5,
  budgetWarn: 2000,
  budgetCrit: 500,
  heartbeatWarnS: 120,
  heartbeatCritS: 300,
  dailyLossWarnUsd: null,
  dailyLossCritUsd: null,
});

/**
 * Refuses thresholds in the wrong order (e.g. a margin warning above its
 * critical level) or out of range.
 *
 * @throws {UsageError} naming the flags.
 */
export function validateThresholds(t: StatusThresholds): void {
  const order = (warnFlag: string, warn: number, critFlag: string, crit: number, up: boolean) => {
    if (up ? warn > crit : warn < crit) {
      throw new UsageError(
        `${warnFlag} ${warn} must be ${up ? "at most" : "at least"} ${critFlag} ${crit}`,
      );
    }
  };
  order("--position-warn-pct", t.positionWarnPct, "--position-crit-pct", t.positionCritPct, true);
  order("--margin-warn", t.marginWarn, "--margin-crit", t.marginCrit, true);
  order("--liq-warn-pct", t.liqWarnPct, "--liq-crit-pct", t.liqCritPct, false);
  order("--budget-warn", t.budgetWarn, "--budget-crit", t.budgetCrit, false);
  order("--heartbeat-warn", t.heartbeatWarnS, "--heartbeat-crit", t.heartbeatCritS, true);
  if (t.dailyLossWarnUsd !== null && t.dailyLossCritUsd !== null) {
    order("--daily-loss-warn", t.dailyLossWarnUsd, "--daily-loss-crit", t.dailyLossCritUsd, true);
  }
}

/** What the journal said (only with `--journal`). */
export interface JournalInput {
  /** The path as given. */
  path: string;
  /** Whether the file exists. */
  found: boolean;
  /** ts of the last `status` event (the engine's heartbeat), epoch ms. */
  lastHeartbeatTs: number | null;
  /** IP weight share (0..1) of the last rate-limit snapshot in the journal. */
  ipWeightShare: number | null;
}

/** Everything `mm status` read, as the exchange answered. */
export interface StatusInputs {
  /** Epoch ms of the report. */
  now: number;
  /** The address (lowercase). */
  account: string;
  /** Only these coins (positions, orders, fills); empty or missing: all. */
  assets?: readonly string[];
  clearinghouse: ClearinghouseState;
  openOrders: readonly OpenOrder[];
  /** allMids. */
  mids: Readonly<Record<string, string>>;
  /** Fills of at least the last 24 h (older ones are ignored). */
  fills: readonly UserFill[];
  /** Time of the latest fill when none is in `fills` (from userFills), epoch ms. */
  lastFillTs?: number | null;
  rateLimit: UserRateLimit;
  journal: JournalInput | null;
}

/** One position of the report. */
export interface StatusPosition {
  coin: string;
  /** Signed size, coins (negative: short). */
  size: number;
  entry_px: number | null;
  /** Mid from allMids (else position value / |size|). */
  mark_px: number;
  unrealized_pnl_usd: number;
  leverage: number;
  liquidation_px: number | null;
  /** % of the mark the price may move against the position before liquidation; null: none. */
  liquidation_distance_pct: number | null;
}

/** Resting orders of one coin. */
export interface CoinOrders {
  bids: number;
  asks: number;
  /** (mid − best bid) / mid, bps; null without bids or mid. */
  best_bid_distance_bps: number | null;
  /** (best ask − mid) / mid, bps; null without asks or mid. */
  best_ask_distance_bps: number | null;
}

/** One check. */
export interface StatusCheck {
  name: string;
  level: StatusLevel;
  message: string;
}

/** The `status` NDJSON event. */
export interface StatusReport {
  ts: number;
  type: "status";
  account: string;
  positions: StatusPosition[];
  account_value_usd: number;
  margin_used_usd: number;
  /** margin used / account value; null when the account value is not above 0 but margin is used. */
  margin_ratio: number | null;
  open_orders: { total: number; by_coin: Record<string, CoinOrders> };
  realized_pnl_today_usd: number;
  fees_today_usd: number;
  realized_pnl_24h_usd: number;
  fees_24h_usd: number;
  last_fill_ts: number | null;
  ratelimit: { used: number; cap: number; remaining: number; ip_weight_share: number | null };
  journal:
    | { path: string; last_heartbeat_ts: number | null; heartbeat_age_s: number | null }
    | null;
  checks: StatusCheck[];
  level: StatusLevel;
  exit_code: number;
}

const DAY_MS = 86_400_000;
const RANK: Record<StatusLevel, number> = { ok: 0, warning: 1, critical: 2 };

/** Builds the report: figures, checks, overall level and exit code. */
export function buildStatus(inputs: StatusInputs, thresholds: StatusThresholds): StatusReport {
  const wanted = inputs.assets !== undefined && inputs.assets.length > 0
    ? new Set(inputs.assets)
    : undefined;
  const keep = (coin: string) => wanted === undefined || wanted.has(coin);
  const mid = (coin: string): number | undefined => {
    const text = inputs.mids[coin];
    const value = text === undefined ? NaN : Number(text);
    return Number.isFinite(value) && value > 0 ? value : undefined;
  };

  const positions: StatusPosition[] = [];
  for (const { position: p } of inputs.clearinghouse.assetPositions) {
    const size = Number(p.szi);
    if (size === 0 || !keep(p.coin)) continue;
    const mark = mid(p.coin) ?? Math.abs(Number(p.positionValue) / size);
    const liq = p.liquidationPx === null ? null : Number(p.liquidationPx);
    positions.push({
      coin: p.coin,
      size,
      entry_px: p.entryPx === null ? null : Number(p.entryPx),
      mark_px: mark,
      unrealized_pnl_usd: round(Number(p.unrealizedPnl), 6),
      leverage: p.leverage.value,
      liquidation_px: liq,
      liquidation_distance_pct: liq === null || liq <= 0
        ? null
        : round((size > 0 ? mark - liq : liq - mark) / mark * 100, 2),
    });
  }

  const byCoin: Record<string, CoinOrders> = {};
  for (const coin of wanted ?? []) byCoin[coin] = emptyOrders();
  const bestBid = new Map<string, number>();
  const bestAsk = new Map<string, number>();
  let total = 0;
  for (const order of inputs.openOrders) {
    if (!keep(order.coin)) continue;
    total += 1;
    const entry = byCoin[order.coin] ??= emptyOrders();
    const px = Number(order.limitPx);
    if (order.side === "B") {
      entry.bids += 1;
      bestBid.set(order.coin, Math.max(bestBid.get(order.coin) ?? -Infinity, px));
    } else {
      entry.asks += 1;
      bestAsk.set(order.coin, Math.min(bestAsk.get(order.coin) ?? Infinity, px));
    }
  }
  for (const [coin, entry] of Object.entries(byCoin)) {
    const m = mid(coin);
    const bid = bestBid.get(coin);
    const ask = bestAsk.get(coin);
    if (m !== undefined && bid !== undefined) {
      entry.best_bid_distance_bps = round((m - bid) / m * 1e4, 2);
    }
    if (m !== undefined && ask !== undefined) {
      entry.best_ask_distance_bps = round((ask - m) / m * 1e4, 2);
    }
  }

  const dayStart = Math.floor(inputs.now / DAY_MS) * DAY_MS;
  const since24h = inputs.now - DAY_MS;
  let pnlToday = 0, feesToday = 0, pnl24h = 0, fees24h = 0;
  let lastFillTs: number | null = null;
  for (const fill of inputs.fills) {
    if (!keep(fill.coin)) continue;
    lastFillTs = Math.max(lastFillTs ?? 0, fill.time);
    if (fill.time < since24h) continue;
    pnl24h += Number(fill.closedPnl);
    fees24h += Number(fill.fee);
    if (fill.time >= dayStart) {
      pnlToday += Number(fill.closedPnl);
      feesToday += Number(fill.fee);
    }
  }
  if (lastFillTs === null) lastFillTs = inputs.lastFillTs ?? null;

  const accountValue = Number(inputs.clearinghouse.marginSummary.accountValue);
  const marginUsed = Number(inputs.clearinghouse.marginSummary.totalMarginUsed);
  const marginRatio = accountValue > 0
    ? round(marginUsed / accountValue, 4)
    : marginUsed > 0
    ? null
    : 0;
  const { nRequestsUsed: used, nRequestsCap: cap } = inputs.rateLimit;
  const journal = inputs.journal === null ? null : {
    path: inputs.journal.path,
    last_heartbeat_ts: inputs.journal.lastHeartbeatTs,
    heartbeat_age_s: inputs.journal.lastHeartbeatTs === null
      ? null
      : round(Math.max(0, inputs.now - inputs.journal.lastHeartbeatTs) / 1000, 1),
  };

  const report: StatusReport = {
    ts: inputs.now,
    type: "status",
    account: inputs.account,
    positions,
    account_value_usd: round(accountValue, 6),
    margin_used_usd: round(marginUsed, 6),
    margin_ratio: marginRatio,
    open_orders: { total, by_coin: byCoin },
    realized_pnl_today_usd: round(pnlToday, 6),
    fees_today_usd: round(feesToday, 6),
    realized_pnl_24h_usd: round(pnl24h, 6),
    fees_24h_usd: round(fees24h, 6),
    last_fill_ts: lastFillTs,
    ratelimit: {
      used,
      cap,
      remaining: Math.max(0, cap - used),
      ip_weight_share: inputs.journal?.ipWeightShare ?? null,
    },
    journal,
    checks: [],
    level: "ok",
    exit_code: STATUS_EXIT.ok,
  };
  report.checks = statusChecks(report, thresholds, { journalFound: inputs.journal?.found });
  report.level = worst(report.checks.map((c) => c.level));
  report.exit_code = STATUS_EXIT[report.level];
  return report;
}

/**
 * The checks of a report (its `checks` field is ignored): orders while mm
 * runs, position use, margin ratio, liquidation distance, address budget,
 * heartbeat (with a journal), daily loss (when thresholds are given).
 */
export function statusChecks(
  report: StatusReport,
  t: StatusThresholds,
  options: { journalFound?: boolean } = {},
): StatusCheck[] {
  const checks: StatusCheck[] = [];
  const add = (name: string, level: StatusLevel, message: string) =>
    checks.push({ name, level, message });
  const age = report.journal?.heartbeat_age_s ?? null;
  const running = age !== null && age < t.heartbeatWarnS;

  // Orders: none resting (overall, or for a requested coin) while mm's heartbeat is fresh.
  const bare = Object.entries(report.open_orders.by_coin)
    .filter(([, o]) => o.bids + o.asks === 0).map(([coin]) => coin);
  if (running && report.open_orders.total === 0) {
    add("orders", "critical", `no open orders while mm is running (heartbeat ${age} s ago)`);
  } else if (running && bare.length > 0) {
    add("orders", "critical", `no open orders on ${bare.join(", ")} while mm is running`);
  } else {
    add("orders", "ok", `${report.open_orders.total} open orders`);
  }

  if (t.maxPositionUsd > 0) {
    const top = maxBy(report.positions, (p) => Math.abs(p.size) * p.mark_px);
    if (top === undefined) {
      add("position", "ok", "no position");
    } else {
      const usd = Math.abs(top.size) * top.mark_px;
      const pct = usd / t.maxPositionUsd * 100;
      const level = pct >= t.positionCritPct
        ? "critical"
        : pct >= t.positionWarnPct
        ? "warning"
        : "ok";
      add(
        "position",
        level,
        `${top.coin} $${fix(usd, 2)} is ${fix(pct, 1)}% of max $${fix(t.maxPositionUsd, 2)}`,
      );
    }
  }

  const ratio = report.margin_ratio;
  if (ratio === null) {
    add(
      "margin",
      "critical",
      `margin used $${fix(report.margin_used_usd, 2)} with no account value`,
    );
  } else {
    const level = ratio >= t.marginCrit ? "critical" : ratio >= t.marginWarn ? "warning" : "ok";
    add("margin", level, `margin ratio ${ratio}`);
  }

  const near = maxBy(
    report.positions.filter((p) => p.liquidation_distance_pct !== null),
    (p) => -(p.liquidation_distance_pct as number),
  );
  if (near === undefined) {
    add("liquidation", "ok", "no liquidation price");
  } else {
    const d = near.liquidation_distance_pct as number;
    const level = d <= t.liqCritPct ? "critical" : d <= t.liqWarnPct ? "warning" : "ok";
    add("liquidation", level, `${near.coin} liquidation ${d}% away at ${near.liquidation_px}`);
  }

  const left = report.ratelimit.remaining;
  add(
    "budget",
    left < t.budgetCrit ? "critical" : left < t.budgetWarn ? "warning" : "ok",
    `${left} address requests left of ${report.ratelimit.cap}`,
  );

  if (report.journal !== null) {
    const path = report.journal.path;
    if (options.journalFound === false) {
      add("heartbeat", "critical", `journal ${path} does not exist`);
    } else if (age === null) {
      add("heartbeat", "critical", `no heartbeat in journal ${path}`);
    } else {
      const level = age >= t.heartbeatCritS
        ? "critical"
        : age >= t.heartbeatWarnS
        ? "warning"
        : "ok";
      add("heartbeat", level, `last heartbeat ${age} s ago`);
    }
  }

  if (t.dailyLossWarnUsd !== null || t.dailyLossCritUsd !== null) {
    const net = report.realized_pnl_today_usd - report.fees_today_usd;
    const loss = -net;
    const level = t.dailyLossCritUsd !== null && loss >= t.dailyLossCritUsd
      ? "critical"
      : t.dailyLossWarnUsd !== null && loss >= t.dailyLossWarnUsd
      ? "warning"
      : "ok";
    add("daily_loss", level, `net realized P&L today $${fix(net, 2)}`);
  }
  return checks;
}

/**
 * The monitoring-plugin line: `MM STATUS <LEVEL> - <problems; >N positions,
 * M orders | label=value;warn;crit …` (Nagios ranges: `2000:` = alert below
 * 2000). Labels without a value (no position, no journal) are left out.
 */
export function nagiosLine(report: StatusReport, t: StatusThresholds): string {
  const problems = report.checks.filter((c) => c.level !== "ok").sort((a, b) =>
    RANK[b.level] - RANK[a.level]
  ).map((c) => c.message);
  const counts = `${report.positions.length} position${
    report.positions.length === 1 ? "" : "s"
  }, ${report.open_orders.total} order${report.open_orders.total === 1 ? "" : "s"}`;
  const summary = [...problems, counts].join("; ");
  const perf: string[] = [];
  const put = (label: string, value: number | null, warn = "", crit = "") => {
    if (value !== null && Number.isFinite(value)) perf.push(`${label}=${value};${warn};${crit}`);
  };
  put("account_value", round(report.account_value_usd, 2));
  put("margin_ratio", report.margin_ratio, `${t.marginWarn}`, `${t.marginCrit}`);
  put("positions", report.positions.length);
  put("orders", report.open_orders.total);
  if (t.maxPositionUsd > 0 && report.positions.length > 0) {
    const pct = Math.max(
      ...report.positions.map((p) => Math.abs(p.size) * p.mark_px / t.maxPositionUsd * 100),
    );
    put("position_pct", round(pct, 2), `${t.positionWarnPct}`, `${t.positionCritPct}`);
  }
  const distances = report.positions.map((p) => p.liquidation_distance_pct)
    .filter((d): d is number => d !== null);
  if (distances.length > 0) {
    put("liq_distance_pct", Math.min(...distances), `${t.liqWarnPct}:`, `${t.liqCritPct}:`);
  }
  put("budget_remaining", report.ratelimit.remaining, `${t.budgetWarn}:`, `${t.budgetCrit}:`);
  if (report.journal !== null) {
    put(
      "heartbeat_age_s",
      report.journal.heartbeat_age_s,
      `${t.heartbeatWarnS}`,
      `${t.heartbeatCritS}`,
    );
  }
  put(
    "pnl_today",
    round(report.realized_pnl_today_usd - report.fees_today_usd, 2),
    t.dailyLossWarnUsd === null ? "" : `${-t.dailyLossWarnUsd}:`,
    t.dailyLossCritUsd === null ? "" : `${-t.dailyLossCritUsd}:`,
  );
  return `MM STATUS ${report.level.toUpperCase()} - ${summary} | ${perf.join(" ")}`;
}

// ---------------------------------------------------------------------------

function emptyOrders(): CoinOrders {
  return { bids: 0, asks: 0, best_bid_distance_bps: null, best_ask_distance_bps: null };
}

function worst(levels: StatusLevel[]): StatusLevel {
  return levels.reduce<StatusLevel>((a, b) => (RANK[b] > RANK[a] ? b : a), "ok");
}

function maxBy<T>(items: readonly T[], key: (item: T) => number): T | undefined {
  let best: T | undefined;
  let bestKey = -Infinity;
  for (const item of items) {
    const k = key(item);
    if (best === undefined || k > bestKey) {
      best = item;
      bestKey = k;
    }
  }
  return best;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = Math.round(value * factor) / factor;
  return Object.is(rounded, -0) ? 0 : rounded;
}

function fix(value: number, decimals: number): string {
  return round(value, decimals).toFixed(decimals);
}
