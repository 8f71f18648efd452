/** `mm calibrate` end to end: inputs, the patch, its rationale, and bad input. */

import { assert, assertEquals, assertMatch, repoPath, runMm } from "../_helpers.ts";

/** Two generated hours and a dry-run journal on them, in a fresh directory. */
async function makeInputs(): Promise<{ dir: string; market: string; journal: string }> {
  const dir = await Deno.makeTempDir();
  const market = `${dir}/market.ndjson`, journal = `${dir}/journal.ndjson`;
  const generated = await runMm(["sim", "--generate", "--seed", "3", "--minutes", "120"]);
  assertEquals(generated.code, 0, generated.stderr);
  Deno.writeTextFileSync(market, generated.stdout);
  const dry = await runMm(["dry-run", "--replay", market, "--quiet", "--journal", journal]);
  assertEquals(dry.code, 0, dry.stderr);
  return { dir, market, journal };
}

Deno.test("calibrate on two generated hours and a dry-run journal", async (t) => {
  const inputs = await makeInputs();
  try {
    await t.step(
      "prints a patch whose every change has evidence, and mm applies it",
      () => patchApplies(inputs),
    );
    await t.step(
      "--from-analysis reads analyze-trades NDJSON and says what it cannot support",
      () => fromAnalysis(inputs),
    );
  } finally {
    await Deno.remove(inputs.dir, { recursive: true });
  }
});

async function patchApplies({ dir, market, journal }: Awaited<ReturnType<typeof makeInputs>>) {
  // A σ prior far from the generated market's (≈ 0.5): two hours are enough to say so.
  Deno.writeTextFileSync(`${dir}/base.json`, '{"market":{"priors":{"sigmaAnnual":3}}}');
  // The history right after --config is a history, not a second config.
  const run = await runMm([
    "calibrate",
    "--config",
    `${dir}/base.json`,
    journal,
    "--market",
    market,
  ]);
  assertEquals(run.code, 0, run.stderr);
  const document = JSON.parse(run.stdout);
  const { unchanged, ...changed } = document.rationale;
  assert("market.priors.sigmaAnnual" in changed, JSON.stringify(unchanged));
  for (const [path, entry] of Object.entries(changed) as [string, Record<string, unknown>][]) {
    const value = path.split(".").reduce((node, key) => node[key], document);
    assertEquals(value, entry.value, path);
    assert(typeof entry.n === "number" && entry.n > 0, `${path}: sample size`);
    assert(typeof entry.method === "string", `${path}: method`);
    assert(entry.previous !== entry.value, `${path}: a change`);
  }
  // What it left alone says why, e.g. too few hours to tell toxic ones apart.
  for (const reason of Object.values(unchanged)) assertMatch(reason as string, /\w/);
  Deno.writeTextFileSync(`${dir}/patch.json`, run.stdout);
  const check = await runMm(["config", "check", `${dir}/base.json`, `${dir}/patch.json`]);
  assertEquals(check.code, 0, check.stderr);
  assertEquals(
    JSON.parse(check.stdout).market.priors.sigmaAnnual,
    changed["market.priors.sigmaAnnual"].value,
  );
}

async function fromAnalysis({ market, journal }: Awaited<ReturnType<typeof makeInputs>>) {
  const analysis = await runMm(["analyze-trades", "--market", market, journal]);
  assertEquals(analysis.code, 0, analysis.stderr);
  const run = await runMm(["calibrate", "--from-analysis", "-"], { stdin: analysis.stdout });
  assertEquals(run.code, 0, run.stderr);
  const { unchanged } = JSON.parse(run.stdout).rationale;
  assertMatch(unchanged["market.priors.sigmaAnnual"], /market recording/);
  // The floor is estimated from the analysis' attribution: changed from it, or consistent with it.
  const floor = JSON.parse(run.stdout).rationale["strategy.ladder.minSpreadBps"];
  if (floor !== undefined) assertEquals(floor.source, "analysis");
  else assertMatch(unchanged["strategy.ladder.minSpreadBps"], /^consistent with the data/);
  // Toxic hours from our fills' hour markouts (no recording: no simulated quote at the floor).
  const hours = JSON.parse(run.stdout).rationale["strategy.gamma.toxicHours.hoursUtc"];
  if (hours !== undefined) assertEquals(hours.source, "analysis");
  else {
    assertMatch(
      unchanged["strategy.gamma.toxicHours.hoursUtc"],
      /^(consistent with the data: toxic in our fills' markouts|the analysis has no UTC)/,
    );
  }
}

Deno.test("calibrate with nothing to read, or a line that is not analysis, is one line and exit 2", async () => {
  const nothing = await runMm(["calibrate"]);
  assertEquals(nothing.code, 2);
  assertEquals(nothing.stderr.trim().split("\n").length, 1, nothing.stderr);
  assertMatch(nothing.stderr, /nothing to calibrate from/);
  const bad = await runMm(["calibrate", "--from-analysis", "-"], {
    stdin: '{"type":"summary","fills":"many"}\n',
  });
  assertEquals(bad.code, 2);
  assertEquals(bad.stderr.trim().split("\n").length, 1, bad.stderr);
  assertMatch(bad.stderr, /^mm: -:1: field ts: not an analyze-trades event/);
});

Deno.test("toxic hours planted by a model file (02, 09 UTC) come back as the informed takers' hours; the key stays", async () => {
  const dir = await Deno.makeTempDir();
  try {
    Deno.writeTextFileSync(
      `${dir}/model.json`,
      '{"toxic": {"hours": [2, 9], "informedShare": 0.5, "rateMultiplier": 2}}',
    );
    // Twelve hours from 00:00 UTC: 12–23 are never seen.
    const generated = await runMm([
      "sim",
      "--generate",
      "--seed",
      "5",
      "--minutes",
      "720",
      "--model",
      `${dir}/model.json`,
    ]);
    assertEquals(generated.code, 0, generated.stderr);
    Deno.writeTextFileSync(`${dir}/market.ndjson`, generated.stdout);
    const run = await runMm(["calibrate", "--market", `${dir}/market.ndjson`]);
    assertEquals(run.code, 0, run.stderr);
    const { rationale } = JSON.parse(run.stdout);
    assertEquals(rationale["strategy.gamma.toxicHours.hoursUtc"], undefined);
    // Without impact the informed orders trade at the touch and never move the mid, so a quote at
    // our 4 bps floor fares no worse in 02 and 09: nothing to widen there, and 06, 07 stay too
    // (a calm half day fills too few such quotes an hour to clear them).
    assertMatch(
      rationale.unchanged["strategy.gamma.toxicHours.hoursUtc"],
      /^consistent with the data: toxic for a quote at our floor \[\], .*; informed takers in \[2,9\]$/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("fills outside the recording are named as such, not counted as too few", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const generated = await runMm(["sim", "--generate", "--minutes", "30"]);
    assertEquals(generated.code, 0, generated.stderr);
    Deno.writeTextFileSync(`${dir}/market.ndjson`, generated.stdout);
    // The example week is March 2026; the generated half hour is 5 January 2026.
    const run = await runMm([
      "calibrate",
      "--market",
      `${dir}/market.ndjson`,
      repoPath("examples/trade_history.csv"),
    ]);
    assertEquals(run.code, 0, run.stderr);
    const { unchanged } = JSON.parse(run.stdout).rationale;
    for (const key of ["strategy.kelly.alphaTouch", "strategy.ladder.minSpreadBps"]) {
      assertMatch(
        unchanged[key],
        /^none of the 2000 fills \(.*\) falls inside the recording \(BTC, 2026-01-05/,
      );
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
