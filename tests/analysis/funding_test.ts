/**
 * Funding payments for attribution, read from the three forms. The hand-made
 * export tests/fixtures/three_funding_export.csv (DD/MM/YYYY, UTC):
 *
 * | time             | coin | payment | day        |
 * |------------------|------|---------|------------|
 * | 01/03/2026 07:00 | BTC  | −0.125  | 2026-03-01 |
 * | 13/03/2026 10:00 | ETH  | +0.0025 | 2026-03-13 |
 * | 15/03/2026 00:00 | BTC  | −0.5    | 2026-03-15 |
 *
 * Total −0.6225. With six_fills_export.csv (net 10.21475) the attribution's
 * net is 10.21475 − 0.6225 = 9.59225.
 */

import { readFunding } from "../../lib/analysis/funding.ts";
import { Attribution } from "../../lib/analysis/attribution.ts";
import { TimeZone } from "../../lib/analysis/mod.ts";
import { toMicros } from "../../lib/analysis/trade_fill.ts";
import { InputError } from "../../lib/errors.ts";
import { assert, assertEquals, fixture, ndjson, runMm, sharedData } from "../_helpers.ts";

const UTC = new TimeZone("UTC");
const NOW = Date.UTC(2026, 10, 25);

function read(path: string, file = path) {
  return readFunding(Deno.readTextFileSync(path), { file, tz: UTC, nowMs: NOW });
}

/** The InputError a read rejects with (fails the test when it resolves or throws another). */
async function inputError(read: Promise<unknown>): Promise<InputError> {
  try {
    await read;
  } catch (error) {
    assert(error instanceof InputError, `expected an InputError, got ${String(error)}`);
    return error;
  }
  throw new Error("expected the read to fail");
}

function totalUsd(payments: { usdcMicros: number }[]): number {
  return payments.reduce((sum, p) => sum + p.usdcMicros, 0) / 1e6;
}

Deno.test("the web export: locale times (day above 12 decides dmy), signed payments", async () => {
  const payments = await read(fixture("three_funding_export.csv"));
  assertEquals(payments, [
    { coin: "BTC", tsMs: Date.UTC(2026, 2, 1, 7), usdcMicros: -125_000 },
    { coin: "ETH", tsMs: Date.UTC(2026, 2, 13, 10), usdcMicros: 2_500 },
    { coin: "BTC", tsMs: Date.UTC(2026, 2, 15, 0), usdcMicros: -500_000 },
  ]);
});

Deno.test("the web export's times are read in --tz", async () => {
  const text = "time,coin,sz,side,payment,rate\n13/03/2026 10:00:00,ETH,0.1,Short,0.0025,1e-5\n";
  const [payment] = await readFunding(text, {
    file: "f.csv",
    tz: new TimeZone("Asia/Ho_Chi_Minh"),
    nowMs: NOW,
  });
  assertEquals(payment.tsMs, Date.UTC(2026, 2, 13, 3));
});

Deno.test("a userFunding capture from mainnet reads as payments", async () => {
  const payments = await read(sharedData("hyperliquid/fixtures/userFunding.json"));
  const capture = JSON.parse(
    Deno.readTextFileSync(sharedData("hyperliquid/fixtures/userFunding.json")),
  );
  assertEquals(payments.length, capture.response.length);
  assertEquals(payments[0].coin, "APE");
  assertEquals(payments[0].tsMs, 1681948800000);
  assertEquals(payments[0].usdcMicros, 145_796);
});

Deno.test("real exports: acctA's 47 web-export payments and acctE's 606 flattened API rows", async () => {
  const a = await read(sharedData("data/hl_export_funding_history_acctA_ddmmyyyy.csv"));
  assertEquals([a.length, totalUsd(a)], [47, 3.695383]);
  const e = await read(sharedData("data/api_userFunding_flat_acctE_2026-06_08.csv"));
  assertEquals([e.length, totalUsd(e)], [606, -0.035558]);
});

Deno.test("an unknown CSV header is an InputError naming line 1", async () => {
  const error = await inputError(
    readFunding("when,what\n1,2\n", { file: "f.csv", tz: UTC, nowMs: NOW }),
  );
  assertEquals(error.location, { file: "f.csv", line: 1 });
});

Deno.test("a payment that is not a number names its line and field", async () => {
  const text = "time,coin,sz,side,payment,rate\n13/03/2026 10:00:00,ETH,0.1,Short,abc,1e-5\n";
  const error = await inputError(readFunding(text, { file: "f.csv", tz: UTC, nowMs: NOW }));
  assertEquals(error.location, { file: "f.csv", line: 2, field: "payment" });
});

Deno.test("attribution: funding joins the overall row and its net", () => {
  const attribution = new Attribution({
    tz: UTC,
    funding: [{ coin: "BTC", tsMs: Date.UTC(2026, 2, 15), usdcMicros: -500_000 }],
  });
  attribution.update({
    tsMs: Date.UTC(2026, 2, 14, 14),
    coin: "BTC",
    dir: "Close Long",
    px: 100500,
    sz: 0.03,
    notionalMicros: toMicros(3015),
    feeMicros: toMicros(1.35675),
    grossPnlMicros: toMicros(15),
    closing: true,
    maker: true,
    line: 2,
  });
  const [all] = attribution.rows();
  assertEquals([all.funding_usd, all.fees_usd, all.net_pnl_usd], [-0.5, -1.35675, 13.14325]);
  assertEquals(
    all.note,
    "no market data (--market FILE): spread, adverse selection and carry need mids",
  );
});

Deno.test("mm analyze-trades --funding: attribution nets fills and funding to the cent", async () => {
  const { code, stdout, stderr } = await runMm([
    "analyze-trades",
    fixture("six_fills_export.csv"),
    "--funding",
    fixture("three_funding_export.csv"),
  ]);
  assertEquals(code, 0, stderr);
  const events = ndjson(stdout);
  const summary = events.find((e) => e.type === "summary")!;
  const all = events.find((e) => e.type === "attribution" && e.scope === "all")!;
  assertEquals([summary.net_pnl_usd, all.funding_usd, all.net_pnl_usd], [
    10.21475,
    -0.6225,
    9.59225,
  ]);
});

Deno.test("mm analyze-trades --funding with a bad file: one line, exit 2", async () => {
  const bad = await Deno.makeTempFile({ suffix: ".csv" });
  try {
    Deno.writeTextFileSync(bad, "when,what\n1,2\n");
    const { code, stdout, stderr } = await runMm([
      "analyze-trades",
      fixture("six_fills_export.csv"),
      "--funding",
      bad,
    ]);
    assertEquals([code, stdout], [2, ""]);
    assertEquals(stderr.trim().split("\n").length, 1, stderr);
  } finally {
    Deno.removeSync(bad);
  }
});
