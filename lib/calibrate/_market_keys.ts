/**
 * The market model's keys from a recording: the σ prior, the regime
 * thresholds, and the fill-intensity priors A and κ.
 *
 * @module
 */

import { estimateFillIntensity } from "./intensity.ts";
import { estimateVolatility, type VolatilityFinding } from "./volatility.ts";
import {
  type Calibration,
  type CalibrationContext,
  consistent,
  decide,
  inside,
  NEED_MARKET,
  round4,
  rounded,
  set,
} from "./_decide.ts";
import { roundTo } from "./_stats.ts";

/** Decides `market.priors.sigmaAnnual` and `market.regime.thresholdsAnnual`; returns the finding. */
export function decideVolatility(
  out: Calibration,
  context: CalibrationContext,
): VolatilityFinding | undefined {
  const { base, market } = context;
  const volatility = market === undefined ? undefined : estimateVolatility(market);
  decide(out, "market.priors.sigmaAnnual", base.market.priors.sigmaAnnual, {
    estimate: volatility?.sigma,
    reason: volatility?.sigmaReason ?? NEED_MARKET,
    digits: 3,
    source: "market",
    method: "realised variance of 5 s log mid returns in 5-minute windows, annualised",
    evidence: volatility?.clusters === undefined ? undefined : { levels: levels(volatility) },
  });
  const thresholds = volatility?.thresholds;
  const current = base.market.regime.thresholdsAnnual;
  if (thresholds === undefined) {
    out.unchanged["market.regime.thresholdsAnnual"] = volatility?.thresholdReason ?? NEED_MARKET;
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
        levels: levels(volatility!),
      },
    });
  }

  return volatility;
}

/** Decides `market.priors.fillIntensityA` and `…fillDecayKappaPerBps`. */
export function decideIntensity(out: Calibration, context: CalibrationContext): void {
  const { base, market } = context;
  const intensity = market === undefined ? undefined : estimateFillIntensity(market);
  const intensityMethod = "Poisson fit of trade depths in 0.5-bps buckets (lib/market), " +
    "interval from hourly fits";
  decide(out, "market.priors.fillIntensityA", base.market.priors.fillIntensityA, {
    estimate: intensity?.a,
    reason: intensity?.reason ?? NEED_MARKET,
    digits: 3,
    source: "market",
    method: intensityMethod,
    evidence: intensity === undefined ? undefined : { hours: intensity.hours },
  });
  decide(out, "market.priors.fillDecayKappaPerBps", base.market.priors.fillDecayKappaPerBps, {
    estimate: intensity?.kappaPerBps,
    reason: intensity?.reason ?? NEED_MARKET,
    digits: 3,
    source: "market",
    method: intensityMethod,
    evidence: intensity === undefined ? undefined : { r_squared: round4(intensity.rSquared) },
  });
}

function levels(volatility: VolatilityFinding) {
  return volatility.clusters?.map((c) => ({
    sigma_annual: roundTo(c.sigmaAnnual, 3),
    windows: c.windows,
  }));
}
