import { assertEquals } from "../_helpers.ts";
import { StrategyConfigSchema } from "../../lib/config/strategy_config.ts";
import { effectiveGamma, utcHour } from "../../lib/strategy/gamma.ts";

const config = StrategyConfigSchema.parse({}).gamma; // base 0.05, toxic 06/07/14 ×2, k = 2

function at(iso: string): number {
  return Date.parse(iso);
}

function gammaAt(iso: string, overrides: Partial<typeof config> = {}) {
  return effectiveGamma(
    { timeMs: at(iso), regime: "normal", cascadeSeverity: 0 },
    { ...config, ...overrides },
  );
}

Deno.test("γ is the base γ in a normal regime outside toxic hours without a cascade", () => {
  const gamma = gammaAt("2026-03-13T12:00:00.000Z");
  assertEquals(gamma.gamma, 0.05);
  assertEquals([gamma.regimeFactor, gamma.timeFactor, gamma.cascadeFactor], [1, 1, 1]);
});

Deno.test("γ doubles from 06:00:00.000 UTC, not at 05:59:59.999", () => {
  assertEquals(gammaAt("2026-03-13T05:59:59.999Z").timeFactor, 1);
  const six = gammaAt("2026-03-13T06:00:00.000Z");
  assertEquals([six.timeFactor, six.gamma, six.hourUtc, six.toxicHour], [2, 0.1, 6, true]);
});

Deno.test("γ stays doubled through 07:59:59.999 UTC and is back to base at 08:00:00.000", () => {
  assertEquals(gammaAt("2026-03-13T07:59:59.999Z").timeFactor, 2);
  assertEquals(gammaAt("2026-03-13T08:00:00.000Z").timeFactor, 1);
});

Deno.test("the 14 UTC hour is toxic and its neighbours are not", () => {
  assertEquals(gammaAt("2026-03-13T13:59:59.999Z").timeFactor, 1);
  assertEquals(gammaAt("2026-03-13T14:00:00.000Z").timeFactor, 2);
  assertEquals(gammaAt("2026-03-13T14:59:59.999Z").timeFactor, 2);
  assertEquals(gammaAt("2026-03-13T15:00:00.000Z").timeFactor, 1);
});

Deno.test("toxic hours can be switched off", () => {
  const off = { ...config.toxicHours, enabled: false };
  assertEquals(gammaAt("2026-03-13T06:30:00.000Z", { toxicHours: off }).timeFactor, 1);
});

Deno.test("toxic hours and their multiplier are configurable", () => {
  const custom = { enabled: true, hoursUtc: [22], multiplier: 3, widensFloor: true };
  assertEquals(gammaAt("2026-03-13T22:15:00.000Z", { toxicHours: custom }).timeFactor, 3);
  assertEquals(gammaAt("2026-03-13T06:15:00.000Z", { toxicHours: custom }).timeFactor, 1);
});

Deno.test("γ multiplies base × regime × time of day × (1 + k·severity)", () => {
  // 0.05 × 1.5 (volatile) × 2 (06 UTC) × (1 + 2·0.5) = 0.05 × 1.5 × 2 × 2 = 0.3
  const gamma = effectiveGamma(
    { timeMs: at("2026-03-13T06:10:00.000Z"), regime: "volatile", cascadeSeverity: 0.5 },
    config,
  );
  assertEquals([gamma.regimeFactor, gamma.timeFactor, gamma.cascadeFactor], [1.5, 2, 2]);
  assertEquals(Math.round(gamma.gamma * 1e12) / 1e12, 0.3);
});

Deno.test("cascade severity is clamped to 0..1 and NaN counts as a full cascade", () => {
  const factor = (cascadeSeverity: number) =>
    effectiveGamma({ timeMs: 0, regime: "normal", cascadeSeverity }, config).cascadeFactor;
  assertEquals([factor(-1), factor(2), factor(NaN)], [1, 3, 3]);
});

Deno.test("the UTC hour is right before 1970 and at day ends", () => {
  assertEquals(utcHour(-1), 23);
  assertEquals(utcHour(at("2026-03-13T23:59:59.999Z")), 23);
  assertEquals(utcHour(at("2026-03-14T00:00:00.000Z")), 0);
});
