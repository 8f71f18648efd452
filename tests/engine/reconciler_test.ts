import { mulberry32 } from "../../lib/analysis/synthetic_history.ts";
import { CloidFactory } from "../../lib/hyperliquid/cloid.ts";
import {
  type DesiredLevel,
  keepsEverything,
  reconcile,
  type ReconcileOptions,
  type ReconcilePlan,
  type RestingOrder,
} from "../../lib/engine/reconciler.ts";
import { assert, assertEquals, assertThrows } from "../_helpers.ts";

const COIN = "BTC";

/**
 * 5 + 5 levels around `mid`, `stepUsd` apart (default $50, 5 bps: wider than
 * twice the 1.5 bps tolerance), first level `halfSpreadUsd` from mid.
 */
function ladder(
  mid: number,
  options: { levels?: number; stepUsd?: number; halfSpreadUsd?: number; sz?: number } = {},
): DesiredLevel[] {
  const { levels = 5, stepUsd = 50, halfSpreadUsd = 40, sz = 0.01 } = options;
  const out: DesiredLevel[] = [];
  for (let level = 0; level < levels; level++) {
    out.push({ side: "buy", px: mid - halfSpreadUsd - level * stepUsd, sz, level });
    out.push({ side: "sell", px: mid + halfSpreadUsd + level * stepUsd, sz, level });
  }
  return out;
}

let nextOid = 1000;

/** Resting orders exactly where `levels` are. */
function restingAt(levels: readonly DesiredLevel[]): RestingOrder[] {
  return levels.map((level) => ({
    oid: nextOid++,
    cloid: `0x6d6d00000000000000000000000${String(nextOid).padStart(5, "0")}`,
    coin: COIN,
    side: level.side,
    px: level.px,
    sz: level.sz,
    placedAtMs: 1_700_000_000_000,
  }));
}

function options(extra: Partial<ReconcileOptions> = {}): ReconcileOptions {
  const cloids = new CloidFactory({ sessionId: "0123456789ab" });
  return { coin: COIN, newCloid: () => cloids.next(), ...extra };
}

interface BookOrder {
  side: "buy" | "sell";
  px: number;
  sz: number;
}

/**
 * Applies a plan's steps one item at a time to the resting book, asserting
 * after every item that no bid of ours is at or above an ask of ours; returns
 * the final book.
 */
function execute(resting: readonly RestingOrder[], plan: ReconcilePlan): BookOrder[] {
  const book = new Map<number | string, BookOrder>();
  for (const order of resting) book.set(order.oid, order);
  const check = (after: string) => {
    let bid = -Infinity, ask = Infinity;
    for (const order of book.values()) {
      if (order.side === "buy") bid = Math.max(bid, order.px);
      else ask = Math.min(ask, order.px);
    }
    assert(bid < ask, `own book crossed after ${after}: bid ${bid} ≥ ask ${ask}`);
  };
  check("nothing");
  for (const step of plan.steps) {
    if (step.kind === "cancel") {
      for (const cancel of step.cancels) {
        assert(book.delete(cancel.oid), `cancel of unknown oid ${cancel.oid}`);
        check(`cancel ${cancel.oid}`);
      }
    } else if (step.kind === "modify") {
      for (const modify of step.modifies) {
        assert(book.delete(modify.target), `modify of unknown oid ${modify.target}`);
        book.set(modify.order.cloid!, modify.order);
        check(`modify ${modify.target} -> ${modify.order.side} ${modify.order.px}`);
      }
    } else {
      for (const order of step.orders) {
        book.set(order.cloid!, order);
        check(`place ${order.side} ${order.px}`);
      }
    }
  }
  return [...book.values()];
}

function key(order: BookOrder): string {
  return `${order.side}@${order.px}x${order.sz}`;
}

Deno.test("an identical ladder needs no action and keeps every order", () => {
  const desired = ladder(100_000);
  const resting = restingAt(desired);
  const plan = reconcile(desired, resting, options());
  assertEquals(plan.actions, 0);
  assertEquals(plan.steps, []);
  assertEquals(plan.keep.length, 10);
  assertEquals(plan.requests, 0);
  assert(plan.keep.every((kept) => kept.reason === "within_tolerance"));
});

