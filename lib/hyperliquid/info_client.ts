/**
 * `/info` requests through the SDK's HTTP transport, every answer parsed with
 * our zod schemas and every request's documented weight reported.
 *
 * @module
 */

import { HttpTransport } from "@nktkas/hyperliquid";
import type { z } from "zod";
import { parseAnswer, post, type RequestRecord } from "./_transport.ts";
import type { Network } from "./network.ts";
import {
  AllMidsSchema,
  ClearinghouseStateSchema,
  FrontendOpenOrderSchema,
  L2BookSchema,
  MetaAndAssetCtxsSchema,
  MetaSchema,
  OpenOrderSchema,
  UserFillSchema,
  UserRateLimitSchema,
} from "./schemas.ts";
import { infoWeight } from "./weights.ts";

export type { RequestRecord } from "./_transport.ts";

/** Options shared by the HTTP clients. */
export interface HttpClientOptions {
  /** Per-request timeout in ms (default 10,000). */
  timeoutMs?: number;
  /** Clock, epoch ms (default `Date.now`). */
  now?: () => number;
  /** Told of every request and its weight, for the rate-limit tracker. */
  onRequest?: (record: RequestRecord) => void;
}

const OpenOrdersSchema = OpenOrderSchema.array();
const FrontendOpenOrdersSchema = FrontendOpenOrderSchema.array();
const UserFillsSchema = UserFillSchema.array();

/** Typed `/info` client. */
export class InfoClient {
  readonly network: Network;
  readonly transport: HttpTransport;
  readonly #now: () => number;
  readonly #onRequest: ((record: RequestRecord) => void) | undefined;

  constructor(network: Network, options: HttpClientOptions = {}) {
    this.network = network;
    this.transport = new HttpTransport({
      apiUrl: network.apiUrl,
      isTestnet: network.isTestnet,
      timeout: options.timeoutMs ?? 10_000,
    });
    this.#now = options.now ?? Date.now;
    this.#onRequest = options.onRequest;
  }

  /** Perp universe (asset index order). */
  meta(): Promise<z.infer<typeof MetaSchema>> {
    return this.#info({ type: "meta" }, MetaSchema);
  }

  /** Universe plus per-asset context (mark, oracle, funding, open interest). */
  metaAndAssetCtxs(): Promise<z.infer<typeof MetaAndAssetCtxsSchema>> {
    return this.#info({ type: "metaAndAssetCtxs" }, MetaAndAssetCtxsSchema);
  }

  /** Mid price of every coin. */
  allMids(): Promise<z.infer<typeof AllMidsSchema>> {
    return this.#info({ type: "allMids" }, AllMidsSchema);
  }

  /** Book snapshot, 20 levels a side. */
  l2Book(coin: string): Promise<z.infer<typeof L2BookSchema>> {
    return this.#info({ type: "l2Book", coin }, L2BookSchema);
  }

  /** Resting orders of a user. */
  openOrders(user: string): Promise<z.infer<typeof OpenOrdersSchema>> {
    return this.#info({ type: "openOrders", user }, OpenOrdersSchema);
  }

  /** Resting orders with type, tif and reduce-only. */
  frontendOpenOrders(user: string): Promise<z.infer<typeof FrontendOpenOrdersSchema>> {
    return this.#info({ type: "frontendOpenOrders", user }, FrontendOpenOrdersSchema);
  }

  /** Positions and margin. */
  clearinghouseState(user: string): Promise<z.infer<typeof ClearinghouseStateSchema>> {
    return this.#info({ type: "clearinghouseState", user }, ClearinghouseStateSchema);
  }

  /** The latest fills of a user (up to 2,000, newest first). */
  userFills(user: string): Promise<z.infer<typeof UserFillsSchema>> {
    return this.#info({ type: "userFills", user }, UserFillsSchema);
  }

  /** Fills in a time window, epoch ms. */
  userFillsByTime(
    user: string,
    window: { startTime: number; endTime?: number },
  ): Promise<z.infer<typeof UserFillsSchema>> {
    return this.#info({ type: "userFillsByTime", user, ...window }, UserFillsSchema);
  }

  /** The address budget: requests used, cap, cumulative volume. */
  userRateLimit(user: string): Promise<z.infer<typeof UserRateLimitSchema>> {
    return this.#info({ type: "userRateLimit", user }, UserRateLimitSchema);
  }

  async #info<T extends z.ZodType>(
    payload: { type: string } & Record<string, unknown>,
    schema: T,
  ): Promise<z.infer<T>> {
    const request = `info:${payload.type}`;
    const ts = this.#now();
    let answer: unknown;
    try {
      answer = await post(this.transport, "info", { payload, request });
    } catch (error) {
      this.#onRequest?.({
        endpoint: "info",
        type: payload.type,
        weight: infoWeight(payload.type),
        ts,
        answered: false,
      });
      throw error;
    }
    const items = Array.isArray(answer) ? answer.length : undefined;
    this.#onRequest?.({
      endpoint: "info",
      type: payload.type,
      weight: infoWeight(payload.type, { itemsReturned: items }),
      ts,
      answered: true,
    });
    return parseAnswer(schema, answer, { request });
  }
}
