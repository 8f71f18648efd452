/**
 * Every online estimator of one coin, fed by market events, assembled into
 * the `MarketEstimates` the strategy reads each tick. Estimators that have
 * not seen enough data yet fall back to configured priors, and the
 * explanation says so.
 *
 * @module
 */

import { AdverseSelection } from "../market/adverse_selection.ts";
import { BookState } from "../market/book_state.ts";
import { CascadeDetector } from "../market/cascade.ts";
import { FillIntensityEstimator } from "../market/fill_intensity.ts";
import { FundingEstimator } from "../market/funding.ts";
import { HawkesEstimator } from "../market/hawkes.ts";
import { Microprice } from "../market/microprice.ts";
import { RegimeClassifier, type RegimeOptions } from "../market/regime.ts";
import { SpreadProcess } from "../market/spread_process.ts";
import { Volatility } from "../market/volatility.ts";
import type { LevelsBook } from "../hyperliquid/book_levels.ts";
import type { ActiveAssetCtx, L2Book, Trade } from "../hyperliquid/stream_schemas.ts";
import { type MarketEstimates, sigmaBpsPerSqrtSFromAnnual } from "../strategy/estimates.ts";
import type { MarketConfig } from "../config/mm_config.ts";

/** Values used until an estimator has enough data. */
export interface MarketPriors {
  /** Annualised σ before the volatility estimate is ready (default 0.5). */
  sigmaAnnual?: number;
  /** A of λ(δ) = A·e^{−κδ}, fills/s (default 1). */
  fillIntensityA?: number;
  /** κ per bps (default 0.3). */
  fillDecayKappa?: number;
}

/** What the model knows of one coin, plus where its numbers came from. */
export interface ModelReadout {
  estimates: MarketEstimates;
  /** Which estimates are priors rather than fitted (e.g. `["sigma", "fill_intensity"]`). */
  priors: string[];
}

