/**
 * `mm calibrate`'s brain: from a market recording, our fills and/or an
 * analysis, a config patch whose every changed value has its evidence.
 *
 * Each estimate carries its sample size and a 95 % interval. A value
 * changes only when the estimate has enough evidence and its interval
 * excludes the value in force: data consistent with the current setting
 * leaves it alone (and says so), so calibration does not chase noise.
 *
 * Sources: σ, regimes, A, κ, the informed taker size and toxic hours come
 * from the market recording (every taker order is someone's fill); α, the
 * spread floor and the large-quote rule from our own fills marked against
 * it — a recording's touch fills are not where our quotes sit, and in a
 * market whose fills come from the mid moving through the quotes the
 * takers' informed size says little about our quote sizes. From an analysis alone: toxic hours
 * from its hour markouts and the floor from its attribution.
 *
 * @module
 */

import type { TradeFill } from "../analysis/trade_fill.ts";
import type { MmConfig } from "../config/mm_config.ts";
import { sigmaBpsPerSqrtSFromAnnual } from "../strategy/estimates.ts";
import { estimateAdverse } from "./adverse.ts";
import {
  fillObservations,
  findSizeThreshold,
  findToxicHours,
  marketObservations,
  toxicHoursFromMoments,
} from "./flow.ts";
import { type AnalysisDigest, hourMoments } from "./from_analysis.ts";
import { holdingTime } from "./holding.ts";
import { estimateFillIntensity } from "./intensity.ts";
import type { MarketSample } from "./market_sample.ts";
import { estimateVolatility } from "./volatility.ts";
import { type Estimate, roundTo, Z95 } from "./_stats.ts";

export { MarketSample } from "./market_sample.ts";
export { readAnalysis } from "./from_analysis.ts";
export type { AnalysisDigest } from "./from_analysis.ts";

/** Longest holding horizon the floor is measured over, s (beyond it a fill's move is the trend's). */
const MAX_HOLD_S = 3_600;

/** What calibration reads; any of them may be missing. */
export interface CalibrationInputs {
  /** A market recording of the coin. */
  market?: MarketSample;
  /** Our fills (any analyze-trades form, or an mm journal). */
  fills?: readonly TradeFill[];
  /** `mm analyze-trades` NDJSON, digested. */
  analysis?: AnalysisDigest;
}

/** The evidence behind one changed value. */
export interface RationaleEntry {
  value: unknown;
  previous: unknown;
  /** Observations behind the estimate. */
  n: number;
  /** 95 % interval of the estimate. */
  ci95: [number, number] | null;
  source: "market" | "fills" | "analysis";
  method: string;
  evidence?: Record<string, unknown>;
}

/** The patch and its rationale. */
export interface Calibration {
  /** Changed keys only, nested like the config. */
  patch: Record<string, unknown>;
  /** Per changed key path (`strategy.ladder.minSpreadBps`). */
  rationale: Record<string, RationaleEntry>;
  /** Per key path left alone: why. */
  unchanged: Record<string, string>;
}

