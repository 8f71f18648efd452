/**
 * `mm ratelimit`'s arithmetic: how much of Hyperliquid's request budget a
 * journal spent, where the address budget stands, when it runs out at the
 * observed rates, and what another policy would have spent. Pure: the
 * journal is read by {@link readBudgetJournal}, time comes from the events.
 *
 * The counting (Hyperliquid docs, "Rate limits and user limits"; see
 * lib/hyperliquid/weights.ts and lib/engine/rate_tracker.ts):
 * - IP weight of an action: 1 + floor(orders / 40);
 * - address requests of an action: its orders, at least 1 (a batch of n
 *   counts n against the address budget);
 * - the address cap grows by 1 per USDC filled (px × sz); past the cap the
 *   exchange allows one request per 10 s.
 *
 * Only `/exchange` actions are journalled, so the IP weight here leaves out
 * info requests (the engine's minute sync, about 42 weight a minute).
 *
 * @module
 */

import { UsageError } from "../errors.ts";
import type { UserRateLimit } from "../hyperliquid/schemas.ts";
import { ADDRESS_INITIAL_BUDGET, IP_WEIGHT_PER_MINUTE } from "../hyperliquid/weights.ts";
import type { BudgetEvent, BudgetJournal } from "./_ratelimit_read.ts";

export { type BudgetEvent, type BudgetJournal, readBudgetJournal } from "./_ratelimit_read.ts";

const MINUTE_MS = 60_000;
const HOUR_MS = 3_600_000;
/** Batch items that first add IP weight (1 + floor(n / 40)). */
const ITEMS_PER_WEIGHT = 40;

/** Where the budget stood when the journal began; flags win over the journal's first status. */
export interface BudgetStartOptions {
  /** Address requests already used (`--start-used`). */
  startUsed?: number;
  /** Address cap (`--start-cap`). */
  startCap?: number;
}

/** Actions, IP weight and address requests of one action kind. */
export interface KindTally {
  actions: number;
  orders: number;
  ip_weight: number;
  address_requests: number;
}

/**
 * The `ratelimit` event of a journal (snake_case: it is NDJSON). Rates are
 * per minute of the journal's span; null when the span is 0.
 */
export interface RateLimitReport {
  /** The journal's last event time, epoch ms. */
  ts: number;
  type: "ratelimit";
  source: "journal";
  /** The journal as named (`-` for stdin). */
  file: string;
  /** First and last event time, epoch ms, and the minutes between. */
  from_ts: number;
  to_ts: number;
  minutes: number;
  /** `quote` events (each one requote decision). */
  requotes: number;
  /** `/exchange` actions. */
  actions: number;
  /** Their IP weight: Σ 1 + floor(orders / 40). */
  ip_weight: number;
  /** Their address requests: Σ max(1, orders). */
  address_requests: number;
  actions_per_minute: number | null;
  ip_weight_per_minute: number | null;
  /** Most IP weight in one clock minute (info requests not included). */
  peak_ip_weight_minute: number;
  /** The IP limit per rolling minute (1,200). */
  ip_weight_limit: number;
  address_requests_per_minute: number | null;
  /** Actions and address requests that followed a requote, per requote (null without requotes). */
  actions_per_requote: number | null;
  address_requests_per_requote: number | null;
  /** The same, split by action kind (`cancel`, `modify`, `place`). */
  by_kind: Record<"cancel" | "modify" | "place", KindTally>;
  /** Own fills and their volume, USD (px × sz). */
  fills: number;
  fill_volume_usd: number;
  fill_volume_per_hour_usd: number | null;
  /** Address requests earned per minute by fills (1 per USDC). */
  replenish_per_minute: number | null;
  /** Where the starting point came from: `flags`, the first `status` event, or `default` (0 of 10,000). */
  start_source: "flags" | "status" | "default";
  /** Address requests used and cap when the journal began. */
  start_used: number;
  start_cap: number;
  /** At the journal's end: used, cap (start + 1 per whole USDC filled), cap − used (at least 0). */
  address_used: number;
  address_cap: number;
  address_remaining: number;
  /** address_requests_per_minute − replenish_per_minute. */
  net_spend_per_minute: number | null;
  /** Hours from the journal's end until remaining reaches 0 at the observed rates; null = never/unknown. */
  projected_hours_left: number | null;
  /** When that is, epoch ms; null = never/unknown. */
  runs_out_ts: number | null;
  /** The same as ISO time, or `never` (fills replenish at least as fast), or `unknown` (no span). */
  runs_out: string;
}

