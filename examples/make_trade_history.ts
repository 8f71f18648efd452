/**
 * Writes examples/trade_history.csv: a synthetic week of a market maker's
 * fills in the web app's export format, with toxic hours 06, 07 and 14 UTC
 * and adverse selection above 2,000 USD planted for analyze-trades to find.
 *
 *     deno run --allow-write=examples examples/make_trade_history.ts
 */

import { syntheticTradeHistory } from "../lib/analysis/synthetic_history.ts";

const lines = [...syntheticTradeHistory({ rows: 2000, seed: 7, meanGapSeconds: 600 })];
await Deno.writeTextFile(new URL("./trade_history.csv", import.meta.url), lines.join("\n") + "\n");
