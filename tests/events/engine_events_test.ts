/** The NDJSON contract of `mm run` and `mm dry-run`: every line parses with its schema. */

import { ActionEventSchema, EngineEventSchema, QuoteEventSchema } from "../../lib/events/engine.ts";
import { assert, assertEachMatches, assertEquals, ndjson, runMm } from "../_helpers.ts";

Deno.test("every event of a synthetic dry-run matches the schema of its type", async () => {
  const { code, stdout, stderr } = await runMm(["dry-run", "--synthetic", "--minutes", "60"]);
  assertEquals(code, 0, stderr);
  const kinds = assertEachMatches(EngineEventSchema, ndjson(stdout));
  for (const kind of ["start", "status", "quote", "action", "ack", "fill", "stop", "summary"]) {
    assert(kinds.has(kind), `a ${kind} event was written`);
  }
});

Deno.test("an action with a field the contract does not know is refused", () => {
  const action = { ts: 1, type: "action", coin: "BTC", kind: "modify", orders: 2, weight: 1 };
  assert(ActionEventSchema.safeParse(action).success);
  assert(!ActionEventSchema.safeParse({ ...action, orderz: 2 }).success);
  assert(!ActionEventSchema.safeParse({ ...action, kind: "replace" }).success);
});

Deno.test("a quote's decision is one of the risk actions", () => {
  const quote = {
    ts: 1,
    type: "quote",
    coin: "BTC",
    requote_id: "BTC-1",
    decision: "reduce_only",
    reasons: [{
      code: "position_limit",
      action: "reduce_only",
      value: 0.5,
      threshold: 0.4,
      message: "position 0.5 BTC over 0.4",
    }],
    priors: [],
    bids: [[29990, 0.01]],
    asks: [],
    plan: { keep: 0, modify: 1, cancel: 1, place: 0, actions: 1 },
    explanation: {
      timeMs: 1,
      coin: "BTC",
      fairPx: 30000,
      sigmaBpsPerSqrtS: 0.9,
      regime: "normal",
      glft: { halfSpreadBps: 4, skewBps: 0 },
    },
  };
  assert(QuoteEventSchema.safeParse(quote).success);
  assert(!QuoteEventSchema.safeParse({ ...quote, decision: "maybe" }).success);
});
