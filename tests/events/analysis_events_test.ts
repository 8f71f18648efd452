/** The NDJSON contract of `mm analyze-trades`: every line parses with the schema of its type. */

import { AnalysisEventSchema, BucketSchema } from "../../lib/events/analysis.ts";
import {
  assert,
  assertEachMatches,
  assertEquals,
  fixture,
  ndjson,
  runMm,
  sharedData,
} from "../_helpers.ts";

async function assertContract(args: string[], kinds: string[]): Promise<void> {
  const { code, stdout, stderr } = await runMm(["analyze-trades", ...args]);
  assertEquals(code, 0, stderr);
  const seen = assertEachMatches(AnalysisEventSchema, ndjson(stdout));
  for (const kind of kinds) assert(seen.has(kind), `a ${kind} row was written`);
}

Deno.test("a web export's analysis: summary, buckets, scenarios, worst and attribution match", async () => {
  await assertContract(
    [fixture("six_fills_export.csv")],
    ["summary", "bucket", "scenario", "worst", "attribution"],
  );
});

Deno.test("with --market: markouts (by regime too) and mid-based attribution match", async () => {
  await assertContract(
    [fixture("markout_fills.ndjson"), "--market", fixture("markout_market.ndjson")],
    ["summary", "markout", "attribution"],
  );
});

Deno.test("a real vi-VN export with --markout-proxy and real funding matches", async () => {
  await assertContract(
    [
      sharedData("data/hl_export_trade_history_acctC_vi-VN_timefirst.csv"),
      "--markout-proxy",
      "--funding",
      sharedData("data/api_userFunding_flat_acctE_2026-06_08.csv"),
    ],
    ["summary", "bucket", "markout", "attribution"],
  );
});

Deno.test("a bucket of an unknown grouping is refused", () => {
  const bucket = {
    ts: 1,
    type: "bucket",
    by: "coin",
    key: "BTC",
    fills: 1,
    closing_fills: 0,
    notional_usd: 10,
    fees_usd: 0.01,
    gross_pnl_usd: 0,
    net_pnl_usd: -0.01,
    edge_bps: -10,
    gross_edge_bps: 0,
    win_rate: null,
    fee_rate_bps: 10,
    maker_share: null,
  };
  assert(BucketSchema.safeParse(bucket).success);
  assert(!BucketSchema.safeParse({ ...bucket, by: "weekday" }).success);
});
