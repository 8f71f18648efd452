/**
 * lib/ops/ratelimit.ts on tests/fixtures/ratelimit_journal.ndjson, a journal
 * made by hand so every figure can be checked on paper:
 *
 * - 10 minutes: first event 2026-01-05 00:00:00 UTC (T0), last T0 + 600 s.
 * - line 2: a status with address_used 2,000 of address_cap 12,000.
 * - 10 requotes, one a minute at T0 + k·60 s (k = 0…9):
 *   k even: 1 batchModify of 10 orders     -> 1 action, weight 1, 10 address requests
 *   k odd:  1 cancel of 10 + 1 place of 10 -> 2 actions, weight 2, 20 address requests
 *   total: 5·1 + 5·2 = 15 actions, 15 IP weight, 5·10 + 5·20 = 150 address requests;
 *   per minute 1.5 actions, 1.5 weight, 15 requests; per requote 1.5 actions, 15 requests;
 *   the busiest minute (an odd k) weighs 2.
 * - 2 fills of 0.0005 BTC at 100,000 = $50 each: $100, i.e. $600 an hour, 10 requests a minute earned.
 * - at the end: used 2,000 + 150 = 2,150, cap 12,000 + 100 = 12,100, remaining 9,950;
 *   net spend 15 − 10 = 5 a minute -> 9,950 / 5 = 1,990 minutes = 33.17 hours,
 *   T0 + 10 min + 1,990 min = T0 + 33 h 20 min = 2026-01-06T09:20:00Z.
 */

import {
  actionWeight,
  applyPolicy,
  type BudgetJournal,
  parseWhatIf,
  rateLimitReport,
  readBudgetJournal,
  remainingSeries,
  whatIfReport,
} from "../../lib/ops/ratelimit.ts";
import { InputError, UsageError } from "../../lib/errors.ts";
import { assert, assertEquals, assertRejects, assertThrows, fixture } from "../_helpers.ts";

const T0 = Date.UTC(2026, 0, 5);
const FIXTURE = Deno.readTextFileSync(fixture("ratelimit_journal.ndjson"));

async function* chunks(text: string, size = 97): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

function journal(text = FIXTURE, file = "fixture"): Promise<BudgetJournal> {
  return readBudgetJournal(chunks(text), file);
}

function fill(ts: number, px: number, sz: number): string {
  return JSON.stringify({
    ts,
    type: "fill",
    coin: "BTC",
    side: "buy",
    dir: "Open Long",
    px,
    sz,
    fee_usd: 0,
    closed_pnl_usd: 0,
    maker: true,
  });
}

Deno.test("the fixture's rates and projection are the hand-checked ones", async () => {
  const { report } = rateLimitReport(await journal());
  assertEquals(report.from_ts, T0);
  assertEquals(report.to_ts, T0 + 600_000);
  assertEquals(report.minutes, 10);
  assertEquals(
    [report.requotes, report.actions, report.ip_weight, report.address_requests],
    [10, 15, 15, 150],
  );
  assertEquals(report.actions_per_minute, 1.5);
  assertEquals(report.ip_weight_per_minute, 1.5);
  assertEquals(report.peak_ip_weight_minute, 2);
  assertEquals(report.address_requests_per_minute, 15);
  assertEquals(report.actions_per_requote, 1.5);
  assertEquals(report.address_requests_per_requote, 15);
  assertEquals(report.by_kind.cancel, {
    actions: 5,
    orders: 50,
    ip_weight: 5,
    address_requests: 50,
  });
  assertEquals([report.fills, report.fill_volume_usd], [2, 100]);
  assertEquals(report.fill_volume_per_hour_usd, 600);
  assertEquals(report.replenish_per_minute, 10);
  assertEquals([report.start_source, report.start_used, report.start_cap], ["status", 2000, 12000]);
  assertEquals(
    [report.address_used, report.address_cap, report.address_remaining],
    [2150, 12100, 9950],
  );
  assertEquals(report.net_spend_per_minute, 5);
  assertEquals(report.projected_hours_left, 33.17);
  assertEquals(report.runs_out_ts, T0 + 600_000 + 1990 * 60_000);
  assertEquals(report.runs_out, "2026-01-06T09:20:00.000Z");
});

Deno.test("the trajectory has one point per change, starting from the status's budget", async () => {
  const { points } = rateLimitReport(await journal());
  // Changes at 0, 60, 120, 150 (fill), 180, 240, 300, 360, 420, 450 (fill), 480, 540 s.
  assertEquals(points.length, 12);
  assertEquals(points[0], {
    ts: T0,
    type: "ratelimit_point",
    used: 2010,
    cap: 12000,
    remaining: 9990,
  });
  assertEquals(points[3], {
    ts: T0 + 150_000,
    type: "ratelimit_point",
    used: 2040, // 10 + 20 + 10
    cap: 12050,
    remaining: 10010,
  });
  assertEquals(points.at(-1), {
    ts: T0 + 540_000,
    type: "ratelimit_point",
    used: 2150,
    cap: 12100,
    remaining: 9950,
  });
  const series = remainingSeries(points, 6);
  assertEquals(series.length, 6);
  assertEquals(series.at(-1), 9950);
});

