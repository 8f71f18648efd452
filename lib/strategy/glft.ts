/**
 * Guéant–Lehalle–Fernandez-Tapia optimal quotes, asymptotic closed form.
 *
 * Source: O. Guéant, C.-A. Lehalle, J. Fernandez-Tapia, "Dealing with the
 * inventory risk: a solution to the market making problem", Mathematics and
 * Financial Economics 7 (2013) 477–507 (arXiv:1105.3115), the T → ∞
 * approximations of the optimal quotes (their eqs. for δ^b_∞ and δ^a_∞):
 *
 *     δ_bid(q) ≈ (1/γ)·ln(1 + γ/κ) + (2q + 1)/2 · √( σ²γ/(2κA) · (1 + γ/κ)^(1 + κ/γ) )
 *     δ_ask(q) ≈ (1/γ)·ln(1 + γ/κ) − (2q − 1)/2 · √( σ²γ/(2κA) · (1 + γ/κ)^(1 + κ/γ) )
 *
 * Written as c1 = (1/γ)·ln(1 + γ/κ), c2 = √( γ/(2Aκ) · (1 + γ/κ)^(κ/γ + 1) ):
 * half-spread = c1 + ½·σ·c2, skew = σ·c2, bid depth = half-spread + skew·q,
 * ask depth = half-spread − skew·q (the same form as hftbacktest's GLFT
 * example with ξ = γ and order size Δ = 1).
 *
 * Units. The paper works in price units with an arithmetic Brownian mid;
 * here every depth is in bps of the fair price, which is the same model on
 * log price locally: δ in bps, σ in bps per √s, A in fills per second,
 * κ per bps, γ per bps (per inventory unit). Then γ/κ is dimensionless, c1 is
 * in bps, c2 in √s and σ·c2 in bps. q is the inventory in order units (the
 * paper's q, one unit = one order of size Δ = 1).
 *
 * @module
 */

/** Inputs of the GLFT formula, in the units of the module doc. */
export interface GlftParams {
  /** Risk aversion γ, per bps per inventory unit; ≥ 0 (0 is the risk-neutral limit). */
  gamma: number;
  /** σ of log price, bps per √s. */
  sigmaBpsPerSqrtS: number;
  /** A of λ(δ) = A·e^{−κδ}, fills per second. */
  fillIntensityA: number;
  /** κ of λ(δ) = A·e^{−κδ}, per bps. */
  fillDecayKappa: number;
}

/** GLFT's two coefficients. */
export interface GlftCoefficients {
  /** c1 = (1/γ)·ln(1 + γ/κ), bps; 1/κ when γ → 0. */
  c1Bps: number;
  /** c2 = √( γ/(2Aκ) · (1 + γ/κ)^(κ/γ + 1) ), √s; 0 when γ → 0. */
  c2SqrtS: number;
}

/** Optimal depths for one inventory, bps of the fair price. */
export interface GlftQuote extends GlftCoefficients {
  /** c1 + ½·σ·c2, bps. */
  halfSpreadBps: number;
  /** σ·c2: depth shift per inventory unit, bps. */
  skewBps: number;
  /** The inventory q the depths are for, order units (> 0 long). */
  inventory: number;
  /** half-spread + skew·q, bps below fair (long → deeper bid). */
  bidDepthBps: number;
  /** half-spread − skew·q, bps above fair (long → closer ask; may be < 0). */
  askDepthBps: number;
}

/**
 * c1 and c2 of GLFT (module doc). Stable for tiny γ: with x = γ/κ,
 * c1 = (1/κ)·ln(1+x)/x and (1+x)^(1/x + 1) = exp(ln(1+x)/x + ln(1+x)), both
 * through `log1p`; γ = 0 gives exactly c1 = 1/κ, c2 = 0.
 *
 * @throws {RangeError} unless γ ≥ 0, A > 0 and κ > 0 are finite.
 */
export function glftCoefficients(
  params: Pick<GlftParams, "gamma" | "fillIntensityA" | "fillDecayKappa">,
): GlftCoefficients {
  const { gamma, fillIntensityA: a, fillDecayKappa: kappa } = params;
  if (!(Number.isFinite(gamma) && gamma >= 0)) {
    throw new RangeError(`GLFT: γ must be finite and ≥ 0, got ${gamma}`);
  }
  if (!(Number.isFinite(a) && a > 0)) {
    throw new RangeError(`GLFT: A must be finite and > 0, got ${a}`);
  }
  if (!(Number.isFinite(kappa) && kappa > 0)) {
    throw new RangeError(`GLFT: κ must be finite and > 0, got ${kappa}`);
  }
  const x = gamma / kappa;
  if (x === 0) return { c1Bps: 1 / kappa, c2SqrtS: 0 };
  const log1px = Math.log1p(x);
  const ratio = log1px / x; // ln(1+x)/x → 1 as x → 0
  const c1Bps = ratio / kappa;
  const c2SqrtS = Math.sqrt((gamma / (2 * a * kappa)) * Math.exp(ratio + log1px));
  return { c1Bps, c2SqrtS };
}

/**
 * GLFT depths for inventory `inventory` (order units, > 0 long): long
 * inventory moves both quotes down (bid deeper, ask closer), short up.
 *
 * @throws {RangeError} on invalid parameters (see {@link glftCoefficients}) or σ < 0.
 */
export function glftQuote(params: GlftParams, inventory: number): GlftQuote {
  const sigma = params.sigmaBpsPerSqrtS;
  if (!(Number.isFinite(sigma) && sigma >= 0)) {
    throw new RangeError(`GLFT: σ must be finite and ≥ 0, got ${sigma}`);
  }
  if (!Number.isFinite(inventory)) {
    throw new RangeError(`GLFT: inventory must be finite, got ${inventory}`);
  }
  const { c1Bps, c2SqrtS } = glftCoefficients(params);
  const halfSpreadBps = c1Bps + 0.5 * sigma * c2SqrtS;
  const skewBps = sigma * c2SqrtS;
  return {
    c1Bps,
    c2SqrtS,
    halfSpreadBps,
    skewBps,
    inventory,
    bidDepthBps: halfSpreadBps + skewBps * inventory,
    askDepthBps: halfSpreadBps - skewBps * inventory,
  };
}
