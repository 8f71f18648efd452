/**
 * Signing and wire-rule timings (medians over many repetitions): one
 * batchModify of 10 orders signed (target under 0.5 ms), its action hash,
 * and the rounding functions.
 *
 * @module
 */

import { actionHash, signL1Action } from "../lib/hyperliquid/signing.ts";
import { roundPrice, roundSize, toWireNumber } from "../lib/hyperliquid/wire.ts";

const KEY = "0x0123456789012345678901234567890123456789012345678901234567890123";
const TARGET_SIGN_MS = 0.5;

function batchModify(nonce: number) {
  return {
    type: "batchModify",
    modifies: Array.from({ length: 10 }, (_, i) => ({
      oid: 1_000_000 + i + nonce,
      order: {
        a: 0,
        b: i % 2 === 0,
        p: toWireNumber(90_000 + i),
        s: "0.001",
        r: false,
        t: { limit: { tif: "Alo" } },
        c: `0x6d6d0123456789ab${String(i + 1).padStart(16, "0")}`,
      },
    })),
  };
}

function medianMs(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Times each operation `repeats` times; returns medians in ms (µs for the tiny ones). */
export function benchSigning(repeats = 2000): Record<string, unknown> {
  const sign: number[] = [], hash: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const action = batchModify(i);
    let t = performance.now();
    actionHash(action, { nonce: 1_700_000_000_000 + i });
    hash.push(performance.now() - t);
    t = performance.now();
    void signL1Action(KEY, action, { nonce: 1_700_000_000_000 + i, isTestnet: false });
    sign.push(performance.now() - t);
  }
  const loop = (fn: (i: number) => unknown, n = 200_000) => {
    const t = performance.now();
    for (let i = 0; i < n; i++) fn(i);
    return ((performance.now() - t) / n) * 1e6; // ns per call
  };
  const signMedian = medianMs(sign);
  return {
    sign_batch_modify_10_median_ms: Math.round(signMedian * 1000) / 1000,
    action_hash_batch_modify_10_median_ms: Math.round(medianMs(hash) * 1000) / 1000,
    round_price_ns: Math.round(
      loop((i) => roundPrice(90_000.123 + i * 0.01, { szDecimals: 5, side: "ask" })),
    ),
    round_size_ns: Math.round(
      loop((i) => roundSize(0.0123456 + i * 1e-7, { szDecimals: 5, mode: "down" })),
    ),
    to_wire_number_ns: Math.round(loop((i) => toWireNumber(90_000 + (i % 1000)))),
    repeats,
    target_sign_ms: TARGET_SIGN_MS,
    target_met: signMedian < TARGET_SIGN_MS,
  };
}
