import { assert, assertEquals, assertThrows } from "../_helpers.ts";
import { glftCoefficients, glftQuote } from "../../lib/strategy/glft.ts";

function assertClose(actual: number, expected: number, tolerance = 1e-9): void {
  assert(
    Math.abs(actual - expected) <= tolerance,
    `expected ${expected} ± ${tolerance}, got ${actual}`,
  );
}

Deno.test("GLFT with γ = κ = 0.1/bps, A = 0.5/s, σ = 1 bps/√s gives c1 = 10·ln 2 and c2 = 2", () => {
  // γ/κ = 1; c1 = (1/0.1)·ln(1 + 1) = 10·0.693147… = 6.931472 bps
  // c2 = √( 0.1/(2·0.5·0.1) · (1 + 1)^(1/1 + 1) ) = √(1 · 4) = 2 √s
  // half-spread = 6.931472 + ½·1·2 = 7.931472 bps; skew = 1·2 = 2 bps per unit
  // q = 1.5: bid = 7.931472 + 3 = 10.931472, ask = 7.931472 − 3 = 4.931472
  const quote = glftQuote(
    { gamma: 0.1, sigmaBpsPerSqrtS: 1, fillIntensityA: 0.5, fillDecayKappa: 0.1 },
    1.5,
  );
  assertClose(quote.c1Bps, 10 * Math.LN2);
  assertClose(quote.c2SqrtS, 2);
  assertClose(quote.halfSpreadBps, 7.931471805599453);
  assertClose(quote.skewBps, 2);
  assertClose(quote.bidDepthBps, 10.931471805599453);
  assertClose(quote.askDepthBps, 4.931471805599453);
});

Deno.test("GLFT with γ = 0.05, κ = 0.2, A = 1, σ = 2 matches the hand computation", () => {
  // γ/κ = 0.25; c1 = 20·ln 1.25 = 20·0.2231436 = 4.462871 bps
  // c2 = √( 0.05/(2·1·0.2) · 1.25^(4 + 1) ) = √(0.125 · 3.0517578) = √0.3814697 = 0.6176324 √s
  // half-spread = 4.462871 + ½·2·0.6176324 = 5.080503 bps; skew = 2·0.6176324 = 1.2352647 bps
  const quote = glftQuote(
    { gamma: 0.05, sigmaBpsPerSqrtS: 2, fillIntensityA: 1, fillDecayKappa: 0.2 },
    0,
  );
  assertClose(quote.c1Bps, 4.462871026284195);
  assertClose(quote.c2SqrtS, 0.6176323555016366);
  assertClose(quote.halfSpreadBps, 5.080503381785832);
  assertClose(quote.skewBps, 1.2352647110032733);
});

Deno.test("GLFT c1 tends to 1/κ and c2 to 0 as γ → 0, without NaN", () => {
  // For small x = γ/κ: c1 = (1/κ)·ln(1+x)/x ≈ 1/κ − γ/(2κ²), and
  // (1+x)^(1/x+1) → e, so c2 ≈ √(γ·e/(2Aκ)). κ = 0.2, A = 1: 1/κ = 5.
  for (const gamma of [1e-6, 1e-12, 1e-300, Number.MIN_VALUE]) {
    const { c1Bps, c2SqrtS } = glftCoefficients({
      gamma,
      fillIntensityA: 1,
      fillDecayKappa: 0.2,
    });
    assertClose(c1Bps, 5 - gamma / (2 * 0.2 * 0.2), 1e-10); // next term, (1/κ)·x²/3, is 1e-11
    assertClose(c2SqrtS, Math.sqrt((gamma * Math.E) / 0.4), 1e-8);
  }
});

Deno.test("GLFT at γ = 0 exactly is c1 = 1/κ, c2 = 0 (no skew)", () => {
  const quote = glftQuote(
    { gamma: 0, sigmaBpsPerSqrtS: 3, fillIntensityA: 1, fillDecayKappa: 0.25 },
    7,
  );
  assertEquals([quote.c1Bps, quote.c2SqrtS, quote.skewBps], [4, 0, 0]);
  assertEquals([quote.bidDepthBps, quote.askDepthBps], [4, 4]);
});

Deno.test("GLFT quotes are symmetric at zero inventory", () => {
  const quote = glftQuote(
    { gamma: 0.05, sigmaBpsPerSqrtS: 1, fillIntensityA: 1, fillDecayKappa: 0.2 },
    0,
  );
  assertEquals(quote.bidDepthBps, quote.askDepthBps);
  assertEquals(quote.bidDepthBps, quote.halfSpreadBps);
});

Deno.test("GLFT long inventory lowers both quotes: bid deeper, ask closer", () => {
  const params = { gamma: 0.05, sigmaBpsPerSqrtS: 1, fillIntensityA: 1, fillDecayKappa: 0.2 };
  const long = glftQuote(params, 3);
  const short = glftQuote(params, -3);
  assert(long.bidDepthBps > long.halfSpreadBps && long.askDepthBps < long.halfSpreadBps);
  assert(short.bidDepthBps < short.halfSpreadBps && short.askDepthBps > short.halfSpreadBps);
  assertClose(long.bidDepthBps, short.askDepthBps, 1e-12);
  assertClose(long.askDepthBps, short.bidDepthBps, 1e-12);
});

Deno.test("GLFT refuses κ ≤ 0, A ≤ 0, γ < 0 and σ < 0", () => {
  const ok = { gamma: 0.05, sigmaBpsPerSqrtS: 1, fillIntensityA: 1, fillDecayKappa: 0.2 };
  assertThrows(() => glftQuote({ ...ok, fillDecayKappa: 0 }, 0), RangeError, "κ");
  assertThrows(() => glftQuote({ ...ok, fillIntensityA: -1 }, 0), RangeError, "A");
  assertThrows(() => glftQuote({ ...ok, gamma: -0.1 }, 0), RangeError, "γ");
  assertThrows(() => glftQuote({ ...ok, sigmaBpsPerSqrtS: NaN }, 0), RangeError, "σ");
});