/** The estimators of one coin. */
export class MarketModel {
  readonly coin: string;
  readonly book = new BookState();
  readonly microprice = new Microprice();
  readonly volatility = new Volatility();
  readonly regime: RegimeClassifier;
  readonly spread = new SpreadProcess();
  readonly funding = new FundingEstimator();
  readonly hawkes = new HawkesEstimator({
    refitEvery: HAWKES_REFIT_EVERY_ARRIVALS,
    tolerance: HAWKES_EM_TOLERANCE,
  });
  readonly fillIntensity = new FillIntensityEstimator();
  readonly cascade = new CascadeDetector();
  readonly adverseSelection = new AdverseSelection();
  readonly #priors: Required<MarketPriors>;
  #lastDataMs = NaN;
  /** The fill-intensity fit, refreshed at most once a second of market time (it is a regression). */
  #fit: { a: number; kappaPerBps: number; atMs: number } = {
    a: NaN,
    kappaPerBps: NaN,
    atMs: -Infinity,
  };

  constructor(coin: string, options: { priors?: MarketPriors; regime?: RegimeOptions } = {}) {
    this.coin = coin;
    this.regime = new RegimeClassifier(options.regime);
    this.#priors = {
      sigmaAnnual: options.priors?.sigmaAnnual ?? 0.5,
      fillIntensityA: options.priors?.fillIntensityA ?? 1,
      fillDecayKappa: options.priors?.fillDecayKappa ?? 0.3,
    };
  }

  /**
   * A book snapshot. Returns false when it was not usable (one-sided or
   * stale). A {@link LevelsBook}'s sides are read lazily and held until the
   * next book, so they must not change meanwhile.
   */
  onBook(book: L2Book | LevelsBook): boolean {
    if (!this.book.update(book) || !this.book.isTwoSided) return false;
    const time = book.time;
    const mid = this.book.mid;
    this.#lastDataMs = time;
    this.microprice.updateBook({ time, mid, imbalance: this.book.imbalance });
    this.volatility.update({ time, mid });
    this.regime.update({
      time,
      sigmaAnnual: this.volatility.sigmaAnnual,
      ready: this.volatility.ready,
    });
    this.spread.update({ time, spreadBps: this.book.spreadBps }, this.regime.regime);
    this.fillIntensity.updateMid(time, mid);
    this.cascade.updateMid(time, mid);
    this.adverseSelection.updateMid(time, mid);
    return true;
  }

  /** Public trades (already deduplicated by tid). */
  onTrades(trades: readonly Trade[]): void {
    for (const trade of trades) {
      this.#lastDataMs = Math.max(this.#lastDataMs || 0, trade.time);
      this.microprice.updateTrade(trade);
      this.hawkes.update(trade);
      this.fillIntensity.update(trade);
      this.cascade.update(trade);
    }
  }

  /** An asset-context update (funding, premium, open interest). */
  onAssetCtx(ctx: ActiveAssetCtx, timeMs: number): void {
    this.funding.update(ctx, timeMs);
    this.cascade.updateOpenInterest(timeMs, ctx.ctx.openInterest);
  }

  /** One of our own fills (for markouts). */
  onOwnFill(fill: { side: "B" | "A"; px: number; sz: number; time: number }): void {
    this.adverseSelection.update(fill);
  }

  /** Age of the newest book or trade at `nowMs`, ms (Infinity before any). */
  dataAgeMs(nowMs: number): number {
    return Number.isFinite(this.#lastDataMs) ? Math.max(0, nowMs - this.#lastDataMs) : Infinity;
  }

  /** Whether a two-sided book has been seen. */
  get ready(): boolean {
    return this.book.isTwoSided;
  }

  /** The strategy's inputs at `nowMs`. */
  readout(nowMs: number): ModelReadout {
    const priors: string[] = [];
    const sigmaAnnual = this.volatility.ready
      ? this.volatility.sigmaAnnual
      : (priors.push("sigma"), this.#priors.sigmaAnnual);
    if (nowMs - this.#fit.atMs >= 1000) {
      const { a, kappaPerBps } = this.fillIntensity.fit;
      this.#fit = { a, kappaPerBps, atMs: nowMs };
    }
    const fit = this.#fit;
    const fitted = Number.isFinite(fit.a) && fit.a > 0 && Number.isFinite(fit.kappaPerBps) &&
      fit.kappaPerBps > 0;
    if (!fitted) priors.push("fill_intensity");
    const fair = this.microprice.fairPrice;
    const mid = this.book.mid;
    const adverse = this.adverseSelection.meanBps(5);
    const funding = this.funding.currentHourly;
    return {
      estimates: {
        timeMs: nowMs,
        mid,
        fairPx: Number.isFinite(fair) && fair > 0 ? fair : mid,
        bestBid: this.book.bestBid,
        bestAsk: this.book.bestAsk,
        marketSpreadBps: this.book.spreadBps,
        sigmaBpsPerSqrtS: sigmaBpsPerSqrtSFromAnnual(sigmaAnnual),
        regime: this.regime.regime,
        fillIntensityA: fitted ? fit.a : this.#priors.fillIntensityA,
        fillDecayKappa: fitted ? fit.kappaPerBps : this.#priors.fillDecayKappa,
        hawkesIntensity: this.hawkes.intensityAt(nowMs) || 0,
        cascadeSeverity: this.cascade.severityAt(nowMs) || 0,
        fundingRateHourly: Number.isFinite(funding) ? funding : 0,
        adverseSelectionBps: Number.isFinite(adverse) ? adverse : 0,
        dataAgeMs: this.dataAgeMs(nowMs),
      },
      priors,
    };
  }
}

/**
 * Arrivals between the Hawkes refits, half the estimator's 2,048-arrival
 * window: the EM fit (≈ 1 ms) is the model's costliest step, and refitting
 * when half the window is new (rather than an eighth, the estimator's
 * default) moved the sampled intensity and branching ratio by at most 6 %
 * on a generated day while costing a quarter as much. The intensity
 * recursion still runs per arrival.
 */
export const HAWKES_REFIT_EVERY_ARRIVALS = 1024;

/**
 * Relative parameter change at which the engine's Hawkes EM stops: 0.1 %,
 * a twentieth of the parameters' own standard error over the 2,048-arrival
 * window (≈ 1/√2048 ≈ 2 % at best). On a generated day it cuts the EM
 * iterations per refit from 15.6 to 10.5 on average (the estimator's
 * default, 0.01 %, chases digits the data cannot support) and moves the
 * branching ratio in the third decimal.
 */
export const HAWKES_EM_TOLERANCE = 1e-3;

/** A market model set up from the config's `market` section (priors, regime thresholds). */
export function marketModelFor(coin: string, market: MarketConfig): MarketModel {
  return new MarketModel(coin, {
    priors: {
      sigmaAnnual: market.priors.sigmaAnnual,
      fillIntensityA: market.priors.fillIntensityA,
      fillDecayKappa: market.priors.fillDecayKappaPerBps,
    },
    regime: { thresholds: market.regime.thresholdsAnnual },
  });
}
