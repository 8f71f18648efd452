/**
 * Markouts checked by hand on tests/fixtures/markout_fills.ndjson (3 BTC fills, mm events) and
 * tests/fixtures/markout_market.ndjson (6 l2Book snapshots). T = 2026-03-01 06:00:00 UTC.
 *
 * | book  | time   | bid    | ask    | mid     |      | fill | time   | dir        | px     | sz   |
 * |-------|--------|--------|--------|---------|------|------|--------|------------|--------|------|
 * | S1    | T−1 s  | 99999  | 100001 | 100000  |      | F1   | T      | Open Long  | 99995  | 0.1  |
 * | S2    | T+1 s  | 99989  | 99991  | 99990   |      | F2   | T+60 s | Close Long | 100010 | 0.1  |
 * | S3    | T+30 s | 99979  | 99981  | 99980   |      | F3   | T+250 s| Open Short | 100020 | 0.05 |
 * | S4    | T+60 s | 100004 | 100006 | 100005  |
 * | S5    | T+255 s| 100029 | 100031 | 100030  |
 * | S6    | T+300 s| 100039 | 100041 | 100040  |  ← end of data
 *
 * Markout, bps, positive = we lost: buy (px − mid)/px × 10⁴, sell (mid − px)/px × 10⁴.
 * F1 buy 99995:  1 s → S2 99990: 5/99995 = +0.500025;  5 s → S2: +0.500025;
 *                30 s → S3 99980: 15/99995 = +1.500075; 60 s → S4 100005: −10/99995 = −1.000050;
 *                300 s → S6 100040: −45/99995 = −4.500225.
 * F2 sell 100010: 1, 5, 30, 60 s → S4 100005: −5/100010 = −0.499950; 300 s: T+360 s is past
 *                 the end, not counted.
 * F3 sell 100020: 1 s → S4 100005: −15/100020 = −1.499700; 5, 30 s → S5 100030: 10/100020 =
 *                 +0.999800; 60 s (T+310 s) and 300 s past the end, not counted.
 * All fills: 1 s mean (0.500025 − 0.499950 − 1.499700)/3 = −0.499875, median −0.499950;
 *   5 s mean (0.500025 − 0.499950 + 0.999800)/3 = 0.333292, median 0.500025;
 *   30 s mean (1.500075 − 0.499950 + 0.999800)/3 = 0.666642, median 0.999800;
 *   60 s (2 fills) mean = median (−1.000050 − 0.499950)/2 = −0.75; 300 s (1 fill) −4.500225.
 *
 * Proxy (no market data): the next BTC fill at or after t + h. F1 1–60 s → F2 100010:
 * (99995 − 100010)/99995 = −1.500075; F2 1–60 s → F3 100020: (100020 − 100010)/100010 =
 * +0.999900; F3 has no later fill; 300 s: none. Mean = median (−1.500075 + 0.9999)/2 = −0.250088.
 */

import { chunked } from "./_analyze_text.ts";
import { analyzeTradeHistory, TimeZone } from "../../lib/analysis/mod.ts";
import {
  fillSide,
  MARKOUT_HORIZONS_S,
  markoutBps,
  type MarkoutRow,
  Markouts,
  MidSeries,
} from "../../lib/analysis/markouts.ts";
import { readMarketFrames } from "../../lib/sim/market_file.ts";
import type { TradeFill } from "../../lib/analysis/trade_fill.ts";
import { assert, assertEquals, fixture, ndjson, runMm } from "../_helpers.ts";

const T = Date.UTC(2026, 2, 1, 6);
const fillsText = Deno.readTextFileSync(fixture("markout_fills.ndjson"));
const marketText = Deno.readTextFileSync(fixture("markout_market.ndjson"));

async function mids(): Promise<MidSeries> {
  return await MidSeries.fromFrames(readMarketFrames(chunked(marketText), { file: "m.ndjson" }));
}

async function analyse(withMarket: boolean) {
  return await analyzeTradeHistory(chunked(fillsText), {
    file: "fills.ndjson",
    tz: new TimeZone("UTC"),
    nowMs: 0,
    mids: withMarket ? await mids() : undefined,
    markoutProxy: !withMarket,
  });
}

const figures = (rows: MarkoutRow[], by: string, key: string) =>
  rows.filter((row) => row.group === by && row.key === key)
    .map((row) => [row.horizon_s, row.fills, row.mean_bps, row.median_bps]);

