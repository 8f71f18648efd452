/**
 * The market generator's model parameters: their types, documented
 * defaults, merging of partial options, and validation.
 *
 * Calibration sources (shared/data, see SOURCES.md): the S3 archive hour of
 * BTC l2Book (2024-01-01 12:00 UTC; snapshots every 605 ms median), and the
 * 2025-09-03 BTC WebSocket capture (ws_collector_*: spread one 1-USD tick in
 * 93% of snapshots, every tick of the top 20 populated, touch ≈ 5–6 BTC,
 * levels 1–4 ≈ 0.1–0.7 BTC growing to ≈ 1–1.3 BTC by level 19; trade
 * notionals with median ≈ $1.8k, 90th percentile ≈ $60k, 99th ≈ $300k, and a
 * Hill tail index of 1.4–1.7 on the largest sizes).
 *
 * @module
 */

/** Volatility regimes, calmest first. */
export const REGIMES = ["calm", "normal", "volatile", "extreme"] as const;

/** A volatility regime of the Markov chain. */
export type Regime = typeof REGIMES[number];

/** What holds while the market is in one regime. */
export interface RegimeParams {
  /** Volatility of the mid's log price, annualised (per √(365 days)); e.g. 0.5 = 50%. */
  sigma: number;
  /** Mean time spent in the regime before switching, minutes (exponential holding time). */
  meanMinutes: number;
  /** Liquidation cascades per hour (Poisson rate). */
  cascadesPerHour: number;
  /** Probability that the spread is exactly one tick when it is redrawn. */
  oneTickSpread: number;
}

/**
 * Self-exciting arrivals of taker orders: intensity
 * λ(t) = μ + Σ α·exp(−β·(t − tᵢ)) over past orders tᵢ (Hawkes 1971; in
 * markets Bacry, Mastromatteo & Muzy 2015). Stationary rate μ / (1 − α/β).
 */
export interface HawkesParams {
  /** Baseline intensity μ, orders per second (outside toxic hours). */
  mu: number;
  /** Jump α of the intensity at each order, per second. */
  alpha: number;
  /** Decay rate β of the excitation, per second (mean memory 1/β s). */
  beta: number;
}

/**
 * Taker order notional (USD): a spliced distribution. With probability
 * `1 − tailShare` a lognormal body (median `bodyMedianUsd`, log-sd
 * `bodySigma`) truncated to [`minUsd`, `tailFromUsd`); with probability
 * `tailShare` a Pareto (type I) tail, P(N > x) = (x / tailFromUsd)^−tailIndex
 * for x ≥ tailFromUsd. Power-law volume tails with exponent ≈ 1.5:
 * Gopikrishnan, Plerou, Gabaix & Stanley (2000), "Statistical properties of
 * share volume traded in financial markets".
 */
export interface SizeParams {
  /** Smallest order, USD (Hyperliquid's minimum order value is $10). */
  minUsd: number;
  /** Median of the lognormal body, USD. */
  bodyMedianUsd: number;
  /** Log standard deviation of the body. */
  bodySigma: number;
  /** Where the Pareto tail starts, USD. */
  tailFromUsd: number;
  /** Share of orders drawn from the tail. */
  tailShare: number;
  /** Pareto tail index ζ (smaller = heavier). */
  tailIndex: number;
}

/**
 * Informed flow (Kyle 1985; Glosten & Milgrom 1985): an order of at least
 * `thresholdUsd` knows the mid's move over the next `horizonSec` and trades
 * in its direction with probability `accuracy` (against it otherwise). The
 * move is part of the mid's random walk, so informed flow predicts prices
 * without adding volatility.
 */
export interface InformedParams {
  /** Notional at and above which an order is informed, USD. */
  thresholdUsd: number;
  /** How far ahead informed traders see the mid, seconds. */
  horizonSec: number;
  /** Probability an informed order trades in the direction of the coming move. */
  accuracy: number;
}