/** One point of the budget's trajectory (`--trajectory`). */
export interface TrajectoryPoint {
  ts: number;
  type: "ratelimit_point";
  /** Address requests used and cap at `ts`, and cap − used (at least 0). */
  used: number;
  cap: number;
  remaining: number;
}

/** A policy `--what-if` re-counts the journal under. */
export type WhatIfPolicy =
  | { name: "single-cancels" }
  | { name: "min-interval"; ms: number };

/** The `ratelimit_what_if` event: the journal re-counted under a policy. */
export interface WhatIfReport {
  ts: number;
  type: "ratelimit_what_if";
  /** The policy as given, e.g. `single-cancels`, `min-interval=1000`. */
  policy: string;
  /** Requotes kept, and dropped by the policy. */
  requotes: number;
  dropped_requotes: number;
  actions: number;
  ip_weight: number;
  address_requests: number;
  peak_ip_weight_minute: number;
  ip_weight_per_minute: number | null;
  address_requests_per_minute: number | null;
  /** Address budget left at the journal's end, and the projection (as in `ratelimit`). */
  address_remaining: number;
  projected_hours_left: number | null;
  runs_out: string;
  /** What-if minus actual: negative is budget saved. */
  vs_actual: {
    requotes: number;
    actions: number;
    ip_weight: number;
    address_requests: number;
    peak_ip_weight_minute: number;
  };
}

/** The `ratelimit` event of a live `userRateLimit` answer. */
export interface LiveRateLimitReport {
  ts: number;
  type: "ratelimit";
  source: "live";
  /** The address asked about (lowercase). */
  account: string;
  /** `mainnet`, `testnet` or `custom`, and the API asked. */
  network: string;
  api_url: string;
  /** `nRequestsUsed`, `nRequestsCap`, cap − used (at least 0), used / cap (4 decimals). */
  address_used: number;
  address_cap: number;
  address_remaining: number;
  address_share: number;
  /** `cumVlm`: cumulative traded volume, USDC (the cap is 10,000 + this). */
  cum_vlm_usd: number;
}

/** IP weight of an action of `orders` orders: 1 + floor(orders / 40). */
export function actionWeight(orders: number): number {
  return 1 + Math.floor(orders / ITEMS_PER_WEIGHT);
}

/** Address requests of an action of `orders` orders: the orders, at least 1. */
export function actionAddressRequests(orders: number): number {
  return Math.max(1, orders);
}

/**
 * The journal's `ratelimit` event and the budget's trajectory: the start,
 * then one point per time (`ts`) an action or fill changed it, the last
 * state at that time (so the start is replaced by a change at the first ts).
 */