Deno.test("a 1-tick shift within the price tolerance keeps every order", () => {
  const resting = restingAt(ladder(100_000));
  // $1 on $100,000 is 0.1 bps, well inside the default 1.5 bps.
  const plan = reconcile(ladder(100_001), resting, options());
  assertEquals(plan.actions, 0);
  assertEquals(plan.keep.map((kept) => kept.order.oid).sort(), resting.map((o) => o.oid).sort());
});

Deno.test("a shift beyond tolerance is one batchModify of every moved level", () => {
  const resting = restingAt(ladder(100_000));
  const desired = ladder(100_025); // 2.5 bps, and 2.5 bps from every other level
  const plan = reconcile(desired, resting, options());
  assertEquals(plan.actions, 1);
  assertEquals(plan.steps.map((step) => step.kind), ["modify"]);
  assertEquals(plan.modify.length, 10);
  assertEquals(plan.cancel, []);
  assertEquals(plan.place, []);
  assertEquals(plan.weight, 1);
  assertEquals(plan.requests, 10);
  assertEquals(
    plan.modify.map((m) => key(m.order)).sort(),
    desired.map(key).sort(),
    "every desired level is a modify's new order",
  );
  assert(plan.modify.every((m) => m.order.tif === "Alo" && m.order.coin === COIN));
  assertEquals(new Set(plan.modify.map((m) => m.target)).size, 10, "each resting order moved once");
  assertEquals(execute(resting, plan).map(key).sort(), desired.map(key).sort());
});

Deno.test("only the levels that moved beyond tolerance are modified; the rest are kept", () => {
  const resting = restingAt(ladder(100_000));
  const desired = ladder(100_000).map((level) =>
    level.level >= 3 ? { ...level, px: level.px + (level.side === "buy" ? -30 : 30) } : level
  );
  const plan = reconcile(desired, resting, options());
  assertEquals(plan.actions, 1);
  assertEquals(plan.keep.length, 6);
  assertEquals(plan.modify.length, 4);
  assert(plan.reasons.filter((r) => r.action === "modify").every((r) => r.why === "price"));
});

Deno.test("fewer desired levels cancel the surplus, farthest from the touch, in one action", () => {
  const resting = restingAt(ladder(100_000));
  const plan = reconcile(ladder(100_000, { levels: 3 }), resting, options());
  assertEquals(plan.actions, 1);
  assertEquals(plan.steps.map((step) => step.kind), ["cancel"]);
  assertEquals(plan.keep.length, 6);
  const farthest = resting.filter((order) => Math.abs(order.px - 100_000) > 40 + 2 * 50);
  assertEquals(
    plan.cancel.map((c) => c.oid).sort(),
    farthest.map((order) => order.oid).sort(),
  );
  assert(plan.cancel.every((c) => c.coin === COIN));
  assert(plan.reasons.filter((r) => r.action === "cancel").every((r) => r.why === "surplus"));
});

Deno.test("more desired levels place the shortfall in one action", () => {
  const resting = restingAt(ladder(100_000, { levels: 3 }));
  const desired = ladder(100_000, { levels: 5 });
  const plan = reconcile(desired, resting, options());
  assertEquals(plan.actions, 1);
  assertEquals(plan.steps.map((step) => step.kind), ["place"]);
  assertEquals(plan.keep.length, 6);
  assertEquals(plan.place.length, 4);
  assertEquals(plan.place.map((o) => o.side).sort(), ["buy", "buy", "sell", "sell"]);
  assert(plan.place.every((o) => o.tif === "Alo"));
});

Deno.test("more desired levels move the stale orders first and place only the rest", () => {
  const resting = restingAt(ladder(100_000, { levels: 3 }));
  const desired = ladder(100_225, { levels: 5 }); // every resting order is ≥ 2.5 bps off every level
  const plan = reconcile(desired, resting, options());
  assertEquals(plan.keep.length, 0);
  assertEquals(plan.modify.length, 6, "every resting order is reused");
  assertEquals(plan.place.length, 4, "only the true shortfall is placed");
  assertEquals(plan.cancel.length, 0);
  assertEquals(plan.steps.map((step) => step.kind), ["modify", "place"]);
  assertEquals(plan.actions, 2);
  assertEquals(execute(resting, plan).map(key).sort(), desired.map(key).sort());
});