/**
 * Toxic hours (the DESIGN.md default 06, 07, 14 UTC): more orders and more of
 * them informed — flow toxicity in the sense of Easley, López de Prado &
 * O'Hara (2012).
 */
export interface ToxicParams {
  /** UTC hours (0–23) with heavier informed flow. */
  hours: number[];
  /** Factor on the Hawkes baseline μ in those hours. */
  rateMultiplier: number;
  /** Share of below-threshold orders that are informed in those hours (0 elsewhere). */
  informedShare: number;
}

/**
 * Liquidation cascades: forced orders all on one side over a short window,
 * while the mid moves their way (a permanent move added to the random walk).
 */
export interface CascadeParams {
  /** Smallest price move of a cascade, bps. */
  minMoveBps: number;
  /** Mean move above the minimum (exponential), bps. */
  meanExtraMoveBps: number;
  /** Shortest and longest cascade, seconds (uniform between). */
  durationSec: [number, number];
  /** Mean forced orders per cascade (1 + Poisson). */
  meanOrders: number;
  /** Factor on the forced orders' notional over an ordinary order's. */
  sizeMultiplier: number;
}

/**
 * Transient price impact (Bouchaud, Gefen, Potters & Wyart 2004's
 * propagator with an exponential kernel, the resilience of Obizhaeva & Wang
 * 2013): every taker order pushes the displayed mid its way by
 * `bpsAt10kUsd · √(notional / $10k)` bps (the square-root law, Tóth et al.
 * 2011), and each push fades with time constant `decaySec`. The book and the
 * prints sit on latent mid + impact; the latent walk, which informed orders
 * foresee, is untouched. So an uninformed push reverts (what a maker resting
 * behind the touch earns) while an informed one is followed by the move.
 * Off by default (0), which keeps the frames of every seed as they were.
 */
export interface ImpactParams {
  /** Push of a $10,000 order, bps (0: no impact). */
  bpsAt10kUsd: number;
  /** Time constant of a push's decay, seconds. */
  decaySec: number;
}

/**
 * The displayed book: 20 levels a side on the tick grid, resting orders
 * persisting between snapshots until traded through or refreshed.
 */
export interface BookParams {
  /** Least time between snapshots, ms (the feed pushes at most every 0.5 s). */
  intervalMs: number;
  /** Mean extra delay on top of `intervalMs` (exponential), ms. */
  jitterMs: number;
  /** Median notional at the touch, USD. */
  touchUsd: number;
  /** Median notional of level 1 (the first behind the touch), USD. */
  levelUsd: number;
  /** Extra median notional per level further away, USD. */
  levelGrowthUsd: number;
  /** Log standard deviation of a level's notional. */
  sizeSigma: number;
  /** Typical resting order, USD: a level holds 1 + Poisson(notional / orderUsd) orders. */
  orderUsd: number;
  /** Probability of an empty tick between two displayed levels. */
  gapProb: number;
  /** Probability per snapshot that a level is replaced by a fresh draw. */
  refreshProb: number;
  /** Probability per snapshot that the spread keeps its width. */
  spreadPersistence: number;
}

/** Every parameter of the generator, resolved (what `params` returns). */
export interface GeneratorParams {
  /** Asset name as on the wire. */
  coin: string;
  /** Size decimals (lot = 10^−szDecimals coins); prices have ≤ 6 − szDecimals decimals. */
  szDecimals: number;
  /** Mid price at the start, USD. */
  startPx: number;
  /** PRNG seed. */
  seed: number;
  /** The regime the market starts in. */
  startRegime: Regime;
  /** Per-regime volatility, persistence, cascade rate and spread. */
  regimes: Record<Regime, RegimeParams>;
  /** Where the chain goes on leaving a regime: weights over the other regimes. */
  transitions: Record<Regime, Partial<Record<Regime, number>>>;
  /** Taker order arrivals, plus the derived branching ratio α/β. */
  hawkes: HawkesParams & { branching: number };
  /** Taker order notionals. */
  sizes: SizeParams;
  /** Informed (toxic) orders. */
  informed: InformedParams;
  /** Hours of heavier informed flow. */
  toxic: ToxicParams;
  /** Liquidation cascades. */
  cascades: CascadeParams;
  /** Transient impact of taker orders on the displayed mid. */
  impact: ImpactParams;
  /** Book shape and refresh. */
  book: BookParams;
}

