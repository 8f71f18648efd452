/**
 * `mm calibrate [HISTORY...] [--market FILE] [--from-analysis FILE|-]` — a
 * config patch from evidence, each changed value with its rationale.
 *
 * @module
 */

import process from "node:process";
import { Command, Option } from "@commander-js/extra-typings";
import { type DateOrder, TimeZone } from "../lib/analysis/mod.ts";
import { readTradeHistory } from "../lib/analysis/read_trades.ts";
import type { TradeFill } from "../lib/analysis/trade_fill.ts";
import { calibrate, MarketSample, patchDocument, readAnalysis } from "../lib/calibrate/mod.ts";
import { loadConfig } from "../lib/config/mm_config.ts";
import { UsageError } from "../lib/errors.ts";
import { readMarketFrames } from "../lib/sim/market_file.ts";
import { openMarketInput, openTextInput, readAll } from "../cli/input.ts";

/** The calibrate subcommand. */
export function calibrateCommand() {
  return new Command("calibrate")
    .description(
      "Measure σ, regimes, fill intensity, adverse selection, toxic hours, the informed size " +
        "and the break-even floor; print a config patch (JSON) with the evidence for every change.",
    )
    .argument(
      "[history...]",
      "our fills: trade histories (any analyze-trades form) or mm journals",
    )
    .option("--market <file>", "market recording (mm record / mm sim --generate, .gz too)")
    .option("--from-analysis <file>", "mm analyze-trades NDJSON (FILE, or - for stdin)")
    .option("--asset <coin>", "coin to calibrate (default: the recording's first)")
    // Not variadic: a variadic option would swallow the history files after it.
    .option(
      "--config <file>",
      "the config in force; repeat for several (later files override earlier)",
      (file: string, files: string[]) => [...files, file],
      [] as string[],
    )
    .option("--tz <zone>", "IANA zone of the histories' wall-clock times", "UTC")
    .addOption(
      new Option("--date-order <order>", "day/month order of export dates (default: detect)")
        .choices(["dmy", "mdy"] as const),
    )
    .action(async (histories, flags) => {
      if (
        histories.length === 0 && flags.market === undefined && flags.fromAnalysis === undefined
      ) {
        throw new UsageError(
          "nothing to calibrate from: give --market FILE, history files, or --from-analysis FILE",
        );
      }
      const base = loadConfig(flags.config);
      const market = flags.market === undefined ? undefined : await MarketSample.fromFrames(
        readMarketFrames(await openMarketInput(flags.market), { file: flags.market }),
        { coin: flags.asset },
      );
      const tz = new TimeZone(flags.tz);
      let fills: TradeFill[] | undefined;
      for (const file of histories) {
        const history = await readTradeHistory(
          await openTextInput(file, {
            stdinHint: "no input on stdin: give a history FILE",
            hint: "give the path of a trade history or an mm journal",
          }),
          { file, tz, dateOrder: flags.dateOrder as DateOrder | undefined, nowMs: Date.now() },
        );
        fills ??= [];
        for await (const batch of history.batches) fills.push(...batch);
      }
      const analysis = flags.fromAnalysis === undefined ? undefined : readAnalysis(
        await readAll(
          await openTextInput(flags.fromAnalysis, {
            stdinHint: "no analysis on stdin: pipe `mm analyze-trades FILE` into it",
            hint: "give the NDJSON file mm analyze-trades wrote",
          }),
        ),
        { file: flags.fromAnalysis },
      );
      const calibration = calibrate({ market, fills, analysis }, { base });
      process.stdout.write(JSON.stringify(patchDocument(calibration), null, 2) + "\n");
      if (process.stderr.isTTY) {
        const changed = Object.keys(calibration.rationale);
        process.stderr.write(
          `calibrate: ${changed.length} value(s) changed` +
            (changed.length > 0 ? ` (${changed.join(", ")})` : "") +
            `, ${Object.keys(calibration.unchanged).length} left alone (see rationale.unchanged)\n`,
        );
      }
    });
}
