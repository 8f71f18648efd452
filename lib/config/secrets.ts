/**
 * The private key: from `HL_PRIVATE_KEY` or a key file only its owner can
 * read. It lives in a {@link SecretKey} whose every printable form is
 * redacted, so it cannot reach output, logs, NDJSON or errors by accident.
 *
 * @module
 */

import { readFileSync, statSync } from "node:fs";
import { UsageError } from "../errors.ts";

const REDACTED = "[redacted private key]";
const KEY = /^(0x)?[0-9a-fA-F]{64}$/;
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

/** A private key that never prints itself. `reveal()` is for the signer only. */
export class SecretKey {
  readonly #hex: string;

  /** @throws {UsageError} (without the value) when it is not 32 bytes of hex. */
  constructor(text: string, options: { source: string }) {
    const trimmed = text.trim();
    if (!KEY.test(trimmed)) {
      throw new UsageError(
        `the private key from ${options.source} is not 64 hex digits (optionally 0x-prefixed)`,
      );
    }
    this.#hex = trimmed.startsWith("0x") ? trimmed.toLowerCase() : `0x${trimmed.toLowerCase()}`;
  }

  /** The key as `0x` + 64 hex digits, for signing. Never print it. */
  reveal(): string {
    return this.#hex;
  }

  /** Redacted. */
  toString(): string {
    return REDACTED;
  }

  /** Redacted. */
  toJSON(): string {
    return REDACTED;
  }

  /** Redacted in `console.log` / `Deno.inspect` / `util.inspect`. */
  [Symbol.for("Deno.customInspect")](): string {
    return REDACTED;
  }

  /** Redacted in Node's `util.inspect`. */
  [Symbol.for("nodejs.util.inspect.custom")](): string {
    return REDACTED;
  }
}

/** Where to look for the key. */
export interface KeySources {
  /** Environment (injected; the CLI passes `process.env`). */
  env: Record<string, string | undefined>;
  /** `--key-file PATH`, which wins over the environment. */
  keyFile?: string;
}

/**
 * Loads the key from `--key-file` (refused when group or others can read
 * it) or `HL_PRIVATE_KEY`.
 *
 * @throws {UsageError} when there is none, the file is too open, or it is malformed.
 */
export function loadPrivateKey(sources: KeySources): SecretKey {
  if (sources.keyFile !== undefined) {
    const path = sources.keyFile;
    let mode: number;
    try {
      mode = statSync(path).mode;
    } catch {
      throw new UsageError(`cannot read key file ${path}: no such file`);
    }
    if ((mode & 0o077) !== 0) {
      const octal = (mode & 0o777).toString(8).padStart(3, "0");
      throw new UsageError(
        `key file ${path} can be read by others (mode ${octal}); run: chmod 600 ${path}`,
      );
    }
    return new SecretKey(readFileSync(path, "utf8"), { source: `key file ${path}` });
  }
  const fromEnv = sources.env.HL_PRIVATE_KEY;
  if (fromEnv === undefined || fromEnv.trim() === "") {
    throw new UsageError("no private key: set HL_PRIVATE_KEY or pass --key-file PATH (mode 600)");
  }
  return new SecretKey(fromEnv, { source: "HL_PRIVATE_KEY" });
}

/**
 * A checked 0x address, lowercased.
 *
 * @throws {UsageError} naming where it came from.
 */
export function parseAddress(text: string, options: { source: string }): string {
  const trimmed = text.trim();
  if (!ADDRESS.test(trimmed)) {
    throw new UsageError(`${options.source} "${trimmed}" is not an address (0x + 40 hex digits)`);
  }
  return trimmed.toLowerCase();
}
