/**
 * What a live run would have spent for the paper exchange's calls: IP weight
 * (Hyperliquid docs, "Rate limits and user limits": an action weighs
 * 1 + floor(batch length / 40), info requests 2 or 20 plus 1 per 20 items
 * for fill histories) and address requests (a batch of n orders or cancels
 * counts n; any other action 1).
 *
 * @module
 */

import { exchangeWeight, infoWeight } from "../hyperliquid/weights.ts";

/** The `/exchange` actions the port sends. */
export type ActionKind =
  | "order"
  | "batchModify"
  | "cancel"
  | "cancelByCloid"
  | "scheduleCancel"
  | "updateLeverage";

/** Spend of one action kind. */
export interface KindSpend {
  /** Actions sent. */
  actions: number;
  /** Orders, modifies or cancels they carried (0 for the others). */
  items: number;
  /** IP weight. */
  weight: number;
}

/** What a live run would have spent. */
export interface PaperStats {
  /** `/exchange` actions sent. */
  actions: number;
  /** Their IP weight (1 + floor(n / 40) each). */
  actionWeight: number;
  /** Address requests (n per batch of n, else 1): what `userRateLimit.nRequestsUsed` counts. */
  addressRequests: number;
  /** Per action kind. */
  byKind: Record<ActionKind, KindSpend>;
  /** `/info` reads (openOrders, fills, accountState, rateLimit, markets). */
  infoRequests: number;
  /** Their IP weight. */
  infoWeight: number;
  /** Actions sent and not yet applied (latency). */
  pending: number;
}

const KINDS: readonly ActionKind[] = [
  "order",
  "batchModify",
  "cancel",
  "cancelByCloid",
  "scheduleCancel",
  "updateLeverage",
];

/** Running totals behind {@link PaperStats}. */
export class SpendCounter {
  #actions = 0;
  #actionWeight = 0;
  #addressRequests = 0;
  #infoRequests = 0;
  #infoWeight = 0;
  readonly #byKind = new Map<ActionKind, KindSpend>(
    KINDS.map((kind) => [kind, { actions: 0, items: 0, weight: 0 }]),
  );

  /** Counts one action carrying `items` orders, modifies or cancels (0 for the others). */
  action(kind: ActionKind, items: number): void {
    const weight = exchangeWeight({ type: kind, orders: new Array(items) });
    const spend = this.#byKind.get(kind) as KindSpend;
    spend.actions += 1;
    spend.items += items;
    spend.weight += weight;
    this.#actions += 1;
    this.#actionWeight += weight;
    this.#addressRequests += Math.max(1, items);
  }

  /** Counts one info read answering `items` entries. */
  info(type: string, items = 0): void {
    this.#infoRequests += 1;
    this.#infoWeight += infoWeight(type, { itemsReturned: items });
  }

  /** Address requests so far. */
  get addressRequests(): number {
    return this.#addressRequests;
  }

  /** A snapshot. */
  snapshot(pending: number): PaperStats {
    const byKind = Object.fromEntries(
      KINDS.map((kind) => [kind, { ...(this.#byKind.get(kind) as KindSpend) }]),
    ) as Record<ActionKind, KindSpend>;
    return {
      actions: this.#actions,
      actionWeight: this.#actionWeight,
      addressRequests: this.#addressRequests,
      byKind,
      infoRequests: this.#infoRequests,
      infoWeight: this.#infoWeight,
      pending,
    };
  }
}
