/** `mm analyze-trades` end to end: the real CLI in a subprocess with the mm task's permissions. */

import denoJson from "../../deno.json" with { type: "json" };
import {
  assert,
  assertEquals,
  assertMatch,
  fixture,
  ndjson,
  repoPath,
  runMm,
} from "../_helpers.ts";

const exportCsv = fixture("six_fills_export.csv");

Deno.test("a file gives NDJSON: summary, 3 size, 24 hour, coin and day buckets, 4 scenarios, worst fills", async () => {
  const run = await runMm(["analyze-trades", exportCsv]);
  assertEquals([run.code, run.stderr], [0, ""]);
  const lines = ndjson(run.stdout);
  const kinds = lines.map((line) => line.type === "bucket" ? `bucket:${line.by}` : line.type);
  const count = (kind: string) => kinds.filter((k) => k === kind).length;
  assertEquals(kinds[0], "summary");
  assertEquals(
    [count("bucket:size"), count("bucket:hour"), count("bucket:coin"), count("bucket:day")],
    [3, 24, 2, 3],
  );
  assertEquals([count("scenario"), count("worst")], [4, 3]);
  assert(lines.every((line) => typeof line.ts === "number"), "every line has ts");
  const summary = lines[0];
  assertEquals(
    [summary.source, summary.fills, summary.net_pnl_usd, summary.edge_bps, summary.date_order],
    ["hl_web_export_csv", 6, 10.21475, 12.1431, "dmy"],
  );
});

Deno.test("stdin piping with - gives the same figures as the file", async () => {
  const fromFile = ndjson((await runMm(["analyze-trades", exportCsv])).stdout);
  const piped = await runMm(["analyze-trades", "-"], { stdin: Deno.readTextFileSync(exportCsv) });
  assertEquals(piped.code, 0);
  const strip = (lines: Record<string, unknown>[]) =>
    lines.map(({ ts: _, input: __, ...rest }) => rest);
  assertEquals(strip(ndjson(piped.stdout)), strip(fromFile));
});

Deno.test("mm fill events piped in (as from dry-run) are read as such", async () => {
  const run = await runMm(["analyze-trades", "-"], {
    stdin: Deno.readTextFileSync(fixture("six_fills_mm_events.ndjson")),
  });
  const summary = ndjson(run.stdout)[0];
  assertEquals([summary.source, summary.net_pnl_usd, summary.ignored_events], [
    "mm_events_ndjson",
    10.21475,
    6,
  ]);
});

Deno.test("flags reshape the buckets: --size-buckets, --toxic-bps, --min-fills, --worst", async () => {
  const run = await runMm([
    "analyze-trades",
    exportCsv,
    "--size-buckets",
    "1000",
    "--toxic-bps",
    "-20",
    "--min-fills",
    "1",
    "--worst",
    "1",
  ]);
  const lines = ndjson(run.stdout);
  assertEquals(lines.filter((l) => l.by === "size").map((l) => l.key), ["<1000", ">1000"]);
  assertEquals(lines.filter((l) => l.by === "hour" && l.toxic).length, 0);
  assertEquals(lines.filter((l) => l.type === "worst").length, 1);
});

Deno.test("bad input: one line naming file, line and field; exit 2; nothing on stdout", async () => {
  const bad = await Deno.makeTempFile({ suffix: ".csv" });
  try {
    Deno.writeTextFileSync(bad, Deno.readTextFileSync(exportCsv).replace("1990,", "cheap,"));
    const run = await runMm(["analyze-trades", bad]);
    assertEquals([run.code, run.stdout], [2, ""]);
    assertEquals(run.stderr.trim().split("\n").length, 1);
    assertMatch(run.stderr, new RegExp(`^mm: ${bad}:5: field px: "cheap" is not a valid number`));
  } finally {
    Deno.removeSync(bad);
  }
});

