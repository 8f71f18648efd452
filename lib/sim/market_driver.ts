/**
 * What moves the simulator's market: generators run in real time from a
 * seed (the default, so a live market exists from the first second), or a
 * recorded file replayed at a speed or as fast as possible.
 *
 * @module
 */

import type { FaultInjector } from "./faults.ts";
import type { MarketGenerator } from "./generator.ts";
import { frameTime, type MarketFrame } from "./market_file.ts";
import type { Frame } from "./ws_hub.ts";

/** Where frames go (the server's `publishMarket`). */
export type FrameSink = (frame: Frame) => void;

/** Runs generators against the wall clock, pushing their frames every `intervalMs`. */
export class LiveMarket {
  readonly #generators: MarketGenerator[];
  readonly #sink: FrameSink;
  readonly #now: () => number;
  readonly #faults: FaultInjector | undefined;
  readonly #intervalMs: number;
  #timer: ReturnType<typeof setInterval> | undefined;
  /** Frames pushed so far. */
  published = 0;

  constructor(
    generators: MarketGenerator[],
    options: { sink: FrameSink; now: () => number; faults?: FaultInjector; intervalMs?: number },
  ) {
    this.#generators = generators;
    this.#sink = options.sink;
    this.#now = options.now;
    this.#faults = options.faults;
    this.#intervalMs = options.intervalMs ?? 100;
  }

  /** Pushes everything up to now at once (the first book), then keeps pace. */
  start(): void {
    this.step();
    this.#timer = setInterval(() => this.step(), this.#intervalMs);
  }

  /** Advances every generator to now and pushes the frames (unless the feed is stalled). */
  step(): void {
    const now = this.#now();
    const stalled = this.#faults?.feedStalled(now) ?? false;
    for (const generator of this.#generators) {
      for (const frame of generator.advance(now)) {
        if (stalled) continue;
        this.#sink(frame);
        this.published += 1;
      }
    }
  }

  /** Stops the clock. */
  stop(): void {
    if (this.#timer !== undefined) clearInterval(this.#timer);
    this.#timer = undefined;
  }
}

/** What a replay did. */
export interface ReplayReport {
  frames: number;
  /** Market time covered, ms. */
  marketMs: number;
  /** Wall time taken, ms. */
  wallMs: number;
}

/**
 * Replays frames into the sink, paced at `speed` × real time, or as fast as
 * possible with `"max"` (yielding to the event loop every 2,000 frames so the
 * server keeps answering).
 */
export async function replayMarket(
  batches: AsyncIterable<MarketFrame[]>,
  options: {
    sink: FrameSink;
    speed: number | "max";
    now: () => number;
    faults?: FaultInjector;
    signal?: AbortSignal;
  },
): Promise<ReplayReport> {
  const { sink, speed, now } = options;
  const wallStart = now();
  let firstMarketMs: number | undefined;
  let lastMarketMs = 0;
  let frames = 0;
  for await (const batch of batches) {
    for (const frame of batch) {
      if (options.signal?.aborted) {
        return { frames, marketMs: lastMarketMs - (firstMarketMs ?? 0), wallMs: now() - wallStart };
      }
      const marketMs = frameTime(frame);
      firstMarketMs ??= marketMs;
      lastMarketMs = marketMs;
      if (speed === "max") {
        if (frames % 2000 === 1999) await new Promise((resolve) => setTimeout(resolve, 0));
      } else {
        const due = wallStart + (marketMs - firstMarketMs) / speed;
        const wait = due - now();
        if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
      }
      if (options.faults?.feedStalled(now())) continue;
      sink(frame);
      frames += 1;
    }
  }
  return {
    frames,
    marketMs: lastMarketMs - (firstMarketMs ?? lastMarketMs),
    wallMs: now() - wallStart,
  };
}
