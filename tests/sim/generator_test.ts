/**
 * The simulator's market generator: determinism, the wire form (stream
 * schemas, tick and lot), and the planted model recovered by the usual
 * estimators on about an hour of simulated market each.
 */

import { isValidPrice, isValidSize } from "../../lib/hyperliquid/wire.ts";
import { L2BookSchema, TradesSchema } from "../../lib/hyperliquid/stream_schemas.ts";
import {
  DEFAULT_HAWKES,
  DEFAULT_INFORMED,
  DEFAULT_REGIMES,
  DEFAULT_SIZES,
  DEFAULT_TOXIC,
  generateMarket,
  type GenerateMarketOptions,
  type MarketFrame,
  MarketGenerator,
  type Regime,
  REGIMES,
} from "../../lib/sim/generator.ts";
import { assert, assertEquals, assertThrows } from "../_helpers.ts";

/** Monday 2026-01-05 00:00 UTC: an hour without toxic flow. */
const MIDNIGHT = Date.UTC(2026, 0, 5, 0, 0);
const YEAR_MS = 365 * 24 * 3600 * 1000;

// --- what the statistics read from the frames --------------------------------------------

interface BookPoint {
  time: number;
  mid: number;
  spread: number;
}

/** A taker order: its prints grouped by hash (time ms, +1 buy / −1 sell, USD notional). */
interface Order {
  time: number;
  side: 1 | -1;
  notional: number;
}

interface Market {
  books: BookPoint[];
  orders: Order[];
}

function collect(frames: Iterable<MarketFrame>): Market {
  const books: BookPoint[] = [];
  const byHash = new Map<string, Order>();
  for (const frame of frames) {
    if (frame.channel === "l2Book") {
      const bid = Number(frame.data.levels[0][0].px);
      const ask = Number(frame.data.levels[1][0].px);
      books.push({ time: frame.data.time, mid: (bid + ask) / 2, spread: ask - bid });
      continue;
    }
    for (const trade of frame.data) {
      const order = byHash.get(trade.hash) ??
        { time: trade.time, side: trade.side === "B" ? 1 : -1, notional: 0 };
      order.notional += Number(trade.px) * Number(trade.sz);
      byHash.set(trade.hash, order);
    }
  }
  return { books, orders: [...byHash.values()] };
}

const cache = new Map<string, Market>();

