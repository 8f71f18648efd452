/**
 * Hyperliquid L1-action signing (orders, cancels, modifies…), as the official
 * Python SDK does it (`hyperliquid/utils/signing.py`: `action_hash`,
 * `construct_phantom_agent`, `sign_l1_action`):
 *
 * 1. connectionId = keccak256(msgpack(action) ‖ nonce ‖ vault ‖ expiresAfter);
 * 2. phantom agent = `{ source: "a" (mainnet) | "b" (testnet), connectionId }`;
 * 3. EIP-712 signature of the agent under the domain
 *    `Exchange / 1 / chainId 1337 / verifyingContract 0x0…0`.
 *
 * The EIP-712 hashing is written out for this one fixed type; keccak comes from
 * @noble/hashes and secp256k1 (RFC 6979, low-s) from @noble/curves. No error
 * raised here ever carries a private key.
 *
 * @module
 */

import { secp256k1 } from "@noble/curves/secp256k1.js";
import { keccak_256 } from "@noble/hashes/sha3.js";
import { bytesToHex, hexToBytes } from "@noble/hashes/utils.js";
import { Encoder } from "@msgpack/msgpack";

/** A signing failure: malformed key, address, nonce, action value or signature. Never holds a key. */
export class SigningError extends Error {
  override name = "SigningError";
}

/** An ECDSA signature as the exchange takes it: r and s `0x` + 64 hex digits, v 27 or 28. */
export interface Signature {
  r: string;
  s: string;
  v: number;
}

/** What the action hash covers besides the action. */
export interface ActionHashOptions {
  /** The request nonce: milliseconds since the epoch, unique per signer. */
  nonce: number;
  /** Trading on behalf of a vault or subaccount: its `0x` + 40 hex address. */
  vaultAddress?: string | null;
  /** Expiry of the request, milliseconds since the epoch (optional). */
  expiresAfter?: number | null;
}

/** What an L1 signature covers besides the action. */
export interface L1SignOptions extends ActionHashOptions {
  /** Testnet signs phantom-agent source "b", mainnet "a". */
  isTestnet: boolean;
}

const KEY_MESSAGE = "private key must be 0x followed by 64 hex digits";
const PRIVATE_KEY = /^0x[0-9a-fA-F]{64}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;
const HEX_WORD = /^0x[0-9a-fA-F]{1,64}$/;
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

/**
 * One reusable encoder. Defaults matter: `useBigInt64: false` makes safe
 * integers ≥ 2^32 encode as uint64 (0xcf), as Python's msgpack does (with
 * `useBigInt64: true` they would become float64 and every hash would differ).
 * `ignoreUndefined` drops `undefined` members, as JSON.stringify does for the
 * request body, so the hash covers exactly what the exchange receives.
 */
const ENCODER = new Encoder({ ignoreUndefined: true });

const TEXT = new TextEncoder();

/** keccak256 of "Agent(string source,bytes32 connectionId)" (EIP-712 typeHash). */
const AGENT_TYPE_HASH = keccak_256(TEXT.encode("Agent(string source,bytes32 connectionId)"));

/** keccak256 of the phantom agent's source string, per network. */
const SOURCE_HASH = {
  mainnet: keccak_256(TEXT.encode("a")),
  testnet: keccak_256(TEXT.encode("b")),
};

/**
 * EIP-712 domain separator of `{ name: "Exchange", version: "1", chainId: 1337,
 * verifyingContract: 0x0000000000000000000000000000000000000000 }` (Python SDK
 * `l1_payload`).
 */
const DOMAIN_SEPARATOR = (() => {
  const typeHash = keccak_256(
    TEXT.encode(
      "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)",
    ),
  );
  const chainId = new Uint8Array(32);
  new DataView(chainId.buffer).setUint32(28, 1337);
  return keccak_256(
    concat([
      typeHash,
      keccak_256(TEXT.encode("Exchange")),
      keccak_256(TEXT.encode("1")),
      chainId,
      new Uint8Array(32), // address(0), left-padded to 32 bytes
    ]),
  );
})();

/**
 * The L1 action hash (the phantom agent's `connectionId`), `0x` + 64 hex:
 * keccak256(msgpack(action) ‖ nonce as 8-byte big-endian ‖ 0x00, or 0x01 ‖
 * 20 vault-address bytes ‖ [0x00 ‖ expiresAfter as 8-byte big-endian]).
 * Key order of `action` matters: msgpack keeps insertion order. Source: Python
 * SDK `signing.action_hash`.
 */
