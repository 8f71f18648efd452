/**
 * Who is informed: toxic hours and the order size above which flow is
 * informed, from adverse moves after fills.
 *
 * An observation is one fill seen from the maker's side: its notional, its
 * UTC hour, its depth from the mid at the fill, and the adverse move — the
 * mid's move over the horizon against the maker, in bps of the mid at the
 * fill (positive = the maker lost; the markout of lib/analysis/markouts.ts
 * plus the depth earned). From a market recording every taker order is the
 * fill of whoever made its touch; from a trade history, our own fills.
 *
 * - Size threshold: the least-squares change point of the adverse move over
 *   notional (Hinkley 1970, "Inference about the change-point in a sequence
 *   of random variables"): the candidate split (a log grid, 16 a decade)
 *   whose two means explain most of the variance. The extra depth a quote
 *   above it needs is the difference of the two means, with Welch's
 *   interval. Proposed only when the split is significant.
 * - Toxic hours: each UTC hour's mean adverse move against the other hours'
 *   (Welch's z, one-sided, above 3: ≈ 5 % over 24 tested hours, Šidák).
 *   Orders above the size threshold are left out (informed at every hour,
 *   they only add noise). Where the market's σ is known each move is
 *   divided by σ·√horizon first, so a volatile hour's noise does not hide
 *   a calm hour's toxicity. An hour with too few observations keeps its
 *   current status.
 *
 * @module
 */

import type { TradeFill } from "../analysis/trade_fill.ts";
import { fillSide } from "../analysis/markouts.ts";
import type { MarketSample } from "./market_sample.ts";
import { type Estimate, meanEstimate, Moments, welchZ, Z95 } from "./_stats.ts";

/** One fill from the maker's side (module doc). */
export interface AdverseObservation {
  timeMs: number;
  notionalUsd: number;
  /** Depth of the fill from the mid at the fill, bps (positive: passive). */
  depthBps: number;
  /** Mid move against the maker over the horizon, bps. */
  adverseBps: number;
  /**
   * The market's σ over the horizon at the fill, bps, when known: the
   * toxic-hour test compares adverse moves in these units, so volatile
   * hours do not drown calm ones.
   */
  sigmaBps?: number;
}

/** Every taker order of the recording as the fill of its touch maker. */
export function marketObservations(
  sample: MarketSample,
  horizonS: number,
  options: { sigmaBpsPerSqrtSAt?: (timeMs: number) => number } = {},
): AdverseObservation[] {
  const out: AdverseObservation[] = [];
  const sigmaAt = options.sigmaBpsPerSqrtSAt;
  for (const order of sample.orders) {
    const later = sample.midAt(order.timeMs + horizonS * 1000);
    if (!(later > 0)) continue;
    out.push({
      timeMs: order.timeMs,
      notionalUsd: order.notionalUsd,
      depthBps: 0,
      adverseBps: (order.takerSide * (later - order.midBefore) / order.midBefore) * 10_000,
      sigmaBps: sigmaAt === undefined ? undefined : sigmaAt(order.timeMs) * Math.sqrt(horizonS),
    });
  }
  return out;
}

/** How often {@link makerObservations} re-sets its quotes by default, ms: the engine's refresh. */
export const MAKER_REQUOTE_MS = 5_000;

/** Settings of {@link makerObservations}. */
export interface MakerObservationOptions {
  /** Depth of the quotes from the mid, bps (our floor: minSpreadBps / 2). */
  depthBps: number;
  /** Markout horizon, s. */
  horizonS: number;
  /** The market's σ, bps/√s, at a time (see {@link AdverseObservation.sigmaBps}). */
  sigmaBpsPerSqrtSAt?: (timeMs: number) => number;
  /** How often the quotes are re-anchored on the mid, ms (default {@link MAKER_REQUOTE_MS}). */
  requoteMs?: number;
  /** How finely the mid is read between, ms (default 500: the l2Book cadence). */
  stepMs?: number;
}

/**
 * The fills a maker quoting `depthBps` either side of the mid would get from
 * the recording: every `requoteMs` a bid and an ask are set around the mid,
 * and a side fills (once) when the mid reaches it before the next requote.
 * Each fill's adverse move is from its price to the mid `horizonS` later.
 *
 * Why: a taker's markout says whether the *touch* maker was picked off. Our
 * quotes sit at the floor, which takers reach only when the mid walks there;
 * with transient impact, informed takers push the mid ahead of the move they
 * foresee, so the touch can look harmless in the very hours the mid runs
 * through a quote at depth and keeps going.
 */