/** The market of `options`, generated once per test run. */
function market(options: GenerateMarketOptions): Market {
  const key = JSON.stringify(options);
  let found = cache.get(key);
  if (found === undefined) {
    found = collect(generateMarket(options));
    cache.set(key, found);
  }
  return found;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function mean(values: number[]): number {
  return values.reduce((a, b) => a + b, 0) / values.length;
}

/**
 * Annualised volatility of the book mid, robust to cascade jumps: log
 * returns between consecutive snapshots, each scaled by √(its time gap);
 * a first σ from the median absolute value (÷ Φ⁻¹(0.75)), then the root mean
 * square of the values within 4 of those σ (a normal loses 0.1% of its
 * variance to that cut).
 */
function robustVolatility(runs: BookPoint[][]): number {
  const z: number[] = [];
  for (const books of runs) {
    for (let i = 1; i < books.length; i += 1) {
      const dt = (books[i].time - books[i - 1].time) / YEAR_MS;
      z.push(Math.log(books[i].mid / books[i - 1].mid) / Math.sqrt(dt));
    }
  }
  const first = median(z.map(Math.abs)) / 0.6744897501960817;
  const kept = z.filter((x) => Math.abs(x) < 4 * first);
  return Math.sqrt(kept.reduce((a, x) => a + x * x, 0) / kept.length);
}

/** Hill's estimator of the tail index from the values at or above `threshold`. */
function hill(values: number[], threshold: number): { index: number; count: number } {
  const tail = values.filter((v) => v >= threshold);
  const sum = tail.reduce((a, v) => a + Math.log(v / threshold), 0);
  return { index: tail.length / sum, count: tail.length };
}

/** Log-likelihood of a Hawkes process with exponential kernel (Ozaki 1979's recursion). */
function hawkesLogLikelihood(
  times: number[],
  horizon: number,
  [mu, alpha, beta]: number[],
): number {
  let a = 0;
  let ll = -mu * horizon;
  for (let i = 0; i < times.length; i += 1) {
    if (i > 0) a = Math.exp(-beta * (times[i] - times[i - 1])) * (1 + a);
    ll += Math.log(mu + alpha * a) - (alpha / beta) * (1 - Math.exp(-beta * (horizon - times[i])));
  }
  return ll;
}

/** Nelder–Mead minimisation from `start` (standard coefficients). */
function nelderMead(f: (x: number[]) => number, start: number[], iterations = 300): number[] {
  const n = start.length;
  let simplex = [start, ...start.map((_, i) => start.map((v, j) => (j === i ? v + 0.5 : v)))]
    .map((x) => ({ x, f: f(x) }));
  const along = (c: number[], w: number[], t: number) => c.map((v, j) => v + t * (w[j] - v));
  for (let k = 0; k < iterations; k += 1) {
    simplex.sort((p, q) => p.f - q.f);
    const worst = simplex[n];
    const centre = start.map((_, j) => mean(simplex.slice(0, n).map((p) => p.x[j])));
    const reflected = along(centre, worst.x, -1);
    const fr = f(reflected);
    if (fr < simplex[0].f) {
      const expanded = along(centre, worst.x, -2);
      const fe = f(expanded);
      simplex[n] = fe < fr ? { x: expanded, f: fe } : { x: reflected, f: fr };
    } else if (fr < simplex[n - 1].f) {
      simplex[n] = { x: reflected, f: fr };
    } else {
      const contracted = along(centre, worst.x, 0.5);
      const fc = f(contracted);
      if (fc < worst.f) simplex[n] = { x: contracted, f: fc };
      else {
        const best = simplex[0].x;
        simplex = simplex.map((p) => {
          const x = along(best, p.x, 0.5);
          return { x, f: f(x) };
        });
      }
    }
  }
  simplex.sort((p, q) => p.f - q.f);
  return simplex[0].x;
}

function within(actual: number, expected: number, relative: number): boolean {
  return Math.abs(actual - expected) <= relative * Math.abs(expected);
}

// --- determinism ----------------------------------------------------------------------------

Deno.test("the same seed gives identical frames, another seed different ones", () => {
  const a = [...generateMarket({ startMs: MIDNIGHT, seed: 11, minutes: 5 })];
  const b = [...generateMarket({ startMs: MIDNIGHT, seed: 11, minutes: 5 })];
  const c = [...generateMarket({ startMs: MIDNIGHT, seed: 12, minutes: 5 })];
  assert(a.length > 500, `expected hundreds of frames in 5 minutes, got ${a.length}`);
  assertEquals(JSON.stringify(a), JSON.stringify(b));
  assert(JSON.stringify(a) !== JSON.stringify(c), "seeds 11 and 12 gave the same market");
});

Deno.test("how time is sliced into advance calls does not change the frames", () => {
  const endMs = MIDNIGHT + 3 * 60_000;
  const whole = new MarketGenerator({ startMs: MIDNIGHT, seed: 5 }).advance(endMs);
  const sliced: MarketFrame[] = [];
  const generator = new MarketGenerator({ startMs: MIDNIGHT, seed: 5 });
  for (let t = MIDNIGHT; t <= endMs; t += 137) sliced.push(...generator.advance(t));
  sliced.push(...generator.advance(endMs));
  assertEquals(JSON.stringify(sliced), JSON.stringify(whole));
  assertEquals(generator.advance(endMs), [], "advancing to the same time again gives nothing");
  assertEquals(generator.advance(endMs - 1000), [], "advancing backwards gives nothing");
  assertEquals(generator.time, endMs);
});

Deno.test("advance returns the frames in (last, to] in time order, the first book at startMs", () => {
  const generator = new MarketGenerator({ startMs: MIDNIGHT, seed: 3 });
  const first = generator.advance(MIDNIGHT);
  assertEquals(first.length, 1);
  assertEquals(first[0].channel, "l2Book");
  assertEquals(first[0].channel === "l2Book" && first[0].data.time, MIDNIGHT);
  let last = MIDNIGHT;
  for (let step = 1; step <= 60; step += 1) {
    const to = MIDNIGHT + step * 1000;
    for (const frame of generator.advance(to)) {
      const time = frame.channel === "l2Book" ? frame.data.time : frame.data[0].time;
      assert(
        time > MIDNIGHT + (step - 1) * 1000 && time <= to,
        `frame at ${time} outside its step`,
      );
      assert(time >= last, "frames out of time order");
      last = time;
    }
  }
});

// --- the wire form ---------------------------------------------------------------------------

Deno.test("frames parse with the stream schemas: 20 levels a side, best first, uncrossed; tids increase", () => {
  let books = 0;
  let lastTid = 0;
  let lastBookTime = -1;
  const gaps: number[] = [];
  for (const frame of generateMarket({ startMs: MIDNIGHT, seed: 21, minutes: 10 })) {
    if (frame.channel === "l2Book") {
      const book = L2BookSchema.parse(frame.data);
      assertEquals(book.coin, "BTC");
      assertEquals(book.bids.length, 20);
      assertEquals(book.asks.length, 20);
      for (let i = 1; i < 20; i += 1) {
        assert(book.bids[i].px < book.bids[i - 1].px, "bids not best (highest) first");
        assert(book.asks[i].px > book.asks[i - 1].px, "asks not best (lowest) first");
      }
      assert(book.bids[0].px < book.asks[0].px, "crossed book");
      assert(book.bids.every((l) => l.sz > 0 && l.n >= 1), "empty level");
      if (lastBookTime >= 0) gaps.push(book.time - lastBookTime);
      lastBookTime = book.time;
      books += 1;
    } else {
      const trades = TradesSchema.parse(frame.data);
      assert(trades.length >= 1);
      for (const trade of trades) {
        assert(trade.tid > lastTid, "tids must increase");
        lastTid = trade.tid;
        assert(/^0x[0-9a-f]{64}$/.test(trade.hash), `hash ${trade.hash}`);
        assert(trade.users.every((u) => /^0x[0-9a-f]{40}$/.test(u)), "users are addresses");
        assert(trade.users[0] !== trade.users[1], "self-trade");
      }
    }
  }
  // like the real feed: a snapshot every ≈ 0.5–0.7 s (S3 archive: median gap 605 ms)
  assert(books > 800 && books < 1200, `books in 10 minutes: ${books}`);
  assert(Math.min(...gaps) >= 500, "snapshots closer than 0.5 s");
  const medianGap = median(gaps);
  assert(medianGap >= 550 && medianGap <= 650, `median gap ${medianGap} ms`);
});

Deno.test("prices are on the asset's tick and sizes on its lot (BTC, ETH, and a coin crossing 10 USD)", () => {
  const assets = [
    { coin: "BTC", szDecimals: 5, startPx: 90_000 },
    { coin: "ETH", szDecimals: 4, startPx: 3_000 },
    // at 10 USD the tick changes from 0.0001 to 0.001 (5 significant figures)
    { coin: "XYZ", szDecimals: 2, startPx: 10.0003 },
  ];
  for (const asset of assets) {
    const seen = new Set<number>();
    for (
      const frame of generateMarket({
        ...asset,
        startMs: MIDNIGHT,
        seed: 8,
        minutes: 3,
        startRegime: "extreme",
      })
    ) {
      const rows = frame.channel === "l2Book" ? frame.data.levels.flat() : frame.data;
      for (const row of rows) {
        const px = Number(row.px);
        const sz = Number(row.sz);
        seen.add(px);
        assert(isValidPrice(px, asset), `${asset.coin} price ${row.px} is off tick`);
        assert(isValidSize(sz, asset), `${asset.coin} size ${row.sz} is off lot`);
        assertEquals(row.px, String(px), "px in the wire form (no trailing zeros)");
        assertEquals(row.sz, String(sz), "sz in the wire form");
      }
    }
    if (asset.coin === "XYZ") {
      assert(
        [...seen].some((px) => px < 10) && [...seen].some((px) => px > 10),
        "did not cross 10",
      );
    }
  }
});

Deno.test("the book has realistic depth: a deep touch, sizes growing away from it, a one-tick spread", () => {
  const sizes: number[][] = Array.from({ length: 20 }, () => []);
  const spreads: number[] = [];
  for (const frame of generateMarket({ startMs: MIDNIGHT, seed: 4, minutes: 20 })) {
    if (frame.channel !== "l2Book") continue;
    const [bids, asks] = frame.data.levels;
    spreads.push(Number(asks[0].px) - Number(bids[0].px));
    bids.forEach((level, i) => sizes[i].push(Number(level.sz)));
  }
  const medians = sizes.map(median);
  assert(medians[0] > 2 * medians[1], `touch ${medians[0]} vs level 1 ${medians[1]}`);
  assert(medians[19] > 2 * medians[1], `level 19 ${medians[19]} vs level 1 ${medians[1]}`);
  assert(
    mean(medians.slice(15)) > mean(medians.slice(1, 6)),
    "sizes do not grow away from the touch",
  );
  assertEquals(median(spreads), 1, "median spread: one 1-USD tick at 90k");
  const oneTick = spreads.filter((s) => s === 1).length / spreads.length;
  assert(oneTick > 0.8, `one-tick share ${oneTick}`);
});

// --- the planted model, recovered ---------------------------------------------------------

Deno.test("realised volatility of mid log-returns in each regime matches the planted σ within 10%", () => {
  const stay = Object.fromEntries(REGIMES.map((r) => [r, { meanMinutes: 1e9 }]));
  for (const regime of REGIMES) {
    // 4 × 15 simulated minutes, each held in one regime
    const options = {
      startMs: MIDNIGHT,
      seed: 31,
      minutes: 15,
      startRegime: regime,
      regimes: stay,
    };
    const generator = new MarketGenerator(options);
    const { books } = collect(generateMarket(options));
    generator.advance(MIDNIGHT + 15 * 60_000);
    assertEquals(generator.regime, regime);
    const planted = generator.params.regimes[regime].sigma;
    assertEquals(planted, DEFAULT_REGIMES[regime].sigma);
    const measured = robustVolatility([books]);
    assert(within(measured, planted, 0.1), `${regime}: measured σ ${measured}, planted ${planted}`);
  }
});

Deno.test("regimes switch as a Markov chain and keep their σ between switches", () => {
  const fast = Object.fromEntries(REGIMES.map((r) => [r, { meanMinutes: 3 }]));
  const generator = new MarketGenerator({ startMs: MIDNIGHT, seed: 9, regimes: fast });
  const byRegime = new Map<Regime, BookPoint[][]>();
  let switches = 0;
  let previous: Regime = generator.params.startRegime;
  let run: BookPoint[] = [];
  for (let t = MIDNIGHT; t <= MIDNIGHT + 60 * 60_000; t += 1000) {
    const { books } = collect(generator.advance(t));
    const regime = generator.regime;
    if (regime !== previous) {
      switches += 1;
      byRegime.set(previous, [...(byRegime.get(previous) ?? []), run]);
      run = [];
      previous = regime;
    } else {
      run.push(...books);
    }
  }
  byRegime.set(previous, [...(byRegime.get(previous) ?? []), run]);
  assert(switches >= 10 && switches <= 40, `switches in an hour at 3-minute spells: ${switches}`);
  assert(byRegime.size >= 3, `regimes visited: ${[...byRegime.keys()]}`);
  for (const [regime, runs] of byRegime) {
    // volatility within runs only (no return spans a switch)
    if (runs.reduce((a, run) => a + run.length, 0) < 600) continue;
    const measured = robustVolatility(runs);
    const planted = DEFAULT_REGIMES[regime].sigma;
    assert(within(measured, planted, 0.15), `${regime}: σ ${measured} vs ${planted}`);
  }
});

Deno.test("trade sizes: the Hill estimate of the tail index is near the planted ζ = 1.5", () => {
  const { orders } = market({ startMs: MIDNIGHT, seed: 1, minutes: 60 });
  const planted = DEFAULT_SIZES.tailIndex;
  const { index, count } = hill(orders.map((o) => o.notional), DEFAULT_SIZES.tailFromUsd);
  assert(count > 400, `tail orders: ${count}`);
  assert(within(index, planted, 0.15), `Hill ${index} vs planted ${planted}`);
  // and the tail share is the planted one
  assert(
    within(count / orders.length, DEFAULT_SIZES.tailShare, 0.15),
    `tail share ${count / orders.length}`,
  );
});

Deno.test("Hawkes arrivals: maximum likelihood recovers μ, α, β and the branching ratio", () => {
  const { orders } = market({ startMs: MIDNIGHT, seed: 1, minutes: 60 });
  const times = orders.map((o) => (o.time - MIDNIGHT) / 1000).sort((a, b) => a - b);
  const best = nelderMead((x) => {
    const [mu, alpha, beta] = x.map(Math.exp);
    return alpha >= beta ? 1e12 : -hawkesLogLikelihood(times, 3600, [mu, alpha, beta]);
  }, [Math.log(0.5), Math.log(1), Math.log(3)]).map(Math.exp);
  const [mu, alpha, beta] = best;
  const planted = DEFAULT_HAWKES.alpha / DEFAULT_HAWKES.beta;
  assert(Math.abs(alpha / beta - planted) < 0.08, `branching ${alpha / beta} vs ${planted}`);
  assert(within(mu, DEFAULT_HAWKES.mu, 0.25), `μ ${mu}`);
  assert(within(beta, DEFAULT_HAWKES.beta, 0.3), `β ${beta}`);
  // the stationary rate μ / (1 − n): 0.75 orders a second
  const rate = orders.length / 3600;
  assert(within(rate, DEFAULT_HAWKES.mu / (1 - planted), 0.15), `rate ${rate}/s`);
});

Deno.test("toxic hours: more trades per hour from 06:00 UTC than in the hour before", () => {
  const six = Date.UTC(2026, 0, 5, 6);
  const { orders } = market({ startMs: six - 30 * 60_000, seed: 2, minutes: 60 });
  const before = orders.filter((o) => o.time < six).length * 2;
  const during = orders.filter((o) => o.time >= six).length * 2;
  assertEquals(DEFAULT_TOXIC.hours, [6, 7, 14]);
  const ratio = during / before;
  assert(ratio > 1.25 && ratio < 1.8, `toxic/normal orders per hour ${during}/${before}`);
});

Deno.test("informed flow: large trades are followed by mid moves their way, small ones are not", () => {
  const { books, orders } = market({ startMs: MIDNIGHT, seed: 1, minutes: 60 });
  const horizon = DEFAULT_INFORMED.horizonSec * 1000;
  const large: number[] = [];
  const small: number[] = [];
  let j = 0;
  for (const order of orders) {
    while (j + 1 < books.length && books[j + 1].time <= order.time) j += 1;
    let k = j;
    while (k + 1 < books.length && books[k].time < order.time + horizon) k += 1;
    if (books[k].time < order.time + horizon) continue;
    const bps = order.side * Math.log(books[k].mid / books[j].mid) * 10_000;
    (order.notional >= DEFAULT_INFORMED.thresholdUsd ? large : small).push(bps);
  }
  assert(large.length > 100, `large orders: ${large.length}`);
  // planted: right 80% of the time about a 30 s move of sd ≈ 4.9 bps (σ 50%): E ≈ 0.6·0.8·4.9 ≈ 2.3 bps
  const largeMove = mean(large);
  assert(largeMove > 1, `mean move after large orders ${largeMove} bps`);
  assert(Math.abs(mean(small)) < 0.5, `mean move after small orders ${mean(small)} bps`);
  const agree = large.filter((x) => x > 0).length / large.length;
  assert(agree > 0.6, `large orders on the right side ${agree}`);
});

Deno.test("liquidation cascades: one-sided bursts of orders with a price move their way", () => {
  const bursts = (cascadesPerHour: number) => {
    const { books, orders } = market({
      startMs: MIDNIGHT,
      seed: 6,
      minutes: 20,
      regimes: { normal: { cascadesPerHour, meanMinutes: 1e9 } },
    });
    const midAt = (t: number) => books.findLast((b) => b.time <= t)!.mid;
    // sliding 20-s windows: ≥ 10 net orders one way and the mid ≥ 10 bps that way
    let found = 0;
    let until = 0;
    for (let w = MIDNIGHT; w + 20_000 <= MIDNIGHT + 20 * 60_000; w += 1000) {
      if (w < until) continue;
      const net = orders.filter((o) => o.time >= w && o.time < w + 20_000)
        .reduce((a, o) => a + o.side, 0);
      const move = Math.log(midAt(w + 20_000) / midAt(w)) * 10_000;
      if (Math.abs(net) >= 10 && Math.sign(net) === Math.sign(move) && Math.abs(move) >= 10) {
        found += 1;
        until = w + 20_000; // one burst per episode
      }
    }
    return found;
  };
  const none = bursts(0);
  const many = bursts(60); // ≈ 20 cascades planted in 20 minutes
  assert(many >= 8, `bursts with 60 cascades an hour: ${many}`);
  assert(none <= 1, `bursts without cascades: ${none}`);
});

// --- parameters ------------------------------------------------------------------------------

Deno.test("params exposes the planted parameters, frozen, with overrides applied", () => {
  const generator = new MarketGenerator({
    startMs: MIDNIGHT,
    seed: 1,
    hawkes: { alpha: 1 },
    toxic: { hours: [13] },
    regimes: { calm: { sigma: 0.3 } },
  });
  const p = generator.params;
  assertEquals(p.hawkes, { mu: 0.3, alpha: 1, beta: 2.5, branching: 0.4 });
  assertEquals(p.toxic.hours, [13]);
  assertEquals(p.regimes.calm.sigma, 0.3);
  assertEquals(p.regimes.normal.sigma, 0.5);
  assertEquals(p.sizes.tailIndex, 1.5);
  assertEquals(p.informed.thresholdUsd, 50_000);
  assertEquals(p.coin, "BTC");
  assert(Object.isFrozen(p) && Object.isFrozen(p.hawkes) && Object.isFrozen(p.toxic.hours));
});

Deno.test("bad parameters are refused with RangeError naming them", () => {
  const base = { startMs: MIDNIGHT };
  assertThrows(
    () => new MarketGenerator({ ...base, hawkes: { alpha: 3, beta: 2.5 } }),
    RangeError,
    "branching",
  );
  assertThrows(
    () => new MarketGenerator({ ...base, toxic: { hours: [24] } }),
    RangeError,
    "toxic.hours",
  );
  assertThrows(() => new MarketGenerator({ ...base, szDecimals: 7 }), RangeError, "szDecimals");
  assertThrows(
    () => new MarketGenerator({ ...base, sizes: { tailIndex: 0 } }),
    RangeError,
    "sizes.tailIndex",
  );
  assertThrows(() => new MarketGenerator({ startMs: Number.NaN }), RangeError, "startMs");
  assertThrows(() => [...generateMarket({ ...base, minutes: -1 })], RangeError, "minutes");
});

Deno.test("an hour of BTC frames generates in well under a few seconds", () => {
  const started = performance.now();
  let frames = 0;
  for (const _ of generateMarket({ startMs: MIDNIGHT, seed: 99, minutes: 60 })) frames += 1;
  const ms = performance.now() - started;
  assert(frames > 7_000, `frames in an hour: ${frames}`);
  assert(ms < 2_000, `an hour took ${ms.toFixed(0)} ms`);
});

/**
 * Mean signed move (bps, the order's way) from the book before each order of
 * $100k or more to the first book after it, and from there to the first book
 * `laterMs` on.
 */
function impactMoves(
  options: GenerateMarketOptions,
  laterMs: number,
): { orders: number; pushBps: number; laterBps: number } {
  const { books, orders } = market(options);
  const push: number[] = [];
  const later: number[] = [];
  let j = 0;
  for (const order of orders) {
    if (order.notional < 100_000) continue;
    while (j + 1 < books.length && books[j + 1].time < order.time) j += 1;
    const after = books.findIndex((b) => b.time > order.time);
    const end = books.findIndex((b) => b.time >= books[after]?.time + laterMs);
    if (after < 0 || end < 0) continue;
    push.push(order.side * Math.log(books[after].mid / books[j].mid) * 10_000);
    later.push(order.side * Math.log(books[end].mid / books[after].mid) * 10_000);
  }
  return { orders: push.length, pushBps: mean(push), laterBps: mean(later) };
}

const UNINFORMED = {
  informed: { thresholdUsd: 1e12 },
  toxic: { informedShare: 0 },
  regimes: Object.fromEntries(REGIMES.map((r) => [r, { cascadesPerHour: 0 }])),
};

Deno.test("transient impact: an order ≥ $100k moves the next book its way, and the move fades", () => {
  const base = { ...UNINFORMED, startMs: MIDNIGHT, seed: 1, minutes: 60 };
  const off = impactMoves(base, 60_000);
  const on = impactMoves({ ...base, impact: { bpsAt10kUsd: 2, decaySec: 10 } }, 60_000);
  // Off, the book does not care who trades (the mid is the latent walk): ≈ 0 bps.
  assert(off.orders > 30 && Math.abs(off.pushBps) < 0.5, `no impact: ${JSON.stringify(off)}`);
  // On, the push is 2 bps × √(N / $10k) ≥ 6.3 bps at N ≥ $100k (9.4 measured), and after 60 s
  // (six decay times) it is gone: the later move undoes at least 60 % of it (−9.8 measured).
  assert(on.orders > 30 && on.pushBps > 5, `impact: ${JSON.stringify(on)}`);
  assert(on.laterBps < -0.6 * on.pushBps, `impact reverts: ${JSON.stringify(on)}`);
});
