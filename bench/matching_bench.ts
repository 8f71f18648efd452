/**
 * Matching engine speed on a busy book:
 *
 *     deno bench bench/matching_bench.ts
 *
 * Every bench runs 1,000 order operations per iteration, so operations per
 * second = 1,000 × iter/s. Target: ≥ 200,000 ops/s on one core for
 * placeOrder / cancel / modifyOrder.
 *
 * The book: BTC with 20 background levels a side and 10 users resting 100
 * post-only orders each over 50 prices a side (1,000 resting orders); a
 * listener is attached, as the server attaches one.
 *
 * @module
 */

import { MatchingEngine, type OrderRequest, type OrderStatus } from "../lib/sim/matching.ts";

const OPS = 1_000;
const USERS = Array.from({ length: 10 }, (_, i) => `0x${(i + 1).toString(16).padStart(40, "0")}`);
const MID = 100_000;

function busyEngine(): MatchingEngine {
  let now = 1_750_000_000_000;
  const engine = new MatchingEngine({
    assets: [{ coin: "BTC", szDecimals: 5, maxLeverage: 40 }],
    startingBalanceUsd: 10_000_000,
    now: () => (now += 1),
  });
  let events = 0;
  engine.onEvent(() => {
    events += 1;
  });
  engine.applyBook("BTC", {
    bids: Array.from(
      { length: 20 },
      (_, i) => [MID - 5 - i * 5, 0.5 + i * 0.1] as [number, number],
    ),
    asks: Array.from(
      { length: 20 },
      (_, i) => [MID + 5 + i * 5, 0.5 + i * 0.1] as [number, number],
    ),
    time: now,
  });
  for (const user of USERS) {
    for (let i = 0; i < 100; i++) {
      const isBuy = i % 2 === 0;
      const offset = 10 + (i >> 1) * 3; // 50 prices a side, 10..157 away from the mid
      engine.placeOrder(user, alo(isBuy, isBuy ? MID - offset : MID + offset));
    }
  }
  return engine;
}

function alo(isBuy: boolean, px: number, sz = 0.01): OrderRequest {
  return { asset: 0, isBuy, px, sz, tif: "Alo", reduceOnly: false };
}

function oidOf(status: OrderStatus): number {
  if (!("resting" in status)) throw new Error(`expected resting, got ${JSON.stringify(status)}`);
  return status.resting.oid;
}

// --- place + cancel --------------------------------------------------------------------------

const placeCancel = busyEngine();
let turn = 0;

Deno.bench(
  "1,000 ops: placeOrder + cancel (Alo, 500 each) on a busy book",
  { group: "orders", baseline: true },
  () => {
    const oids: number[] = new Array(OPS / 2);
    for (let i = 0; i < OPS / 2; i++) {
      const isBuy = (i & 1) === 0;
      const offset = 10 + ((i + turn) % 60) * 3;
      oids[i] = oidOf(
        placeCancel.placeOrder(USERS[i % 10], alo(isBuy, isBuy ? MID - offset : MID + offset)),
      );
    }
    for (let i = 0; i < OPS / 2; i++) placeCancel.cancel(USERS[i % 10], 0, oids[i]);
    turn += 1;
  },
);

// --- modify ----------------------------------------------------------------------------------

const modifying = busyEngine();
/** Each user's resting oids in placement order (slot k: a bid when k is even). */
const moving = USERS.map((user) => modifying.openOrders(user).map((o) => o.oid).reverse());
let flip = 0;

Deno.bench("1,000 ops: modifyOrder (each a cancel + new oid) on a busy book", {
  group: "orders",
}, () => {
  for (let i = 0; i < OPS; i++) {
    const u = i % 10;
    const k = (i / 10) % 100 | 0;
    const isBuy = k % 2 === 0;
    const offset = 10 + (k >> 1) * 3 + ((flip + i) & 1);
    moving[u][k] = oidOf(
      modifying.modifyOrder(
        USERS[u],
        moving[u][k],
        alo(isBuy, isBuy ? MID - offset : MID + offset),
      ),
    );
  }
  flip += 1;
});

// --- mixed -----------------------------------------------------------------------------------

const mixed = busyEngine();
const mixedOids = USERS.map((user) => mixed.openOrders(user).map((o) => o.oid).reverse());
let mixedTurn = 0;

Deno.bench("1,000 ops: mixed place / modify / cancel (1:2:1)", {
  group: "orders",
}, () => {
  for (let i = 0; i < OPS; i += 4) {
    const u = (i >> 2) % 10;
    const user = USERS[u];
    const slot = ((i >> 2) + mixedTurn) % 100;
    const isBuy = slot % 2 === 0;
    const offset = 10 + ((slot >> 1) % 50) * 3;
    const px = isBuy ? MID - offset : MID + offset;
    const placed = oidOf(mixed.placeOrder(user, alo(isBuy, px)));
    mixedOids[u][slot] = oidOf(mixed.modifyOrder(user, mixedOids[u][slot], alo(isBuy, px, 0.02)));
    mixed.cancel(user, 0, placed);
    mixedOids[u][slot] = oidOf(mixed.modifyOrder(user, mixedOids[u][slot], alo(isBuy, px, 0.01)));
  }
  mixedTurn += 1;
});

// --- takers (for reference) -----------------------------------------------------------------

const taking = busyEngine();
let takeTurn = 0;

Deno.bench("1,000 ops: Ioc takers against background and users (snapshot every 100)", {
  group: "takers",
}, () => {
  for (let i = 0; i < OPS; i++) {
    if (i % 100 === 0) {
      taking.applyBook("BTC", {
        bids: Array.from({ length: 20 }, (_, j) => [MID - 5 - j * 5, 5] as [number, number]),
        asks: Array.from({ length: 20 }, (_, j) => [MID + 5 + j * 5, 5] as [number, number]),
        time: takeTurn,
      });
    }
    const isBuy = (i & 1) === 0;
    taking.placeOrder(USERS[i % 10], {
      asset: 0,
      isBuy,
      px: isBuy ? MID + 20 : MID - 20,
      sz: 0.01,
      tif: "Ioc",
      reduceOnly: false,
    });
  }
  takeTurn += 1;
});