/** Model options: any parameter group may be given in part. */
export interface ModelOptions {
  startRegime?: Regime;
  regimes?: Partial<Record<Regime, Partial<RegimeParams>>>;
  transitions?: Partial<Record<Regime, Partial<Record<Regime, number>>>>;
  hawkes?: Partial<HawkesParams>;
  sizes?: Partial<SizeParams>;
  informed?: Partial<InformedParams>;
  toxic?: Partial<ToxicParams>;
  cascades?: Partial<CascadeParams>;
  impact?: Partial<ImpactParams>;
  book?: Partial<BookParams>;
}

/**
 * Regime defaults. Annualised σ 25% / 50% / 100% / 200%: the real BTC hour
 * in shared/data (2024-01-01 12:00 UTC) shows 1-minute log-return sd 3.5e-4,
 * i.e. ≈ 25% annualised, a calm hour. Holding times of 15 min – 2 h give the
 * hourly-scale persistence of volatility clustering.
 */
export const DEFAULT_REGIMES: Readonly<Record<Regime, RegimeParams>> = {
  calm: { sigma: 0.25, meanMinutes: 120, cascadesPerHour: 0.05, oneTickSpread: 0.95 },
  normal: { sigma: 0.5, meanMinutes: 90, cascadesPerHour: 0.25, oneTickSpread: 0.9 },
  volatile: { sigma: 1.0, meanMinutes: 45, cascadesPerHour: 1, oneTickSpread: 0.75 },
  extreme: { sigma: 2.0, meanMinutes: 15, cascadesPerHour: 3, oneTickSpread: 0.55 },
};

/** Where each regime goes when it ends: mostly to a neighbour. */
export const DEFAULT_TRANSITIONS: Readonly<Record<Regime, Partial<Record<Regime, number>>>> = {
  calm: { normal: 0.85, volatile: 0.15 },
  normal: { calm: 0.45, volatile: 0.5, extreme: 0.05 },
  volatile: { calm: 0.1, normal: 0.7, extreme: 0.2 },
  extreme: { normal: 0.3, volatile: 0.7 },
};

/** μ 0.3/s, α 1.5/s, β 2.5/s: branching 0.6, mean 0.75 orders/s (≈ 2,700 an hour). */
export const DEFAULT_HAWKES: Readonly<HawkesParams> = { mu: 0.3, alpha: 1.5, beta: 2.5 };

/** Body median $1,500 (log-sd 2); a quarter of orders from a ζ = 1.5 Pareto tail above $20k. */
export const DEFAULT_SIZES: Readonly<SizeParams> = {
  minUsd: 10,
  bodyMedianUsd: 1_500,
  bodySigma: 2,
  tailFromUsd: 20_000,
  tailShare: 0.25,
  tailIndex: 1.5,
};

/** Orders of $50k and more (≈ 6% of orders) see 30 s ahead and are right 80% of the time. */
export const DEFAULT_INFORMED: Readonly<InformedParams> = {
  thresholdUsd: 50_000,
  horizonSec: 30,
  accuracy: 0.8,
};

/** 06, 07 and 14 UTC: 1.5× the baseline rate and a quarter of smaller orders informed. */
export const DEFAULT_TOXIC: Readonly<ToxicParams> = {
  hours: [6, 7, 14],
  rateMultiplier: 1.5,
  informedShare: 0.25,
};