Deno.test("our side from the direction; the markout sign is that of adverse_selection.ts", () => {
  assertEquals(
    ["Open Long", "Close Short", "Short > Long", "Buy", "Open Long (Price Improved)"]
      .map(fillSide),
    [1, 1, 1, 1, 1],
  );
  assertEquals(["Open Short", "Close Long", "Long > Short", "Sell"].map(fillSide), [
    -1,
    -1,
    -1,
    -1,
  ]);
  // a buy at 99995 with the mid later at 99990 lost 5/99995 × 10⁴ = 0.500025 bps
  assertEquals(markoutBps(1, 99995, 99990).toFixed(6), "0.500025");
  assertEquals(markoutBps(-1, 100010, 100005).toFixed(6), "-0.499950");
});

Deno.test("mid series: (best bid + best ask)/2, the last at or before t, nothing outside the data", async () => {
  const series = await mids();
  assertEquals(series.coins, ["BTC"]);
  assertEquals(series.midAt("BTC", T - 1000), 100_000);
  assertEquals(series.midAt("BTC", T + 29_999), 99_990);
  assertEquals(series.midAt("BTC", T + 60_000), 100_005);
  assertEquals(series.midAt("BTC", T + 300_000), 100_040);
  assertEquals(series.midAt("BTC", T - 1001), undefined);
  assertEquals(series.midAt("BTC", T + 300_001), undefined);
  assertEquals(series.midAt("ETH", T), undefined);
  assertEquals(series.endMs("BTC"), T + 300_000);
});

Deno.test("markouts per horizon with market mids; horizons past the data's end not counted", async () => {
  const { markouts } = await analyse(true);
  assert(markouts.every((row) => row.proxy === null), "market rows are not proxies");
  assertEquals(figures(markouts, "all", "all"), [
    [1, 3, -0.4999, -0.5],
    [5, 3, 0.3333, 0.5],
    [30, 3, 0.6666, 0.9998],
    [60, 2, -0.75, -0.75],
    [300, 1, -4.5002, -4.5002],
  ]);
  // every fill is above 2000 USD and in hour 06
  assertEquals(figures(markouts, "size", ">2000"), figures(markouts, "all", "all"));
  assertEquals(figures(markouts, "hour", "06"), figures(markouts, "all", "all"));
  assertEquals(figures(markouts, "size", "<500").map((row) => row[1]), [0, 0, 0, 0, 0]);
  assertEquals(
    markouts.map((row) => `${row.group}:${row.key}`).filter((k, i, all) => all.indexOf(k) === i),
    ["all:all", "size:<500", "size:500-2000", "size:>2000", "hour:06", "regime:calm"],
  );
});

Deno.test("a single fill whose 60 s horizon passes the end is marked at 1, 5 and 30 s only", async () => {
  const markouts = new Markouts({ tz: new TimeZone("UTC"), mids: await mids() });
  markouts.update(fill({ tsMs: T + 250_000, dir: "Open Short", px: 100_020, sz: 0.05 }));
  assertEquals(figures(markouts.rows(), "all", "all"), [
    [1, 1, -1.4997, -1.4997],
    [5, 1, 0.9998, 0.9998],
    [30, 1, 0.9998, 0.9998],
    [60, 0, null, null],
    [300, 0, null, null],
  ]);
});

Deno.test("a fill before the data starts is not marked", async () => {
  const markouts = new Markouts({ tz: new TimeZone("UTC"), mids: await mids() });
  markouts.update(fill({ tsMs: T - 2000, dir: "Buy", px: 100_000, sz: 1 }));
  assertEquals(figures(markouts.rows(), "all", "all").map((row) => row[1]), [0, 0, 0, 0, 0]);
});

Deno.test("without market data: the next fill's price as a stated proxy", async () => {
  const { markouts } = await analyse(false);
  assert(markouts.every((row) => row.proxy === "next_fill_price"), "proxy rows say so");
  assertEquals(figures(markouts, "all", "all"), [
    [1, 2, -0.2501, -0.2501],
    [5, 2, -0.2501, -0.2501],
    [30, 2, -0.2501, -0.2501],
    [60, 2, -0.2501, -0.2501],
    [300, 0, null, null],
  ]);
});

Deno.test("memory bound: fills beyond maxFills are counted, not marked", () => {
  const markouts = new Markouts({ tz: new TimeZone("UTC"), maxFills: 2 });
  for (let i = 0; i < 3; i += 1) {
    markouts.update(fill({ tsMs: T + i * 10_000, dir: "Buy", px: 100, sz: 1 }));
  }
  assertEquals(markouts.fillsDropped, 1);
  assertEquals(markouts.rows()[0].fills, 1); // fill 0 marked by fill 1; fill 1 has no later fill
  assertEquals(MARKOUT_HORIZONS_S, [1, 5, 30, 60, 300]);
});

