/**
 * L1-action signing against the official Python SDK vectors
 * (shared/hyperliquid/l1-vectors.json), plus the hash layout, recovery and
 * key secrecy.
 */

import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex } from "@noble/hashes/utils.js";
import {
  actionHash,
  addressOf,
  floatToIntForHashing,
  recoverL1Signer,
  type Signature,
  SigningError,
  signL1Action,
} from "../../lib/hyperliquid/signing.ts";
import { assert, assertEquals, assertThrows, sharedData } from "../_helpers.ts";

interface Vectors {
  privateKey: string;
  connectionIdVectors: {
    name: string;
    action: Record<string, unknown>;
    vaultAddress: string | null;
    nonce: number;
    connectionId: string;
  }[];
  signatureVectors: {
    name: string;
    action: Record<string, unknown>;
    vaultAddress: string | null;
    nonce: number;
    mainnet: Signature;
    testnet: Signature;
  }[];
  floatToIntForHashing: [number, string][];
}

const VECTORS: Vectors = JSON.parse(
  Deno.readTextFileSync(sharedData("hyperliquid/l1-vectors.json")),
);
const KEY = VECTORS.privateKey;
const ORDER = {
  type: "order",
  orders: [{ a: 4, b: true, p: "1670.1", s: "0.0147", r: false, t: { limit: { tif: "Ioc" } } }],
  grouping: "na",
};
const VAULT = "0x1719884eb866cb12b2287399b15f7db5e7d775ea";

Deno.test("the vectors file holds every kind of vector", () => {
  assert(VECTORS.connectionIdVectors.length > 0);
  assert(VECTORS.signatureVectors.length > 0);
  assert(VECTORS.floatToIntForHashing.length > 0);
});

for (const vector of VECTORS.connectionIdVectors) {
  Deno.test(`actionHash equals the Python SDK connectionId: ${vector.name}`, () => {
    const hash = actionHash(vector.action, {
      nonce: vector.nonce,
      vaultAddress: vector.vaultAddress,
    });
    assertEquals(hash, vector.connectionId);
  });
}

for (const vector of VECTORS.signatureVectors) {
  for (const network of ["mainnet", "testnet"] as const) {
    const options = {
      nonce: vector.nonce,
      vaultAddress: vector.vaultAddress,
      isTestnet: network === "testnet",
    };

    Deno.test(`signL1Action matches the Python SDK signature: ${vector.name} on ${network}`, async () => {
      const signature = await signL1Action(KEY, vector.action, options);
      const expected = vector[network];
      assertEquals(BigInt(signature.r), BigInt(expected.r));
      assertEquals(BigInt(signature.s), BigInt(expected.s));
      assertEquals(signature.v, expected.v);
    });

    Deno.test(`recoverL1Signer finds the signing key's address: ${vector.name} on ${network}`, () => {
      // the vector's own signature, some of it written without leading zeros
      assertEquals(recoverL1Signer(vector.action, vector[network], options), addressOf(KEY));
    });
  }
}

for (const [input, expected] of VECTORS.floatToIntForHashing) {
  Deno.test(`floatToIntForHashing(${input}) is ${expected} as in the Python SDK`, () => {
    assertEquals(floatToIntForHashing(input), BigInt(expected));
  });
}

Deno.test("floatToIntForHashing refuses a value with more than 8 decimals", () => {
  assertThrows(() => floatToIntForHashing(1.0000000001), RangeError);
});

Deno.test("floatToIntForHashing refuses non-finite values", () => {
  assertThrows(() => floatToIntForHashing(Number.NaN), RangeError);
  assertThrows(() => floatToIntForHashing(Infinity), RangeError);
});

Deno.test("an integer ≥ 2^32 is hashed as msgpack uint64 (0xcf), as Python's msgpack does", () => {
  const packed = hex(
    "82" + "a474797065" + "a564756d6d79" + "a36e756d" + "cf000000174876e800", // {type, num}
  );
  const expected = keccak_256(concat(packed, new Uint8Array(8), Uint8Array.of(0)));
  assertEquals(actionHash({ type: "dummy", num: 100000000000 }, { nonce: 0 }), toHex(expected));
});

