/**
 * `mm analyze-trades [FILE|-]` — where the edge went.
 *
 * @module
 */

import process from "node:process";
import { Command, Option } from "@commander-js/extra-typings";
import {
  analysisEvents,
  analyzeTradeHistory,
  type DateOrder,
  renderAnalysis,
  TimeZone,
} from "../lib/analysis/mod.ts";
import { numberFlag } from "../cli/flags.ts";
import { openMarketInput, openTextInput, readAll } from "../cli/input.ts";
import { readMarketFrames } from "../lib/sim/market_file.ts";
import { MidSeries } from "../lib/analysis/markouts.ts";
import { readFunding } from "../lib/analysis/funding.ts";
import { UsageError } from "../lib/errors.ts";
import { writeEvents } from "../lib/events/mod.ts";

/** The analyze-trades subcommand. */
export function analyzeTradesCommand() {
  return new Command("analyze-trades")
    .description(
      "Analyse a trade history (web-app CSV export, userFills JSON/NDJSON, or mm fill events): " +
        "edge, fees, size and hour buckets, what-if scenarios. NDJSON on stdout.",
    )
    .argument("[file]", "history file, or - for stdin", "-")
    .addOption(
      new Option("--date-order <order>", "day/month order of the export's dates (default: detect)")
        .choices(["dmy", "mdy"] as const),
    )
    .option("--tz <zone>", "IANA zone of the export's times and of hour/day buckets", "UTC")
    .option("--size-buckets <edges>", "notional bucket edges in USD, comma-separated", "500,2000")
    .option("--toxic-bps <bps>", "an hour is toxic when its edge is below this", "-10")
    .option("--min-fills <n>", "fills an hour needs before it can be toxic", "10")
    .option("--worst <n>", "how many worst closing fills to list", "10")
    .option(
      "--market <file>",
      "market recording (mm record / mm sim --generate, .gz too) for markouts and attribution",
    )
    .option(
      "--funding <file>",
      "funding payments (web-app funding export, userFunding JSON or its flat CSV) for attribution",
    )
    .option(
      "--markout-proxy",
      "without --market: mark fills out against the next fills' prices (holds fills in memory)",
    )
    .option("--skip-bad", "count and skip bad rows instead of stopping at the first")
    .option("--human", "print tables and charts on stdout instead of NDJSON")
    .option("--no-color", "no colours in the human view")
    .action(async (file, flags) => {
      const tz = new TimeZone(flags.tz);
      const input = file;
      const mids = flags.market === undefined ? undefined : await MidSeries.fromFrames(
        readMarketFrames(await openMarketInput(flags.market), { file: flags.market }),
      );
      const funding = flags.funding === undefined ? undefined : await readFunding(
        await readAll(
          await openTextInput(flags.funding, {
            stdinHint: "no funding input: give a FILE, or pipe one into --funding -",
            hint: "give the path of a funding export or a userFunding JSON file",
          }),
        ),
        {
          file: flags.funding,
          tz,
          dateOrder: flags.dateOrder as DateOrder | undefined,
          nowMs: Date.now(),
        },
      );
      const { source, result, report, markouts, attribution } = await analyzeTradeHistory(
        await openTextInput(input, {
          stdinHint: "no input: give a history FILE, or pipe one into `mm analyze-trades -`",
          hint: "give the path of a trade-history file, or - for stdin",
        }),
        {
          file: input,
          tz,
          dateOrder: flags.dateOrder as DateOrder | undefined,
          skipBad: flags.skipBad ?? false,
          nowMs: Date.now(),
          sizeEdgesUsd: parseEdges(flags.sizeBuckets),
          toxicBps: numberFlag("--toxic-bps", flags.toxicBps),
          minFills: numberFlag("--min-fills", flags.minFills, { integer: true, min: 1 }),
          worst: numberFlag("--worst", flags.worst, { integer: true, min: 0 }),
          mids,
          funding,
          markoutProxy: flags.markoutProxy ?? false,
        },
      );
      const context = { source, input, tz: tz.name, report };
      const wantView = flags.human || process.stderr.isTTY;
      const view = wantView
        ? renderAnalysis(result, {
          ...context,
          markouts,
          attribution,
          color: flags.color && !process.env.NO_COLOR &&
            (flags.human ? process.stdout.isTTY : true),
        })
        : "";
      if (flags.human) {
        process.stdout.write(view);
        return;
      }
      await writeEvents(
        process.stdout,
        analysisEvents(result, {
          ...context,
          nowMs: Date.now(),
          markouts,
          attribution,
        }),
      );
      if (view !== "") process.stderr.write(view);
    });
}

function parseEdges(text: string): number[] {
  const edges = text.split(",").map((part) => Number(part.trim()));
  const ascending = edges.every((edge, i) => i === 0 || edge > edges[i - 1]);
  if (edges.length === 0 || edges.some((e) => !Number.isFinite(e) || e <= 0) || !ascending) {
    throw new UsageError(
      `--size-buckets "${text}" must be ascending positive USD edges, e.g. 500,2000`,
    );
  }
  return edges;
}