export function makerObservations(
  sample: MarketSample,
  options: MakerObservationOptions,
): AdverseObservation[] {
  const out: AdverseObservation[] = [];
  const { depthBps, horizonS } = options;
  const requoteMs = options.requoteMs ?? MAKER_REQUOTE_MS;
  const stepMs = options.stepMs ?? 500;
  const horizonMs = horizonS * 1000;
  const { startMs, endMs } = sample.spanMs;
  const first = Math.max(startMs, sample.firstMidMs);
  for (let t = first; t + requoteMs + horizonMs <= endMs; t += requoteMs) {
    const anchor = sample.midAt(t);
    if (!(anchor > 0)) continue;
    const bid = anchor * (1 - depthBps / 10_000);
    const ask = anchor * (1 + depthBps / 10_000);
    let bidFilled = false;
    let askFilled = false;
    for (let u = t + stepMs; u <= t + requoteMs && !(bidFilled && askFilled); u += stepMs) {
      const mid = sample.midAt(u);
      if (!bidFilled && mid <= bid) {
        bidFilled = true;
        out.push(makerFill(sample, { timeMs: u, side: 1, px: bid, horizonMs, options }));
      }
      if (!askFilled && mid >= ask) {
        askFilled = true;
        out.push(makerFill(sample, { timeMs: u, side: -1, px: ask, horizonMs, options }));
      }
    }
  }
  return out;
}

function makerFill(
  sample: MarketSample,
  fill: {
    timeMs: number;
    side: 1 | -1;
    px: number;
    horizonMs: number;
    options: MakerObservationOptions;
  },
): AdverseObservation {
  const { timeMs, side, px, options } = fill;
  const later = sample.midAt(timeMs + fill.horizonMs);
  const sigmaAt = options.sigmaBpsPerSqrtSAt;
  return {
    timeMs,
    notionalUsd: 0, // a quote of no particular size
    depthBps: options.depthBps,
    adverseBps: (side * (px - later) / px) * 10_000,
    sigmaBps: sigmaAt === undefined ? undefined : sigmaAt(timeMs) * Math.sqrt(options.horizonS),
  };
}

/**
 * Our fills (any analyze-trades form) marked against the recording's mids:
 * depth and adverse move from the mid last seen *before* the fill (1 ms
 * earlier), the fair our quote stood around. A book stamped the fill's own
 * millisecond may already show the move that filled us (a paper fill is
 * dated by the book that crossed it); measured from there, a quote 4 bps
 * deep looked 4.5 bps *through* the mid and the move that filled it went
 * uncounted, which made α 0 and cost a held-out day hundreds of dollars
 * (README: mm calibrate).
 */
export function fillObservations(
  fills: readonly TradeFill[],
  sample: MarketSample,
  horizonS: number,
): AdverseObservation[] {
  const out: AdverseObservation[] = [];
  for (const fill of fills) {
    if (fill.coin !== sample.coin) continue;
    const mid = sample.midAt(fill.tsMs - 1);
    const later = sample.midAt(fill.tsMs + horizonS * 1000);
    if (!(mid > 0 && later > 0)) continue;
    const side = fillSide(fill.dir);
    out.push({
      timeMs: fill.tsMs,
      notionalUsd: Math.abs(fill.px * fill.sz),
      depthBps: (side * (mid - fill.px) / mid) * 10_000,
      adverseBps: (side * (mid - later) / mid) * 10_000,
    });
  }
  return out;
}

/** What {@link findSizeThreshold} found. */
export interface SizeThresholdFinding {
  /** Notional from which flow is informed, USD, with the grid step as its interval. */
  thresholdUsd?: Estimate;
  /** Mean adverse move above minus below the threshold, bps. */
  extraBps?: Estimate;
  /** Welch z of the split. */
  z?: number;
  below?: Estimate;
  above?: Estimate;
  reason?: string;
}

/** Settings of {@link findSizeThreshold}. */
export interface SizeThresholdOptions {
  /** Observations each side of a split needs (default 100). */
  minPerSide?: number;
  /** Welch z the split needs (default 4). */
  minZ?: number;
}