export function rateLimitReport(
  journal: BudgetJournal,
  options: BudgetStartOptions = {},
): { report: RateLimitReport; points: TrajectoryPoint[] } {
  const start = budgetStart(journal, options);
  const t = tally(journal.events, start, journal.firstTs);
  const minutes = (journal.lastTs - journal.firstTs) / MINUTE_MS;
  const perMinute = (x: number) => (minutes > 0 ? round(x / minutes, 3) : null);
  const cap = start.cap + Math.floor(t.fillUsd);
  const used = start.used + t.addressRequests;
  const remaining = Math.max(0, cap - used);
  const projection = project(minutes, t.addressRequests, t.fillUsd, remaining, journal.lastTs);
  const report: RateLimitReport = {
    ts: journal.lastTs,
    type: "ratelimit",
    source: "journal",
    file: journal.file,
    from_ts: journal.firstTs,
    to_ts: journal.lastTs,
    minutes: round(minutes, 3),
    requotes: t.requotes,
    actions: t.actions,
    ip_weight: t.ipWeight,
    address_requests: t.addressRequests,
    actions_per_minute: perMinute(t.actions),
    ip_weight_per_minute: perMinute(t.ipWeight),
    peak_ip_weight_minute: t.peakMinuteWeight,
    ip_weight_limit: IP_WEIGHT_PER_MINUTE,
    address_requests_per_minute: perMinute(t.addressRequests),
    actions_per_requote: t.requotes > 0 ? round(t.requoteActions / t.requotes, 3) : null,
    address_requests_per_requote: t.requotes > 0 ? round(t.requoteAddress / t.requotes, 3) : null,
    by_kind: t.byKind,
    fills: t.fills,
    fill_volume_usd: round(t.fillUsd, 2),
    fill_volume_per_hour_usd: minutes > 0 ? round(t.fillUsd / (minutes / 60), 2) : null,
    replenish_per_minute: perMinute(t.fillUsd),
    start_source: start.source,
    start_used: start.used,
    start_cap: start.cap,
    address_used: used,
    address_cap: cap,
    address_remaining: remaining,
    net_spend_per_minute: minutes > 0 ? round((t.addressRequests - t.fillUsd) / minutes, 3) : null,
    ...projection,
  };
  return { report, points: t.points };
}

/**
 * Parses a `--what-if` policy: `single-cancels` or `min-interval=MS`.
 *
 * @throws {UsageError} for anything else (`tolerance=BPS` is not supported).
 */
export function parseWhatIf(text: string): WhatIfPolicy {
  const trimmed = text.trim();
  if (trimmed === "single-cancels") return { name: "single-cancels" };
  const match = /^min-interval=(.*)$/.exec(trimmed);
  if (match !== null) {
    const ms = Number(match[1]);
    if (match[1].trim() === "" || !Number.isFinite(ms) || ms < 0) {
      throw new UsageError(`--what-if "${text}": MS must be a number of milliseconds ≥ 0`);
    }
    return { name: "min-interval", ms };
  }
  if (trimmed.startsWith("tolerance=")) {
    throw new UsageError(
      `--what-if "${text}" is not supported yet; use single-cancels or min-interval=MS`,
    );
  }
  throw new UsageError(
    `--what-if "${text}" is not a policy; use single-cancels or min-interval=MS`,
  );
}

/** The policy as text, e.g. `min-interval=1000`. */
export function policyText(policy: WhatIfPolicy): string {
  return policy.name === "min-interval" ? `min-interval=${policy.ms}` : policy.name;
}

/**
 * The journal's events as they would have been under `policy`:
 * - `single-cancels`: each cancelled order its own action (a bulk cancel of
 *   n becomes n cancels of 1: n IP weight instead of 1 + floor(n / 40), the
 *   same n address requests);
 * - `min-interval=MS`: per coin, a requote less than MS after the previous
 *   kept one is dropped with the actions that followed it. Fills are kept as
 *   observed, and later requotes are not made bigger by the ones dropped, so
 *   this is the most the policy could save.
 */
export function applyPolicy(events: readonly BudgetEvent[], policy: WhatIfPolicy): BudgetEvent[] {
  if (policy.name === "single-cancels") {
    return events.flatMap((event) =>
      event.kind === "action" && event.action === "cancel" && event.orders > 1
        ? Array.from({ length: event.orders }, () => ({ ...event, orders: 1 }))
        : [event]
    );
  }
  const lastKept = new Map<string, number>();
  const dropped = new Set<number>();
  const out: BudgetEvent[] = [];
  for (const event of events) {
    if (event.kind === "quote") {
      const last = lastKept.get(event.coin);
      if (last !== undefined && event.ts - last < policy.ms) {
        dropped.add(event.index);
        continue;
      }
      lastKept.set(event.coin, event.ts);
    }
    if (event.kind === "action" && event.requote !== undefined && dropped.has(event.requote)) {
      continue;
    }
    out.push(event);
  }
  return out;
}

