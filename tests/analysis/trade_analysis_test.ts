/**
 * The analysis arithmetic on six fills checked by hand (tests/fixtures/six_fills_export.csv):
 *
 * | line | hour | coin | dir         | notional | fee     | gross | net      |
 * |------|------|------|-------------|----------|---------|-------|----------|
 * | 2    | 06   | BTC  | Open Long   | 1000     | 0.45    | 0     | -0.45    |
 * | 3    | 06   | BTC  | Close Long  | 998      | 0.449   | -2    | -2.449   |
 * | 4    | 09   | ETH  | Open Short  | 200      | 0.09    | 0     | -0.09    |
 * | 5    | 09   | ETH  | Close Short | 199      | 0.0895  | 1     | 0.9105   |
 * | 6    | 14   | BTC  | Open Long   | 3000     | 1.35    | 0     | -1.35    |
 * | 7    | 14   | BTC  | Close Long  | 3015     | 1.35675 | 15    | 13.64325 |
 *
 * Totals: notional 8412, fees 3.78525, gross 14, net 10.21475.
 */

import { analyzeText } from "./_analyze_text.ts";
import { assertEquals, fixture } from "../_helpers.ts";

const text = Deno.readTextFileSync(fixture("six_fills_export.csv"));
const { source, result, report } = await analyzeText(text);

Deno.test("the export is detected and its day-first dates decided by line 4", () => {
  assertEquals(source, "hl_web_export_csv");
  assertEquals(report.dateOrder, { order: "dmy", reason: "day_above_12" });
});

Deno.test("summary: net = gross − fees, edge and fee rate per notional, win rate of closing fills", () => {
  const t = result.totals;
  assertEquals(
    [t.fills, t.closing_fills, t.notional_usd, t.fees_usd, t.gross_pnl_usd, t.net_pnl_usd],
    [6, 3, 8412, 3.78525, 14, 10.21475],
  );
  // 10.21475 / 8412 × 10⁴ = 12.1431; 14 / 8412 × 10⁴ = 16.6429; 3.78525 / 8412 × 10⁴ = 4.4998
  assertEquals([t.edge_bps, t.gross_edge_bps, t.fee_rate_bps], [12.1431, 16.6429, 4.4998]);
  assertEquals(t.win_rate, 0.6667);
  assertEquals(t.maker_share, null);
  assertEquals([t.first_ts, t.last_ts], [
    Date.UTC(2026, 2, 1, 6, 10),
    Date.UTC(2026, 2, 14, 14, 20),
  ]);
});

Deno.test("size buckets split notional at 500 and 2000 USD", () => {
  const rows = result.sizeBuckets.map((
    b,
  ) => [b.key, b.fills, b.notional_usd, b.net_pnl_usd, b.win_rate]);
  assertEquals(rows, [
    ["<500", 2, 399, 0.8205, 1],
    ["500-2000", 2, 1998, -2.899, 0],
    [">2000", 2, 6015, 12.29325, 1],
  ]);
});

Deno.test("hour buckets: 24 rows, hour 06 toxic at −14.5 bps with 2 fills", () => {
  assertEquals(result.hourBuckets.length, 24);
  const active = result.hourBuckets.filter((b) => b.fills > 0)
    .map((b) => [b.key, b.fills, b.net_pnl_usd, b.edge_bps, b.toxic]);
  assertEquals(active, [
    ["06", 2, -2.899, -14.5095, true],
    ["09", 2, 0.8205, 20.5639, false],
    ["14", 2, 12.29325, 20.4377, false],
  ]);
  const quiet = result.hourBuckets.filter((b) => b.fills === 0);
  assertEquals(quiet.every((b) => b.toxic === false && b.edge_bps === null), true);
});

Deno.test("coin and day buckets", () => {
  assertEquals(result.coinBuckets.map((b) => [b.key, b.fills, b.net_pnl_usd]), [
    ["BTC", 4, 9.39425],
    ["ETH", 2, 0.8205],
  ]);
  assertEquals(result.dayBuckets.map((b) => [b.key, b.fills, b.net_pnl_usd]), [
    ["2026-03-01", 2, -2.899],
    ["2026-03-13", 2, 0.8205],
    ["2026-03-14", 2, 12.29325],
  ]);
});

Deno.test("scenarios: skipping hour 06 gains 2.899; capping at 2000 scales the 14:00 trades by 2000/3000 and 2000/3015", () => {
  const rows = result.scenarios.map((s) => [s.name, s.fills, s.net_pnl_usd, s.improvement_usd]);
  assertEquals(rows, [
    ["baseline", 6, 10.21475, 0],
    ["skip_toxic_hours", 4, 13.11375, 2.899],
    // capped 14:00 hour: fees 0.9 + 0.9, gross 15 × 2000/3015 = 9.950249 → net 8.150249
    ["cap_size", 6, 6.071749, -4.143001],
    ["skip_toxic_hours_and_cap_size", 4, 8.970749, -1.244001],
  ]);
  assertEquals(result.scenarios[1].toxic_hours, [6]);
  assertEquals(result.scenarios[2].cap_usd, 2000);
});

Deno.test("worst closing fills come worst first with their input line", () => {
  assertEquals(result.worst.map((w) => [w.rank, w.line, w.net_pnl_usd]), [
    [1, 3, -2.449],
    [2, 5, 0.9105],
    [3, 7, 13.64325],
  ]);
});

Deno.test("an hour needs --min-fills fills before it can be toxic", async () => {
  const strict = await analyzeText(text, { minFills: 3 });
  assertEquals(strict.result.hourBuckets.filter((b) => b.toxic).length, 0);
  assertEquals(strict.result.scenarios[1].net_pnl_usd, 10.21475);
});

Deno.test("--tz moves both the reading of export times and the hour buckets", async () => {
  const paris = await analyzeText(text, { tz: "Europe/Paris" });
  // 06:10 in Paris (UTC+1 in March) is 05:10 UTC; the bucket stays local hour 06.
  assertEquals(paris.result.totals.first_ts, Date.UTC(2026, 2, 1, 5, 10));
  assertEquals(paris.result.hourBuckets.filter((b) => b.fills > 0).map((b) => b.key), [
    "06",
    "09",
    "14",
  ]);
});