/** Moves of 10 bps plus an exponential 25 bps on average, over 5–30 s, ≈ 15 forced orders. */
export const DEFAULT_CASCADES: Readonly<CascadeParams> = {
  minMoveBps: 10,
  meanExtraMoveBps: 25,
  durationSec: [5, 30],
  meanOrders: 15,
  sizeMultiplier: 2,
};

/** No impact; when on, 30 s is a typical resilience time for BTC perps (chosen here). */
export const DEFAULT_IMPACT: Readonly<ImpactParams> = { bpsAt10kUsd: 0, decaySec: 30 };

/** Book shape after the 2025-09-03 BTC capture (module doc). */
export const DEFAULT_BOOK: Readonly<BookParams> = {
  intervalMs: 500,
  jitterMs: 140,
  touchUsd: 400_000,
  levelUsd: 25_000,
  levelGrowthUsd: 6_000,
  sizeSigma: 1,
  orderUsd: 50_000,
  gapProb: 0.03,
  refreshProb: 0.15,
  spreadPersistence: 0.8,
};

/** The asset and seed part of the generator options. */
export interface AssetOptions {
  coin?: string;
  szDecimals?: number;
  startPx?: number;
  seed?: number;
}

/** Defaults merged with the options, validated; throws RangeError naming the bad parameter. */
export function resolveParams(options: AssetOptions & ModelOptions): GeneratorParams {
  const regimes = {} as Record<Regime, RegimeParams>;
  for (const regime of REGIMES) {
    regimes[regime] = { ...DEFAULT_REGIMES[regime], ...options.regimes?.[regime] };
  }
  const transitions = {} as Record<Regime, Partial<Record<Regime, number>>>;
  for (const regime of REGIMES) {
    transitions[regime] = { ...(options.transitions?.[regime] ?? DEFAULT_TRANSITIONS[regime]) };
  }
  const hawkes = { ...DEFAULT_HAWKES, ...options.hawkes };
  const params: GeneratorParams = {
    coin: options.coin ?? "BTC",
    szDecimals: options.szDecimals ?? 5,
    startPx: options.startPx ?? 90_000,
    seed: options.seed ?? 1,
    startRegime: options.startRegime ?? "normal",
    regimes,
    transitions,
    hawkes: { ...hawkes, branching: hawkes.alpha / hawkes.beta },
    sizes: { ...DEFAULT_SIZES, ...options.sizes },
    informed: { ...DEFAULT_INFORMED, ...options.informed },
    toxic: {
      ...DEFAULT_TOXIC,
      ...options.toxic,
      hours: [...(options.toxic?.hours ?? DEFAULT_TOXIC.hours)],
    },
    cascades: { ...DEFAULT_CASCADES, ...options.cascades },
    impact: { ...DEFAULT_IMPACT, ...options.impact },
    book: { ...DEFAULT_BOOK, ...options.book },
  };
  validate(params);
  return params;
}

