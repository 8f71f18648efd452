/**
 * mm — the library behind the `mm` command line: the stable API of `lib/`.
 *
 * @module
 */

export * from "./lib/analysis/mod.ts";
export * from "./lib/events/mod.ts";
export * from "./lib/hyperliquid/mod.ts";
export { loadPrivateKey, parseAddress, SecretKey } from "./lib/config/secrets.ts";
export { InputError, type InputLocation, UsageError } from "./lib/errors.ts";