export function actionHash(action: Record<string, unknown>, options: ActionHashOptions): string;
/** The same, in the Python SDK's positional form `action_hash(action, vault, nonce)` reordered. */
export function actionHash(
  action: Record<string, unknown>,
  nonce: number,
  vaultAddress?: string | null,
): string;
export function actionHash(
  action: Record<string, unknown>,
  options: ActionHashOptions | number,
  vaultAddress?: string | null,
): string {
  const resolved = typeof options === "number" ? { nonce: options, vaultAddress } : options;
  return `0x${bytesToHex(actionHashBytes(action, resolved))}`;
}

/**
 * Signs an L1 action with a private key (`0x` + 64 hex), as the Python SDK's
 * `sign_l1_action`: EIP-712 signature of the phantom agent. r and s come back
 * as `0x` + 64 hex digits (zero-padded), v as 27 + recovery bit; s is low.
 * Rejects with {@link SigningError} on a malformed key (the key is never in
 * the message).
 */
export function signL1Action(
  privateKey: string,
  action: Record<string, unknown>,
  options: L1SignOptions,
): Promise<Signature> {
  try {
    return Promise.resolve(signL1ActionNow(privateKey, action, options));
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * The address (lowercase `0x` + 40 hex) that signed an L1 action, for
 * authenticating requests. Throws {@link SigningError} on a malformed or
 * high-s signature. Source: EIP-712 digest as in {@link signL1Action}, public
 * key recovery per SEC 1 §4.1.6.
 */
export function recoverL1Signer(
  action: Record<string, unknown>,
  signature: Signature,
  options: L1SignOptions,
): string {
  const r = parseWord(signature.r, "r");
  const s = parseWord(signature.s, "s");
  if (signature.v !== 27 && signature.v !== 28) {
    throw new SigningError(`signature v must be 27 or 28, got ${String(signature.v)}`);
  }
  if (r === 0n || r >= SECP256K1_N || s === 0n || s >= SECP256K1_N) {
    throw new SigningError("signature r and s must lie in [1, n-1] of secp256k1");
  }
  if (s > SECP256K1_N >> 1n) throw new SigningError("signature s is high (malleable)");
  const digest = l1Digest(actionHashBytes(action, options), options.isTestnet);
  try {
    const point = new secp256k1.Signature(r, s, signature.v - 27).recoverPublicKey(digest);
    return addressOfPublicKey(point.toBytes(false));
  } catch {
    throw new SigningError("signature does not recover to a public key");
  }
}

/**
 * The address of a private key (`0x` + 64 hex): lowercase `0x` + 40 hex, the
 * last 20 bytes of keccak256 of the uncompressed public key without its 0x04
 * prefix (Ethereum yellow paper). Throws {@link SigningError} on a malformed key.
 */
export function addressOf(privateKey: string): string {
  const key = parsePrivateKey(privateKey);
  try {
    return addressOfPublicKey(secp256k1.getPublicKey(key, false));
  } catch {
    throw new SigningError(KEY_MESSAGE);
  } finally {
    key.fill(0);
  }
}

/**
 * x·10^8 as an integer, as the Python SDK's `float_to_int_for_hashing`
 * (`float_to_int(x, 8)`): throws RangeError when x·10^8 is 0.001 or more
 * from an integer (the value would lose precision). An integral x is scaled
 * exactly, as Python does for an `int` (123123123123 → 12312312312300000000,
 * where the float product would be …299999232); other values go through the
 * float product, as Python does for a `float`.
 */
export function floatToIntForHashing(x: number): bigint {
  if (!Number.isFinite(x)) throw new RangeError(`cannot hash non-finite ${x} as an integer`);
  if (Number.isInteger(x)) return BigInt(x) * 100_000_000n;
  const scaled = x * 1e8;
  const rounded = Math.round(scaled);
  if (Math.abs(rounded - scaled) >= 1e-3) {
    throw new RangeError(`${x} has more than 8 decimals: float_to_int would round it`);
  }
  return BigInt(rounded);
}

// ---------------------------------------------------------------------------

function signL1ActionNow(
  privateKey: string,
  action: Record<string, unknown>,
  options: L1SignOptions,
): Signature {
  const key = parsePrivateKey(privateKey);
  try {
    const digest = l1Digest(actionHashBytes(action, options), options.isTestnet);
    let signed: Uint8Array;
    try {
      signed = secp256k1.sign(digest, key, { prehash: false, lowS: true, format: "recovered" });
    } catch {
      // noble rejects a zero or ≥ n scalar; its message may describe the input
      throw new SigningError(KEY_MESSAGE);
    }
    return {
      r: `0x${bytesToHex(signed.subarray(1, 33))}`,
      s: `0x${bytesToHex(signed.subarray(33, 65))}`,
      v: 27 + signed[0],
    };
  } finally {
    key.fill(0);
  }
}

function actionHashBytes(action: Record<string, unknown>, options: ActionHashOptions): Uint8Array {
  checkHashable(action, "action");
  const packed = ENCODER.encode(action);
  const { nonce, vaultAddress, expiresAfter } = options;
  const hasVault = vaultAddress !== undefined && vaultAddress !== null;
  const hasExpiry = expiresAfter !== undefined && expiresAfter !== null;
  const tail = new Uint8Array(8 + 1 + (hasVault ? 20 : 0) + (hasExpiry ? 9 : 0));
  const view = new DataView(tail.buffer);
  view.setBigUint64(0, uint64(nonce, "nonce"));
  let at = 8;
  if (hasVault) {
    if (!ADDRESS.test(vaultAddress)) {
      throw new SigningError("vault address must be 0x followed by 40 hex digits");
    }
    tail[at] = 1;
    tail.set(hexToBytes(vaultAddress.slice(2)), at + 1);
    at += 21;
  } else {
    tail[at] = 0;
    at += 1;
  }
  if (hasExpiry) {
    tail[at] = 0;
    view.setBigUint64(at + 1, uint64(expiresAfter, "expiresAfter"));
  }
  return keccak_256(concat([packed, tail]));
}

/** The EIP-712 digest keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(Agent)). */
function l1Digest(connectionId: Uint8Array, isTestnet: boolean): Uint8Array {
  const structHash = keccak_256(
    concat([AGENT_TYPE_HASH, isTestnet ? SOURCE_HASH.testnet : SOURCE_HASH.mainnet, connectionId]),
  );
  return keccak_256(concat([Uint8Array.of(0x19, 0x01), DOMAIN_SEPARATOR, structHash]));
}

function addressOfPublicKey(uncompressed: Uint8Array): string {
  return `0x${bytesToHex(keccak_256(uncompressed.subarray(1)).subarray(12))}`;
}

function parsePrivateKey(privateKey: unknown): Uint8Array {
  if (typeof privateKey !== "string" || !PRIVATE_KEY.test(privateKey)) {
    throw new SigningError(KEY_MESSAGE);
  }
  return hexToBytes(privateKey.slice(2));
}

function parseWord(hex: unknown, name: string): bigint {
  if (typeof hex !== "string" || !HEX_WORD.test(hex)) {
    throw new SigningError(`signature ${name} must be 0x followed by 1 to 64 hex digits`);
  }
  return BigInt(hex);
}

function uint64(value: unknown, name: string): bigint {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new SigningError(`${name} must be a non-negative safe integer, got ${String(value)}`);
  }
  return BigInt(value);
}

/**
 * Refuses values whose msgpack form would differ from Python's: integers beyond
 * 2^53 (JavaScript would encode them as float64), non-finite numbers, bigints
 * and other non-JSON values.
 */
function checkHashable(value: unknown, path: string): void {
  switch (typeof value) {
    case "string":
    case "boolean":
    case "undefined":
      return;
    case "number":
      if (!Number.isFinite(value)) throw new SigningError(`${path} is ${value}: not hashable`);
      if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
        throw new SigningError(`${path} is ${value}: integers beyond 2^53 would hash as float64`);
      }
      return;
    case "object":
      if (value === null) return;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) checkHashable(value[i], `${path}[${i}]`);
        return;
      }
      if (value instanceof Uint8Array) return;
      for (const [key, member] of Object.entries(value)) checkHashable(member, `${path}.${key}`);
      return;
    default:
      throw new SigningError(`${path} is a ${typeof value}: actions hold JSON values only`);
  }
}

function concat(parts: Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
