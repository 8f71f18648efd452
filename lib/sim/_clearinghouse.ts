/**
 * A user's `clearinghouseState` as the exchange answers it: positions at a
 * mark, margin and maintenance, a cross liquidation-price estimate, and the
 * margin summary, all in wire form (decimal strings). Arithmetic in integer
 * micro-USD, as the ledger keeps it (_ledger.ts).
 *
 * @module
 */

import type { Account, PositionState } from "./_ledger.ts";
import type { ClearinghouseStateWire, MarginSummaryWire, PositionWire } from "./_matching_wire.ts";
import { lotsToWire, MICRO, microToWire, roundSig, roundTo, wireRounded } from "./_numbers.ts";

/** What the answer needs of an asset. */
export interface ClearinghouseAsset {
  readonly coin: string;
  readonly maxLeverage: number;
  /** Lots per coin (10^szDecimals). */
  readonly lotScale: number;
}

/** Options of {@link clearinghouseWire}. */
export interface ClearinghouseOptions {
  /** Assets by index. */
  assets: readonly ClearinghouseAsset[];
  /** Marks given by the caller, USD by coin; others come from `markOf`. */
  markPx: Readonly<Record<string, number>>;
  /** The engine's mark of an asset (book mid, last trade, else `fallback`), USD. */
  markOf: (asset: number, fallback: number) => number;
  /** The answer's `time`, epoch ms. */
  timeMs: number;
}

/** The `clearinghouseState` answer for `account` (module doc). */
export function clearinghouseWire(
  account: Account,
  options: ClearinghouseOptions,
): ClearinghouseStateWire {
  interface Row {
    asset: number;
    meta: ClearinghouseAsset;
    pos: PositionState;
    szi: number;
    mark: number;
    valueMicro: number;
    upnlMicro: number;
    marginMicro: number;
    maintenanceMicro: number;
  }
  const rows: Row[] = [];
  let upnlTotal = 0;
  let ntlTotal = 0;
  let signedNtlTotal = 0;
  let marginTotal = 0;
  let maintenanceTotal = 0;
  account.positions.forEach((pos, asset) => {
    if (pos.lots === 0) return;
    const meta = options.assets[asset];
    const given = options.markPx[meta.coin];
    const mark = given !== undefined && Number.isFinite(given) && given > 0
      ? given
      : options.markOf(asset, pos.entryPx);
    const szi = pos.lots / meta.lotScale;
    const valueMicro = Math.round(Math.abs(szi) * mark * MICRO);
    const upnlMicro = Math.round(szi * (mark - pos.entryPx) * MICRO);
    const marginMicro = Math.round(valueMicro / pos.leverage);
    const maintenanceMicro = Math.round(valueMicro / (2 * meta.maxLeverage));
    rows.push({
      asset,
      meta,
      pos,
      szi,
      mark,
      valueMicro,
      upnlMicro,
      marginMicro,
      maintenanceMicro,
    });
    upnlTotal += upnlMicro;
    ntlTotal += valueMicro;
    signedNtlTotal += Math.round(szi * mark * MICRO);
    marginTotal += marginMicro;
    maintenanceTotal += maintenanceMicro;
  });
  const accountValueMicro = account.balanceMicro + upnlTotal;
  const assetPositions = rows.map((row) => {
    const otherMaintenance = (maintenanceTotal - row.maintenanceMicro) / MICRO;
    const position: PositionWire = {
      coin: row.meta.coin,
      szi: lotsToWire(row.pos.lots, row.meta.lotScale),
      leverage: { type: row.pos.isCross ? "cross" : "isolated", value: row.pos.leverage },
      entryPx: wireRounded(roundSig(row.pos.entryPx, 6), 8),
      positionValue: microToWire(row.valueMicro),
      unrealizedPnl: microToWire(row.upnlMicro),
      returnOnEquity: row.marginMicro === 0 ? "0" : wireRounded(row.upnlMicro / row.marginMicro, 8),
      liquidationPx: liquidationPx({
        szi: row.szi,
        mark: row.mark,
        accountValue: accountValueMicro / MICRO,
        otherMaintenance,
        maintenanceRate: 1 / (2 * row.meta.maxLeverage),
      }),
      marginUsed: microToWire(row.marginMicro),
      maxLeverage: row.meta.maxLeverage,
      cumFunding: {
        allTime: microToWire(row.pos.fundingAllTimeMicro),
        sinceOpen: microToWire(row.pos.fundingSinceOpenMicro),
        sinceChange: microToWire(row.pos.fundingSinceChangeMicro),
      },
    };
    return { type: "oneWay" as const, position };
  });
  const summary: MarginSummaryWire = {
    accountValue: microToWire(accountValueMicro),
    totalNtlPos: microToWire(ntlTotal),
    totalRawUsd: microToWire(accountValueMicro - signedNtlTotal),
    totalMarginUsed: microToWire(marginTotal),
  };
  return {
    marginSummary: summary,
    crossMarginSummary: { ...summary },
    crossMaintenanceMarginUsed: microToWire(maintenanceTotal),
    withdrawable: microToWire(Math.max(0, accountValueMicro - marginTotal)),
    assetPositions,
    time: options.timeMs,
  };
}

/**
 * Cross liquidation price estimate for one position, others held at mark:
 * solves accountValue + szi·(p − mark) = |szi|·p·maintenanceRate + otherMaintenance.
 */
function liquidationPx(input: {
  szi: number;
  mark: number;
  accountValue: number;
  otherMaintenance: number;
  maintenanceRate: number;
}): string | null {
  const { szi, mark, accountValue, otherMaintenance, maintenanceRate } = input;
  const size = Math.abs(szi);
  const px = szi > 0
    ? (size * mark + otherMaintenance - accountValue) / (size * (1 - maintenanceRate))
    : (accountValue + size * mark - otherMaintenance) / (size * (1 + maintenanceRate));
  if (!Number.isFinite(px) || px <= 0) return null;
  return wireRounded(roundTo(px, 8), 8);
}
