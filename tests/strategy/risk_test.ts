import { assertEquals } from "../_helpers.ts";
import { type RiskConfig, StrategyConfigSchema } from "../../lib/config/strategy_config.ts";
import { decideRisk, type RiskInputs } from "../../lib/strategy/risk.ts";

// Defaults: stale > 2,000 ms; extreme → widen; cascade 0.3 / 0.6 / 0.85; drawdown 5 %;
// rate limit 0.8 / 0.95; Hawkes off; widen factor 1.5.
const config: RiskConfig = StrategyConfigSchema.parse({}).risk;

const calm: RiskInputs = {
  dataAgeMs: 100,
  regime: "normal",
  cascadeSeverity: 0,
  hawkesIntensity: 1,
  drawdownFraction: 0,
  rateLimitPressure: 0.1,
  positionCoin: 1,
  positionLimitCoin: 10,
  blockedSide: null,
};

function decide(overrides: Partial<RiskInputs>, configOverrides: Partial<RiskConfig> = {}) {
  return decideRisk({ ...calm, ...overrides }, { ...config, ...configOverrides });
}

function codes(decision: ReturnType<typeof decideRisk>): string[] {
  return decision.reasons.map((reason) => `${reason.code}:${reason.action}`);
}

Deno.test("calm markets quote both sides with no reasons and no widening", () => {
  const decision = decide({});
  assertEquals(
    [decision.action, decision.widenFactor, decision.allowBids, decision.allowAsks],
    ["quote", 1, true, true],
  );
  assertEquals(decision.reasons, []);
});

Deno.test("data older than the maximum age pulls; data exactly at it does not", () => {
  assertEquals(decide({ dataAgeMs: 2_000 }).action, "quote");
  const stale = decide({ dataAgeMs: 2_001 });
  assertEquals([stale.action, stale.allowBids, stale.allowAsks], ["pull", false, false]);
  assertEquals(codes(stale), ["stale_data:pull"]);
});

Deno.test("the extreme regime widens by the widen factor, or pulls when configured to", () => {
  const widen = decide({ regime: "extreme" });
  assertEquals([widen.action, widen.widenFactor], ["widen", 1.5]);
  assertEquals(decide({ regime: "extreme" }, { extremeRegime: "pull" }).action, "pull");
});

Deno.test("cascade severity above 0.3 widens, above 0.6 reduces only, above 0.85 pulls", () => {
  assertEquals(decide({ cascadeSeverity: 0.3 }).action, "quote");
  assertEquals(decide({ cascadeSeverity: 0.31 }).action, "widen");
  const reduce = decide({ cascadeSeverity: 0.61 });
  assertEquals([reduce.action, reduce.widenFactor], ["reduce_only", 1.5]);
  assertEquals(decide({ cascadeSeverity: 0.86 }).action, "pull");
});

Deno.test("a drawdown at the limit leaves only the reducing side, unwidened", () => {
  const long = decide({ drawdownFraction: 0.05, positionCoin: 2 });
  assertEquals(
    [long.action, long.allowBids, long.allowAsks, long.reduceOnly, long.widenFactor],
    ["reduce_only", false, true, true, 1],
  );
  const short = decide({ drawdownFraction: 0.06, positionCoin: -2 });
  assertEquals([short.allowBids, short.allowAsks], [true, false]);
});

Deno.test("reduce-only while flat quotes nothing", () => {
  const flat = decide({ drawdownFraction: 0.1, positionCoin: 0 });
  assertEquals([flat.action, flat.allowBids, flat.allowAsks], ["reduce_only", false, false]);
});

Deno.test("rate-limit pressure above 0.8 widens and above 0.95 pulls", () => {
  assertEquals(decide({ rateLimitPressure: 0.8 }).action, "quote");
  assertEquals(decide({ rateLimitPressure: 0.81 }).action, "widen");
  assertEquals(decide({ rateLimitPressure: 0.96 }).action, "pull");
});

Deno.test("a side in reduce-only mode at the position limit makes the decision reduce_only", () => {
  const decision = decide({ positionCoin: 10, blockedSide: "bid" });
  assertEquals(codes(decision), ["position_limit:reduce_only"]);
  assertEquals([decision.allowBids, decision.allowAsks], [false, true]);
});

Deno.test("a zero position limit makes the decision reduce_only", () => {
  assertEquals(codes(decide({ positionLimitCoin: 0, positionCoin: 0 })), [
    "position_limit:reduce_only",
  ]);
});

Deno.test("Hawkes intensity widens only when a threshold is set", () => {
  assertEquals(decide({ hawkesIntensity: 50 }).action, "quote");
  assertEquals(decide({ hawkesIntensity: 50 }, { hawkesWidenAbove: 20 }).action, "widen");
});

Deno.test("unusable estimates pull", () => {
  assertEquals(codes(decide({ estimatesProblem: "book is crossed" })), ["invalid_estimates:pull"]);
});

Deno.test("precedence is pull > reduce_only > widen > quote and every reason is kept", () => {
  const all = decide({ dataAgeMs: 5_000, cascadeSeverity: 0.5, drawdownFraction: 0.2 });
  assertEquals(all.action, "pull");
  assertEquals(codes(all), ["stale_data:pull", "cascade:widen", "drawdown:reduce_only"]);
  const noPull = decide({ cascadeSeverity: 0.5, drawdownFraction: 0.2, positionCoin: 3 });
  assertEquals([noPull.action, noPull.widenFactor], ["reduce_only", 1.5]);
  assertEquals(decide({ regime: "extreme", rateLimitPressure: 0.9 }).action, "widen");
});