Deno.test("a modify may change side: a surplus bid is moved to fill a missing ask", () => {
  // Long inventory skew: the strategy now wants 3 bids and 7 asks.
  const resting = restingAt(ladder(100_000));
  const desired = [
    ...ladder(100_000, { levels: 3 }).filter((level) => level.side === "buy"),
    ...ladder(100_000, { levels: 7 }).filter((level) => level.side === "sell"),
  ];
  const plan = reconcile(desired, resting, options());
  assertEquals(plan.actions, 1);
  assertEquals(plan.steps.map((step) => step.kind), ["modify"]);
  assertEquals(plan.keep.length, 8);
  assertEquals(plan.modify.length, 2);
  assert(plan.modify.every((m) => m.order.side === "sell"));
  assert(plan.reasons.filter((r) => r.action === "modify").every((r) => r.why === "side"));
  assertEquals(execute(resting, plan).map(key).sort(), desired.map(key).sort());
});

Deno.test("a size change beyond tolerance is a modify; within tolerance the order stays", () => {
  const resting = restingAt(ladder(100_000, { sz: 0.01 }));
  const within = reconcile(ladder(100_000, { sz: 0.0115 }), resting, options());
  assertEquals(within.actions, 0, "15% off the desired size is inside the 20% tolerance");
  const beyond = reconcile(ladder(100_000, { sz: 0.02 }), resting, options());
  assertEquals(beyond.actions, 1);
  assertEquals(beyond.modify.length, 10);
  assert(beyond.modify.every((m) => m.order.sz === 0.02));
  assert(beyond.reasons.filter((r) => r.action === "modify").every((r) => r.why === "size"));
});

Deno.test("keepQueue true keeps an order outside tolerance; it is asked with the nearest level", () => {
  const resting = restingAt(ladder(100_000));
  const desired = ladder(100_000).map((level) =>
    level.side === "buy" && level.level === 0 ? { ...level, px: level.px + 30 } : level
  );
  const best = resting.find((order) => order.side === "buy" && order.px === 100_000 - 40)!;
  const asked: [number, number][] = [];
  const plan = reconcile(
    desired,
    resting,
    options({
      keepQueue: (order, desiredPx) => {
        asked.push([order.oid, desiredPx]);
        return order.oid === best.oid;
      },
    }),
  );
  assertEquals(asked, [[best.oid, 99_990]], "asked once, for the best bid and its nearest level");
  assertEquals(plan.actions, 0);
  assertEquals(plan.keep.find((kept) => kept.order.oid === best.oid)?.reason, "queue");
  const refused = reconcile(desired, resting, options({ keepQueue: () => false }));
  assertEquals(refused.modify.map((m) => m.target), [best.oid]);
});

Deno.test("100 levels are split into batches of at most 39, each weighing 1", () => {
  const resting = restingAt(ladder(100_000, { levels: 50, stepUsd: 40 }));
  const desired = ladder(100_020, { levels: 50, stepUsd: 40 });
  const plan = reconcile(desired, resting, options());
  assertEquals(plan.modify.length, 100);
  assertEquals(
    plan.steps.map((step) => (step.kind === "modify" ? step.modifies.length : -1)),
    [39, 39, 22],
  );
  assertEquals(plan.actions, 3);
  assertEquals(plan.weight, 3);
  const placed = reconcile(desired, [], options({ maxBatch: 10 }));
  assertEquals(placed.actions, 10);
  assert(placed.steps.every((step) => step.kind === "place" && step.orders.length === 10));
});

Deno.test("on a large jump the side going away moves first and the book never crosses", () => {
  for (const jump of [+500, -500]) {
    const resting = restingAt(ladder(100_000));
    const desired = ladder(100_000 + jump); // every new bid is above every old ask, or vice versa
    const plan = reconcile(desired, resting, options());
    assertEquals(plan.actions, 1);
    const sides = plan.modify.map((m) => m.order.side);
    const away = jump > 0 ? "sell" : "buy";
    assertEquals(sides.slice(0, 5), Array(5).fill(away), `jump ${jump}: ${away}s move first`);
    assertEquals(execute(resting, plan).map(key).sort(), desired.map(key).sort());
  }
});

Deno.test("cross-side moves on a jump are ordered so that no intermediate state crosses", () => {
  // Two asks become bids above where they were, beyond the remaining asks' old prices.
  const resting = restingAt([
    { side: "buy", px: 99_000, sz: 1, level: 0 },
    { side: "sell", px: 101_000, sz: 1, level: 0 },
    { side: "sell", px: 102_000, sz: 1, level: 1 },
  ]);
  const desired: DesiredLevel[] = [
    { side: "buy", px: 102_500, sz: 1, level: 0 },
    { side: "buy", px: 101_500, sz: 1, level: 1 },
    { side: "sell", px: 103_000, sz: 1, level: 0 },
  ];
  const plan = reconcile(desired, resting, options());
  assertEquals(plan.actions, 1);
  assertEquals(execute(resting, plan).map(key).sort(), desired.map(key).sort());
});

