/**
 * Fault injection for `mm sim`: what goes wrong in production, on demand and
 * reproducibly (seeded). Each injected fault is counted and reported as an
 * NDJSON `fault` event.
 *
 * @module
 */

import { z } from "zod";
import type { FaultEventSchema, FaultKindSchema } from "../events/sim.ts";
import { mulberry32 } from "../analysis/synthetic_history.ts";

const Share = z.number().min(0).max(1);

/** A fault plan, from flags or a JSON file (`--faults FILE`); unknown keys are refused. */
export const FaultPlanSchema = z.strictObject({
  /** Drop every WebSocket connection every N seconds. */
  dropWsEverySeconds: z.number().positive().optional(),
  /** Share of HTTP requests answered with HTTP 500. */
  serverErrorShare: Share.optional(),
  /** Share of HTTP requests answered with HTTP 429. */
  rateLimitShare: Share.optional(),
  /** Added latency per HTTP request and WebSocket post, ms. */
  latencyMs: z.number().nonnegative().optional(),
  /** Stall the market feed (no book or trade frames) starting after N seconds… */
  stallFeedAfterSeconds: z.number().nonnegative().optional(),
  /** …for N seconds (default: until the server stops). */
  stallFeedForSeconds: z.number().positive().optional(),
  /** Share of orders rejected (with a margin error) whatever their merit. */
  rejectOrderShare: Share.optional(),
  /** Seed of the fault dice. */
  seed: z.number().int().optional(),
});

/** A fault plan. */
export type FaultPlan = z.infer<typeof FaultPlanSchema>;

/** Names of injectable faults, as counted and logged. */
export type FaultKind = z.infer<typeof FaultKindSchema>;

/** One injected fault, as logged (NDJSON `{"type":"fault",…}`, lib/events/sim.ts). */
export type FaultEvent = z.infer<typeof FaultEventSchema>;

/** Rolls the dice of a {@link FaultPlan} and counts what it injected. */
export class FaultInjector {
  readonly plan: FaultPlan;
  readonly counts: Record<FaultKind, number> = {
    ws_drop: 0,
    http_500: 0,
    http_429: 0,
    latency: 0,
    feed_stall: 0,
    order_reject: 0,
  };
  readonly #random: () => number;
  readonly #startMs: number;
  readonly #log: (event: FaultEvent) => void;
  #stallLogged = false;
  #lastDropMs: number;

  constructor(plan: FaultPlan, options: { startMs: number; log?: (event: FaultEvent) => void }) {
    this.plan = plan;
    this.#random = mulberry32(plan.seed ?? 1);
    this.#startMs = options.startMs;
    this.#lastDropMs = options.startMs;
    this.#log = options.log ?? (() => {});
  }

  /** Whether any fault is planned at all. */
  get active(): boolean {
    return Object.entries(this.plan).some(([key, value]) =>
      key !== "seed" && value !== undefined && value !== 0
    );
  }

  /** The HTTP status to answer with instead of serving, if any. */
  httpFault(nowMs: number): 500 | 429 | undefined {
    if (this.#roll(this.plan.serverErrorShare)) {
      return this.#count("http_500", nowMs) ? 500 : undefined;
    }
    if (this.#roll(this.plan.rateLimitShare)) {
      return this.#count("http_429", nowMs) ? 429 : undefined;
    }
    return undefined;
  }

  /** Delay to add before answering, ms (0 without a latency fault). */
  latencyMs(nowMs: number): number {
    const latency = this.plan.latencyMs ?? 0;
    if (latency > 0) this.#count("latency", nowMs, `${latency} ms`);
    return latency;
  }

  /** Whether this order is to be rejected. */
  rejectOrder(nowMs: number): boolean {
    return this.#roll(this.plan.rejectOrderShare) && this.#count("order_reject", nowMs);
  }

  /** Whether the feed is stalled at `nowMs` (logged once per stall). */
  feedStalled(nowMs: number): boolean {
    const after = this.plan.stallFeedAfterSeconds;
    if (after === undefined) return false;
    const from = this.#startMs + after * 1000;
    const until = this.plan.stallFeedForSeconds === undefined
      ? Infinity
      : from + this.plan.stallFeedForSeconds * 1000;
    const stalled = nowMs >= from && nowMs < until;
    if (stalled && !this.#stallLogged) {
      this.#stallLogged = true;
      this.#count("feed_stall", nowMs);
    }
    if (!stalled) this.#stallLogged = false;
    return stalled;
  }

  /** Whether WebSocket connections are due to be dropped at `nowMs`. */
  wsDropDue(nowMs: number): boolean {
    const every = this.plan.dropWsEverySeconds;
    if (every === undefined || nowMs - this.#lastDropMs < every * 1000) return false;
    this.#lastDropMs = nowMs;
    return this.#count("ws_drop", nowMs);
  }

  #roll(share: number | undefined): boolean {
    return share !== undefined && share > 0 && this.#random() < share;
  }

  #count(fault: FaultKind, nowMs: number, detail?: string): true {
    this.counts[fault] += 1;
    this.#log({ ts: nowMs, type: "fault", fault, ...(detail === undefined ? {} : { detail }) });
    return true;
  }
}
