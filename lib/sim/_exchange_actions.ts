import { z } from "zod";
import { recoverL1Signer } from "../hyperliquid/signing.ts";
import { addressRequests } from "../hyperliquid/weights.ts";
import type { FaultInjector } from "./faults.ts";
import type { MatchingEngine } from "./matching.ts";
import type { NonceGuard } from "./nonces.ts";
import type { AddressBudget } from "./rate_limits.ts";

const OrderWireSchema = z.object({
  a: z.number().int().nonnegative(),
  b: z.boolean(),
  p: z.string(),
  s: z.string(),
  r: z.boolean(),
  t: z.object({ limit: z.object({ tif: z.enum(["Alo", "Gtc", "Ioc"]) }) }),
  c: z.string().optional(),
});

const ActionSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("order"),
    orders: z.array(OrderWireSchema),
    grouping: z.string(),
    builder: z.unknown().optional(),
  }),
  z.object({
    type: z.literal("cancel"),
    cancels: z.array(z.object({ a: z.number().int(), o: z.number().int() })),
  }),
  z.object({
    type: z.literal("cancelByCloid"),
    cancels: z.array(z.object({ asset: z.number().int(), cloid: z.string() })),
  }),
  z.object({
    type: z.literal("modify"),
    oid: z.union([z.number().int(), z.string()]),
    order: OrderWireSchema,
  }),
  z.object({
    type: z.literal("batchModify"),
    modifies: z.array(
      z.object({ oid: z.union([z.number().int(), z.string()]), order: OrderWireSchema }),
    ),
  }),
  z.object({ type: z.literal("scheduleCancel"), time: z.number().int().optional() }),
  z.object({
    type: z.literal("updateLeverage"),
    asset: z.number().int(),
    isCross: z.boolean(),
    leverage: z.number().int(),
  }),
]);

/** The body of a POST /exchange. */
export const ExchangeRequestSchema = z.object({
  action: z.looseObject({ type: z.string() }),
  nonce: z.number().int(),
  signature: z.object({ r: z.string(), s: z.string(), v: z.number().int() }),
  vaultAddress: z.string().nullable().optional(),
  expiresAfter: z.number().int().nullable().optional(),
});

/** An /exchange answer and the HTTP status it goes out with. */
export interface ExchangeAnswer {
  status: number;
  body: unknown;
}

const SCHEDULE_MIN_LEAD_MS = 5_000;
const SCHEDULE_MAX_PER_DAY = 10;

/** Executes signed actions against the engine with Hyperliquid's rules and answers. */
export class ExchangeActions {
  readonly #engine: MatchingEngine;
  readonly #nonces: NonceGuard;
  readonly #budget: AddressBudget;
  /** Faults to inject (order rejects); replaceable at run time. */
  faults: FaultInjector | undefined;
  readonly #isTestnet: boolean;
  readonly #now: () => number;
  /** Dead man's switch per user: when to cancel everything (epoch ms). */
  readonly scheduled = new Map<string, number>();
  readonly #scheduleUses = new Map<string, { day: number; count: number }>();

  constructor(
    engine: MatchingEngine,
    options: {
      nonces: NonceGuard;
      budget: AddressBudget;
      faults?: FaultInjector;
      isTestnet: boolean;
      now: () => number;
    },
  ) {
    this.#engine = engine;
    this.#nonces = options.nonces;
    this.#budget = options.budget;
    this.faults = options.faults;
    this.#isTestnet = options.isTestnet;
    this.#now = options.now;
  }

