/**
 * Signing and wire-rounding speed:
 *
 *     deno bench bench/signing_bench.ts
 *
 * Target: signing one batchModify of 10 orders under 0.5 ms median.
 *
 * @module
 */

import { actionHash, signL1Action } from "../lib/hyperliquid/signing.ts";
import { roundPrice, roundSize, toWireNumber } from "../lib/hyperliquid/wire.ts";

/** A throwaway key (the Python SDK's test key), never a real one. */
const KEY = "0x0123456789012345678901234567890123456789012345678901234567890123";

/** batchModify of 10 post-only orders in wire form, keys in the exchange's order. */
const BATCH_MODIFY = {
  type: "batchModify",
  modifies: Array.from({ length: 10 }, (_, i) => ({
    oid: 91_490_942_000 + i,
    order: {
      a: 0,
      b: i % 2 === 0,
      p: toWireNumber(roundPrice(64_250.5 + (i % 2 === 0 ? -i : i) * 3.7, { szDecimals: 5 })),
      s: toWireNumber(roundSize(0.01234 + i * 0.001, { szDecimals: 5 })),
      r: false,
      t: { limit: { tif: "Alo" } },
      c: `0x6d6d0123456789ab${(i + 1).toString(16).padStart(16, "0")}`,
    },
  })),
};

let nonce = 1_718_000_000_000;

Deno.bench(
  "signL1Action: batchModify of 10 orders",
  { group: "signing", baseline: true },
  async () => {
    await signL1Action(KEY, BATCH_MODIFY, { nonce: nonce++, isTestnet: false });
  },
);

Deno.bench("actionHash: batchModify of 10 orders (msgpack + keccak)", { group: "signing" }, () => {
  actionHash(BATCH_MODIFY, { nonce: nonce++ });
});

const PRICES = Array.from({ length: 1024 }, (_, i) => 10 ** (-4 + (i * 9) / 1024) * 1.000123);
let at = 0;

Deno.bench("roundPrice (ask, log-spread prices)", { group: "wire" }, () => {
  roundPrice(PRICES[at++ & 1023], { szDecimals: 2, side: "ask" });
});

Deno.bench("roundSize (down)", { group: "wire" }, () => {
  roundSize(PRICES[at++ & 1023], { szDecimals: 3, mode: "down" });
});

Deno.bench("toWireNumber (rounded price)", { group: "wire" }, () => {
  toWireNumber(64_250.5 + (at++ & 1023) / 10);
});
