/** `mm dry-run`: the engine on paper, end to end through the CLI. */

import { MarketGenerator } from "../../lib/sim/generator.ts";
import { LiveMarket } from "../../lib/sim/market_driver.ts";
import { startTestSim } from "../sim/_sim.ts";
import { assert, assertEquals, ndjson, repoPath, runMm } from "../_helpers.ts";
import denoJson from "../../deno.json" with { type: "json" };

Deno.test("a synthetic dry-run is deterministic for a seed and ends with a summary", async () => {
  const args = ["dry-run", "--synthetic", "--minutes", "20", "--seed", "3"];
  const a = await runMm(args), b = await runMm(args);
  assertEquals(a.code, 0, a.stderr);
  assertEquals(a.stdout, b.stdout);
  const events = ndjson(a.stdout);
  const summary = events.at(-1)!;
  assertEquals(summary.type, "summary");
  assertEquals(summary.coin, "BTC");
  assertEquals(summary.market_minutes, 20);
  const kinds = new Set(events.map((e) => e.type));
  for (const kind of ["start", "status", "quote", "action", "stop"]) {
    assert(kinds.has(kind), `a ${kind} event`);
  }
  const stop = events.find((e) => e.type === "stop")!;
  assertEquals(stop.remaining_orders, 0, "every order is pulled at the end");
});

Deno.test("every quote explains its numbers and its decision", async () => {
  const run = await runMm(["dry-run", "--synthetic", "--minutes", "5"]);
  const quote = ndjson(run.stdout).find((e) => e.type === "quote")! as Record<string, unknown> & {
    explanation: Record<string, unknown>;
  };
  for (const key of ["fairPx", "sigmaBpsPerSqrtS", "regime", "fillIntensityA", "fillDecayKappa"]) {
    assert(key in quote.explanation, `explanation has ${key}`);
  }
  assert(["quote", "widen", "reduce_only", "pull"].includes(quote.decision as string));
});

Deno.test("a replayed recording drives the dry-run; its fills pipe into analyze-trades", async () => {
  const run = await runMm(["dry-run", "--replay", repoPath("examples/btc_2min_seed7.ndjson")]);
  assertEquals(run.code, 0, run.stderr);
  const summary = ndjson(run.stdout).at(-1)!;
  assertEquals([summary.type, summary.market_minutes], ["summary", 2]);
  const analysed = await runMm(["analyze-trades", "-"], { stdin: run.stdout });
  assertEquals(analysed.code, 0, analysed.stderr);
  const result = ndjson(analysed.stdout)[0];
  assertEquals([result.source, result.fills], ["mm_events_ndjson", summary.fills]);
});

Deno.test("two markets at once, or an unknown asset, is a usage error", async () => {
  assertEquals(
    (await runMm([
      "dry-run",
      "--synthetic",
      "--replay",
      repoPath("examples/btc_2min_seed7.ndjson"),
    ])).code,
    2,
  );
  assertEquals((await runMm(["dry-run", "--synthetic", "--asset", "NOPE"])).code, 2);
  assertEquals((await runMm(["dry-run", "--replay", "/nonexistent.ndjson"])).code, 2);
});

Deno.test("a config file overrides the defaults and a bad key names its path", async () => {
  const dir = await Deno.makeTempDir();
  try {
    Deno.writeTextFileSync(
      `${dir}/wide.json`,
      JSON.stringify({ strategy: { ladder: { levels: 2 } } }),
    );
    const good = await runMm([
      "dry-run",
      "--synthetic",
      "--minutes",
      "5",
      "--config",
      `${dir}/wide.json`,
    ]);
    assertEquals(good.code, 0, good.stderr);
    const quote = ndjson(good.stdout).find((e) =>
      e.type === "quote" && (e.bids as unknown[]).length > 0
    )!;
    assert((quote.bids as unknown[]).length <= 2, "2 levels a side");
    Deno.writeTextFileSync(
      `${dir}/bad.json`,
      JSON.stringify({ strategy: { ladder: { levelz: 2 } } }),
    );
    const bad = await runMm(["dry-run", "--synthetic", "--config", `${dir}/bad.json`]);
    assertEquals(bad.code, 2);
    assert(bad.stderr.includes("strategy.ladder"), bad.stderr);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("without --synthetic or --replay it quotes on live public data (here a running simulator)", async () => {
  const sim = startTestSim();
  const market = new LiveMarket(
    [
      new MarketGenerator({
        coin: "BTC",
        szDecimals: 5,
        startPx: 30_000,
        startMs: Date.now(),
        seed: 4,
      }),
    ],
    { sink: (frame) => sim.server.publishMarket(frame), now: Date.now },
  );
  market.start();
  try {
    const run = await runMm([
      "dry-run",
      "--api-url",
      sim.server.url,
      "--for-minutes",
      "0.04",
      "--quiet",
    ]);
    assertEquals(run.code, 0, run.stderr);
    const summary = ndjson(run.stdout).at(-1)!;
    assertEquals([summary.type, summary.source], ["summary", "live"]);
    assert((summary.frames as number) > 0, "live frames arrived");
  } finally {
    market.stop();
    await sim.close();
  }
});

Deno.test("the README's demo (deno task demo) quotes the generator on paper and fills", async () => {
  const prefix = "deno task mm ";
  assert(denoJson.tasks.demo.startsWith(prefix), denoJson.tasks.demo);
  const run = await runMm(denoJson.tasks.demo.slice(prefix.length).split(" "));
  assertEquals(run.code, 0, run.stderr);
  const events = ndjson(run.stdout);
  assertEquals(events.map((e) => e.type), ["summary"]);
  assert((events[0].fills as number) > 10, `fills ${events[0].fills}`);
});