Deno.test("the hash appends 0x01 and the vault address when trading for a vault", () => {
  const without = actionHash(ORDER, { nonce: 1677777606040 });
  const withVault = actionHash(ORDER, { nonce: 1677777606040, vaultAddress: VAULT });
  assert(without !== withVault);
  // cross-checked once against @nktkas/hyperliquid createL1ActionHash
  assertEquals(withVault, "0x536c41c128a75dc08fb31e02008bcf08b79852616b34e855d514fa673d81955d");
});

Deno.test("the hash appends 0x00 and expiresAfter as 8 big-endian bytes when given", () => {
  assertEquals(
    actionHash(ORDER, { nonce: 1677777606040, expiresAfter: 1677777706040 }),
    "0xb00416bab423ee7aa7e9231310caca0b3946b5b65a0bfcf082259c19043c6452",
  );
  assertEquals(
    actionHash(ORDER, { nonce: 1677777606040, vaultAddress: VAULT, expiresAfter: 1677777706040 }),
    "0x4e2b5fbd70f884de5c8f7c28d98a36ce30068931d1706172cdc36b50d8633381",
  );
});

Deno.test("a null vault address and null expiry hash like absent ones", () => {
  assertEquals(
    actionHash(ORDER, { nonce: 5, vaultAddress: null, expiresAfter: null }),
    actionHash(ORDER, { nonce: 5 }),
  );
});

Deno.test("key order of the action changes the hash", () => {
  const reordered = { orders: ORDER.orders, type: "order", grouping: "na" };
  assert(actionHash(reordered, { nonce: 1 }) !== actionHash(ORDER, { nonce: 1 }));
});

Deno.test("an undefined member is left out of the hash, as JSON.stringify leaves it out of the body", () => {
  assertEquals(
    actionHash({ type: "scheduleCancel", time: undefined }, { nonce: 1 }),
    actionHash({ type: "scheduleCancel" }, { nonce: 1 }),
  );
});

Deno.test("an integer beyond 2^53 in the action is refused rather than hashed as a float", () => {
  assertThrows(() => actionHash({ type: "x", n: 2 ** 60 }, { nonce: 1 }), SigningError);
});

Deno.test("a nonce that is not a non-negative safe integer is refused", () => {
  assertThrows(() => actionHash(ORDER, { nonce: -1 }), SigningError);
  assertThrows(() => actionHash(ORDER, { nonce: 1.5 }), SigningError);
  assertThrows(() => actionHash(ORDER, { nonce: 2 ** 60 }), SigningError);
});

Deno.test("a malformed vault address is refused", () => {
  assertThrows(() => actionHash(ORDER, { nonce: 1, vaultAddress: "0x1234" }), SigningError);
});

Deno.test("signatures come back as 0x + 64 hex r and s, low s, v 27 or 28", async () => {
  const high = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;
  for (let nonce = 0; nonce < 20; nonce++) {
    const signature = await signL1Action(KEY, ORDER, { nonce, isTestnet: false });
    assert(/^0x[0-9a-f]{64}$/.test(signature.r), signature.r);
    assert(/^0x[0-9a-f]{64}$/.test(signature.s), signature.s);
    assert(BigInt(signature.s) <= high);
    assert(signature.v === 27 || signature.v === 28);
  }
});

Deno.test("addressOf gives the lowercase address of the vectors' key", () => {
  assertEquals(addressOf(KEY), "0x14791697260e4c9a71f18484c9f997b308e59325");
});

Deno.test("recoverL1Signer finds a different signer when the action was tampered with", async () => {
  const options = { nonce: 42, isTestnet: true };
  const signature = await signL1Action(KEY, ORDER, options);
  const tampered = { ...ORDER, grouping: "normalTpsl" };
  assert(recoverL1Signer(tampered, signature, options) !== addressOf(KEY));
});

