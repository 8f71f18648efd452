/**
 * P&L attribution checked by hand on tests/fixtures/markout_fills.ndjson with the mids of
 * tests/fixtures/markout_market.ndjson (see markouts_test.ts for the table). q = signed size,
 * m(t) the last mid at or before t, H = 60 s cut at the end of the data (T+300 s):
 *
 * | fill | q     | m(t)   | m(t+H)             | spread (m(t)−px)·q     | adverse (m(t+H)−m(t))·q  | gross | carry = gross − spread − adverse | fee   | net   |
 * |------|-------|--------|--------------------|------------------------|--------------------------|-------|----------------------------------|-------|-------|
 * | F1   | +0.1  | 100000 | 100005 (T+60 s)    | 5 × 0.1 = 0.5          | 5 × 0.1 = 0.5            | 0     | −1.0                             | −0.5  | −0.5  |
 * | F2   | −0.1  | 100005 | 100005 (T+120 s)   | −5 × −0.1 = 0.5        | 0                        | 1.5   | 1.0                              | −0.5  | 1.0   |
 * | F3   | −0.05 | 100005 | 100040 (end, T+300)| −15 × −0.05 = 0.75     | 35 × −0.05 = −1.75       | 0     | 1.0                              | −0.25 | −0.25 |
 *
 * Totals: spread 1.75 + adverse −1.25 + carry 1.0 + fees −1.25 + funding 0 = net 0.25
 * (= gross 1.5 − fees 1.25, the summary's net).
 */

import { chunked } from "./_analyze_text.ts";
import { analyzeTradeHistory, TimeZone } from "../../lib/analysis/mod.ts";
import { Attribution, type AttributionRow } from "../../lib/analysis/attribution.ts";
import { MidSeries } from "../../lib/analysis/markouts.ts";
import { readMarketFrames } from "../../lib/sim/market_file.ts";
import { toMicros, type TradeFill } from "../../lib/analysis/trade_fill.ts";
import { assertEquals, fixture } from "../_helpers.ts";

const fillsText = Deno.readTextFileSync(fixture("markout_fills.ndjson"));
const marketText = Deno.readTextFileSync(fixture("markout_market.ndjson"));

async function analyse(withMarket: boolean) {
  const mids = withMarket
    ? await MidSeries.fromFrames(readMarketFrames(chunked(marketText), { file: "m.ndjson" }))
    : undefined;
  return await analyzeTradeHistory(chunked(fillsText), {
    file: "fills.ndjson",
    tz: new TimeZone("UTC"),
    nowMs: 0,
    mids,
  });
}

const parts = (row: AttributionRow) => [
  row.spread_capture_usd,
  row.adverse_selection_usd,
  row.inventory_carry_usd,
  row.fees_usd,
  row.funding_usd,
  row.net_pnl_usd,
];

/** The five parts in micro-USD, summed (integers: exact). */
const partsMicros = (row: AttributionRow) =>
  [
    row.spread_capture_usd!,
    row.adverse_selection_usd!,
    row.inventory_carry_usd!,
    row.fees_usd,
    row.funding_usd,
  ].reduce((sum, usd) => sum + toMicros(usd), 0);

Deno.test("attribution of three fills by hand; the parts sum to the summary's net", async () => {
  const { attribution, result } = await analyse(true);
  assertEquals(attribution.map((row) => [row.scope, row.key, row.fills, row.fills_without_mid]), [
    ["all", "all", 3, 0],
    ["day", "2026-03-01", 3, 0],
  ]);
  assertEquals(parts(attribution[0]), [1.75, -1.25, 1, -1.25, 0, 0.25]);
  assertEquals(parts(attribution[1]), parts(attribution[0]));
  assertEquals(partsMicros(attribution[0]), toMicros(result.totals.net_pnl_usd));
  assertEquals(attribution[0].horizon_s, 60);
});

Deno.test("without market data: one row, spread/adverse/carry null, a note, fees and net as usual", async () => {
  const { attribution } = await analyse(false);
  assertEquals(attribution.length, 1);
  assertEquals(parts(attribution[0]), [null, null, null, -1.25, 0, 0.25]);
  assertEquals(typeof attribution[0].note, "string");
});

Deno.test("identity to the micro-dollar on 2,000 random fills over 3 days, per day and overall", () => {
  let seed = 7;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const start = Date.UTC(2026, 2, 1);
  const mids = new MidSeries();
  let mid = 2000;
  for (let t = 0; t <= 3 * 86_400_000; t += 7_000) {
    mid = Math.round((mid + (random() - 0.5) * 0.3) * 100) / 100;
    mids.add("ETH", start + t, mid);
  }
  const attribution = new Attribution({ tz: new TimeZone("UTC"), mids });
  let netMicros = 0;
  for (let i = 0; i < 2000; i += 1) {
    const dirs = ["Open Long", "Close Long", "Open Short", "Close Short"];
    const px = Math.round((1990 + random() * 20) * 100) / 100;
    const sz = Math.round(random() * 1000) / 1000;
    const fill: TradeFill = {
      tsMs: start + Math.floor(random() * 3 * 86_400_000 + 30_000),
      coin: i % 10 === 0 ? "SOL" : "ETH", // SOL has no mids: all carry
      dir: dirs[i % 4],
      px,
      sz,
      notionalMicros: toMicros(px * sz),
      feeMicros: toMicros(px * sz * 0.00015),
      grossPnlMicros: i % 2 === 1 ? toMicros((random() - 0.5) * 10) : 0,
      closing: i % 2 === 1,
      maker: true,
      line: i + 1,
    };
    netMicros += fill.grossPnlMicros - fill.feeMicros;
    attribution.update(fill);
  }
  const rows = attribution.rows();
  assertEquals(rows.length, 4);
  assertEquals(rows[0].fills_without_mid, 200);
  for (const row of rows) assertEquals(partsMicros(row), toMicros(row.net_pnl_usd));
  assertEquals(toMicros(rows[0].net_pnl_usd), netMicros);
  const dayNet = rows.slice(1).reduce((sum, row) => sum + toMicros(row.net_pnl_usd), 0);
  assertEquals(dayNet, netMicros);
});