function validate(p: GeneratorParams): void {
  check(p.coin.length > 0, "coin", "must not be empty");
  check(
    Number.isInteger(p.szDecimals) && p.szDecimals >= 0 && p.szDecimals <= 6,
    "szDecimals",
    "must be an integer in [0, 6]",
  );
  check(Number.isFinite(p.startPx) && p.startPx > 0, "startPx", "must be > 0");
  check(Number.isSafeInteger(p.seed), "seed", "must be a safe integer");
  check(REGIMES.includes(p.startRegime), "startRegime", `must be one of ${REGIMES.join(", ")}`);
  for (const regime of REGIMES) {
    const r = p.regimes[regime];
    check(r.sigma >= 0 && Number.isFinite(r.sigma), `regimes.${regime}.sigma`, "must be ≥ 0");
    check(r.meanMinutes > 0, `regimes.${regime}.meanMinutes`, "must be > 0");
    check(r.cascadesPerHour >= 0, `regimes.${regime}.cascadesPerHour`, "must be ≥ 0");
    check(inUnit(r.oneTickSpread), `regimes.${regime}.oneTickSpread`, "must be in [0, 1]");
    const weights = Object.entries(p.transitions[regime]);
    check(
      weights.every(([to, w]) =>
        REGIMES.includes(to as Regime) && to !== regime && (w ?? 0) >= 0
      ) &&
        weights.some(([, w]) => (w ?? 0) > 0),
      `transitions.${regime}`,
      "needs a positive weight on another regime",
    );
  }
  const h = p.hawkes;
  check(h.mu > 0 && h.alpha >= 0 && h.beta > 0, "hawkes", "needs mu > 0, alpha ≥ 0, beta > 0");
  check(h.branching < 1, "hawkes", `branching alpha/beta must be < 1, got ${h.branching}`);
  const s = p.sizes;
  check(
    s.minUsd > 0 && s.minUsd < s.bodyMedianUsd,
    "sizes.minUsd",
    "must be > 0 and below the body median",
  );
  check(s.bodyMedianUsd < s.tailFromUsd, "sizes.bodyMedianUsd", "must be below tailFromUsd");
  check(s.bodySigma > 0, "sizes.bodySigma", "must be > 0");
  check(inUnit(s.tailShare), "sizes.tailShare", "must be in [0, 1]");
  check(s.tailIndex > 0, "sizes.tailIndex", "must be > 0");
  const i = p.informed;
  check(i.thresholdUsd > 0, "informed.thresholdUsd", "must be > 0");
  check(i.horizonSec > 0 && i.horizonSec <= 600, "informed.horizonSec", "must be in (0, 600]");
  check(inUnit(i.accuracy), "informed.accuracy", "must be in [0, 1]");
  const t = p.toxic;
  check(
    t.hours.every((x) => Number.isInteger(x) && x >= 0 && x < 24),
    "toxic.hours",
    "must be integers 0–23",
  );
  check(t.rateMultiplier > 0, "toxic.rateMultiplier", "must be > 0");
  check(inUnit(t.informedShare), "toxic.informedShare", "must be in [0, 1]");
  const c = p.cascades;
  check(c.minMoveBps >= 0 && c.meanExtraMoveBps >= 0, "cascades", "moves must be ≥ 0");
  check(
    c.durationSec[0] > 0 && c.durationSec[1] >= c.durationSec[0],
    "cascades.durationSec",
    "must be [min > 0, max ≥ min]",
  );
  check(
    c.meanOrders >= 0 && c.sizeMultiplier > 0,
    "cascades",
    "needs meanOrders ≥ 0 and sizeMultiplier > 0",
  );
  const m = p.impact;
  check(
    m.bpsAt10kUsd >= 0 && Number.isFinite(m.bpsAt10kUsd),
    "impact.bpsAt10kUsd",
    "must be ≥ 0",
  );
  check(m.decaySec > 0 && Number.isFinite(m.decaySec), "impact.decaySec", "must be > 0");
  const b = p.book;
  check(
    Number.isInteger(b.intervalMs) && b.intervalMs >= 1,
    "book.intervalMs",
    "must be an integer ≥ 1",
  );
  check(b.jitterMs >= 0, "book.jitterMs", "must be ≥ 0");
  check(b.touchUsd > 0 && b.levelUsd > 0 && b.levelGrowthUsd >= 0, "book", "depths must be > 0");
  check(b.sizeSigma >= 0 && b.orderUsd > 0, "book", "needs sizeSigma ≥ 0 and orderUsd > 0");
  check(inUnit(b.gapProb) && b.gapProb < 1, "book.gapProb", "must be in [0, 1)");
  check(inUnit(b.refreshProb), "book.refreshProb", "must be in [0, 1]");
  check(inUnit(b.spreadPersistence), "book.spreadPersistence", "must be in [0, 1]");
}

function inUnit(x: number): boolean {
  return x >= 0 && x <= 1;
}

function check(ok: boolean, name: string, message: string): void {
  if (!ok) throw new RangeError(`generator parameter ${name} ${message}`);
}
