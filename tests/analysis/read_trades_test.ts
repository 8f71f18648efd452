import { InputError } from "../../lib/errors.ts";
import type { AnalysedHistory } from "../../lib/analysis/mod.ts";
import { analyzeText } from "./_analyze_text.ts";
import { assert, assertEquals, assertMatch, fixture, sharedData } from "../_helpers.ts";

const read = (name: string) => Deno.readTextFileSync(fixture(name));

/** Every money figure of an analysis; source-specific fields (maker share) left out. */
function figures({ result }: AnalysedHistory) {
  const strip = <T extends { maker_share: unknown }>({ maker_share: _, ...rest }: T) => rest;
  return {
    totals: strip(result.totals),
    buckets: [
      ...result.sizeBuckets,
      ...result.hourBuckets,
      ...result.coinBuckets,
      ...result.dayBuckets,
    ]
      .map(strip),
    scenarios: result.scenarios,
    worst: result.worst.map(({ line: _, ...rest }) => rest),
    cumulative: result.cumulativeNetUsd,
  };
}

/** The InputError an analysis throws (fails the test when it does not throw one). */
async function inputError(text: string, options: Parameters<typeof analyzeText>[1] = {}) {
  try {
    await analyzeText(text, options);
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error("expected an InputError, the input was accepted");
}

const fromExport = await analyzeText(read("six_fills_export.csv"));

Deno.test("userFills JSON (newest first) gives the export's figures", async () => {
  const json = await analyzeText(read("six_fills_user_fills.json"));
  assertEquals(json.source, "hl_user_fills_json");
  assertEquals(figures(json), figures(fromExport));
  // crossed is known in userFills: 3 of 6 fills were maker.
  assertEquals(json.result.totals.maker_share, 0.5);
});

Deno.test("userFills NDJSON gives the export's figures", async () => {
  const ndjson = await analyzeText(read("six_fills_user_fills.ndjson"));
  assertEquals(ndjson.source, "hl_user_fills_ndjson");
  assertEquals(figures(ndjson), figures(fromExport));
});

Deno.test("mm fill events give the export's figures and count the other events", async () => {
  const events = await analyzeText(read("six_fills_mm_events.ndjson"));
  assertEquals(events.source, "mm_events_ndjson");
  assertEquals(figures(events), figures(fromExport));
  assertEquals(events.report.ignoredEvents, 6);
  assertEquals(events.result.totals.maker_share, 0.5);
});

Deno.test("a {request, response} capture reads as userFills JSON", async () => {
  const capture = JSON.stringify(
    {
      request: { type: "userFills", user: "0x0" },
      response: JSON.parse(read("six_fills_user_fills.json")),
    },
    null,
    2,
  );
  assertEquals(figures(await analyzeText(capture)), figures(fromExport));
});

Deno.test("CRLF line endings and one-character chunks read the same", async () => {
  const crlf = read("six_fills_export.csv").replaceAll("\n", "\r\n");
  assertEquals(figures(await analyzeText(crlf, { chunkSize: 1 })), figures(fromExport));
});

Deno.test("a maker rebate (negative fee) raises net P&L", async () => {
  const capture = Deno.readTextFileSync(
    sharedData("hyperliquid/fixtures/userFills_with_cloid_maker_rebate.json"),
  );
  const { result } = await analyzeText(capture);
  assert(result.totals.fees_usd < 0, `fees ${result.totals.fees_usd}`);
  assertEquals(result.totals.net_pnl_usd, result.totals.gross_pnl_usd - result.totals.fees_usd);
});

Deno.test("a spot buy's fee in the bought token is valued at the fill price", async () => {
  const csv = "time,coin,dir,px,sz,ntl,fee,closedPnl\n" +
    "03/04/2025 10:08:56,HYPE/USDC,Buy,11.944,8.31,99.25464000000001,0.00290848,-0.03473888512000001\n";
  const { result } = await analyzeText(csv, { dateOrder: "dmy" });
  // fee 0.00290848 HYPE × 11.944 = 0.034739 USD; closedPnl = −fee·px, so gross is 0.
  assertEquals([result.totals.fees_usd, result.totals.gross_pnl_usd], [0.034739, 0]);
});

Deno.test("real export: the vi-VN time-first file equals the en-US file's first 178 rows", async () => {
  const enUs = Deno.readTextFileSync(
    sharedData("data/hl_export_trade_history_acctC_mdyyyy-dash.csv"),
  );
  const viVn = Deno.readTextFileSync(
    sharedData("data/hl_export_trade_history_acctC_vi-VN_timefirst.csv"),
  );
  const head = enUs.split("\n").slice(0, 179).join("\n") + "\n";
  const a = await analyzeText(head, { chunkSize: 4096 });
  const b = await analyzeText(viVn, { chunkSize: 4096 });
  assertEquals([a.report.dateOrder.order, b.report.dateOrder.order], ["mdy", "dmy"]);
  assertEquals(a.result.totals.fills, 178);
  assertEquals(figures(a), figures(b));
});

Deno.test("real export: closedPnl is net, so open rows have zero gross P&L", async () => {
  const text = Deno.readTextFileSync(
    sharedData("data/hl_export_trade_history_acctB_ddmmyyyy-dash.csv"),
  );
  const { result } = await analyzeText(text, { chunkSize: 4096 });
  const opens = text.split("\n").slice(1).filter((line) => line.includes(",Open "));
  const openFees = opens.reduce(
    (sum, line) => sum + Math.round(Number(line.split(",")[6]) * 1e6),
    0,
  );
  const allNet = text.split("\n").slice(1).filter(Boolean)
    .reduce((sum, line) => sum + Math.round(Number(line.split(",")[7]) * 1e6), 0);
  assertEquals(result.totals.net_pnl_usd, allNet / 1e6);
  assert(openFees > 0 && result.totals.fees_usd * 1e6 > openFees);
});

Deno.test("real userFills CSV (flattened API records, quoted liquidation JSON) reads every row", async () => {
  const text = Deno.readTextFileSync(sharedData("data/api_userFillsByTime_flat_acctE_2026-06.csv"));
  const { source, result, report } = await analyzeText(text, { chunkSize: 4096 });
  assertEquals([source, result.totals.fills, report.skipped], ["hl_api_fills_csv", 182, 0]);
  assert(result.totals.maker_share !== null);
});

Deno.test("real userFills JSON: 500 fills from 2023, all with zero fees", async () => {
  const text = Deno.readTextFileSync(sharedData("data/userFills_500_real.json"));
  const { result } = await analyzeText(text);
  assertEquals([result.totals.fills, result.totals.fees_usd], [500, 0]);
  assertEquals(result.totals.first_ts, 1683245555699);
});

Deno.test("missing columns are all named, with the detected format", async () => {
  const error = await inputError(
    "time,coin,dir,px,sz,ntl\n01/03/2026 06:10:00,BTC,Open Long,1,1,1\n",
  );
  assertEquals(error.location.line, 1);
  assertMatch(
    error.message,
    /missing columns fee, closedPnl \(detected format: Hyperliquid web export CSV/,
  );
});

Deno.test("a non-numeric price names file, line and field", async () => {
  const csv = read("six_fills_export.csv").replace("99800,", "99800x,");
  const error = await inputError(csv, { file: "week.csv" });
  assertEquals(error.location, { file: "week.csv", line: 3, field: "px" });
  assertMatch(
    error.describe(),
    /^week\.csv:3: field px: "99800x" is not a valid number .*--skip-bad/,
  );
});

Deno.test("an unparseable time names its line", async () => {
  const csv = read("six_fills_export.csv").replace("13/03/2026 - 09:30:00", "13th March");
  const error = await inputError(csv);
  assertEquals([error.location.line, error.location.field], [5, "time"]);
  assertMatch(error.message, /"13th March" is not a date and time/);
});

Deno.test("a row with too few fields is caught, not joined to the next line", async () => {
  const csv = read("six_fills_export.csv").replace(",0.0895,0.9105", "");
  const error = await inputError(csv);
  assertEquals(error.location.line, 5);
  assertMatch(error.message, /fewer fields/);
});

Deno.test("a row with an extra field is caught, not folded into closedPnl", async () => {
  const csv = read("six_fills_export.csv").replace("99800,", "99,800,");
  const error = await inputError(csv);
  assertEquals(error.location.line, 3);
  assertMatch(error.message, /more fields/);
});

Deno.test("--skip-bad counts and reports skipped rows, keeping the rest", async () => {
  const csv = read("six_fills_export.csv").replace("99800,", "abc,").replace(
    "13/03/2026 - 09:30:00",
    "never",
  );
  const { result, report } = await analyzeText(csv, { skipBad: true });
  assertEquals(result.totals.fills, 4);
  assertEquals(report.skipped, 2);
  assertEquals(report.skippedExamples.map((s) => s.line), [3, 5]);
});

Deno.test("truly ambiguous dates fail and ask for --date-order", async () => {
  const csv = "time,coin,dir,px,sz,ntl,fee,closedPnl\n" +
    "01/02/2025 10:00:00,BTC,Open Long,100,1,100,0.1,-0.1\n" +
    "03/04/2025 10:00:00,BTC,Close Long,101,1,101,0.1,0.9\n";
  const error = await inputError(csv);
  assertEquals([error.location.line, error.location.field], [2, "time"]);
  assertMatch(
    error.describe(),
    /day\/month order is ambiguous.*pass --date-order dmy or --date-order mdy/,
  );
  const given = await analyzeText(csv, { dateOrder: "mdy" });
  assertEquals(given.result.totals.first_ts, Date.UTC(2025, 0, 2, 10));
});

Deno.test("a date contradicting the file's order is an error at its line", async () => {
  const csv = read("six_fills_export.csv") + "03/25/2026 - 10:00:00,BTC,Open Long,1,1,1,0.1,-0.1\n";
  const error = await inputError(csv);
  assertEquals(error.location.line, 8);
  assertMatch(error.message, /decided by line 4/);
});

Deno.test("an empty input is a valid zero summary", async () => {
  for (const text of ["", "\n\n", "time,coin,dir,px,sz,ntl,fee,closedPnl\n"]) {
    const { result } = await analyzeText(text);
    assertEquals([result.totals.fills, result.totals.net_pnl_usd, result.totals.edge_bps], [
      0,
      0,
      null,
    ]);
  }
});

Deno.test("a userFills entry with a bad field names the element and field", async () => {
  const fills = JSON.parse(read("six_fills_user_fills.json"));
  fills[2].px = "n/a";
  const error = await inputError(JSON.stringify(fills));
  assertEquals([error.location.line, error.location.field], [3, "px"]);
});

Deno.test("an mm fill event missing its fee is refused, naming the field", async () => {
  const line = JSON.stringify({
    ts: 1,
    type: "fill",
    coin: "BTC",
    side: "buy",
    dir: "Open Long",
    px: 1,
    sz: 1,
    closed_pnl_usd: 0,
    maker: true,
  });
  const error = await inputError(line + "\n");
  assertEquals([error.location.line, error.location.field], [1, "fee_usd"]);
});

Deno.test("a line that is not JSON in NDJSON input is refused at its line", async () => {
  const text = read("six_fills_mm_events.ndjson").split("\n");
  text.splice(3, 0, "{oops");
  const error = await inputError(text.join("\n"));
  assertEquals(error.location.line, 4);
});

Deno.test("an unknown CSV header is refused with the expected forms", async () => {
  const error = await inputError("a,b,c\n1,2,3\n");
  assertMatch(error.message, /unrecognised input/);
});

Deno.test("a long undecided stretch (200,000 rows before the first day above 12) is held and released", async () => {
  const row = (day: string, i: number) =>
    `${day}/03/2026 ${String(Math.floor(i / 3600) % 24).padStart(2, "0")}:${
      String(Math.floor(i / 60) % 60).padStart(2, "0")
    }:${String(i % 60).padStart(2, "0")},BTC,Open Long,100,1,100,0.01,-0.01`;
  const lines = ["time,coin,dir,px,sz,ntl,fee,closedPnl"];
  for (let i = 0; i < 200_000; i++) lines.push(row("10", i % 86_400));
  lines.push(row("13", 0));
  const { result, report } = await analyzeText(lines.join("\n") + "\n", { chunkSize: 1 << 16 });
  assertEquals([result.totals.fills, report.dateOrder.reason], [200_001, "day_above_12"]);
});
