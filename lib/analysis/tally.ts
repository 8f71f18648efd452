/**
 * Running totals of a set of fills and the figures derived from them. Money
 * in integer micro-USD, so totals are exact and reconcile to the cent.
 *
 * @module
 */

import { fromMicros, type TradeFill } from "./trade_fill.ts";

/** The figures every summary, bucket and scenario row carries. */
export interface TallyFigures {
  fills: number;
  closing_fills: number;
  notional_usd: number;
  fees_usd: number;
  gross_pnl_usd: number;
  net_pnl_usd: number;
  /** net / notional × 10⁴; `null` without notional. */
  edge_bps: number | null;
  /** gross / notional × 10⁴. */
  gross_edge_bps: number | null;
  /** Share of closing fills with net P&L > 0; `null` without closing fills. */
  win_rate: number | null;
  /** fees / notional × 10⁴. */
  fee_rate_bps: number | null;
  /** Share of fills that were maker; `null` when the input does not say. */
  maker_share: number | null;
}

/** Totals of fills, optionally scaled (a capped-size what-if). */
export class Tally {
  fills = 0;
  closingFills = 0;
  wins = 0;
  notionalMicros = 0;
  feeMicros = 0;
  grossMicros = 0;
  makerKnown = 0;
  makers = 0;

  /** Adds a fill, its money scaled by `scale` (1 = as traded). */
  update(fill: TradeFill, scale = 1): void {
    this.fills += 1;
    const fee = scale === 1 ? fill.feeMicros : Math.round(fill.feeMicros * scale);
    const gross = scale === 1 ? fill.grossPnlMicros : Math.round(fill.grossPnlMicros * scale);
    this.notionalMicros += scale === 1
      ? fill.notionalMicros
      : Math.round(fill.notionalMicros * scale);
    this.feeMicros += fee;
    this.grossMicros += gross;
    if (fill.closing) {
      this.closingFills += 1;
      if (gross - fee > 0) this.wins += 1;
    }
    if (fill.maker !== undefined) {
      this.makerKnown += 1;
      if (fill.maker) this.makers += 1;
    }
  }

  /** Adds another tally's totals to this one. */
  merge(other: Tally): void {
    this.fills += other.fills;
    this.closingFills += other.closingFills;
    this.wins += other.wins;
    this.notionalMicros += other.notionalMicros;
    this.feeMicros += other.feeMicros;
    this.grossMicros += other.grossMicros;
    this.makerKnown += other.makerKnown;
    this.makers += other.makers;
  }

  /** Net P&L in micro-USD: gross − fees. */
  get netMicros(): number {
    return this.grossMicros - this.feeMicros;
  }

  /** Edge in bps (net / notional × 10⁴), `null` without notional. */
  get edgeBps(): number | null {
    return perNotionalBps(this.netMicros, this.notionalMicros);
  }

  /** The figures as output fields. */
  figures(): TallyFigures {
    return {
      fills: this.fills,
      closing_fills: this.closingFills,
      notional_usd: fromMicros(this.notionalMicros),
      fees_usd: fromMicros(this.feeMicros),
      gross_pnl_usd: fromMicros(this.grossMicros),
      net_pnl_usd: fromMicros(this.netMicros),
      edge_bps: this.edgeBps,
      gross_edge_bps: perNotionalBps(this.grossMicros, this.notionalMicros),
      win_rate: this.closingFills === 0 ? null : round(this.wins / this.closingFills, 4),
      fee_rate_bps: perNotionalBps(this.feeMicros, this.notionalMicros),
      maker_share: this.makerKnown === 0 ? null : round(this.makers / this.makerKnown, 4),
    };
  }
}

/** amount / notional × 10⁴, to 4 decimals; `null` when notional is 0. */
export function perNotionalBps(amountMicros: number, notionalMicros: number): number | null {
  return notionalMicros === 0 ? null : round((amountMicros / notionalMicros) * 10_000, 4);
}

/** Rounds half away from zero to `decimals` places. */
export function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = Math.round(Math.abs(value) * factor) / factor;
  return value < 0 ? -rounded : rounded;
}