Deno.test("recoverL1Signer finds a different signer when the network differs", async () => {
  const signature = await signL1Action(KEY, ORDER, { nonce: 42, isTestnet: true });
  assert(recoverL1Signer(ORDER, signature, { nonce: 42, isTestnet: false }) !== addressOf(KEY));
});

Deno.test("recoverL1Signer refuses a high-s (malleable) signature", async () => {
  const options = { nonce: 42, isTestnet: false };
  const signature = await signL1Action(KEY, ORDER, options);
  const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
  const flipped: Signature = {
    r: signature.r,
    s: `0x${(n - BigInt(signature.s)).toString(16)}`,
    v: signature.v === 27 ? 28 : 27,
  };
  assertThrows(() => recoverL1Signer(ORDER, flipped, options), SigningError, "high");
});

Deno.test("recoverL1Signer refuses a v other than 27 or 28", async () => {
  const options = { nonce: 42, isTestnet: false };
  const signature = await signL1Action(KEY, ORDER, options);
  assertThrows(() => recoverL1Signer(ORDER, { ...signature, v: 0 }, options), SigningError);
});

Deno.test("recoverL1Signer refuses r and s that are not hex words", () => {
  const bad = { r: "0xzz", s: "0x01", v: 27 };
  assertThrows(() => recoverL1Signer(ORDER, bad, { nonce: 1, isTestnet: false }), SigningError);
});

const MALFORMED_KEYS = [
  "0123456789012345678901234567890123456789012345678901234567890123", // no 0x
  "0x012345678901234567890123456789012345678901234567890123456789012", // 63 digits
  "0x01234567890123456789012345678901234567890123456789012345678901234", // 65 digits
  "0x012345678901234567890123456789012345678901234567890123456789012g", // not hex
  " 0x0123456789012345678901234567890123456789012345678901234567890123", // padded
  "0x0000000000000000000000000000000000000000000000000000000000000000", // zero scalar
  "0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141", // the group order n
];

Deno.test("signing with a malformed key rejects with SigningError that never shows the key", async () => {
  for (const key of MALFORMED_KEYS) {
    let caught: unknown;
    try {
      await signL1Action(key, ORDER, { nonce: 1, isTestnet: false });
    } catch (error) {
      caught = error;
    }
    assert(caught instanceof SigningError, `expected SigningError for key #${key.length}`);
    assertSecret(caught, key);
  }
});

Deno.test("addressOf with a malformed key throws SigningError that never shows the key", () => {
  for (const key of MALFORMED_KEYS) {
    let caught: unknown;
    try {
      addressOf(key);
    } catch (error) {
      caught = error;
    }
    assert(caught instanceof SigningError);
    assertSecret(caught, key);
  }
});

/** The error says what a key must look like and carries no part of it. */
function assertSecret(error: SigningError, key: string): void {
  assertEquals(error.message, "private key must be 0x followed by 64 hex digits");
  const text = `${error.message} ${error.stack ?? ""} ${String(error.cause ?? "")}`;
  const digits = key.trim().replace(/^0x/, "");
  assert(!text.includes(digits.slice(0, 16)), "error text contains the key");
  assertEquals(error.cause, undefined);
}

function hex(text: string): Uint8Array {
  return Uint8Array.from(text.match(/../g) ?? [], (byte) => parseInt(byte, 16));
}

function toHex(bytes: Uint8Array): string {
  return `0x${bytesToHex(bytes)}`;
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

Deno.test("actionHash also takes the positional form (action, nonce, vaultAddress)", () => {
  const action = { type: "scheduleCancel" };
  const vault = "0x1719884eb866cb12b2287399b15f7db5e7d775ea";
  assertEquals(actionHash(action, 5, vault), actionHash(action, { nonce: 5, vaultAddress: vault }));
  assertEquals(actionHash(action, 5), actionHash(action, { nonce: 5 }));
});
