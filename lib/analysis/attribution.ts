/**
 * P&L attribution: each fill's net P&L split into spread capture, adverse
 * selection, inventory carry, fees and funding, summed overall and per day.
 * The parts sum exactly (integer micro-USD) to the net P&L of the summary
 * (realised gross − fees, as the fill history reports it) plus the funding
 * payments when `--funding FILE` gives them.
 *
 * Per fill at time t, price p, size z, our side s (+1 buy, −1 sell, see
 * `fillSide` in markouts.ts), signed size q = s·z, and mids from the market
 * file (the last l2Book mid at or before a time, lib/analysis/_mid_series.ts):
 *   spread capture     (m(t) − p)·q              what the fill earned against the mid
 *   adverse selection  (m(t + H) − m(t))·q       the mid's move over the holding horizon
 *                                                H = 60 s (cut at the end of the data)
 *   inventory carry    gross − spread − adverse  the rest of the realised P&L: the
 *                                                position's mark-to-market after H
 *   fees               −fee                      (a rebate is positive)
 *   funding            Σ payments                from `--funding FILE` (funding.ts), by
 *                                                payment time; 0 without one
 * so spread + adverse + carry + fees + funding = gross − fee + funding = net, exactly:
 * each part is rounded to micro-USD and carry takes the remainder.
 * A fill with no mid at its time (its coin not in the market file, or
 * outside its time range) has spread and adverse 0: all of its gross is
 * carry; `fills_without_mid` counts them.
 *
 * Without market data there are no mids: one row with spread, adverse and
 * carry `null` and a `note`.
 *
 * Memory: one running sum per day. Units: USD, times epoch ms.
 *
 * @module
 */

import type { MidSeries } from "./_mid_series.ts";
import type { FundingPayment } from "./funding.ts";
import { fillSide } from "./markouts.ts";
import type { TimeZone } from "./time_zone.ts";
import { fromMicros, toMicros, type TradeFill } from "./trade_fill.ts";

const NO_FUNDING = "funding is not in fill histories (0): pass --funding FILE";

/** The holding horizon of adverse selection, seconds. */
export const ATTRIBUTION_HORIZON_S = 60;

/** One attribution line; the five parts sum to `net_pnl_usd`. */
export interface AttributionRow {
  scope: "all" | "day";
  /** `all`, or the day `YYYY-MM-DD` in the analysis's zone. */
  key: string;
  fills: number;
  /** Fills without a mid at their time (their P&L is all carry). */
  fills_without_mid: number;
  /** Adverse selection's holding horizon, seconds. */
  horizon_s: number;
  spread_capture_usd: number | null;
  adverse_selection_usd: number | null;
  inventory_carry_usd: number | null;
  /** −fees, USD (negative: a cost). */
  fees_usd: number;
  /** Funding received (+) or paid (−), USD; 0 without `--funding`. */
  funding_usd: number;
  net_pnl_usd: number;
  note: string | null;
}

class Parts {
  fills = 0;
  withoutMid = 0;
  spread = 0;
  adverse = 0;
  carry = 0;
  fees = 0;
  funding = 0;
  net = 0;
}

/** Fills in, attribution rows out (module doc). */
export class Attribution {
  readonly #tz: TimeZone;
  readonly #mids: MidSeries | undefined;
  readonly #total = new Parts();
  readonly #byDay = new Map<string, Parts>();

  readonly #hasFunding: boolean;

  constructor(options: { tz: TimeZone; mids?: MidSeries; funding?: readonly FundingPayment[] }) {
    this.#tz = options.tz;
    this.#mids = options.mids;
    this.#hasFunding = options.funding !== undefined;
    for (const payment of options.funding ?? []) this.#addFunding(payment);
  }

  #addFunding(payment: FundingPayment): void {
    for (const parts of [this.#total, this.#day(payment.tsMs)]) {
      parts.funding += payment.usdcMicros;
      parts.net += payment.usdcMicros;
    }
  }

  #day(tsMs: number): Parts {
    const key = this.#tz.dayOf(tsMs);
    let day = this.#byDay.get(key);
    if (day === undefined) {
      day = new Parts();
      this.#byDay.set(key, day);
    }
    return day;
  }

  /** Adds one fill. */
  update(fill: TradeFill): void {
    let spread = 0;
    let adverse = 0;
    let withoutMid = 0;
    const mids = this.#mids;
    const mid = mids?.midAt(fill.coin, fill.tsMs);
    if (mids !== undefined && mid !== undefined) {
      const q = fillSide(fill.dir) * fill.sz;
      const end = Math.min(fill.tsMs + ATTRIBUTION_HORIZON_S * 1000, mids.endMs(fill.coin)!);
      const later = mids.midAt(fill.coin, end)!;
      spread = toMicros((mid - fill.px) * q);
      adverse = toMicros((later - mid) * q);
    } else {
      withoutMid = 1;
    }
    const carry = fill.grossPnlMicros - spread - adverse;
    for (const parts of [this.#total, this.#day(fill.tsMs)]) {
      parts.fills += 1;
      parts.withoutMid += withoutMid;
      parts.spread += spread;
      parts.adverse += adverse;
      parts.carry += carry;
      parts.fees -= fill.feeMicros;
      parts.net += fill.grossPnlMicros - fill.feeMicros;
    }
  }

  /** The overall row, then one per day (ascending); only the overall row without mids. */
  rows(): AttributionRow[] {
    if (this.#mids === undefined) {
      return [{
        ...this.#row("all", "all", this.#total),
        spread_capture_usd: null,
        adverse_selection_usd: null,
        inventory_carry_usd: null,
        note: "no market data (--market FILE): spread, adverse selection and carry need mids" +
          (this.#hasFunding ? "" : "; " + NO_FUNDING),
      }];
    }
    const days = [...this.#byDay.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return [
      this.#row("all", "all", this.#total),
      ...days.map(([key, parts]) => this.#row("day", key, parts)),
    ];
  }

  #row(scope: AttributionRow["scope"], key: string, parts: Parts): AttributionRow {
    return {
      scope,
      key,
      fills: parts.fills,
      fills_without_mid: parts.withoutMid,
      horizon_s: ATTRIBUTION_HORIZON_S,
      spread_capture_usd: fromMicros(parts.spread),
      adverse_selection_usd: fromMicros(parts.adverse),
      inventory_carry_usd: fromMicros(parts.carry),
      fees_usd: fromMicros(parts.fees),
      funding_usd: fromMicros(parts.funding),
      net_pnl_usd: fromMicros(parts.net),
      note: scope === "all" && !this.#hasFunding ? NO_FUNDING : null,
    };
  }
}
