/**
 * Maximum-likelihood fit of a univariate Hawkes process with exponential
 * kernel λ(t) = μ + Σ α·e^{−β(t − tᵢ)} by expectation–maximisation over
 * its branching structure, on arrival times held in a ring buffer.
 *
 * - Log-likelihood and its O(n) recursion Aᵢ = e^{−β(tᵢ − tᵢ₋₁)}(1 + Aᵢ₋₁):
 *   Ozaki (1979), "Maximum likelihood estimation of Hawkes' self-exciting
 *   point processes", Ann. Inst. Stat. Math. 31, 145–155.
 * - EM on the latent parent of each arrival (immigrant with probability
 *   μ/λᵢ, child of j with α·e^{−β(tᵢ − tⱼ)}/λᵢ): Veen & Schoenberg (2008),
 *   "Estimation of space–time branching process models in seismology using
 *   an EM-type algorithm", JASA 103, 614–624. For the exponential kernel the
 *   E-step needs only Aᵢ and Bᵢ = Σⱼ (tᵢ − tⱼ)·e^{−β(tᵢ − tⱼ)}, which has the
 *   same kind of recursion Bᵢ = e^{−βΔ}(Bᵢ₋₁ + Δ·(1 + Aᵢ₋₁)), so one
 *   iteration is one O(n) pass. M-step: μ = Σ pᵢᵢ / T, β = Σ pᵢⱼ / Σ pᵢⱼ(tᵢ − tⱼ),
 *   α = β·Σ pᵢⱼ / Σⱼ (1 − e^{−β(T − tⱼ)}) (the β step drops the edge term's
 *   dependence on β, a vanishing correction for windows of many arrivals).
 *
 * Segments: an arrival flagged as a segment start (the first of the window,
 * or the first after a data gap) only starts the clock: the likelihood is
 * conditional on it, its excitation starts from zero, and the time before
 * it is not observed.
 *
 * Times are in seconds, parameters per second.
 *
 * @module
 */

/** Hawkes parameters: baseline μ (1/s), jump α (1/s per arrival), decay β (1/s). */
export interface HawkesParams {
  mu: number;
  alpha: number;
  beta: number;
}

/** The outcome of one fit. */
export interface HawkesFitResult extends HawkesParams {
  /** Branching ratio n = α/β: the mean number of arrivals each arrival triggers. */
  branching: number;
  /** Log-likelihood at the estimate (nats), conditional on each segment's first arrival. */
  logLikelihood: number;
  /** Arrivals fitted (segment starts excluded). */
  arrivals: number;
  /** Observed time, seconds (the sum of the segments' spans). */
  spanSec: number;
  /** EM iterations run. */
  iterations: number;
  /** Whether EM reached a fixed point (parameters or log-likelihood settled) before `maxIterations`. */
  converged: boolean;
}

/** Bounds and stopping rule of {@link fitRing}. */
export interface EmOptions {
  maxIterations: number;
  tolerance: number;
  minBeta: number;
  maxBeta: number;
}

/** Arrival times (seconds) in a ring: `times[(start + k) % capacity]`, k < count. */
export interface ArrivalRing {
  times: Float64Array;
  /** 1 where an arrival starts a segment (after a data gap). */
  segment: Uint8Array;
  start: number;
  count: number;
}

/** Sufficient statistics of one E-step pass (reused, never reallocated). */
export class PassStats {
  /** Σ pᵢᵢ: expected immigrants. */
  immigrants = 0;
  /** Σ pᵢⱼ: expected children. */
  children = 0;
  /** Σ pᵢⱼ·(tᵢ − tⱼ), seconds. */
  childLag = 0;
  /** Σ over segments of (last − first arrival), seconds. */
  span = 0;
  /** Σⱼ (1 − e^{−β(T_seg − tⱼ)}): kernel mass that fell inside the observation. */
  kernelMass = 0;
  /** Σ log λ(tᵢ). */
  logIntensity = 0;
  /** Arrivals scored (segment starts excluded). */
  used = 0;
  /** Aₙ = Σ_{j<n} e^{−β(tₙ − tⱼ)} at the ring's last arrival. */
  lastExcitation = 0;

