/** Each injectable fault, seen by a client of the running simulator. */

import { SecretKey } from "../../lib/config/secrets.ts";
import { HyperliquidExchange } from "../../lib/hyperliquid/exchange_client.ts";
import { resolveNetwork } from "../../lib/hyperliquid/network.ts";
import { FaultInjector } from "../../lib/sim/faults.ts";
import { LiveMarket } from "../../lib/sim/market_driver.ts";
import { MarketGenerator } from "../../lib/sim/generator.ts";
import { startTestSim } from "./_sim.ts";
import { assert, assertEquals } from "../_helpers.ts";

async function info(url: string, body: unknown): Promise<Response> {
  return await fetch(`${url}/info`, { method: "POST", body: JSON.stringify(body) });
}

Deno.test("a 5xx share answers HTTP 500 for about that share of requests", async () => {
  const faults = new FaultInjector({ serverErrorShare: 0.5, seed: 1 }, { startMs: 0 });
  const sim = startTestSim({ faults, ipWeightPerMinute: 100_000 });
  try {
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) {
      const response = await info(sim.server.url, { type: "allMids" });
      await response.body?.cancel();
      statuses.push(response.status);
    }
    const errors = statuses.filter((s) => s === 500).length;
    assert(errors > 15 && errors < 45, `${errors} of 60 were 500`);
    assertEquals(errors, faults.counts.http_500);
    assert(statuses.every((s) => s === 200 || s === 500));
  } finally {
    await sim.close();
  }
});

Deno.test("a 429 share answers HTTP 429 and counts it", async () => {
  const faults = new FaultInjector({ rateLimitShare: 1 }, { startMs: 0 });
  const sim = startTestSim({ faults });
  try {
    const response = await info(sim.server.url, { type: "meta" });
    await response.body?.cancel();
    assertEquals([response.status, response.headers.get("content-type"), faults.counts.http_429], [
      429,
      "application/json",
      1,
    ]);
  } finally {
    await sim.close();
  }
});

Deno.test("added latency delays every answer", async () => {
  const faults = new FaultInjector({ latencyMs: 120 }, { startMs: 0 });
  const sim = startTestSim({ faults });
  try {
    const started = performance.now();
    await (await info(sim.server.url, { type: "meta" })).json();
    assert(performance.now() - started >= 115, "answered after the injected latency");
    assertEquals(faults.counts.latency, 1);
  } finally {
    await sim.close();
  }
});

Deno.test("a share of orders is rejected whatever their merit", async () => {
  const faults = new FaultInjector({ rejectOrderShare: 1 }, { startMs: 0 });
  const sim = startTestSim({ faults });
  try {
    const client = new HyperliquidExchange(resolveNetwork({ apiUrl: sim.server.url }), {
      key: new SecretKey("0x" + "22".repeat(32), { source: "test" }),
    });
    const [result] = await client.placeOrders([{
      coin: "BTC",
      side: "buy",
      px: 29_000,
      sz: 0.01,
      tif: "Alo",
    }]);
    assertEquals(result, { status: "error", message: "Insufficient margin to place order." });
    assertEquals(faults.counts.order_reject, 1);
  } finally {
    await sim.close();
  }
});

Deno.test("WebSocket connections are dropped every N seconds", async () => {
  const faults = new FaultInjector({ dropWsEverySeconds: 1 }, { startMs: Date.now() });
  const sim = startTestSim({ faults });
  const socket = new WebSocket(sim.server.wsUrl);
  try {
    await new Promise((resolve) => (socket.onopen = resolve));
    const closed = new Promise<CloseEvent>((resolve) => (socket.onclose = resolve));
    sim.clock.ms += 1500; // the server's tick sees the drop come due
    const event = await closed;
    assertEquals(event.code, 1012);
    assertEquals(faults.counts.ws_drop, 1);
  } finally {
    socket.close();
    await sim.close();
  }
});

Deno.test("a stalled feed publishes no book frames while it lasts", () => {
  const faults = new FaultInjector({ stallFeedAfterSeconds: 1, stallFeedForSeconds: 2 }, {
    startMs: 0,
  });
  const frames: number[] = [];
  let now = 0;
  const market = new LiveMarket(
    [new MarketGenerator({ coin: "BTC", szDecimals: 5, startPx: 90_000, startMs: 0, seed: 3 })],
    { sink: () => frames.push(now), now: () => now, faults },
  );
  for (now = 0; now <= 5_000; now += 100) market.step();
  assert(frames.some((t) => t < 1000), "frames before the stall");
  assertEquals(frames.filter((t) => t >= 1000 && t < 3000).length, 0);
  assert(frames.some((t) => t >= 3000), "frames after the stall");
  assertEquals(faults.counts.feed_stall, 1);
});

Deno.test("an idle WebSocket is closed by the server, as the real one does", async () => {
  const sim = startTestSim({ idleTimeoutMs: 200 });
  const socket = new WebSocket(sim.server.wsUrl);
  try {
    await new Promise((resolve) => (socket.onopen = resolve));
    const closed = new Promise<CloseEvent>((resolve) => (socket.onclose = resolve));
    sim.clock.ms += 1000;
    assertEquals((await closed).reason, "idle");
  } finally {
    await sim.close();
  }
});
