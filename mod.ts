/**
 * mm — the library behind the `mm` command line: the stable API of `lib/`.
 *
 * @module
 */

export * from "./lib/analysis/mod.ts";
export * from "./lib/events/mod.ts";
export { InputError, type InputLocation, UsageError } from "./lib/errors.ts";
export { type UserFill, UserFillSchema } from "./lib/hyperliquid/schemas.ts";
