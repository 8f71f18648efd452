/**
 * The simulator's benchmarks (one section of `deno task bench`):
 * - start-up: `mm sim` from spawn to answering (target under 1 s);
 * - replay throughput through the server, `--speed max`, with a WebSocket
 *   client subscribed to the book and trades (target ≥ 100,000 messages/s);
 * - matching-engine throughput (target ≥ 200,000 order operations/s).
 *
 * @module
 */

import { generateMarket, type MarketFrame } from "../lib/sim/generator.ts";
import { replayMarket } from "../lib/sim/market_driver.ts";
import { MatchingEngine } from "../lib/sim/matching.ts";
import { SimServer } from "../lib/sim/server.ts";
import { simUniverse } from "../lib/sim/universe.ts";
import { mmTaskArgs } from "./_cli.ts";
import { SecretKey } from "../lib/config/secrets.ts";
import { HyperliquidExchange } from "../lib/hyperliquid/exchange_client.ts";
import { resolveNetwork } from "../lib/hyperliquid/network.ts";

const TARGETS = {
  startup_ms: 1000,
  replay_messages_per_s: 100_000,
  matching_ops_per_s: 200_000,
  cancel_all_100_ms: 1000,
};

const KEY = "0x5555555555555555555555555555555555555555555555555555555555555555";

/** `mm cancel-all` of 100 resting orders, spawn to exit (start-up included), ms. */
async function cancelAll100Ms(): Promise<number> {
  const server = SimServer.start({ engine: engine(), now: Date.now });
  try {
    server.publishMarket({
      channel: "l2Book",
      data: {
        coin: "BTC",
        time: Date.now(),
        levels: [[{ px: "90000", sz: "1", n: 1 }], [{ px: "90001", sz: "1", n: 1 }]],
      },
    });
    const client = new HyperliquidExchange(resolveNetwork({ apiUrl: server.url }), {
      key: new SecretKey(KEY, { source: "bench" }),
    });
    await client.placeOrders(Array.from({ length: 100 }, (_, i) => ({
      coin: "BTC",
      side: i % 2 === 0 ? "buy" as const : "sell" as const,
      px: i % 2 === 0 ? 89_000 - i : 91_000 + i,
      sz: 0.001,
      tif: "Alo" as const,
    })));
    const started = performance.now();
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", ...mmTaskArgs(), "cancel-all", "--api-url", server.url],
      env: { HL_PRIVATE_KEY: KEY },
      stdout: "piped",
      stderr: "null",
    }).output();
    const elapsed = performance.now() - started;
    if (output.code !== 0 || (await client.openOrders()).length !== 0) {
      throw new Error("cancel-all left orders");
    }
    return elapsed;
  } finally {
    await server.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Spawn to `sim_ready` plus one answered /info request, ms. */
async function startupMs(): Promise<number> {
  const started = performance.now();
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", ...mmTaskArgs(), "sim", "--port", "0"],
    stdout: "piped",
    stderr: "null",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  let url = "";
  while (url === "") {
    const { value, done } = await reader.read();
    if (done) throw new Error("mm sim ended before sim_ready");
    buffer += value;
    const line = buffer.split("\n").find((l) => l.includes("sim_ready"));
    if (line !== undefined) url = JSON.parse(line).url;
  }
  await (await fetch(`${url}/info`, { method: "POST", body: '{"type":"meta"}' })).json();
  const elapsed = performance.now() - started;
  child.kill("SIGTERM");
  await child.status;
  reader.releaseLock();
  await child.stdout.cancel().catch(() => {});
  return elapsed;
}

/** Frames of `hours` generated BTC hours, in memory. */
function marketFrames(hours: number): MarketFrame[] {
  return [
    ...generateMarket({
      coin: "BTC",
      szDecimals: 5,
      startPx: 90_000,
      seed: 7,
      minutes: hours * 60,
      startMs: Date.UTC(2026, 0, 5),
    }),
  ];
}

function engine(): MatchingEngine {
  return new MatchingEngine({
    assets: simUniverse().map(({ coin, szDecimals, maxLeverage }) => ({
      coin,
      szDecimals,
      maxLeverage,
    })),
    now: Date.now,
  });
}

/** Replays frames through a live server with a subscribed WebSocket client; messages/s. */
async function replayThroughput(
  frames: MarketFrame[],
): Promise<{ messages: number; seconds: number; received: number }> {
  const server = SimServer.start({ engine: engine(), now: Date.now });
  const socket = new WebSocket(server.wsUrl);
  let received = 0;
  await new Promise((resolve) => (socket.onopen = resolve));
  socket.onmessage = () => received++;
  socket.send(
    JSON.stringify({ method: "subscribe", subscription: { type: "l2Book", coin: "BTC" } }),
  );
  socket.send(
    JSON.stringify({ method: "subscribe", subscription: { type: "trades", coin: "BTC" } }),
  );
  await new Promise((resolve) => setTimeout(resolve, 100));
  async function* batches() {
    for (let i = 0; i < frames.length; i += 2048) yield frames.slice(i, i + 2048);
  }
  const started = performance.now();
  const report = await replayMarket(batches(), {
    sink: (f) => server.publishMarket(f),
    speed: "max",
    now: Date.now,
  });
  const seconds = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 200));
  socket.close();
  await server.close();
  return { messages: report.frames, seconds, received };
}