Deno.test("--skip-bad reports the skipped lines in the summary and exits 0", async () => {
  const text = Deno.readTextFileSync(exportCsv).replace("1990,", "cheap,");
  const run = await runMm(["analyze-trades", "--skip-bad", "-"], { stdin: text });
  const summary = ndjson(run.stdout)[0];
  assertEquals([run.code, summary.fills, summary.skipped], [0, 5, 1]);
  assertEquals(summary.skipped_examples, [{
    line: 5,
    reason: 'px: "cheap" is not a valid number',
  }]);
});

Deno.test("an empty file is a zero summary with exit 0", async () => {
  const run = await runMm(["analyze-trades", "-"], { stdin: "" });
  const lines = ndjson(run.stdout);
  assertEquals([run.code, lines[0].type, lines[0].fills, lines[0].source], [
    0,
    "summary",
    0,
    "empty",
  ]);
});

Deno.test("a missing file is exit 2 with one line", async () => {
  const run = await runMm(["analyze-trades", "/nonexistent/history.csv"]);
  assertEquals(run.code, 2);
  assertEquals(
    run.stderr.trim(),
    "mm: /nonexistent/history.csv: cannot read: no such file; give the path of a trade-history file, or - for stdin",
  );
});

Deno.test("usage errors exit 2: unknown flag, bad --date-order, bad --tz, bad --size-buckets", async () => {
  for (
    const args of [
      ["analyze-trades", "--bogus", exportCsv],
      ["analyze-trades", "--date-order", "ymd", exportCsv],
      ["analyze-trades", "--tz", "Mars/Olympus", exportCsv],
      ["analyze-trades", "--size-buckets", "2000,500", exportCsv],
      ["no-such-command"],
    ]
  ) {
    const run = await runMm(args);
    assertEquals(run.code, 2, args.join(" "));
    assert(!run.stderr.includes("    at "), `no stack trace: ${run.stderr}`);
  }
});

Deno.test("--human prints tables and charts on stdout instead of NDJSON", async () => {
  const run = await runMm(["analyze-trades", "--human", "--min-fills", "2", exportCsv]);
  assertEquals(run.code, 0);
  assert(!run.stdout.trimStart().startsWith("{"));
  for (
    const part of [
      "By size",
      "By hour (UTC)",
      "TOXIC",
      "What if",
      "skip_toxic_hours",
      "Cumulative net P&L",
      "┤",
    ]
  ) {
    assert(run.stdout.includes(part), `--human output shows ${part}`);
  }
});

Deno.test("--help, subcommand --help and --version exit 0", async () => {
  const help = await runMm(["--help"]);
  assertEquals(help.code, 0);
  assertMatch(help.stdout, /analyze-trades/);
  const sub = await runMm(["analyze-trades", "--help"]);
  assertEquals(sub.code, 0);
  assertMatch(sub.stdout, /--date-order/);
  const version = await runMm(["--version"]);
  assertEquals([version.code, version.stdout.trim()], [0, "0.1.0"]);
});

Deno.test("--help works in a clean environment (no colour variables set)", async () => {
  const words = denoJson.tasks.mm.split(/\s+/).slice(1).map((
    w,
  ) => (w.endsWith(".ts") ? repoPath(w) : w));
  for (const args of [["--help"], ["analyze-trades", "--help"], ["status", "--help"]]) {
    const output = await new Deno.Command(Deno.execPath(), {
      args: [...words, ...args],
      env: { PATH: Deno.env.get("PATH") ?? "" },
      clearEnv: true,
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(output.code, 0, new TextDecoder().decode(output.stderr));
  }
});

Deno.test("--human with --market shows the P&L attribution and the markouts", async () => {
  const run = await runMm([
    "analyze-trades",
    "--human",
    "--market",
    fixture("markout_market.ndjson"),
    fixture("markout_fills.ndjson"),
  ]);
  assertEquals(run.code, 0, run.stderr);
  assertMatch(run.stdout, /Where the P&L came from/);
  assertMatch(run.stdout, /spread capture\s+adverse selection/);
  assertMatch(run.stdout, /Markouts, mean bps/);
  assertMatch(run.stdout, /all fills\s+-0\.50 \(3\)/);
});
