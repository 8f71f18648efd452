/**
 * `deno task bench`: runs every benchmark section and prints one JSON report
 * on stdout (progress on stderr). Targets are checked here, never in tests.
 *
 *     deno task bench [--only analyze_trades,sim,signing,engine] [--runs 5] [--rows 1000000] [--profile]
 *     deno task bench --only calibrate [--days 8] [--train-days 4] [--model FILE]
 *
 * `calibrate` (the held-out comparison of a calibrated patch with the
 * defaults, about 10 s a day) runs only when named.
 *
 * @module
 */

import { parseArgs } from "node:util";
import { benchAnalyzeTrades } from "./_analyze_trades.ts";
import { benchCalibrate } from "./_calibrate.ts";
import { benchEngine } from "./_engine.ts";
import { benchSigning } from "./_signing.ts";
import { benchSim } from "./_sim.ts";
import { readModelFile } from "../lib/sim/model_file.ts";

const SECTIONS = ["analyze_trades", "sim", "signing", "engine"] as const;
const ON_REQUEST = ["calibrate"] as const;

async function main(): Promise<void> {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      only: { type: "string", default: SECTIONS.join(",") },
      runs: { type: "string", default: "5" },
      rows: { type: "string", default: "1000000" },
      profile: { type: "boolean", default: false },
      days: { type: "string", default: "8" },
      "train-days": { type: "string", default: "4" },
      model: { type: "string" },
    },
  });
  const only = values.only.split(",");
  const known: readonly string[] = [...SECTIONS, ...ON_REQUEST];
  const unknown = only.filter((name) => !known.includes(name));
  if (unknown.length > 0) {
    throw new Error(
      `--only: unknown section ${unknown.join(", ")}; sections: ${known.join(", ")}`,
    );
  }
  const runs = Number(values.runs);
  const rows = Number(values.rows);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs ${values.runs}: want >= 1`);
  if (!Number.isInteger(rows) || rows < 2) throw new Error(`--rows ${values.rows}: want >= 2`);
  const days = Number(values.days);
  if (!Number.isInteger(days) || days < 2) throw new Error(`--days ${values.days}: want >= 2`);
  const trainDays = Number(values["train-days"]);
  if (!Number.isInteger(trainDays) || trainDays < 1) {
    throw new Error(`--train-days ${values["train-days"]}: want >= 1`);
  }
  const report: Record<string, unknown> = {};
  let ok = true;
  if (only.includes("analyze_trades")) {
    const section = await benchAnalyzeTrades({ runs, rows, profile: values.profile });
    report.analyze_trades = section.report;
    ok &&= section.figuresAgree;
  }
  if (only.includes("sim")) report.sim = await benchSim({ runs });
  if (only.includes("signing")) report.signing = benchSigning();
  if (only.includes("engine")) report.engine = await benchEngine();
  if (only.includes("calibrate")) {
    const model = values.model === undefined ? undefined : readModelFile(values.model);
    report.calibrate = await benchCalibrate({ days, trainDays, model });
  }
  console.log(JSON.stringify(report, null, 2));
  if (!ok) Deno.exitCode = 1;
}

if (import.meta.main) await main();