/** Place / modify / cancel cycles on a busy book; operations per second. */
function matchingThroughput(operations: number): number {
  const book = engine();
  book.applyBook("BTC", {
    bids: Array.from({ length: 20 }, (_, i) => [89_999 - i, 1] as [number, number]),
    asks: Array.from({ length: 20 }, (_, i) => [90_001 + i, 1] as [number, number]),
    time: Date.now(),
  });
  const users = Array.from({ length: 8 }, (_, i) => `0x${String(i + 1).padStart(40, "0")}`);
  const started = performance.now();
  let done = 0;
  let i = 0;
  while (done < operations) {
    const user = users[i % users.length];
    const isBuy = i % 2 === 0;
    const px = isBuy ? 89_990 - (i % 50) : 90_010 + (i % 50);
    const placed = book.placeOrder(user, {
      asset: 0,
      isBuy,
      px,
      sz: 0.001,
      tif: "Alo",
      reduceOnly: false,
    });
    done++;
    if ("resting" in placed) {
      const moved = book.modifyOrder(user, placed.resting.oid, {
        asset: 0,
        isBuy,
        px: isBuy ? px - 1 : px + 1,
        sz: 0.001,
        tif: "Alo",
        reduceOnly: false,
      });
      done++;
      if ("resting" in moved) {
        book.cancel(user, 0, moved.resting.oid);
        done++;
      }
    }
    i++;
  }
  return operations / ((performance.now() - started) / 1000);
}

/** Runs the sim section. */
export async function benchSim(options: { runs: number }): Promise<Record<string, unknown>> {
  const startups: number[] = [];
  for (let i = 0; i < options.runs; i++) startups.push(await startupMs());
  const frames = marketFrames(6);
  const replays = [];
  for (let i = 0; i < Math.min(options.runs, 3); i++) replays.push(await replayThroughput(frames));
  const replayRate = median(replays.map((r) => r.messages / r.seconds));
  const matching = median(Array.from({ length: 3 }, () => matchingThroughput(300_000)));
  const cancels: number[] = [];
  for (let i = 0; i < options.runs; i++) cancels.push(await cancelAll100Ms());
  return {
    startup_ms_median: Math.round(median(startups)),
    startup_ms_each: startups.map(Math.round),
    replay_messages: frames.length,
    replay_messages_per_s: Math.round(replayRate),
    replay_ws_frames_received: replays[0].received,
    matching_ops_per_s: Math.round(matching),
    cancel_all_100_ms_median: Math.round(median(cancels)),
    targets: TARGETS,
    targets_met: {
      startup: median(startups) < TARGETS.startup_ms,
      replay: replayRate >= TARGETS.replay_messages_per_s,
      matching: matching >= TARGETS.matching_ops_per_s,
      cancel_all: median(cancels) < TARGETS.cancel_all_100_ms,
    },
  };
}
