/**
 * mm — the library behind the `mm` command line: the stable API of `lib/`.
 *
 * @module
 */

export * from "./lib/analysis/mod.ts";
export * from "./lib/events/mod.ts";
export * from "./lib/hyperliquid/mod.ts";
export * as market from "./lib/market/mod.ts";
export * as strategy from "./lib/strategy/mod.ts";
export { loadConfig, type MmConfig, MmConfigSchema } from "./lib/config/mm_config.ts";
export { QuotingEngine } from "./lib/engine/engine.ts";
export { runDryRun } from "./lib/engine/dry_run.ts";
export { fillEvent, Journal, readJournal } from "./lib/engine/journal.ts";
export { DeadMansSwitch } from "./lib/engine/dead_mans_switch.ts";
export { PaperExchange } from "./lib/engine/paper_exchange.ts";
export { reconcile } from "./lib/engine/reconciler.ts";
export { RateLimitTracker } from "./lib/engine/rate_tracker.ts";
export { SimServer } from "./lib/sim/server.ts";
export { MatchingEngine } from "./lib/sim/matching.ts";
export { generateMarket, MarketGenerator } from "./lib/sim/generator.ts";
export { loadPrivateKey, parseAddress, SecretKey } from "./lib/config/secrets.ts";
export { InputError, type InputLocation, UsageError } from "./lib/errors.ts";
