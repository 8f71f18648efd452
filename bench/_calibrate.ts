/**
 * The calibration loop end to end on the generator (one section of
 * `deno task bench`, `--only calibrate`): issue #8's "a dry-run with the
 * calibrated patch beats the defaults on net edge over a held-out stretch".
 *
 * The market is the generator's defaults, or the parameters of a model
 * file (`--model`, e.g. examples/model_toxic_impact.json); tests/calibrate/
 * held_out_test.ts runs this on two held-out days.
 *
 * 1. Train: generate `trainDays` days of one market (seed 100), dry-run
 *    them with the defaults, and calibrate on their market and fills (as
 *    `mm calibrate --market … journal` does).
 * 2. Hold out: for each of `days` other seeds, generate the day and dry-run
 *    it twice, with the defaults and with the patch.
 * 3. Compare per day: net edge, the 60 s attribution of the fills (spread
 *    capture + adverse selection + fees, lib/analysis/attribution.ts: the
 *    inventory carry, mostly noise, left out), and the dry-run's net P&L.
 *    The paired difference (patch − defaults) over the days gives a mean and
 *    a standard error; the patch "beats" the defaults when the mean
 *    difference is above two standard errors.
 *
 * A generated day takes about 10 s here (generation, two replays, mids).
 *
 * @module
 */

import { Attribution } from "../lib/analysis/attribution.ts";
import { MidSeries } from "../lib/analysis/_mid_series.ts";
import { readTradeHistory } from "../lib/analysis/read_trades.ts";
import { TimeZone } from "../lib/analysis/time_zone.ts";
import type { TradeFill } from "../lib/analysis/trade_fill.ts";
import { calibrate, MarketSample } from "../lib/calibrate/mod.ts";
import { Moments, roundTo } from "../lib/calibrate/_stats.ts";
import { MmConfigSchema } from "../lib/config/mm_config.ts";
import { runDryRun } from "../lib/engine/dry_run.ts";
import { Journal } from "../lib/engine/journal.ts";
import { generateMarket, type MarketFrame, type ModelOptions } from "../lib/sim/generator.ts";
import { inBatches } from "../lib/sim/market_file.ts";
import { simUniverse } from "../lib/sim/universe.ts";

function cents(usd: number): number {
  return roundTo(usd, 2);
}

const START_MS = Date.UTC(2026, 0, 5);
const TRAIN_SEED = 100;
const HELD_OUT_SEED = 8;
const UTC = new TimeZone("UTC");

/** One held-out day's figures for one config, USD. */
interface DayFigures {
  fills: number;
  netEdgeUsd: number;
  netPnlUsd: number;
}

/** A generated day: its frames and its mids (for attribution). */
function day(seed: number, model: ModelOptions): { frames: MarketFrame[]; mids: MidSeries } {
  const frames = [...generateMarket({ ...model, seed, minutes: 1440, startMs: START_MS })];
  const mids = new MidSeries();
  for (const frame of frames) mids.addFrame(frame);
  return { frames, mids };
}

/** Dry-runs `batches` with `patch` over the defaults; returns our fills and the net P&L. */
async function replay(
  batches: Iterable<MarketFrame[]>,
  patch: Record<string, unknown>,
): Promise<{ fills: TradeFill[]; netPnlUsd: number }> {
  const fillLines: string[] = [];
  const journal = new Journal({
    now: () => 0,
    stdout: {
      write(text: string): boolean {
        for (const line of text.split("\n")) {
          if (line.includes('"type":"fill"')) fillLines.push(`${line}\n`);
        }
        return true;
      },
    },
  });
  async function* feed() {
    yield* batches;
  }
  const result = await runDryRun(feed(), {
    asset: simUniverse()[0],
    config: MmConfigSchema.parse(patch),
    journal,
    seed: 7,
  });
  journal.close();
  async function* text() {
    yield* fillLines;
  }
  const history = await readTradeHistory(text(), { file: "dry-run journal", tz: UTC, nowMs: 0 });
  const fills: TradeFill[] = [];
  for await (const batch of history.batches) fills.push(...batch);
  return { fills, netPnlUsd: result.summary.net_pnl_usd as number };
}

/** Net edge of `fills` against `mids`: spread capture + adverse selection + fees, USD. */
function netEdgeUsd(fills: readonly TradeFill[], mids: MidSeries): number {
  const attribution = new Attribution({ tz: UTC, mids });
  for (const fill of fills) attribution.update(fill);
  const all = attribution.rows().find((row) => row.scope === "all")!;
  return (all.spread_capture_usd ?? 0) + (all.adverse_selection_usd ?? 0) + all.fees_usd;
}

/**
 * Runs the calibrate section: train on `trainDays` days of one generated
 * market (seed 100), compare on `days` held-out days (seeds 8, 9, …).
 */
export async function benchCalibrate(
  options: { days: number; trainDays?: number; model?: ModelOptions },
): Promise<Record<string, unknown>> {
  const trainDays = options.trainDays ?? 4;
  const model = options.model ?? {};
  const started = performance.now();
  // One continuous stretch (days cut from separate runs would jump at each seam), generated
  // twice rather than held: once for the dry-run, once for the market sample.
  const stretch = () =>
    generateMarket({ ...model, seed: TRAIN_SEED, minutes: 1440 * trainDays, startMs: START_MS });
  const trainFills = (await replay(inBatches(stretch()), {})).fills;
  const sample = await MarketSample.fromFrames(inBatches(stretch()));
  const calibration = calibrate({ market: sample, fills: trainFills }, {
    base: MmConfigSchema.parse({}),
  });
  const patch = calibration.patch;
  const rows: { seed: number; defaults: DayFigures; patched: DayFigures }[] = [];
  for (let seed = HELD_OUT_SEED; seed < HELD_OUT_SEED + options.days; seed++) {
    const held = day(seed, model);
    const figures = async (config: Record<string, unknown>): Promise<DayFigures> => {
      const run = await replay(inBatches(held.frames), config);
      return {
        fills: run.fills.length,
        netEdgeUsd: cents(netEdgeUsd(run.fills, held.mids)),
        netPnlUsd: cents(run.netPnlUsd),
      };
    };
    rows.push({ seed, defaults: await figures({}), patched: await figures(patch) });
  }
  const compare = (pick: (figures: DayFigures) => number) => {
    const defaults = new Moments(), patched = new Moments(), difference = new Moments();
    for (const row of rows) {
      defaults.update(pick(row.defaults));
      patched.update(pick(row.patched));
      difference.update(pick(row.patched) - pick(row.defaults));
    }
    return {
      defaults_per_day: cents(defaults.mean),
      patched_per_day: cents(patched.mean),
      mean_difference_per_day: cents(difference.mean),
      standard_error: cents(difference.standardError),
      patch_beats_defaults: difference.mean > 2 * difference.standardError,
    };
  };
  return {
    train_seed: TRAIN_SEED,
    train_days: trainDays,
    train_fills: trainFills.length,
    patch,
    unchanged: calibration.unchanged,
    held_out_days: rows,
    net_edge: compare((figures) => figures.netEdgeUsd),
    net_pnl: compare((figures) => figures.netPnlUsd),
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
