import { AddressBudget, IpWeightWindow } from "../../lib/sim/rate_limits.ts";
import { NonceGuard } from "../../lib/sim/nonces.ts";
import { assertEquals } from "../_helpers.ts";

Deno.test("an IP may spend 1,200 weight in a rolling minute, no more", () => {
  const window = new IpWeightWindow();
  for (let i = 0; i < 600; i++) assertEquals(window.tryCharge("1.2.3.4", 2, 1000 + i), true);
  assertEquals(window.tryCharge("1.2.3.4", 1, 2000), false);
  assertEquals(window.tryCharge("5.6.7.8", 20, 2000), true, "another IP has its own budget");
  assertEquals(window.used("1.2.3.4", 2000), 1200);
});

Deno.test("weight spent more than a minute ago is free again", () => {
  const window = new IpWeightWindow({ limitPerMinute: 10 });
  assertEquals(window.tryCharge("ip", 10, 0), true);
  assertEquals(window.tryCharge("ip", 1, 59_999), false);
  assertEquals(window.tryCharge("ip", 10, 60_000), true);
});

Deno.test("the address budget is 10,000 plus 1 per USDC traded, refused with the exchange's text", () => {
  const budget = new AddressBudget();
  budget.set("0xabc", 10_000);
  assertEquals(
    budget.charge("0xabc", { weight: 1, cumulativeVolumeUsd: 0 }),
    "Too many cumulative requests sent (10001 > 10000) for cumulative volume traded $0. Place taker orders to free up 1 request per USDC traded.",
  );
  assertEquals(budget.charge("0xabc", { weight: 1, cumulativeVolumeUsd: 87457.46 }), undefined);
  assertEquals(budget.used("0xabc"), 10_001);
  assertEquals(budget.cap(87457.46), 97_457);
});

Deno.test("nonces: unseen, not below the 100 kept, within two days back and one ahead", () => {
  const guard = new NonceGuard();
  const now = 1_700_000_000_000;
  assertEquals(guard.accept("0xa", now, now), undefined);
  assertEquals(guard.accept("0xa", now, now), "Invalid nonce: duplicate nonce");
  assertEquals(guard.accept("0xb", now, now), undefined, "nonces are per signer");
  for (let i = 1; i <= 100; i++) guard.accept("0xa", now + i, now);
  assertEquals(guard.accept("0xa", now - 5, now), "Invalid nonce: nonce too low");
  assertEquals(guard.accept("0xa", now - 3 * 86_400_000, now)?.startsWith("Invalid nonce"), true);
  assertEquals(guard.accept("0xa", now + 2 * 86_400_000, now)?.startsWith("Invalid nonce"), true);
});
