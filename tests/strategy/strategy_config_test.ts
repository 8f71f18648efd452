import { assertEquals, assertThrows } from "../_helpers.ts";
import { StrategyConfigSchema } from "../../lib/config/strategy_config.ts";
import { z } from "zod";

Deno.test("an empty strategy config yields every calibrated default", () => {
  assertEquals(StrategyConfigSchema.parse({}), {
    gamma: {
      base: 0.05,
      regimeFactors: { calm: 0.75, normal: 1, volatile: 1.5, extreme: 3 },
      toxicHours: { enabled: true, hoursUtc: [6, 7, 14], multiplier: 2, widensFloor: true },
      cascadeK: 2,
    },
    glft: { inventoryUnitUsd: 1_000 },
    ladder: {
      levels: 5,
      spacing: { kind: "bps", bps: 3 },
      minSpreadBps: 8,
      marketSpreadCapMultiple: 0,
      largeQuote: { notionalUsd: 2_000, extraBps: 10 },
      funding: { enabled: true, horizonHours: 1, maxBps: 5 },
    },
    kelly: {
      alphaTouch: 0.25,
      alphaDecayBps: 15,
      fraction: 0.2,
      horizonS: 60,
      makerFeeBps: 1.5,
      minOrderUsd: 10,
    },
    position: { maxCoin: 0, maxUsd: 10_000, leverage: 3, hysteresis: 0.1 },
    risk: {
      maxDataAgeMs: 2_000,
      extremeRegime: "widen",
      cascade: { widenAbove: 0.3, reduceOnlyAbove: 0.6, pullAbove: 0.85 },
      maxDrawdownFraction: 0.05,
      rateLimit: { widenAbove: 0.8, pullAbove: 0.95 },
      hawkesWidenAbove: 0,
      widenFactor: 1.5,
    },
    queue: { horizonS: 30, backOffToleranceBps: 0 },
  });
});

Deno.test("a partial section keeps the defaults of the keys it leaves out", () => {
  const config = StrategyConfigSchema.parse({ ladder: { levels: 3 }, gamma: { toxicHours: {} } });
  assertEquals([config.ladder.levels, config.ladder.minSpreadBps], [3, 8]);
  assertEquals(config.gamma.toxicHours.hoursUtc, [6, 7, 14]);
});

Deno.test("unknown keys are refused at the top and inside sections, naming the path", () => {
  assertThrows(() => StrategyConfigSchema.parse({ ladders: {} }), z.ZodError, "ladders");
  assertThrows(
    () => StrategyConfigSchema.parse({ kelly: { alpha: 0.3 } }),
    z.ZodError,
    '"kelly"',
  );
  assertThrows(
    () => StrategyConfigSchema.parse({ ladder: { spacing: { kind: "bps", bps: 2, x: 1 } } }),
    z.ZodError,
    "spacing",
  );
});

Deno.test("the spacing may be given as a multiple of the half-spread", () => {
  const config = StrategyConfigSchema.parse({
    ladder: { spacing: { kind: "half_spread", multiple: 0.5 } },
  });
  assertEquals(config.ladder.spacing, { kind: "half_spread", multiple: 0.5 });
});

Deno.test("out-of-range values and disordered thresholds are refused", () => {
  assertThrows(() => StrategyConfigSchema.parse({ kelly: { fraction: 1.5 } }), z.ZodError);
  assertThrows(
    () => StrategyConfigSchema.parse({ gamma: { toxicHours: { hoursUtc: [24] } } }),
    z.ZodError,
  );
  assertThrows(
    () => StrategyConfigSchema.parse({ risk: { cascade: { widenAbove: 0.9 } } }),
    z.ZodError,
    "widenAbove ≤ reduceOnlyAbove",
  );
});
