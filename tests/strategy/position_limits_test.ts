import { assertEquals } from "../_helpers.ts";
import { type PositionConfig, StrategyConfigSchema } from "../../lib/config/strategy_config.ts";
import {
  effectiveMaxPosition,
  nextBlockedSide,
  PositionLimitGuard,
} from "../../lib/strategy/position_limits.ts";

// Defaults: no coin limit, $10,000, leverage 3, hysteresis 10 %.
const defaults: PositionConfig = StrategyConfigSchema.parse({}).position;

Deno.test("the effective maximum is the least of coin, USD, leverage and margin limits", () => {
  // price 100, equity 1,000: coin 2; USD 10,000/100 = 100; leverage 3·1,000/100 = 30;
  // margin |1| + 200·3/100 = 7 → 2 (coin)
  const limit = effectiveMaxPosition(
    { priceUsd: 100, equityUsd: 1_000, maxLeverage: 50, positionCoin: 1, freeMarginUsd: 200 },
    { ...defaults, maxCoin: 2 },
  );
  assertEquals([limit.limitCoin, limit.boundBy], [2, "config_coin"]);
  assertEquals(limit.candidates, { config_coin: 2, config_usd: 100, leverage: 30, margin: 7 });
});

Deno.test("margin binds when little of it is free", () => {
  // |−1| + 100·3/100 = 4 < leverage 30 < USD 100
  const limit = effectiveMaxPosition(
    { priceUsd: 100, equityUsd: 1_000, maxLeverage: 50, positionCoin: -1, freeMarginUsd: 100 },
    defaults,
  );
  assertEquals([limit.limitCoin, limit.boundBy], [4, "margin"]);
});

Deno.test("leverage is capped by the market's maximum leverage", () => {
  // min(3, 2) × 1,000 / 100 = 20
  const limit = effectiveMaxPosition(
    { priceUsd: 100, equityUsd: 1_000, maxLeverage: 2, positionCoin: 0 },
    defaults,
  );
  assertEquals([limit.limitCoin, limit.boundBy, limit.leverage], [20, "leverage", 2]);
});

Deno.test("the USD limit binds for a large account", () => {
  const limit = effectiveMaxPosition(
    { priceUsd: 100, equityUsd: 1_000_000, maxLeverage: 50, positionCoin: 0 },
    defaults,
  );
  assertEquals([limit.limitCoin, limit.boundBy], [100, "config_usd"]);
});

Deno.test("no equity means no position", () => {
  const limit = effectiveMaxPosition(
    { priceUsd: 100, equityUsd: -5, maxLeverage: 50, positionCoin: 0 },
    defaults,
  );
  assertEquals(limit.limitCoin, 0);
});

Deno.test("a long position at the limit puts the bids in reduce-only mode", () => {
  const inputs = { limitCoin: 10, hysteresis: 0.1 };
  assertEquals(nextBlockedSide(null, { ...inputs, positionCoin: 9.99 }), null);
  assertEquals(nextBlockedSide(null, { ...inputs, positionCoin: 10 }), "bid");
});

Deno.test("a short position at the limit puts the asks in reduce-only mode", () => {
  assertEquals(
    nextBlockedSide(null, { positionCoin: -10, limitCoin: 10, hysteresis: 0.1 }),
    "ask",
  );
});

Deno.test("reduce-only holds inside the hysteresis band and ends below limit × (1 − h)", () => {
  // limit 10, h 10 %: leave only below 9
  const inputs = { limitCoin: 10, hysteresis: 0.1 };
  assertEquals(nextBlockedSide("bid", { ...inputs, positionCoin: 9.5 }), "bid");
  assertEquals(nextBlockedSide("bid", { ...inputs, positionCoin: 9 }), "bid");
  assertEquals(nextBlockedSide("bid", { ...inputs, positionCoin: 8.99 }), null);
});

Deno.test("reduce-only ends when the position changes sign or goes flat", () => {
  const inputs = { limitCoin: 10, hysteresis: 0.1 };
  assertEquals(nextBlockedSide("bid", { ...inputs, positionCoin: -9.5 }), null);
  assertEquals(nextBlockedSide("bid", { ...inputs, positionCoin: 0 }), null);
});

Deno.test("the guard walks into reduce-only at the limit and out below the band", () => {
  const guard = new PositionLimitGuard({ hysteresis: 0.1 });
  const walk = [5, 10, 9.5, 9.2, 8.9, 9.5].map((position) => guard.update(position, 10));
  assertEquals(walk, [null, "bid", "bid", "bid", null, null]);
  assertEquals(guard.reduceOnly, false);
});
