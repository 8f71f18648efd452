/**
 * A synthetic trade history in the web app's export format, with planted
 * flaws a trader would want found: toxic hours (06, 07 and 14 UTC by
 * default) and adverse selection on large trades. Deterministic from a seed;
 * rows stream out so a million-row file needs no memory.
 *
 * @module
 */

/** Settings of {@link syntheticTradeHistory}. */
export interface SyntheticHistoryOptions {
  /** Data rows to write (round trips of two rows each, plus one if odd). */
  rows: number;
  /** PRNG seed. */
  seed?: number;
  /** Time of the first fill, epoch ms UTC (default 2026-03-10 00:00 UTC). */
  startMs?: number;
  /** Mean seconds between fills (default 60). */
  meanGapSeconds?: number;
  /** Hours (UTC) whose trades lose to informed flow (default 6, 7, 14). */
  toxicHours?: number[];
  /** Notional in USD above which trades lose to informed flow (default 2000). */
  informedAboveUsd?: number;
}

/** mulberry32: a small, fast, well-distributed 32-bit PRNG. Returns [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const HEADER = "time,coin,dir,px,sz,ntl,fee,closedPnl";
const COINS = [
  { coin: "BTC", px: 90_000, szDecimals: 5, pxDecimals: 0 },
  { coin: "ETH", px: 3_000, szDecimals: 4, pxDecimals: 1 },
  { coin: "SOL", px: 140, szDecimals: 2, pxDecimals: 2 },
];
const MAKER_FEE = 0.00015;
const TAKER_FEE = 0.00045;

/**
 * Lines of a synthetic export (`DD/MM/YYYY HH:MM:SS`, UTC), header first,
 * without line breaks. Each round trip opens and closes one position; its
 * edge is a few bps positive in normal hours for normal sizes, and clearly
 * negative in toxic hours and above the informed-size threshold.
 */
export function* syntheticTradeHistory(options: SyntheticHistoryOptions): Generator<string> {
  const random = mulberry32(options.seed ?? 42);
  const toxic = new Set(options.toxicHours ?? [6, 7, 14]);
  const informedAbove = options.informedAboveUsd ?? 2000;
  const meanGapMs = (options.meanGapSeconds ?? 60) * 1000;
  const prices = COINS.map((c) => c.px);
  let ts = options.startMs ?? Date.UTC(2026, 2, 10);
  yield HEADER;
  let written = 0;
  while (written < options.rows) {
    const which = Math.floor(random() * COINS.length);
    const spec = COINS[which];
    prices[which] *= 1 + (random() - 0.5) * 0.002;
    const px = round(prices[which], spec.pxDecimals);
    // Mostly small quotes, a tail of large ones (log-uniform 20 – 8000 USD).
    const notional = 20 * Math.exp(random() * Math.log(400));
    const sz = Math.max(round(notional / px, spec.szDecimals), 10 ** -spec.szDecimals);
    const long = random() < 0.5;
    const hour = new Date(ts).getUTCHours();
    let edgeBps = 8 + (random() - 0.5) * 20;
    if (toxic.has(hour)) edgeBps -= 25;
    if (px * sz > informedAbove) edgeBps -= 15;
    const exitPx = round(px * (1 + ((long ? 1 : -1) * edgeBps) / 10_000), spec.pxDecimals + 2);
    const openFee = px * sz * (random() < 0.8 ? MAKER_FEE : TAKER_FEE);
    const closeFee = exitPx * sz * (random() < 0.8 ? MAKER_FEE : TAKER_FEE);
    const gross = (long ? exitPx - px : px - exitPx) * sz;
    yield row(ts, spec.coin, long ? "Open Long" : "Open Short", px, sz, openFee, -openFee);
    written += 1;
    ts += 1000 + Math.floor(random() * meanGapMs);
    if (written < options.rows) {
      const dir = long ? "Close Long" : "Close Short";
      yield row(ts, spec.coin, dir, exitPx, sz, closeFee, gross - closeFee);
      written += 1;
      ts += 1000 + Math.floor(random() * meanGapMs);
    }
  }
}

function row(
  ts: number,
  coin: string,
  dir: string,
  px: number,
  sz: number,
  fee: number,
  net: number,
) {
  const d = new Date(ts);
  const two = (n: number) => String(n).padStart(2, "0");
  const time = `${two(d.getUTCDate())}/${two(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
  // Like the web app: ntl is px·sz with JavaScript's float noise, fees to 6 dp.
  return `${time},${coin},${dir},${px},${sz},${px * sz},${round(fee, 6)},${round(net, 6)}`;
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