  /** One E-step: the statistics of the ring under `p`, O(count). */
  measure(ring: ArrivalRing, p: HawkesParams): void {
    const { times, segment, start, count } = ring;
    const capacity = times.length;
    const { mu, alpha, beta } = p;
    let a = 0;
    let b = 0;
    let prev = 0;
    let segStart = 0;
    let segCount = 0;
    let immigrants = 0;
    let children = 0;
    let childLag = 0;
    let span = 0;
    let mass = 0;
    let logIntensity = 0;
    let used = 0;
    let index = start;
    for (let k = 0; k < count; k += 1, index += 1) {
      if (index === capacity) index = 0;
      const t = times[index];
      if (k === 0 || segment[index] === 1) {
        if (k > 0) {
          span += prev - segStart;
          mass += segCount - (a + 1);
        }
        a = 0;
        b = 0;
        segStart = t;
        segCount = 1;
        prev = t;
        continue;
      }
      const d = t - prev;
      const e = Math.exp(-beta * d);
      b = e * (b + d * (a + 1));
      a = e * (a + 1);
      const lambda = mu + alpha * a;
      const inverse = 1 / lambda;
      immigrants += mu * inverse;
      children += alpha * a * inverse;
      childLag += alpha * b * inverse;
      logIntensity += Math.log(lambda);
      used += 1;
      segCount += 1;
      prev = t;
    }
    if (count > 0) {
      span += prev - segStart;
      mass += segCount - (a + 1);
    }
    this.immigrants = immigrants;
    this.children = children;
    this.childLag = childLag;
    this.span = span;
    this.kernelMass = mass;
    this.logIntensity = logIntensity;
    this.used = used;
    this.lastExcitation = a;
  }

  /** The log-likelihood from the statistics under the parameters they were measured with. */
  logLikelihood(p: HawkesParams): number {
    return this.logIntensity - p.mu * this.span - (p.alpha / p.beta) * this.kernelMass;
  }
}

const TINY = 1e-12;

/**
 * EM also stops when an iteration gains less log-likelihood than this
 * (nats): a flat likelihood, as near n = 0, where EM crawls and the
 * parameters no longer matter (a standard error is worth ≈ 0.5 nats).
 */
const LL_TOLERANCE = 1e-4;

/**
 * EM from `start` to a fixed point (relative parameter change under
 * `tolerance`, or log-likelihood gain under 1e-4 nats) or `maxIterations`, writing the final
 * E-step's statistics (at the returned parameters) into `stats`.
 * Needs at least two arrivals in one segment and a positive span.
 */
export function fitRing(
  ring: ArrivalRing,
  start: HawkesParams,
  options: EmOptions & { stats: PassStats },
): HawkesFitResult {
  const stats = options.stats;
  let mu = Math.max(start.mu, TINY);
  let beta = clamp(start.beta, options.minBeta, options.maxBeta);
  let alpha = Math.max(start.alpha, TINY * beta);
  const p: HawkesParams = { mu, alpha, beta };
  let iterations = 0;
  let converged = false;
  let previousLl = -Infinity;
  // Whether `stats` already hold the E-step at `p` (then the final pass is skipped: same numbers).
  let measured = false;
  while (iterations < options.maxIterations) {
    stats.measure(ring, p);
    measured = true;
    if (stats.used === 0 || !(stats.span > 0)) break;
    const ll = stats.logLikelihood(p);
    if (ll - previousLl < LL_TOLERANCE) {
      converged = true;
      break;
    }
    measured = false;
    previousLl = ll;
    mu = Math.max(stats.immigrants / stats.span, TINY);
    beta = stats.childLag > 0
      ? clamp(stats.children / stats.childLag, options.minBeta, options.maxBeta)
      : options.maxBeta;
    const n = stats.kernelMass > 0 ? stats.children / stats.kernelMass : 0;
    alpha = Math.max(n * beta, TINY * beta);
    iterations += 1;
    const change = Math.max(
      Math.abs(mu - p.mu) / p.mu,
      Math.abs(alpha - p.alpha) / p.alpha,
      Math.abs(beta - p.beta) / p.beta,
    );
    p.mu = mu;
    p.alpha = alpha;
    p.beta = beta;
    if (change < options.tolerance) {
      converged = true;
      break;
    }
  }
  if (!measured) stats.measure(ring, p);
  return {
    mu: p.mu,
    alpha: p.alpha,
    beta: p.beta,
    branching: p.alpha / p.beta,
    logLikelihood: stats.logLikelihood(p),
    arrivals: stats.used,
    spanSec: stats.span,
    iterations,
    converged,
  };
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}