  /** Handles one POST /exchange body. */
  handle(body: unknown): ExchangeAnswer {
    const request = ExchangeRequestSchema.safeParse(body);
    if (!request.success) return deserializeError();
    const { action, nonce, signature } = request.data;
    const vaultAddress = request.data.vaultAddress ?? null;
    let signer: string;
    try {
      signer = recoverL1Signer(action, signature, {
        nonce,
        isTestnet: this.#isTestnet,
        vaultAddress,
        expiresAfter: request.data.expiresAfter ?? null,
      });
    } catch {
      return err("Invalid signature");
    }
    const now = this.#now();
    if (request.data.expiresAfter != null && request.data.expiresAfter < now) {
      return err(`Action expired at ${request.data.expiresAfter}`);
    }
    const parsed = ActionSchema.safeParse(action);
    if (!parsed.success) return deserializeError();
    const nonceProblem = this.#nonces.accept(signer, nonce, now);
    if (nonceProblem !== undefined) return err(nonceProblem);
    const user = (vaultAddress ?? signer).toLowerCase();
    // The address limit counts a batch of n orders or cancels as n requests ("Batched requests").
    const refused = this.#budget.charge(user, {
      weight: addressRequests(parsed.data as { type: string } & Record<string, unknown>),
      cumulativeVolumeUsd: this.#engine.cumulativeVolumeUsd(user),
    });
    if (refused !== undefined) return err(refused);
    return this.#execute(user, parsed.data, now);
  }

  /** Fires due dead man's switches; returns the users whose orders were cancelled. */
  fireScheduled(nowMs: number): string[] {
    const fired: string[] = [];
    for (const [user, at] of this.scheduled) {
      if (at <= nowMs) {
        this.#engine.cancelAll(user);
        this.scheduled.delete(user);
        const day = Math.floor(nowMs / 86_400_000);
        const uses = this.#scheduleUses.get(user);
        this.#scheduleUses.set(user, { day, count: (uses?.day === day ? uses.count : 0) + 1 });
        fired.push(user);
      }
    }
    return fired;
  }

  #execute(user: string, action: z.infer<typeof ActionSchema>, now: number): ExchangeAnswer {
    const engine = this.#engine;
    switch (action.type) {
      case "order": {
        const statuses = action.orders.map((order) =>
          this.faults?.rejectOrder(now)
            ? { error: "Insufficient margin to place order." }
            : engine.placeOrder(user, orderSpec(order))
        );
        return ok({ type: "order", data: { statuses } });
      }
      case "cancel": {
        const statuses = action.cancels.map((c) => engine.cancel(user, c.a, c.o));
        return ok({ type: "cancel", data: { statuses } });
      }
      case "cancelByCloid": {
        const statuses = action.cancels.map((c) => engine.cancelByCloid(user, c.asset, c.cloid));
        return ok({ type: "cancel", data: { statuses } });
      }
      case "modify": {
        const status = engine.modifyOrder(user, action.oid, orderSpec(action.order));
        if ("error" in status) return err(status.error);
        return ok({ type: "default" });
      }
      case "batchModify": {
        const statuses = action.modifies.map((m) =>
          engine.modifyOrder(user, m.oid, orderSpec(m.order))
        );
        return ok({ type: "order", data: { statuses } });
      }
      case "scheduleCancel": {
        if (action.time === undefined) {
          this.scheduled.delete(user);
          return ok({ type: "default" });
        }
        if (action.time < now + SCHEDULE_MIN_LEAD_MS) {
          return err(
            "Scheduled cancel time too early, must be at least 5 seconds after current time.",
          );
        }
        // At most 10 triggers a day (reset 00:00 UTC): counted when a schedule fires.
        const uses = this.#scheduleUses.get(user);
        if (uses?.day === Math.floor(now / 86_400_000) && uses.count >= SCHEDULE_MAX_PER_DAY) {
          return err("Too many scheduled cancel triggers today (10 a day, reset at 00:00 UTC).");
        }
        this.scheduled.set(user, action.time);
        return ok({ type: "default" });
      }
      case "updateLeverage": {
        const problem = engine.updateLeverage(user, action.asset, action.leverage, action.isCross);
        return problem === undefined ? ok({ type: "default" }) : err(problem);
      }
    }
  }
}

function orderSpec(order: z.infer<typeof OrderWireSchema>) {
  return {
    asset: order.a,
    isBuy: order.b,
    px: Number(order.p),
    sz: Number(order.s),
    tif: order.t.limit.tif,
    reduceOnly: order.r,
    ...(order.c === undefined ? {} : { cloid: order.c }),
  };
}

function ok(response: unknown): ExchangeAnswer {
  return { status: 200, body: { status: "ok", response } };
}

function err(message: string): ExchangeAnswer {
  return { status: 200, body: { status: "err", response: message } };
}

function deserializeError(): ExchangeAnswer {
  return { status: 422, body: "Failed to deserialize the JSON body into the target type" };
}
