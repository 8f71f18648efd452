import { z } from "zod";
import { infoWeight } from "../hyperliquid/weights.ts";
import type { MatchingEngine } from "./matching.ts";
import type { AddressBudget } from "./rate_limits.ts";

const User = z.string().regex(/^0x[0-9a-fA-F]{40}$/).transform((s) => s.toLowerCase());

const InfoRequestSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("meta") }),
  z.object({ type: z.literal("metaAndAssetCtxs") }),
  z.object({ type: z.literal("allMids") }),
  z.looseObject({ type: z.literal("l2Book"), coin: z.string() }),
  z.object({ type: z.literal("openOrders"), user: User }),
  z.object({ type: z.literal("frontendOpenOrders"), user: User }),
  z.object({
    type: z.literal("orderStatus"),
    user: User,
    oid: z.union([z.number().int(), z.string()]),
  }),
  z.looseObject({ type: z.literal("userFills"), user: User }),
  z.looseObject({
    type: z.literal("userFillsByTime"),
    user: User,
    startTime: z.number().int(),
    endTime: z.number().int().nullable().optional(),
  }),
  z.object({ type: z.literal("clearinghouseState"), user: User }),
  z.object({ type: z.literal("userRateLimit"), user: User }),
]);

/** An /info answer, its HTTP status and the request's weight. */
export interface InfoAnswer {
  status: number;
  body: unknown;
  weight: number;
}

/** Answers /info requests from the engine in the real API's shapes. */
export class InfoRequests {
  readonly #engine: MatchingEngine;
  readonly #budget: AddressBudget;
  readonly #ctx: (coin: string) => Record<string, string>;
  readonly #mids: () => Record<string, string>;

  constructor(
    engine: MatchingEngine,
    options: {
      budget: AddressBudget;
      assetCtx: (coin: string) => Record<string, string>;
      mids: () => Record<string, string>;
    },
  ) {
    this.#engine = engine;
    this.#budget = options.budget;
    this.#ctx = options.assetCtx;
    this.#mids = options.mids;
  }

  /** Handles one POST /info body. */
  handle(body: unknown): InfoAnswer {
    const parsed = InfoRequestSchema.safeParse(body);
    if (!parsed.success) {
      return {
        status: 422,
        body: "Failed to deserialize the JSON body into the target type",
        weight: 20,
      };
    }
    const request = parsed.data;
    const data = this.#answer(request);
    const items = Array.isArray(data) ? data.length : undefined;
    return { status: 200, body: data, weight: infoWeight(request.type, { itemsReturned: items }) };
  }

  #answer(request: z.infer<typeof InfoRequestSchema>): unknown {
    const engine = this.#engine;
    switch (request.type) {
      case "meta":
        return this.#meta();
      case "metaAndAssetCtxs":
        return [this.#meta(), engine.assets.map((asset) => this.#ctx(asset.coin))];
      case "allMids":
        return this.#mids();
      case "l2Book":
        return engine.l2Book(request.coin) ?? null;
      case "openOrders":
        return engine.openOrders(request.user);
      case "frontendOpenOrders":
        return engine.frontendOpenOrders(request.user);
      case "orderStatus":
        return engine.orderStatus(request.user, request.oid);
      case "userFills":
        return engine.fills(request.user).slice(0, 2000);
      case "userFillsByTime":
        return engine.fillsByTime(request.user, request.startTime, request.endTime ?? undefined)
          .slice(0, 2000);
      case "clearinghouseState":
        return engine.clearinghouseState(request.user);
      case "userRateLimit": {
        const volume = engine.cumulativeVolumeUsd(request.user);
        return {
          cumVlm: volume.toFixed(6).replace(/\.?0+$/, "") || "0",
          nRequestsUsed: this.#budget.used(request.user),
          nRequestsCap: this.#budget.cap(volume),
        };
      }
    }
  }

  #meta() {
    return {
      universe: this.#engine.assets.map((asset) => ({
        szDecimals: asset.szDecimals,
        name: asset.coin,
        maxLeverage: asset.maxLeverage,
        marginTableId: asset.maxLeverage,
      })),
    };
  }
}