/** The journal re-counted under `policy`, compared with what it actually spent. */
export function whatIfReport(
  journal: BudgetJournal,
  policy: WhatIfPolicy,
  options: BudgetStartOptions = {},
): WhatIfReport {
  const { report: actual } = rateLimitReport(journal, options);
  const start = { used: actual.start_used, cap: actual.start_cap };
  const t = tally(applyPolicy(journal.events, policy), start, journal.firstTs);
  const minutes = (journal.lastTs - journal.firstTs) / MINUTE_MS;
  const perMinute = (x: number) => (minutes > 0 ? round(x / minutes, 3) : null);
  const remaining = Math.max(
    0,
    start.cap + Math.floor(t.fillUsd) - (start.used + t.addressRequests),
  );
  const projection = project(minutes, t.addressRequests, t.fillUsd, remaining, journal.lastTs);
  return {
    ts: journal.lastTs,
    type: "ratelimit_what_if",
    policy: policyText(policy),
    requotes: t.requotes,
    dropped_requotes: actual.requotes - t.requotes,
    actions: t.actions,
    ip_weight: t.ipWeight,
    address_requests: t.addressRequests,
    peak_ip_weight_minute: t.peakMinuteWeight,
    ip_weight_per_minute: perMinute(t.ipWeight),
    address_requests_per_minute: perMinute(t.addressRequests),
    address_remaining: remaining,
    projected_hours_left: projection.projected_hours_left,
    runs_out: projection.runs_out,
    vs_actual: {
      requotes: t.requotes - actual.requotes,
      actions: t.actions - actual.actions,
      ip_weight: t.ipWeight - actual.ip_weight,
      address_requests: t.addressRequests - actual.address_requests,
      peak_ip_weight_minute: t.peakMinuteWeight - actual.peak_ip_weight_minute,
    },
  };
}

/**
 * Remaining address budget over the trajectory's span in `columns` equal
 * time slices (the value at each slice's end), for a chart.
 */
export function remainingSeries(points: readonly TrajectoryPoint[], columns = 60): number[] {
  if (points.length === 0) return [];
  const from = points[0].ts;
  const to = points[points.length - 1].ts;
  if (to <= from) return points.map((p) => p.remaining);
  const series: number[] = [];
  let i = 0;
  for (let c = 1; c <= columns; c++) {
    const end = from + ((to - from) * c) / columns;
    while (i + 1 < points.length && points[i + 1].ts <= end) i += 1;
    series.push(points[i].remaining);
  }
  return series;
}

/** The `ratelimit` event of a `userRateLimit` answer. */
export function liveRateLimitReport(
  answer: Pick<UserRateLimit, "cumVlm" | "nRequestsUsed" | "nRequestsCap">,
  context: { ts: number; account: string; network: string; apiUrl: string },
): LiveRateLimitReport {
  const used = answer.nRequestsUsed;
  const cap = answer.nRequestsCap;
  return {
    ts: context.ts,
    type: "ratelimit",
    source: "live",
    account: context.account,
    network: context.network,
    api_url: context.apiUrl,
    address_used: used,
    address_cap: cap,
    address_remaining: Math.max(0, cap - used),
    address_share: round(cap > 0 ? used / cap : 1, 4),
    cum_vlm_usd: Number(answer.cumVlm),
  };
}

interface Start {
  used: number;
  cap: number;
  source: "flags" | "status" | "default";
}

/**
 * The budget at the journal's start: flags, else the first `status` event's
 * figures less what the journal spent and earned before that line, else a
 * fresh address (0 of 10,000). A flag overrides only its own figure.
 */
function budgetStart(journal: BudgetJournal, options: BudgetStartOptions): Start {
  let base: Start = { used: 0, cap: ADDRESS_INITIAL_BUDGET, source: "default" };
  const status = journal.events.find((e) => e.kind === "status");
  if (status !== undefined) {
    let spent = 0;
    let filled = 0;
    for (const e of journal.events) {
      if (e.line >= status.line) break;
      if (e.kind === "action") spent += actionAddressRequests(e.orders);
      if (e.kind === "fill") filled += e.notionalUsd;
    }
    base = {
      used: Math.max(0, status.used - spent),
      cap: Math.max(0, status.cap - Math.floor(filled)),
      source: "status",
    };
  }
  const flagged = options.startUsed !== undefined || options.startCap !== undefined;
  return {
    used: options.startUsed ?? base.used,
    cap: options.startCap ?? base.cap,
    source: flagged ? "flags" : base.source,
  };
}

