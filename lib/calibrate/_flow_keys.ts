/**
 * The keys of informed flow: the large-quote rule (from our fills; the
 * market takers' informed size beside it as evidence) and the toxic hours
 * (from the recording, or an analysis' hour markouts).
 *
 * @module
 */

import {
  findSizeThreshold,
  findToxicHours,
  marketObservations,
  toxicHoursFromMoments,
} from "./flow.ts";
import { hourMoments } from "./from_analysis.ts";
import type { VolatilityFinding } from "./volatility.ts";
import {
  type Calibration,
  type CalibrationContext,
  clampEstimate,
  decide,
  hourRow,
  NEED_FILLS,
  NEED_MARKET,
  round4,
  same,
  set,
} from "./_decide.ts";

/** Decides `strategy.ladder.largeQuote.*` and `strategy.gamma.toxicHours.hoursUtc`. */
export function decideFlow(
  out: Calibration,
  context: CalibrationContext,
  volatility: VolatilityFinding | undefined,
): void {
  const { base, market, horizonS, ownFlow } = context;
  const flow = market === undefined ? [] : marketObservations(market, horizonS, {
    sigmaBpsPerSqrtSAt: volatility?.sigmaBpsAt,
  });
  // The informed taker size is a property of the market; whether OUR larger quotes need
  // extra depth is a question for our own fills (a quote is filled by any order reaching it,
  // not only by orders its size).
  const informed = market === undefined ? undefined : findSizeThreshold(flow);
  const size = ownFlow === undefined ? undefined : findSizeThreshold(ownFlow, { minPerSide: 30 });
  const large = base.strategy.ladder.largeQuote;
  const informedEvidence = informed?.thresholdUsd === undefined ? {} : {
    informed_taker_threshold_usd: informed.thresholdUsd.value,
    informed_taker_z: round4(informed.z),
    informed_taker_extra_bps: round4(informed.extraBps?.value),
  };
  if (size?.thresholdUsd === undefined || size.reason !== undefined) {
    const reason = (context.fillsOutside ?? size?.reason ?? NEED_FILLS) +
      (informed?.thresholdUsd !== undefined && informed.reason === undefined
        ? `; market takers are informed from $${Math.round(informed.thresholdUsd.value)} ` +
          `(z ${informed.z?.toFixed(1)}, +${informed.extraBps?.value.toFixed(2)} bps)`
        : "");
    out.unchanged["strategy.ladder.largeQuote.notionalUsd"] = reason;
    out.unchanged["strategy.ladder.largeQuote.extraBps"] = reason;
  } else {
    const evidence = {
      z: round4(size.z),
      below_mean_bps: round4(size.below?.value),
      above_mean_bps: round4(size.above?.value),
      horizon_s: horizonS,
      ...informedEvidence,
    };
    const method = "least-squares change point of our fills' adverse move over their notional";
    decide(out, "strategy.ladder.largeQuote.notionalUsd", large.notionalUsd, {
      estimate: size.thresholdUsd,
      digits: -2,
      source: "fills",
      method,
      evidence,
    });
    decide(out, "strategy.ladder.largeQuote.extraBps", large.extraBps, {
      estimate: clampEstimate(size.extraBps!, 0),
      digits: 2,
      source: "fills",
      method: "mean adverse move above minus below the threshold (Welch interval)",
      evidence,
    });
  }
  const toxic = market !== undefined
    ? findToxicHours(flow, {
      belowUsd: informed?.reason === undefined ? informed?.thresholdUsd?.value : undefined,
    })
    : context.analysis !== undefined && !context.analysis.proxy && context.analysis.tz === "UTC"
    ? toxicHoursFromMoments(hourMoments(context.analysis), { minPerHour: 30 })
    : undefined;
  const hoursNow = base.strategy.gamma.toxicHours.hoursUtc;
  if (toxic === undefined) {
    out.unchanged["strategy.gamma.toxicHours.hoursUtc"] = context.analysis === undefined
      ? NEED_MARKET
      : "the analysis has no UTC market-mid hour markouts (run analyze-trades with --market and --tz UTC)";
  } else {
    // Not significant is not proof of innocence: an hour leaves the list only when its
    // moves are no worse than the other hours' (z ≤ 0).
    const clean = new Set(
      toxic.hours.filter((h) => h.toxic === false && h.z <= 0).map((h) => h.hourUtc),
    );
    const next = [
      ...new Set([...hoursNow.filter((h) => !clean.has(h)), ...toxic.toxic]),
    ].sort((a, b) => a - b);
    const evidence = {
      toxic: toxic.hours.filter((h) => h.toxic).map(hourRow),
      cleared: toxic.hours.filter((h) => clean.has(h.hourUtc)).map(hourRow),
      undecided: toxic.undecided,
      units: market !== undefined ? "adverse move / (σ·√horizon)" : "markout bps",
      test: "added at one-sided Welch z ≥ 3 against the other hours; removed at z ≤ 0",
      ...(market === undefined
        ? {
          caveat: "an analysis' hour rows treat fills as independent; fills in bursts into " +
            "one move make the test optimistic",
        }
        : {}),
    };
    if (same(next, hoursNow)) {
      out.unchanged["strategy.gamma.toxicHours.hoursUtc"] =
        `consistent with the data: toxic ${JSON.stringify(toxic.toxic)}, ` +
        `undecided ${toxic.undecided.length} hours`;
    } else {
      set(out, "strategy.gamma.toxicHours.hoursUtc", {
        value: next,
        previous: hoursNow,
        n: toxic.hours.reduce((sum, h) => sum + h.n, 0),
        ci95: null,
        source: market !== undefined ? "market" : "analysis",
        method: "adverse move by UTC hour against the other hours",
        evidence,
      });
    }
  }
}
