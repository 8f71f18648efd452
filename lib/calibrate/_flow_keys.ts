/**
 * The keys of informed flow: the large-quote rule (from our fills; the
 * market takers' informed size beside it as evidence) and the toxic hours
 * (how a quote at our floor fares by UTC hour in the recording, the
 * informed takers' hours beside them; or an analysis' hour markouts).
 *
 * @module
 */

import {
  findSizeThreshold,
  findToxicHours,
  MAKER_REQUOTE_MS,
  makerObservations,
  marketObservations,
  type ToxicHoursFinding,
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
  decideToxicHours(out, context, {
    takers: market === undefined ? undefined : findToxicHours(flow, {
      belowUsd: informed?.reason === undefined ? informed?.thresholdUsd?.value : undefined,
    }),
    makers: market === undefined ? undefined : findToxicHours(
      makerObservations(market, {
        depthBps: base.strategy.ladder.minSpreadBps / 2,
        horizonS,
        sigmaBpsPerSqrtSAt: volatility?.sigmaBpsAt,
      }),
      { minPerHour: MAKER_FILLS_PER_HOUR },
    ),
  });
}

/** Quotes filled in an hour before a maker-side hour test counts. */
const MAKER_FILLS_PER_HOUR = 100;

/**
 * `strategy.gamma.toxicHours.hoursUtc`. From a recording, the hours are
 * those where a maker quoting at our floor fares worse (the key widens our
 * quotes there): an hour is added at maker-side z ≥ 3, and leaves the list
 * only when both makers and takers fare no worse there than elsewhere
 * (z ≤ 0 each; not significant is not proof of innocence). The takers' own
 * toxic hours (informed flow at the touch: what the generator plants) are
 * reported beside them. From an analysis alone, our fills' hour markouts
 * decide both ways.
 */
function decideToxicHours(
  out: Calibration,
  context: CalibrationContext,
  found: { takers?: ToxicHoursFinding; makers?: ToxicHoursFinding },
): void {
  const path = "strategy.gamma.toxicHours.hoursUtc";
  const { market, analysis } = context;
  const { takers, makers } = found;
  const deciding = makers ??
    (analysis !== undefined && !analysis.proxy && analysis.tz === "UTC"
      ? toxicHoursFromMoments(hourMoments(analysis), { minPerHour: 30 })
      : undefined);
  const hoursNow = context.base.strategy.gamma.toxicHours.hoursUtc;
  if (deciding === undefined) {
    out.unchanged[path] = analysis === undefined
      ? NEED_MARKET
      : "the analysis has no UTC market-mid hour markouts (run analyze-trades with --market and --tz UTC)";
    return;
  }
  const innocent = (finding: ToxicHoursFinding | undefined, hour: number) =>
    finding === undefined ||
    finding.hours.some((h) => h.hourUtc === hour && h.toxic === false && h.z <= 0);
  const clean = new Set(
    deciding.hours.filter((h) => h.toxic === false && h.z <= 0 && innocent(takers, h.hourUtc))
      .map((h) => h.hourUtc),
  );
  const next = [...new Set([...hoursNow.filter((h) => !clean.has(h)), ...deciding.toxic])]
    .sort((a, b) => a - b);
  const evidence = {
    toxic: deciding.hours.filter((h) => h.toxic).map(hourRow),
    cleared: deciding.hours.filter((h) => clean.has(h.hourUtc)).map(hourRow),
    undecided: deciding.undecided,
    units: market !== undefined
      ? `adverse move / (σ·√horizon) of quotes ${
        context.base.strategy.ladder.minSpreadBps / 2
      } bps from the mid, re-set every ${MAKER_REQUOTE_MS / 1000} s`
      : "markout bps",
    test: "added at one-sided Welch z ≥ 3 against the other hours; removed at z ≤ 0" +
      (takers !== undefined ? " for makers and takers both" : ""),
    ...(takers !== undefined
      ? {
        informed_taker_hours: takers.hours.filter((h) => h.toxic).map(hourRow),
        informed_taker_units: "taker orders' adverse move / (σ·√horizon), below the informed size",
      }
      : {
        caveat: "an analysis' hour rows treat fills as independent; fills in bursts into " +
          "one move make the test optimistic",
      }),
  };
  if (same(next, hoursNow)) {
    const whose = market !== undefined ? "for a quote at our floor" : "in our fills' markouts";
    out.unchanged[path] = `consistent with the data: toxic ${whose} ` +
      `${JSON.stringify(deciding.toxic)}, undecided ${deciding.undecided.length} hours` +
      (takers !== undefined ? `; informed takers in ${JSON.stringify(takers.toxic)}` : "");
    return;
  }
  set(out, path, {
    value: next,
    previous: hoursNow,
    n: deciding.hours.reduce((sum, h) => sum + h.n, 0),
    ci95: null,
    source: market !== undefined ? "market" : "analysis",
    method: market !== undefined
      ? "adverse move of quotes at our floor by UTC hour against the other hours"
      : "our fills' markouts by UTC hour against the other hours",
    evidence,
  });
}
