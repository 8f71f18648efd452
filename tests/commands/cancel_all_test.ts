/** `mm cancel-all` against the simulator: every order gone and verified, even through faults. */

import { SecretKey } from "../../lib/config/secrets.ts";
import { HyperliquidExchange } from "../../lib/hyperliquid/exchange_client.ts";
import { resolveNetwork } from "../../lib/hyperliquid/network.ts";
import { FaultInjector } from "../../lib/sim/faults.ts";
import { startTestSim } from "../sim/_sim.ts";
import { CancelAllEventSchema } from "../../lib/events/ops.ts";
import { assert, assertEachMatches, assertEquals, ndjson, repoPath } from "../_helpers.ts";
import denoJson from "../../deno.json" with { type: "json" };

const KEY = "0x4444444444444444444444444444444444444444444444444444444444444444";

async function cancelAll(
  apiUrl: string,
  args: string[] = [],
  env: Record<string, string> = { HL_PRIVATE_KEY: KEY },
) {
  const words = denoJson.tasks.mm.split(/\s+/).slice(1).map((
    w,
  ) => (w.endsWith(".ts") ? repoPath(w) : w));
  const output = await new Deno.Command(Deno.execPath(), {
    args: [...words, "cancel-all", "--api-url", apiUrl, ...args],
    env: { ...env, NO_COLOR: "1" },
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  const events = ndjson(decoder.decode(output.stdout));
  assertEachMatches(CancelAllEventSchema, events);
  return { code: output.code, events, stderr: decoder.decode(output.stderr) };
}

/** 2 × `perSide` resting orders on BTC, half with mm's cloid tag. */
async function placeOrders(url: string, perSide: number) {
  const client = new HyperliquidExchange(resolveNetwork({ apiUrl: url }), {
    key: new SecretKey(KEY, { source: "test" }),
  });
  const orders = Array.from({ length: perSide * 2 }, (_, i) => ({
    coin: "BTC",
    side: i % 2 === 0 ? "buy" as const : "sell" as const,
    px: i % 2 === 0 ? 29_000 - i : 31_000 + i,
    sz: 0.001,
    tif: "Alo" as const,
    ...(i < perSide ? { cloid: `0x6d6d0000000000aa${String(i + 1).padStart(16, "0")}` } : {}),
  }));
  const results = await client.placeOrders(orders);
  assert(
    results.every((r) => r.status === "resting"),
    JSON.stringify(results.find((r) => r.status !== "resting")),
  );
  return client;
}

Deno.test("100 resting orders: all cancelled in one action, verified, schedule cleared, exit 0", async () => {
  const sim = startTestSim();
  try {
    const client = await placeOrders(sim.server.url, 50);
    await client.scheduleCancel(sim.clock.ms + 60_000);
    const { code, events, stderr } = await cancelAll(sim.server.url);
    assertEquals(code, 0, stderr);
    const printed = JSON.stringify(events) + stderr;
    assert(!printed.includes(KEY.slice(2)), "the key is never printed");
    assertEquals(await client.openOrders(), []);
    const final = events.at(-1)!;
    assertEquals([final.type, final.cancelled, final.remaining], ["cancel_all", 100, 0]);
    const cancels = events.filter((e) => e.type === "action" && e.kind === "cancel");
    assertEquals(cancels.length, 1, "one signed action for 100 cancels");
    assert(events.some((e) => e.kind === "scheduleCancel" && e.cleared === true));
    assertEquals(sim.server.actions.scheduled.size, 0, "the dead man's switch is cleared");
  } finally {
    await sim.close();
  }
});

Deno.test("--only-mine leaves orders mm did not place; --asset limits the coins", async () => {
  const sim = startTestSim();
  try {
    const client = await placeOrders(sim.server.url, 5);
    const mine = await cancelAll(sim.server.url, ["--only-mine", "--keep-schedule"]);
    assertEquals([mine.code, mine.events.at(-1)!.cancelled], [0, 5]);
    assertEquals((await client.openOrders()).length, 5);
    const eth = await cancelAll(sim.server.url, ["--asset", "ETH"]);
    assertEquals([eth.code, eth.events.at(-1)!.cancelled], [0, 0]);
    assertEquals((await client.openOrders()).length, 5, "BTC orders untouched by --asset ETH");
  } finally {
    await sim.close();
  }
});

Deno.test("through 5xx and 429 answers it still ends with zero orders", async () => {
  const faults = new FaultInjector({ serverErrorShare: 0.3, rateLimitShare: 0.2, seed: 9 }, {
    startMs: Date.now(),
  });
  const sim = startTestSim({ ipWeightPerMinute: 100_000 });
  try {
    const client = await placeOrders(sim.server.url, 20);
    sim.server.setFaults(faults); // faults only from now on: the orders were placed cleanly
    const { code, events } = await cancelAll(sim.server.url);
    assertEquals(code, 0);
    assertEquals(await client.openOrders(), []);
    assertEquals(events.at(-1)!.remaining, 0);
  } finally {
    await sim.close();
  }
});

Deno.test("an unreachable exchange is exit 1 with one line; no key is exit 2", async () => {
  const sim = startTestSim();
  const url = sim.server.url;
  await sim.close();
  const down = await cancelAll(url, ["--timeout", "1"]);
  assertEquals(down.code, 1);
  assertEquals(down.stderr.trim().split("\n").length, 1, down.stderr);
  const noKey = await cancelAll(url, [], {});
  assertEquals(noKey.code, 2);
  assert(noKey.stderr.includes("HL_PRIVATE_KEY"), noKey.stderr);
});

Deno.test("a malformed key is refused without being echoed", async () => {
  const sim = startTestSim();
  try {
    const secret = "0xzz" + "9".repeat(62);
    const run = await cancelAll(sim.server.url, [], { HL_PRIVATE_KEY: secret });
    assertEquals(run.code, 2);
    assert(!run.stderr.includes("9".repeat(20)), run.stderr);
  } finally {
    await sim.close();
  }
});