/** The least-squares change point of the adverse move over notional (module doc). */
export function findSizeThreshold(
  observations: readonly AdverseObservation[],
  options: SizeThresholdOptions = {},
): SizeThresholdFinding {
  const minPerSide = options.minPerSide ?? 100;
  const sorted = [...observations].sort((a, b) => a.notionalUsd - b.notionalUsd);
  const total = new Moments();
  for (const o of sorted) total.update(o.adverseBps);
  let best: { gain: number; at: number; edge: number } | undefined;
  const below = new Moments();
  let i = 0;
  for (let k = 0; k <= 16 * 4; k++) {
    const edge = 1_000 * 10 ** (k / 16); // $1k … $10M
    while (i < sorted.length && sorted[i].notionalUsd < edge) below.update(sorted[i++].adverseBps);
    const nAbove = sorted.length - below.n;
    if (below.n < minPerSide || nAbove < minPerSide) continue;
    const meanAbove = (total.sum - below.sum) / nAbove;
    // Between-group sum of squares: what the split explains.
    const gain = below.n * nAbove / sorted.length * (meanAbove - below.mean) ** 2;
    if (best === undefined || gain > best.gain) best = { gain, at: i, edge };
  }
  if (best === undefined) {
    return {
      reason:
        `${sorted.length} fills: no split of the $1k–$10M grid leaves ${minPerSide} each side`,
    };
  }
  const low = new Moments(), high = new Moments();
  sorted.forEach((o, j) => (j < best.at ? low : high).update(o.adverseBps));
  const z = welchZ(high, low);
  const se = Math.sqrt(high.variance / high.n + low.variance / low.n);
  const diff = high.mean - low.mean;
  const found: SizeThresholdFinding = {
    z,
    below: meanEstimate(low),
    above: meanEstimate(high),
    thresholdUsd: {
      value: best.edge,
      n: sorted.length,
      ci95: [best.edge / 10 ** (1 / 16), best.edge * 10 ** (1 / 16)],
    },
    extraBps: { value: diff, n: sorted.length, ci95: [diff - Z95 * se, diff + Z95 * se] },
  };
  const minZ = options.minZ ?? 4;
  if (!(z >= minZ)) {
    found.reason = `the best split ($${Math.round(best.edge)}) is not significant: ` +
      `z ${z.toFixed(2)} < ${minZ}`;
  }
  return found;
}

/** One hour's evidence. */
export interface HourEvidence {
  hourUtc: number;
  n: number;
  /** Mean adverse move, bps (or in σ·√horizon units when the observations carry σ). */
  meanBps: number;
  ci95: [number, number];
  /** Welch z against the other hours (NaN when short). */
  z: number;
  toxic: boolean | null;
}

/** What {@link findToxicHours} found. */
export interface ToxicHoursFinding {
  /** Hours significantly more toxic than the rest. */
  toxic: number[];
  /** Hours with too few observations to say. */
  undecided: number[];
  hours: HourEvidence[];
  /** Observations above this notional were left out, USD. */
  belowUsd: number | null;
}

/** Settings of {@link findToxicHours}. */
export interface ToxicHoursOptions {
  /** Observations an hour needs (default 200). */
  minPerHour?: number;
  /** One-sided Welch z an hour needs (default 3). */
  minZ?: number;
  /** Leave out observations at or above this notional, USD (default: keep all). */
  belowUsd?: number;
}

/** Hours whose adverse moves are significantly worse than the other hours' (module doc). */
export function findToxicHours(
  observations: readonly AdverseObservation[],
  options: ToxicHoursOptions = {},
): ToxicHoursFinding {
  const belowUsd = options.belowUsd ?? Infinity;
  const byHour = new Map<number, Moments>();
  for (const o of observations) {
    if (o.notionalUsd >= belowUsd) continue;
    const value = o.sigmaBps === undefined ? o.adverseBps : o.adverseBps / o.sigmaBps;
    if (!Number.isFinite(value)) continue;
    const hour = new Date(o.timeMs).getUTCHours();
    let tally = byHour.get(hour);
    if (tally === undefined) byHour.set(hour, tally = new Moments());
    tally.update(value);
  }
  return {
    ...toxicHoursFromMoments(byHour, options),
    belowUsd: Number.isFinite(belowUsd) ? belowUsd : null,
  };
}

/** The toxic-hour test on per-hour moments (what an analysis' hour markouts give). */
export function toxicHoursFromMoments(
  byHour: ReadonlyMap<number, Moments>,
  options: ToxicHoursOptions = {},
): ToxicHoursFinding {
  const minPerHour = options.minPerHour ?? 200;
  const minZ = options.minZ ?? 3;
  const all = new Moments();
  for (const tally of byHour.values()) all.merge(tally);
  const hours: HourEvidence[] = [];
  for (let hour = 0; hour < 24; hour++) {
    const tally = byHour.get(hour);
    if (tally === undefined || tally.n === 0) continue;
    const rest = new Moments();
    rest.merge(all);
    rest.n -= tally.n;
    rest.sum -= tally.sum;
    rest.sumSq -= tally.sumSq;
    const z = welchZ(tally, rest);
    const estimate = meanEstimate(tally);
    hours.push({
      hourUtc: hour,
      n: tally.n,
      meanBps: estimate.value,
      ci95: estimate.ci95,
      z,
      toxic: tally.n < minPerHour ? null : z >= minZ,
    });
  }
  return {
    toxic: hours.filter((h) => h.toxic === true).map((h) => h.hourUtc),
    undecided: Array.from({ length: 24 }, (_, h) => h).filter((h) =>
      !hours.some((e) => e.hourUtc === h && e.toxic !== null)
    ),
    hours,
    belowUsd: null,
  };
}
