import { type FaultEvent, FaultInjector, FaultPlanSchema } from "../../lib/sim/faults.ts";
import { FaultEventSchema } from "../../lib/events/sim.ts";
import { assert, assertEachMatches, assertEquals } from "../_helpers.ts";

Deno.test("a share of requests gets 5xx or 429, reproducibly for a seed, each counted and logged", () => {
  const run = () => {
    const log: FaultEvent[] = [];
    const faults = new FaultInjector({ serverErrorShare: 0.2, rateLimitShare: 0.1, seed: 3 }, {
      startMs: 0,
      log: (e) => log.push(e),
    });
    const answers = Array.from({ length: 1000 }, (_, i) => faults.httpFault(i));
    return { answers, counts: faults.counts, log };
  };
  const a = run(), b = run();
  assertEquals(a.answers, b.answers);
  assert(a.counts.http_500 > 150 && a.counts.http_500 < 250, `500s: ${a.counts.http_500}`);
  assert(a.counts.http_429 > 50 && a.counts.http_429 < 110, `429s: ${a.counts.http_429}`);
  assertEquals(a.log.length, a.counts.http_500 + a.counts.http_429);
  assertEachMatches(FaultEventSchema, a.log);
});

Deno.test("the feed stalls in its window and is logged once per stall", () => {
  const log: FaultEvent[] = [];
  const faults = new FaultInjector({ stallFeedAfterSeconds: 10, stallFeedForSeconds: 5 }, {
    startMs: 0,
    log: (e) => log.push(e),
  });
  assertEquals([9_999, 10_000, 12_000, 14_999, 15_000].map((t) => faults.feedStalled(t)), [
    false,
    true,
    true,
    true,
    false,
  ]);
  assertEquals(log.map((e) => e.fault), ["feed_stall"]);
});

Deno.test("WebSocket drops come due every N seconds", () => {
  const faults = new FaultInjector({ dropWsEverySeconds: 2 }, { startMs: 0 });
  assertEquals([1000, 2000, 2500, 4000].map((t) => faults.wsDropDue(t)), [
    false,
    true,
    false,
    true,
  ]);
  assertEquals(faults.counts.ws_drop, 2);
});

Deno.test("a plan with unknown keys is refused", () => {
  assertEquals(FaultPlanSchema.safeParse({ dropWsEvery: 3 }).success, false);
  assertEquals(new FaultInjector({}, { startMs: 0 }).active, false);
  assertEquals(new FaultInjector({ latencyMs: 5 }, { startMs: 0 }).active, true);
});
