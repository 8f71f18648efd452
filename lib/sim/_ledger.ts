/**
 * The simulator's account ledger: positions (signed lots, average entry),
 * USDC balance, fees, realised PnL, funding and traded volume per user, and
 * the fill records in the exact `userFills` shape.
 *
 * Arithmetic (Hyperliquid docs, "Entry price and pnl"): the entry price is
 * the size-weighted average of opening fills; a reducing fill realises
 * `closed size · (px − entry)` (sign of the position) as `closedPnl`, gross,
 * the fee apart; a fill that flips the position closes the old one and opens
 * the rest at the fill price. The balance moves by `closedPnl − fee`, both
 * rounded to the micro-dollar first, so the fills add up to the balance.
 *
 * @module
 */

import type { SimOrder } from "./_book.ts";
import { lotsToWire, MICRO, microToWire } from "./_numbers.ts";

/** A fill in the exact `userFills` shape (decimal strings, newest data first in lists). */
export interface SimFill {
  coin: string;
  /** Fill price, USD. */
  px: string;
  /** Fill size, coins. */
  sz: string;
  /** The user's side: "B" bought, "A" sold. */
  side: "B" | "A";
  /** Epoch ms. */
  time: number;
  /** Signed position before the fill, coins. */
  startPosition: string;
  dir: FillDirection;
  /** Realised PnL, USD, gross of the fee. */
  closedPnl: string;
  /** Deterministic fake transaction hash, shared by both sides of a trade. */
  hash: string;
  oid: number;
  /** True for the taker side. */
  crossed: boolean;
  /** Fee paid, USD (negative = rebate). */
  fee: string;
  /** Trade id, shared by both sides of a trade. */
  tid: number;
  cloid?: string;
  feeToken: "USDC";
  twapId: null;
}

/** `dir` of a fill. */
export type FillDirection =
  | "Open Long"
  | "Close Long"
  | "Open Short"
  | "Close Short"
  | "Long > Short"
  | "Short > Long";

/** One funding payment in the `userFunding` shape. */
export interface SimFunding {
  /** Epoch ms. */
  time: number;
  hash: string;
  delta: {
    type: "funding";
    coin: string;
    /** USDC credited to the user (negative = paid). */
    usdc: string;
    /** Signed position, coins. */
    szi: string;
    fundingRate: string;
    nSamples: null;
  };
}

/** Position and per-asset state of one user on one asset. */
export class PositionState {
  /** Signed position in lots. */
  lots = 0;
  /** Average entry price, USD (0 when flat). */
  entryPx = 0;
  /** Σ px·lots of the user's resting non-reduce-only orders, µ$. */
  openOrderNtlMicro = 0;
  /** How many reduce-only orders rest. */
  reduceOnlyOrders = 0;
  /** Funding paid (positive) or received (negative), µ$: all time, since open, since last size change. */
  fundingAllTimeMicro = 0;
  fundingSinceOpenMicro = 0;
  fundingSinceChangeMicro = 0;

  constructor(public leverage: number, public isCross: boolean) {}
}

/** One user's account. */
export class Account {
  /** USDC balance, µ$ (deposits + realised PnL − fees + funding). */
  balanceMicro: number;
  /** Traded notional, µ$ (maker and taker). */
  volumeMicro = 0;
  readonly positions: PositionState[];
  /** Resting orders by oid, in oid order. */
  readonly orders = new Map<number, SimOrder>();
  /** Resting orders by cloid. */
  readonly cloids = new Map<string, SimOrder>();
  /** Finished orders' cloids → oid (for orderStatus by cloid). */
  readonly pastCloids = new Map<string, number>();
  /** Fills, oldest first. */
  fills: SimFill[] = [];
  /** Funding payments, oldest first. */
  funding: SimFunding[] = [];

  constructor(readonly user: string, balanceMicro: number, positions: PositionState[]) {
    this.balanceMicro = balanceMicro;
    this.positions = positions;
  }
}

/** What one side of a trade brings to the ledger. */
export interface FillInput {
  coin: string;
  asset: number;
  lotScale: number;
  isBuy: boolean;
  px: number;
  /** `px` in wire form. */
  pxText: string;
  pxUnits: number;
  lots: number;
  feeRate: number;
  crossed: boolean;
  oid: number;
  cloid: string | undefined;
  tid: number;
  hash: string;
  time: number;
  historyLimit: number;
}

/** Applies a fill to `account` (position, entry, PnL, fee, balance, volume) and records it. */
export function recordFill(account: Account, input: FillInput): SimFill {
  const pos = account.positions[input.asset];
  const { isBuy, lots, px, lotScale } = input;
  const start = pos.lots;
  const end = start + (isBuy ? lots : -lots);
  let dir: FillDirection;
  let closedMicro = 0;
  if (start === 0 || (start > 0) === isBuy) {
    dir = isBuy ? "Open Long" : "Open Short";
    const held = Math.abs(start);
    pos.entryPx = (held * pos.entryPx + lots * px) / (held + lots);
    if (start === 0) pos.fundingSinceOpenMicro = 0;
  } else {
    const held = Math.abs(start);
    const closedLots = lots < held ? lots : held;
    const sign = start > 0 ? 1 : -1;
    closedMicro = Math.round((closedLots / lotScale) * (px - pos.entryPx) * sign * MICRO);
    if (lots <= held) {
      dir = start > 0 ? "Close Long" : "Close Short";
      if (end === 0) pos.entryPx = 0;
    } else {
      dir = start > 0 ? "Long > Short" : "Short > Long";
      pos.entryPx = px;
      pos.fundingSinceOpenMicro = 0;
    }
  }
  pos.lots = end;
  pos.fundingSinceChangeMicro = 0;
  const notionalMicro = input.pxUnits * lots;
  const feeMicro = Math.round(input.feeRate * notionalMicro);
  account.balanceMicro += closedMicro - feeMicro;
  account.volumeMicro += notionalMicro;

  const fill: SimFill = {
    coin: input.coin,
    px: input.pxText,
    sz: lotsToWire(lots, lotScale),
    side: isBuy ? "B" : "A",
    time: input.time,
    startPosition: lotsToWire(start, lotScale),
    dir,
    closedPnl: microToWire(closedMicro),
    hash: input.hash,
    oid: input.oid,
    crossed: input.crossed,
    fee: microToWire(feeMicro),
    tid: input.tid,
    feeToken: "USDC",
    twapId: null,
  };
  if (input.cloid !== undefined) fill.cloid = input.cloid;
  account.fills.push(fill);
  if (account.fills.length > input.historyLimit + 1024) {
    account.fills = account.fills.slice(account.fills.length - input.historyLimit);
  }
  return fill;
}