/** Estimates from `inputs`, decided against `base` (module doc). */
export function calibrate(inputs: CalibrationInputs, options: { base: MmConfig }): Calibration {
  const out: Calibration = { patch: {}, rationale: {}, unchanged: {} };
  const base = options.base;
  const market = inputs.market;
  const horizonS = base.strategy.kelly.horizonS;
  const needMarket = "needs a market recording (--market FILE)";

  // σ and regimes.
  const volatility = market === undefined ? undefined : estimateVolatility(market);
  decide(out, "market.priors.sigmaAnnual", base.market.priors.sigmaAnnual, {
    estimate: volatility?.sigma,
    reason: volatility?.sigmaReason ?? needMarket,
    digits: 3,
    source: "market",
    method: "realised variance of 5 s log mid returns in 5-minute windows, annualised",
    evidence: volatility?.clusters === undefined ? undefined : { levels: volatility.clusters },
  });
  const thresholds = volatility?.thresholds;
  const current = base.market.regime.thresholdsAnnual;
  if (thresholds === undefined) {
    out.unchanged["market.regime.thresholdsAnnual"] = volatility?.thresholdReason ?? needMarket;
  } else if (thresholds.every((t, i) => inside(t, current[i]))) {
    out.unchanged["market.regime.thresholdsAnnual"] = consistent(thresholds, current);
  } else {
    set(out, "market.regime.thresholdsAnnual", {
      value: thresholds.map((t) => roundTo(t.value, 3)),
      previous: current,
      n: volatility!.windows,
      ci95: null,
      source: "market",
      method: "geometric midpoints of four k-means levels of 5-minute σ",
      evidence: {
        thresholds: thresholds.map((t) => ({ value: roundTo(t.value, 3), ci95: rounded(t, 3) })),
        levels: volatility!.clusters,
      },
    });
  }

  // Fill intensity.
  const intensity = market === undefined ? undefined : estimateFillIntensity(market);
  const intensityMethod = "Poisson fit of trade depths in 0.5-bps buckets (lib/market), " +
    "interval from hourly fits";
  decide(out, "market.priors.fillIntensityA", base.market.priors.fillIntensityA, {
    estimate: intensity?.a,
    reason: intensity?.reason ?? needMarket,
    digits: 3,
    source: "market",
    method: intensityMethod,
    evidence: intensity === undefined ? undefined : { hours: intensity.hours },
  });
  decide(out, "market.priors.fillDecayKappaPerBps", base.market.priors.fillDecayKappaPerBps, {
    estimate: intensity?.kappaPerBps,
    reason: intensity?.reason ?? needMarket,
    digits: 3,
    source: "market",
    method: intensityMethod,
    evidence: intensity === undefined ? undefined : { r_squared: round4(intensity.rSquared) },
  });

  // Informed size and toxic hours.
  const flow = market === undefined ? [] : marketObservations(market, horizonS, {
    sigmaBpsPerSqrtSAt: volatility?.sigmaBpsAt,
  });
  // The informed taker size is a property of the market; whether OUR larger quotes need
  // extra depth is a question for our own fills (a quote is filled by any order reaching it,
  // not only by orders its size).
  const informed = market === undefined ? undefined : findSizeThreshold(flow);
  const ownFlow = market === undefined || inputs.fills === undefined
    ? undefined
    : fillObservations(inputs.fills, market, horizonS);
  const size = ownFlow === undefined ? undefined : findSizeThreshold(ownFlow, { minPerSide: 30 });
  const large = base.strategy.ladder.largeQuote;
  const informedEvidence = informed?.thresholdUsd === undefined ? {} : {
    informed_taker_threshold_usd: informed.thresholdUsd.value,
    informed_taker_z: round4(informed.z),
    informed_taker_extra_bps: round4(informed.extraBps?.value),
  };
  if (size?.thresholdUsd === undefined || size.reason !== undefined) {
    const reason =
      (size?.reason ?? "needs our fills (a history or journal) and a market recording") +
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
      belowUsd: size?.reason === undefined ? size?.thresholdUsd?.value : undefined,
    })
    : inputs.analysis !== undefined && !inputs.analysis.proxy && inputs.analysis.tz === "UTC"
    ? toxicHoursFromMoments(hourMoments(inputs.analysis), { minPerHour: 30 })
    : undefined;
  const hoursNow = base.strategy.gamma.toxicHours.hoursUtc;
  if (toxic === undefined) {
    out.unchanged["strategy.gamma.toxicHours.hoursUtc"] = inputs.analysis === undefined
      ? needMarket
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

  // α and the floor from our fills.
  const kelly = base.strategy.kelly;
  const sigma = volatility?.sigma?.value;
  const adverseMoveBps = sigma === undefined
    ? NaN
    : sigmaBpsPerSqrtSFromAnnual(sigma) * Math.sqrt(horizonS);
  const own = market === undefined || inputs.fills === undefined
    ? undefined
    : estimateAdverse(ownFlow ?? [], {
      adverseMoveBps,
      makerFeeBps: kelly.makerFeeBps,
      currentDecayBps: kelly.alphaDecayBps,
    });
  const needFills = "needs our fills (a history or journal) and a market recording";
  const ownEvidence = own?.adverse === undefined ? undefined : {
    mean_adverse_bps: round4(own.adverse.value),
    mean_depth_bps: round4(own.meanDepthBps),
    horizon_s: horizonS,
    depth_buckets: own.buckets?.map((b) => ({
      depth_bps: b.depthBps,
      fills: b.fills,
      mean_adverse_bps: round4(b.meanAdverseBps),
    })),
  };
  decide(out, "strategy.kelly.alphaTouch", kelly.alphaTouch, {
    estimate: own?.alphaTouch,
    reason: own?.reason ?? needFills,
    digits: 3,
    source: "fills",
    method: "mean adverse move / (σ·√horizon), carried to the touch with the decay in force",
    evidence: ownEvidence,
  });
  decide(out, "strategy.kelly.alphaDecayBps", kelly.alphaDecayBps, {
    estimate: own?.decayBps,
    reason: own?.decayReason ?? own?.reason ?? needFills,
    digits: 1,
    source: "fills",
    method: "slope of log mean adverse move over depth",
    evidence: ownEvidence,
  });
  // The floor pays for the adverse move over as long as we really hold a fill's inventory.
  const holding = inputs.fills === undefined ? undefined : holdingTime(inputs.fills);
  const holdS = holding !== undefined && Number.isFinite(holding.medianSec)
    ? Math.min(MAX_HOLD_S, Math.max(horizonS, Math.round(holding.medianSec)))
    : horizonS;
  const held = market === undefined || inputs.fills === undefined
    ? undefined
    : estimateAdverse(fillObservations(inputs.fills, market, holdS), {
      adverseMoveBps,
      makerFeeBps: kelly.makerFeeBps,
      currentDecayBps: kelly.alphaDecayBps,
    });
  const heldEvidence = held?.adverse === undefined ? undefined : {
    mean_adverse_bps: round4(held.adverse.value),
    mean_depth_bps: round4(held.meanDepthBps),
    horizon_s: holdS,
    holding_median_s: round4(holding?.medianSec),
    holding_closed_pieces: holding?.closed,
  };
  const analysis = inputs.analysis;
  const floorFromAnalysis = analysis?.adverseBps !== null && analysis?.adverseBps !== undefined &&
      analysis.feeRateBps !== null && analysis.markoutAll !== null && !analysis.proxy
    ? analysisFloor(analysis)
    : undefined;
  decide(out, "strategy.ladder.minSpreadBps", base.strategy.ladder.minSpreadBps, {
    estimate: held?.floorBps ?? floorFromAnalysis,
    reason: held?.reason ??
      (analysis === undefined
        ? needFills
        : "the analysis has no market-mid attribution (run analyze-trades with --market)"),
    digits: 2,
    source: held?.floorBps !== undefined ? "fills" : "analysis",
    method: held?.floorBps !== undefined
      ? "break-even: 2 × (maker fee + mean adverse move over the median holding time)"
      : "break-even: 2 × (fee rate + adverse selection over the attribution horizon)",
    evidence: held?.floorBps !== undefined ? heldEvidence : {
      adverse_bps: round4(analysis?.adverseBps ?? undefined),
      fee_rate_bps: analysis?.feeRateBps,
    },
  });
  return out;
}

