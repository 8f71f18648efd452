/**
 * The keys our own fills decide: Kelly's α at the touch and its decay, and
 * the break-even spread floor (from an analysis' attribution when there are
 * no fills).
 *
 * @module
 */

import { sigmaBpsPerSqrtSFromAnnual } from "../strategy/estimates.ts";
import { breakEvenFloorBps, estimateAdverse } from "./adverse.ts";
import { fillObservations } from "./flow.ts";
import type { AnalysisDigest } from "./from_analysis.ts";
import { holdingTime } from "./holding.ts";
import type { VolatilityFinding } from "./volatility.ts";
import {
  type Calibration,
  type CalibrationContext,
  decide,
  NEED_FILLS,
  round4,
  rounded,
} from "./_decide.ts";
import { type Estimate, roundTo, Z95 } from "./_stats.ts";

/** Longest holding horizon the floor is measured over, s (beyond it a fill's move is the trend's). */
const MAX_HOLD_S = 3_600;

/** Decides `strategy.kelly.alphaTouch`, `…alphaDecayBps` and `strategy.ladder.minSpreadBps`. */
export function decideFillKeys(
  out: Calibration,
  context: CalibrationContext,
  volatility: VolatilityFinding | undefined,
): void {
  const { base, market, horizonS, ownFlow } = context;
  const kelly = base.strategy.kelly;
  const sigma = volatility?.sigma?.value;
  const adverseMoveBps = sigma === undefined
    ? NaN
    : sigmaBpsPerSqrtSFromAnnual(sigma) * Math.sqrt(horizonS);
  const own = market === undefined || context.fills === undefined
    ? undefined
    : estimateAdverse(ownFlow ?? [], {
      adverseMoveBps,
      makerFeeBps: kelly.makerFeeBps,
      currentDecayBps: kelly.alphaDecayBps,
    });
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
    reason: context.fillsOutside ?? own?.reason ?? NEED_FILLS,
    digits: 3,
    source: "fills",
    method: "mean adverse move / (σ·√horizon), carried to the touch with the decay in force",
    evidence: ownEvidence,
  });
  decide(out, "strategy.kelly.alphaDecayBps", kelly.alphaDecayBps, {
    estimate: own?.decayBps,
    reason: context.fillsOutside ?? own?.decayReason ?? own?.reason ?? NEED_FILLS,
    digits: 1,
    source: "fills",
    method: "slope of log mean adverse move over depth",
    evidence: ownEvidence,
  });
  // The floor pays for the adverse move over as long as we really hold a fill's inventory.
  const holding = context.fills === undefined ? undefined : holdingTime(context.fills);
  const holdS = holding !== undefined && Number.isFinite(holding.medianSec)
    ? Math.min(MAX_HOLD_S, Math.max(horizonS, Math.round(holding.medianSec)))
    : horizonS;
  const held = market === undefined || context.fills === undefined
    ? undefined
    : estimateAdverse(fillObservations(context.fills, market, holdS), {
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
  const analysis = context.analysis;
  const floorFromAnalysis = analysis?.adverseBps !== null && analysis?.adverseBps !== undefined &&
      analysis.feeRateBps !== null && analysis.markoutAll !== null && !analysis.proxy
    ? analysisFloor(analysis)
    : undefined;
  const floorPath = "strategy.ladder.minSpreadBps";
  const currentFloor = base.strategy.ladder.minSpreadBps;
  const floorEstimate = held?.floorBps ?? floorFromAnalysis;
  if (floorEstimate !== undefined && floorEstimate.ci95[1] < currentFloor) {
    out.unchanged[floorPath] = aboveBreakEven(floorEstimate, currentFloor);
  } else {
    decide(out, floorPath, currentFloor, {
      estimate: floorEstimate,
      reason: context.fillsOutside ?? held?.reason ??
        (analysis === undefined
          ? NEED_FILLS
          : "the analysis has no market-mid attribution (run analyze-trades with --market)"),
      digits: 2,
      source: held?.floorBps !== undefined ? "fills" : "analysis",
      method: held?.floorBps !== undefined
        ? "break-even: 2 × (maker fee + mean adverse move over the median holding time)"
        : "break-even: 2 × (fee rate + adverse selection over the attribution horizon); " +
          "interval from the markouts' spread with fills taken as independent (an analysis has " +
          "no times to cluster by), so narrower than the truth",
      evidence: held?.floorBps !== undefined ? heldEvidence : {
        adverse_bps: round4(analysis?.adverseBps ?? undefined),
        fee_rate_bps: analysis?.feeRateBps,
      },
    });
  }
}

/**
 * Why a floor above break-even stays. Break-even is the least spread that
 * does not lose; where the floor binds (on a generated day it always does:
 * GLFT's own depth is under 1 bps), the floor *is* the quote, and a floor
 * lowered to break-even would quote where a fill earns nothing. On a
 * generated market with transient impact, a patch that lowered it 8 → 3 bps
 * lost net edge on held-out days (README: mm calibrate).
 */
function aboveBreakEven(estimate: Estimate, current: number): string {
  const [low, high] = rounded(estimate, 2);
  return `the current ${current} bps is above break-even (estimate ` +
    `${roundTo(estimate.value, 2)}, 95% CI ${low}…${high}, n ${estimate.n}): a safe floor stays, ` +
    "since one lowered to break-even would quote where fills earn nothing; calibrate raises a " +
    "floor our fills lose at, and never lowers one to break-even";
}

function analysisFloor(analysis: AnalysisDigest): Estimate {
  const fee = analysis.feeRateBps!;
  const adverse = analysis.adverseBps!;
  const all = analysis.markoutAll!;
  // The markout's spread around its mean stands in for the adverse move's.
  const half = all.fills > 1 ? Z95 * all.sdBps / Math.sqrt(all.fills) : Infinity;
  const floor = (bps: number) => breakEvenFloorBps(fee, bps);
  return {
    value: floor(adverse),
    n: analysis.fills,
    ci95: [floor(adverse - half), floor(adverse + half)],
  };
}