interface Tally {
  requotes: number;
  actions: number;
  ipWeight: number;
  addressRequests: number;
  requoteActions: number;
  requoteAddress: number;
  peakMinuteWeight: number;
  byKind: Record<"cancel" | "modify" | "place", KindTally>;
  fills: number;
  fillUsd: number;
  points: TrajectoryPoint[];
}

function tally(
  events: readonly BudgetEvent[],
  start: { used: number; cap: number },
  firstTs: number,
): Tally {
  const kind = (): KindTally => ({ actions: 0, orders: 0, ip_weight: 0, address_requests: 0 });
  const t: Tally = {
    requotes: 0,
    actions: 0,
    ipWeight: 0,
    addressRequests: 0,
    requoteActions: 0,
    requoteAddress: 0,
    peakMinuteWeight: 0,
    byKind: { cancel: kind(), modify: kind(), place: kind() },
    fills: 0,
    fillUsd: 0,
    points: [],
  };
  const minuteWeight = new Map<number, number>();
  const point = (ts: number) => {
    const used = start.used + t.addressRequests;
    const cap = start.cap + Math.floor(t.fillUsd);
    t.points.push({ ts, type: "ratelimit_point", used, cap, remaining: Math.max(0, cap - used) });
  };
  point(firstTs);
  for (const event of events) {
    if (event.kind === "quote") t.requotes += 1;
    if (event.kind === "action") {
      const weight = actionWeight(event.orders);
      const requests = actionAddressRequests(event.orders);
      t.actions += 1;
      t.ipWeight += weight;
      t.addressRequests += requests;
      const k = t.byKind[event.action];
      k.actions += 1;
      k.orders += event.orders;
      k.ip_weight += weight;
      k.address_requests += requests;
      if (event.requote !== undefined) {
        t.requoteActions += 1;
        t.requoteAddress += requests;
      }
      const minute = Math.floor(event.ts / MINUTE_MS);
      const inMinute = (minuteWeight.get(minute) ?? 0) + weight;
      minuteWeight.set(minute, inMinute);
      t.peakMinuteWeight = Math.max(t.peakMinuteWeight, inMinute);
      point(event.ts);
    }
    if (event.kind === "fill") {
      t.fills += 1;
      t.fillUsd += event.notionalUsd;
      point(event.ts);
    }
  }
  // Time order (a concatenation of journals may not be), one point per ts: the last.
  const sorted = t.points.map((p, i) => ({ p, i })).sort((a, b) => a.p.ts - b.p.ts || a.i - b.i);
  t.points = sorted.map(({ p }) => p).filter((p, i, all) =>
    i + 1 === all.length || all[i + 1].ts !== p.ts
  );
  return t;
}

/** Runs out where net spend (requests − USDC filled, per minute) eats the remaining budget. */
function project(
  minutes: number,
  addressRequests: number,
  fillUsd: number,
  remaining: number,
  endTs: number,
): Pick<RateLimitReport, "projected_hours_left" | "runs_out_ts" | "runs_out"> {
  if (!(minutes > 0)) return { projected_hours_left: null, runs_out_ts: null, runs_out: "unknown" };
  const net = (addressRequests - fillUsd) / minutes;
  if (net <= 0) return { projected_hours_left: null, runs_out_ts: null, runs_out: "never" };
  const ms = (remaining / net) * MINUTE_MS;
  const at = Math.round(endTs + ms);
  return {
    projected_hours_left: round(ms / HOUR_MS, 2),
    runs_out_ts: at,
    runs_out: new Date(at).toISOString(),
  };
}

function round(x: number, decimals: number): number {
  const scale = 10 ** decimals;
  return Math.round(x * scale) / scale;
}