/** The patch document `mm calibrate` prints: the patch plus its rationale. */
export function patchDocument(calibration: Calibration): Record<string, unknown> {
  return {
    ...calibration.patch,
    rationale: { ...calibration.rationale, unchanged: calibration.unchanged },
  };
}

function analysisFloor(analysis: AnalysisDigest): Estimate {
  const fee = analysis.feeRateBps!;
  const adverse = analysis.adverseBps!;
  const all = analysis.markoutAll!;
  // The markout's spread around its mean stands in for the adverse move's.
  const half = all.fills > 1 ? Z95 * all.sdBps / Math.sqrt(all.fills) : Infinity;
  const floor = (bps: number) => Math.max(2 * fee, 2 * (fee + bps));
  return {
    value: floor(adverse),
    n: analysis.fills,
    ci95: [floor(adverse - half), floor(adverse + half)],
  };
}

interface Decision {
  estimate: Estimate | undefined;
  reason?: string;
  digits: number;
  source: RationaleEntry["source"];
  method: string;
  evidence?: Record<string, unknown>;
}

/** Sets `path` when the estimate exists and its interval excludes `current`. */
function decide(out: Calibration, path: string, current: number, decision: Decision): void {
  const { estimate } = decision;
  if (estimate === undefined || !Number.isFinite(estimate.value)) {
    out.unchanged[path] = decision.reason ?? "no estimate";
    return;
  }
  if (inside(estimate, current)) {
    out.unchanged[path] = consistent([estimate], [current], decision.digits);
    return;
  }
  set(out, path, {
    value: roundTo(estimate.value, decision.digits),
    previous: current,
    n: estimate.n,
    ci95: rounded(estimate, decision.digits),
    source: decision.source,
    method: decision.method,
    evidence: decision.evidence,
  });
}

function set(out: Calibration, path: string, entry: RationaleEntry): void {
  out.rationale[path] = entry;
  const keys = path.split(".");
  let node = out.patch;
  for (const key of keys.slice(0, -1)) {
    node = (node[key] ??= {}) as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = entry.value;
}

function inside(estimate: Estimate, value: number): boolean {
  return estimate.ci95[0] <= value && value <= estimate.ci95[1];
}

function consistent(estimates: Estimate[], current: readonly number[], digits = 3): string {
  const shown = estimates.map((e) =>
    `${roundTo(e.value, digits)} (95% CI ${rounded(e, digits).join("…")}, n ${e.n})`
  );
  return `consistent with the data: estimate ${shown.join(", ")} contains the current ` +
    `${current.join(", ")}`;
}

function rounded(estimate: Estimate, digits: number): [number, number] {
  return [roundTo(estimate.ci95[0], digits), roundTo(estimate.ci95[1], digits)];
}

function clampEstimate(estimate: Estimate, least: number): Estimate {
  return {
    value: Math.max(least, estimate.value),
    n: estimate.n,
    ci95: [Math.max(least, estimate.ci95[0]), Math.max(least, estimate.ci95[1])],
  };
}

function hourRow(hour: { hourUtc: number; n: number; meanBps: number; z: number }) {
  return { hour_utc: hour.hourUtc, n: hour.n, mean: round4(hour.meanBps), z: round4(hour.z) };
}

function round4(value: number | undefined): number | null {
  return value === undefined || !Number.isFinite(value) ? null : roundTo(value, 4);
}

function same(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}
