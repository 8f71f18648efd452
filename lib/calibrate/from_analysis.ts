/**
 * What `mm analyze-trades` NDJSON alone supports (`mm calibrate
 * --from-analysis`): the summary (notional, fee rate), the 60 s markouts
 * overall and by hour, and the overall attribution. Every line is checked
 * against the analysis event schemas; other event kinds are skipped.
 *
 * @module
 */

import { InputError } from "../errors.ts";
import { AnalysisEventSchema } from "../events/analysis.ts";
import { Moments } from "./_stats.ts";

/** Per-hour or overall markout moments at one horizon (bps). */
export interface MarkoutTally {
  fills: number;
  meanBps: number;
  sdBps: number;
}

/** The parts of an analysis calibration reads. */
export interface AnalysisDigest {
  fills: number;
  notionalUsd: number;
  feeRateBps: number | null;
  /** Adverse selection over the attribution horizon, bps of notional (positive = lost). */
  adverseBps: number | null;
  horizonS: number | null;
  /** Markouts at the horizon: overall and by UTC hour (`"00"`…`"23"`). */
  markoutAll: MarkoutTally | null;
  markoutByHour: Map<number, MarkoutTally>;
  /** The analysis used the next-fill-price proxy instead of market mids. */
  proxy: boolean;
  /** The analysis' zone (hours are only UTC hours when it is UTC). */
  tz: string;
}

/** Reads analysis NDJSON text (module doc). */
export function readAnalysis(text: string, options: { file: string }): AnalysisDigest {
  const digest: AnalysisDigest = {
    fills: 0,
    notionalUsd: 0,
    feeRateBps: null,
    adverseBps: null,
    horizonS: null,
    markoutAll: null,
    markoutByHour: new Map(),
    proxy: false,
    tz: "UTC",
  };
  let summaries = 0;
  const markouts: { group: string; key: string; horizon: number; tally: MarkoutTally }[] = [];
  text.split("\n").forEach((raw, index) => {
    const line = raw.trim();
    if (line === "") return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new InputError("not JSON", { file: options.file, line: index + 1 }, {
        hint: "pipe `mm analyze-trades FILE` (NDJSON) into `mm calibrate --from-analysis -`",
      });
    }
    const parsed = AnalysisEventSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new InputError(
        `not an analyze-trades event: ${issue.message}`,
        { file: options.file, line: index + 1, field: issue.path.join(".") || undefined },
        { hint: "give the NDJSON `mm analyze-trades` wrote (not --human)" },
      );
    }
    const event = parsed.data;
    if (event.type === "summary") {
      summaries += 1;
      digest.fills = event.fills;
      digest.notionalUsd = event.notional_usd;
      digest.feeRateBps = event.fee_rate_bps;
      digest.tz = event.tz;
    } else if (event.type === "attribution" && event.scope === "all") {
      digest.horizonS = event.horizon_s;
      if (event.adverse_selection_usd !== null && digest.notionalUsd > 0) {
        digest.adverseBps = (-event.adverse_selection_usd / digest.notionalUsd) * 10_000;
      }
    } else if (
      event.type === "markout" && event.mean_bps !== null && event.sd_bps !== null
    ) {
      digest.proxy ||= event.proxy !== null;
      markouts.push({
        group: event.group,
        key: event.key,
        horizon: event.horizon_s,
        tally: { fills: event.fills, meanBps: event.mean_bps, sdBps: event.sd_bps },
      });
    }
  });
  if (summaries !== 1) {
    throw new InputError(
      summaries === 0 ? "no analyze-trades summary line" : `${summaries} summary lines`,
      { file: options.file },
      { hint: "give the whole NDJSON of one `mm analyze-trades` run" },
    );
  }
  const horizon = digest.horizonS ?? 60;
  for (const m of markouts) {
    if (m.horizon !== horizon) continue;
    if (m.group === "all") digest.markoutAll = m.tally;
    if (m.group === "hour") digest.markoutByHour.set(Number(m.key), m.tally);
  }
  return digest;
}

/**
 * Per-hour markout tallies as observation moments for the toxic-hour test
 * (flow.ts works on observations; from an analysis only the moments exist).
 */
export function hourMoments(digest: AnalysisDigest): Map<number, Moments> {
  const out = new Map<number, Moments>();
  for (const [hour, tally] of digest.markoutByHour) {
    const moments = new Moments();
    moments.n = tally.fills;
    moments.sum = tally.meanBps * tally.fills;
    moments.sumSq = tally.sdBps ** 2 * (tally.fills - 1) + tally.fills * tally.meanBps ** 2;
    out.set(hour, moments);
  }
  return out;
}