Deno.test("CLI: --market appends markout and attribution rows; the other rows are unchanged", async () => {
  const file = fixture("markout_fills.ndjson");
  const withMarket = await runMm([
    "analyze-trades",
    file,
    "--market",
    fixture("markout_market.ndjson"),
  ]);
  const without = await runMm(["analyze-trades", file]);
  assertEquals([withMarket.code, withMarket.stderr, without.code, without.stderr], [0, "", 0, ""]);
  const lines = ndjson(withMarket.stdout);
  const isNew = (line: Record<string, unknown>) =>
    line.type === "markout" || line.type === "attribution";
  const old = (all: Record<string, unknown>[]) =>
    all.filter((line) => !isNew(line)).map(({ ts: _, ...rest }) => rest);
  assertEquals(old(lines), old(ndjson(without.stdout)));
  const firstNew = lines.findIndex(isNew);
  assert(lines.slice(firstNew).every(isNew), "new rows come after the existing ones");
  const markouts = lines.filter((line) => line.type === "markout");
  assertEquals(markouts.length, 30); // (all + 3 size buckets + 1 hour + 1 regime) × 5 horizons
  assertEquals(markouts[0], {
    ts: markouts[0].ts,
    type: "markout",
    proxy: null,
    group: "all",
    key: "all",
    horizon_s: 1,
    fills: 3,
    mean_bps: -0.4999,
    median_bps: -0.5,
    sd_bps: 0.9999, // ≈ −1.5, −0.5, +0.5 bps: a standard deviation of 1
  });
  const attribution = lines.filter((line) => line.type === "attribution");
  assertEquals(attribution.map((row) => [row.scope, row.key, row.net_pnl_usd]), [
    ["all", "all", 0.25],
    ["day", "2026-03-01", 0.25],
  ]);
  const proxied = ndjson(without.stdout).filter((line) => line.type === "markout");
  assert(proxied.every((line) => line.proxy === "next_fill_price"), "proxy without --market");
});

Deno.test("without --market or --markout-proxy there are no markout rows (the analysis stays streaming)", async () => {
  const run = await runMm(["analyze-trades", fixture("six_fills_export.csv")]);
  const kinds = ndjson(run.stdout).map((line) => String(line.type));
  assertEquals(kinds.includes("markout"), false);
  assertEquals(kinds[kinds.length - 1], "attribution");
});

Deno.test("CLI: the six-fill export's existing rows come first, in the same order", async () => {
  const run = await runMm(["analyze-trades", "--markout-proxy", fixture("six_fills_export.csv")]);
  const kinds = ndjson(run.stdout).map((line) => String(line.type));
  const firstNew = kinds.indexOf("markout");
  assertEquals(firstNew, 1 + 3 + 24 + 2 + 3 + 4 + 3);
  assertEquals(kinds[kinds.length - 1], "attribution");
});

function fill(fields: Pick<TradeFill, "tsMs" | "dir" | "px" | "sz">): TradeFill {
  const notionalMicros = Math.round(fields.px * fields.sz * 1e6);
  return {
    coin: "BTC",
    notionalMicros,
    feeMicros: 0,
    grossPnlMicros: 0,
    closing: false,
    maker: true,
    line: 1,
    ...fields,
  };
}

Deno.test("with market data, markouts are also summarised by the volatility regime at the fill", () => {
  // A quiet 10-minute walk (σ far below the calm threshold): fills after the
  // first minute are in a calm market; one in the first seconds has no regime yet.
  const mids = new MidSeries();
  let seed = 3;
  const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
  let mid = 30_000;
  for (let s = 0; s <= 600; s += 1) {
    mid += (random() - 0.5) * 0.2;
    mids.add("BTC", T + s * 1000, mid);
  }
  const markouts = new Markouts({ tz: new TimeZone("UTC"), mids });
  markouts.update(fill({ tsMs: T + 5_000, dir: "Open Long", px: 30_000, sz: 0.01 }));
  markouts.update(fill({ tsMs: T + 300_000, dir: "Open Long", px: 30_000, sz: 0.01 }));
  markouts.update(fill({ tsMs: T + 400_000, dir: "Open Short", px: 30_000, sz: 0.01 }));
  const regimeRows = markouts.rows().filter((row) => row.group === "regime");
  assertEquals([...new Set(regimeRows.map((row) => row.key))], ["calm"]);
  assertEquals(regimeRows.find((row) => row.horizon_s === 1)!.fills, 2);
});