Deno.test("never runs out when fills replenish faster than quoting spends", async () => {
  // + $1,000 filled: $1,100 over 10 minutes = 110 a minute earned > 15 spent.
  const text = FIXTURE + fill(T0 + 500_000, 100_000, 0.01) + "\n";
  const { report } = rateLimitReport(await journal(text));
  assertEquals(report.replenish_per_minute, 110);
  assertEquals(report.net_spend_per_minute, -95);
  assertEquals(report.projected_hours_left, null);
  assertEquals(report.runs_out_ts, null);
  assertEquals(report.runs_out, "never");
  assertEquals(report.address_cap, 13100);
});

Deno.test("flags set the start; without a status it is a fresh address (0 of 10,000)", async () => {
  const flagged = rateLimitReport(await journal(), { startUsed: 9000, startCap: 10000 }).report;
  assertEquals([flagged.start_source, flagged.start_used, flagged.start_cap], [
    "flags",
    9000,
    10000,
  ]);
  // 10,100 − 9,150 = 950 left at 5 a minute: 190 minutes = 3.17 hours.
  assertEquals(flagged.address_remaining, 950);
  assertEquals(flagged.projected_hours_left, 3.17);
  const noStatus = FIXTURE.split("\n").filter((l) => !l.includes('"status"')).join("\n");
  const fresh = rateLimitReport(await journal(noStatus)).report;
  assertEquals([fresh.start_source, fresh.start_used, fresh.start_cap], ["default", 0, 10000]);
  assertEquals(fresh.address_remaining, 10100 - 150);
});

Deno.test("a status after some actions is taken back to the journal's start", async () => {
  const lines = [
    JSON.stringify({ ts: T0, type: "action", coin: "BTC", kind: "place", orders: 10 }),
    fill(T0 + 1000, 100, 5.5), // $550
    JSON.stringify({
      ts: T0 + 2000,
      type: "status",
      ratelimit: { address_used: 510, address_cap: 10550 },
    }),
  ];
  const { report } = rateLimitReport(await journal(lines.join("\n")));
  assertEquals([report.start_used, report.start_cap], [500, 10000]);
  assertEquals([report.address_used, report.address_cap], [510, 10550]);
});

Deno.test("what-if single cancels: each cancelled order its own action, same address requests", async () => {
  const j = await journal();
  // 5 bulk cancels of 10 become 50 cancels of 1: 5 + 50 + 5 = 60 actions and weight;
  // the address budget counts 150 either way; the busiest minute weighs 10 + 1 = 11.
  const w = whatIfReport(j, parseWhatIf("single-cancels"));
  assertEquals(w.policy, "single-cancels");
  assertEquals([w.actions, w.ip_weight, w.address_requests], [60, 60, 150]);
  assertEquals(w.peak_ip_weight_minute, 11);
  assertEquals(w.vs_actual, {
    requotes: 0,
    actions: 45,
    ip_weight: 45,
    address_requests: 0,
    peak_ip_weight_minute: 9,
  });
  assertEquals(w.runs_out, "2026-01-06T09:20:00.000Z");
  // A big cancel: one action of 100 weighs 1 + floor(100 / 40) = 3; singly, 100.
  assertEquals(actionWeight(100), 3);
  const single = applyPolicy(
    [{ kind: "action", ts: 0, coin: "BTC", action: "cancel", orders: 100, line: 1 }],
    { name: "single-cancels" },
  );
  assertEquals(single.length, 100);
});

Deno.test("what-if min-interval drops requotes too close to the last kept one, with their actions", async () => {
  // Requotes every 60 s, 90 s apart at least: keep 0, 120, 240, 360, 480 s (the batchModify
  // ones), drop 60, 180, 300, 420, 540 s (cancel + place): 5 actions, 50 requests.
  // 2,000 + 50 used of 12,100: 10,050 left, spending 5 a minute against 10 earned: never.
  const w = whatIfReport(await journal(), parseWhatIf("min-interval=90000"));
  assertEquals(w.policy, "min-interval=90000");
  assertEquals([w.requotes, w.dropped_requotes], [5, 5]);
  assertEquals([w.actions, w.ip_weight, w.address_requests], [5, 5, 50]);
  assertEquals(w.address_remaining, 10050);
  assertEquals(w.runs_out, "never");
  assertEquals(w.vs_actual.address_requests, -100);
  // 0 ms keeps everything.
  assertEquals(whatIfReport(await journal(), parseWhatIf("min-interval=0")).vs_actual.actions, 0);
});

Deno.test("what-if policies: only single-cancels and min-interval=MS", () => {
  assertEquals(parseWhatIf("min-interval=250"), { name: "min-interval", ms: 250 });
  assertThrows(() => parseWhatIf("tolerance=5"), UsageError, "not supported");
  assertThrows(() => parseWhatIf("min-interval=soon"), UsageError, "milliseconds");
  assertThrows(() => parseWhatIf("faster"), UsageError, "not a policy");
});

Deno.test("a bad line is an InputError at file:line", async () => {
  const lines = FIXTURE.split("\n");
  lines[3] = '{"ts":1767571200000,"type":"action","coin":"BTC","kind":"modify","orders":-1}';
  const error = await readBudgetJournal(chunks(lines.join("\n")), "j.ndjson").catch((e) => e);
  assert(error instanceof InputError);
  assertEquals(error.location.line, 4);
  assertEquals(error.location.field, "orders");
  lines[3] = "{not json";
  const notJson = await readBudgetJournal(chunks(lines.join("\n")), "j.ndjson").catch((e) => e);
  assert(notJson instanceof InputError);
  assertEquals(notJson.describe(), "j.ndjson:4: not JSON; expected one mm event per line");
  await assertRejects(() => readBudgetJournal(chunks("\n\n"), "empty"), InputError, "no events");
});