Deno.test("every placed and modified order gets a new, unique cloid", () => {
  const resting = restingAt(ladder(100_000, { levels: 3 }));
  const plan = reconcile(ladder(100_225, { levels: 8 }), resting, options());
  const cloids = [...plan.modify.map((m) => m.order.cloid), ...plan.place.map((o) => o.cloid)];
  assertEquals(cloids.length, 16);
  assert(cloids.every((cloid) => typeof cloid === "string" && /^0x[0-9a-f]{32}$/.test(cloid)));
  assertEquals(new Set(cloids).size, 16);
  const old = new Set(resting.map((order) => order.cloid));
  assert(cloids.every((cloid) => !old.has(cloid!)));
});

Deno.test("orders of another coin are left alone", () => {
  const desired = ladder(100_000);
  const resting = [...restingAt(desired), { ...restingAt(ladder(3_000))[0], coin: "ETH" }];
  const plan = reconcile(desired, resting, options());
  assertEquals(plan.actions, 0);
  assertEquals(plan.keep.length, 10);
});

Deno.test("an order inside tolerance but across the ladder's midpoint is not kept", () => {
  // Desired spread of 2 bps: a bid 1.2 bps above the desired bid is past the midpoint.
  const desired: DesiredLevel[] = [
    { side: "buy", px: 99_990, sz: 1, level: 0 },
    { side: "sell", px: 100_010, sz: 1, level: 0 },
  ];
  const resting = restingAt([
    { side: "buy", px: 100_002, sz: 1, level: 0 },
    { side: "sell", px: 100_010, sz: 1, level: 0 },
  ]);
  const plan = reconcile(desired, resting, options());
  assertEquals(plan.keep.map((kept) => kept.order.side), ["sell"]);
  assertEquals(plan.modify.map((m) => m.order.px), [99_990]);
});

Deno.test("a crossed desired ladder or a bad option is refused", () => {
  const crossed: DesiredLevel[] = [
    { side: "buy", px: 100, sz: 1, level: 0 },
    { side: "sell", px: 100, sz: 1, level: 0 },
  ];
  assertThrows(() => reconcile(crossed, [], options()), RangeError, "crosses");
  assertThrows(
    () => reconcile(ladder(100_000), [], options({ maxBatch: 0 })),
    RangeError,
    "maxBatch",
  );
  assertThrows(
    () => reconcile([{ side: "buy", px: 0, sz: 1, level: 0 }], [], options()),
    RangeError,
    "price",
  );
});

Deno.test("random ladders and books: never crossing, final book is the ladder, fewest actions", () => {
  const random = mulberry32(42);
  for (let trial = 0; trial < 500; trial++) {
    const mid = 100_000 + (random() - 0.5) * 2_000;
    const levels = 1 + Math.floor(random() * 8);
    const old = ladder(Math.round(mid), {
      levels: 1 + Math.floor(random() * 8),
      stepUsd: 5 + Math.floor(random() * 30),
      halfSpreadUsd: 5 + Math.floor(random() * 50),
    });
    const resting = restingAt(old.filter(() => random() < 0.85));
    const desired = ladder(Math.round(mid + (random() - 0.5) * 600), {
      levels,
      stepUsd: 5 + Math.floor(random() * 30),
      halfSpreadUsd: 5 + Math.floor(random() * 50),
      sz: random() < 0.2 ? 0.02 : 0.01,
    }).filter((level) => random() < 0.9 || level.level === 0);
    const plan = reconcile(desired, resting, options());
    const final = execute(resting, plan);
    const kept = new Set(plan.keep.map((k) => k.order.oid));
    assertEquals(final.length, desired.length);
    const moved = [...plan.modify.map((m) => m.order), ...plan.place].map(key).sort();
    const keptLevels = new Set(plan.keep.map((k) => `${k.order.side}${k.level}`));
    assertEquals(
      moved,
      desired.filter((level) => !keptLevels.has(`${level.side}${level.level}`)).map(key).sort(),
    );
    const reused = plan.modify.length + plan.cancel.length;
    assertEquals(
      reused + kept.size,
      resting.length,
      "every resting order is kept, moved or cancelled",
    );
    assert(plan.place.length === 0 || plan.cancel.length === 0, "never cancel and place together");
    assert(plan.actions <= 2, `trial ${trial}: ${plan.actions} actions`);
  }
});

