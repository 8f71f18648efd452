import { CloidFactory, isCloid, isMmCloid } from "../../lib/hyperliquid/cloid.ts";
import { mulberry32 } from "../../lib/analysis/synthetic_history.ts";
import { assert, assertEquals } from "../_helpers.ts";

Deno.test("cloids are 16 bytes of lowercase hex with the process prefix and a counter", () => {
  const factory = new CloidFactory({ sessionId: "0123456789ab" });
  assertEquals(factory.next(), "0x6d6d0123456789ab0000000000000001");
  assertEquals(factory.next(), "0x6d6d0123456789ab0000000000000002");
  assert(isCloid(factory.next()));
});

Deno.test("a process recognises its own cloids, and any mm cloid by the tag", () => {
  const ours = new CloidFactory({ random: mulberry32(1) });
  const earlier = new CloidFactory({ random: mulberry32(2) });
  const mine = ours.next(), before = earlier.next();
  assert(ours.isOwn(mine));
  assert(!ours.isOwn(before), "another session's cloid is not this process's");
  assert(isMmCloid(before), "but it is recognisably mm's, to reclaim after a restart");
  assert(!isMmCloid("0x5bdd47600dea461f36c8378cd7b4150c"), "a foreign cloid is not mm's");
  assert(!isMmCloid(null) && !isMmCloid("0x6d6d"));
});

Deno.test("session ids come from the injected randomness", () => {
  assertEquals(
    new CloidFactory({ random: mulberry32(9) }).prefix,
    new CloidFactory({ random: mulberry32(9) }).prefix,
  );
});