Deno.test("moves no order can make safe become a cancel first and a place last", () => {
  // Both bids must become asks below the other bid's old price: no modify order avoids a cross.
  const resting = restingAt([
    { side: "buy", px: 992.5, sz: 1, level: 0 },
    { side: "buy", px: 994.9, sz: 1, level: 1 },
  ]);
  const desired: DesiredLevel[] = [
    { side: "sell", px: 987.8, sz: 1, level: 0 },
    { side: "sell", px: 989.6, sz: 1, level: 1 },
    { side: "sell", px: 991.9, sz: 1, level: 2 },
  ];
  const plan = reconcile(desired, resting, options());
  assertEquals(plan.steps.map((step) => step.kind), ["cancel", "place"]);
  assertEquals(plan.modify, []);
  assertEquals(plan.reasons.filter((r) => r.why === "unsafe_move").length, 4);
  assertEquals(execute(resting, plan).map(key).sort(), desired.map(key).sort());
});

Deno.test("arbitrary books, jumps of up to 2% and a random queue model never cross", () => {
  const random = mulberry32(7);
  const book = (mid: number, bids: number, asks: number) => {
    const halfSpread = 0.1 + random() * 3;
    const out: { side: "buy" | "sell"; px: number }[] = [];
    for (let i = 0; i < bids; i++) {
      out.push({ side: "buy", px: Math.round((mid - halfSpread - random() * 10) * 10) / 10 });
    }
    for (let i = 0; i < asks; i++) {
      out.push({ side: "sell", px: Math.round((mid + halfSpread + random() * 10) * 10) / 10 });
    }
    return out;
  };
  for (let trial = 0; trial < 3_000; trial++) {
    const count = () => Math.floor(random() * 6);
    const resting = book(1_000, count(), count()).map((order, i) => ({
      ...order,
      oid: i,
      cloid: `c${i}`,
      coin: COIN,
      sz: 1,
      placedAtMs: 0,
    }));
    const desired = book(1_000 + (random() - 0.5) * 40, count(), count())
      .map((order, level) => ({ ...order, sz: 1, level }));
    const plan = reconcile(desired, resting, options({ keepQueue: () => random() < 0.3 }));
    const final = execute(resting, plan);
    assertEquals(final.length, desired.length);
  }
});

Deno.test("keepsEverything is true exactly when reconcile plans no action (without keepQueue)", () => {
  const random = mulberry32(7);
  let both = 0;
  for (let trial = 0; trial < 2000; trial++) {
    const mid = 100_000 + Math.round((random() - 0.5) * 2_000);
    const old = ladder(mid, { levels: 1 + Math.floor(random() * 5) });
    const resting = restingAt(old.filter(() => random() < 0.97));
    const shift = (random() - 0.5) * 60;
    const desired = old.map((level) => ({
      ...level,
      px: level.px + Math.round(shift * random()),
      sz: random() < 0.1 ? 0.013 : level.sz,
    })).filter(() => random() < 0.97);
    const opts = options({ priceToleranceBps: random() * 3, sizeToleranceShare: random() * 0.4 });
    const none = reconcile(desired, resting, opts).actions === 0;
    assertEquals(keepsEverything(desired, resting, opts), none, `trial ${trial}`);
    if (none) both += 1;
  }
  assert(both > 200 && both < 1800, `both outcomes are tried: ${both} of 2000 plan nothing`);
});

Deno.test("keepsEverything with keepQueue never claims more than reconcile keeps", () => {
  const random = mulberry32(8);
  for (let trial = 0; trial < 500; trial++) {
    const old = ladder(100_000, { levels: 3 });
    const resting = restingAt(old);
    const desired = old.map((level) => ({
      ...level,
      px: level.px + Math.round((random() - 0.5) * 60),
    }));
    const opts = options({ keepQueue: () => random() < 0.5 });
    if (keepsEverything(desired, resting, opts)) {
      assertEquals(reconcile(desired, resting, opts).actions, 0);
    }
  }
});
