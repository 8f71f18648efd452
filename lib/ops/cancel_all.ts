/**
 * The emergency brake: every order gone, verified. Reads open orders,
 * cancels them in as few signed actions as possible, reads again until none
 * rest or the time is up, retrying through 429s, 5xx, timeouts and dropped
 * connections; then clears the scheduled cancel so a running mm's dead man's
 * switch cannot fight it.
 *
 * @module
 */

import { isMmCloid } from "../hyperliquid/cloid.ts";
import { HyperliquidError } from "../hyperliquid/errors.ts";
import type { Exchange } from "../hyperliquid/port.ts";

/** Cancels per signed action (weight 1 + floor(n/40) each). */
export const CANCEL_BATCH = 500;

/** One line of cancel-all's NDJSON. */
export type CancelAllEvent = { ts: number; type: string } & Record<string, unknown>;

/** Options of {@link cancelAll}. */
export interface CancelAllOptions {
  /** Only these coins (default: all). */
  coins?: readonly string[];
  /** Only orders mm placed (cloid tag `0x6d6d`); default: every order of the account. */
  onlyMine?: boolean;
  /** Leave the scheduled cancel (dead man's switch) alone. */
  keepSchedule?: boolean;
  /** Give up after this long, ms (default 10,000). */
  timeoutMs?: number;
  now: () => number;
  /** Told of every request and the outcome (NDJSON lines). */
  onEvent?: (event: CancelAllEvent) => void;
}

/** What cancel-all achieved. */
export interface CancelAllResult {
  cancelled: number;
  remaining: number;
  elapsedMs: number;
  actions: number;
}

/** Cancels every (selected) order of the account and checks none rests. */
export async function cancelAll(
  exchange: Pick<Exchange, "openOrders" | "cancelOrders" | "scheduleCancel">,
  options: CancelAllOptions,
): Promise<CancelAllResult> {
  const { now } = options;
  const emit = options.onEvent ?? (() => {});
  const started = now();
  const deadline = started + (options.timeoutMs ?? 10_000);
  let cancelled = 0, actions = 0, backoffMs = 25;
  let remaining = Infinity;
  const selected = (order: { coin: string; cloid?: string | null }) =>
    (options.coins === undefined || options.coins.includes(order.coin)) &&
    (!options.onlyMine || isMmCloid(order.cloid ?? undefined));

  const retryable = async (error: unknown, request: string): Promise<void> => {
    if (!(error instanceof HyperliquidError) || !error.retryable) throw error;
    emit({ ts: now(), type: "retry", request, message: error.message });
    await new Promise((resolve) => setTimeout(resolve, backoffMs));
    backoffMs = Math.min(backoffMs * 2, 500);
  };

  while (now() < deadline) {
    let open;
    try {
      open = (await exchange.openOrders()).filter(selected);
    } catch (error) {
      await retryable(error, "openOrders");
      continue;
    }
    remaining = open.length;
    if (remaining === 0) break;
    for (let i = 0; i < open.length && now() < deadline; i += CANCEL_BATCH) {
      const batch = open.slice(i, i + CANCEL_BATCH).map((order) => ({
        coin: order.coin,
        oid: order.oid,
      }));
      actions += 1;
      try {
        const results = await exchange.cancelOrders(batch);
        const ok = results.filter((r) => r.status === "success").length;
        cancelled += ok;
        emit({ ts: now(), type: "action", kind: "cancel", orders: batch.length, cancelled: ok });
      } catch (error) {
        emit({
          ts: now(),
          type: "action",
          kind: "cancel",
          orders: batch.length,
          cancelled: 0,
          error: (error as Error).message,
        });
        await retryable(error, "cancel");
      }
    }
  }
  if (!options.keepSchedule) {
    for (let attempt = 0; attempt < 3 && now() < deadline + 2_000; attempt++) {
      try {
        actions += 1;
        await exchange.scheduleCancel(null);
        emit({ ts: now(), type: "action", kind: "scheduleCancel", cleared: true });
        break;
      } catch (error) {
        emit({
          ts: now(),
          type: "action",
          kind: "scheduleCancel",
          cleared: false,
          error: (error as Error).message,
        });
        if (!(error instanceof HyperliquidError) || !error.retryable) break;
      }
    }
  }
  return {
    cancelled,
    remaining: Number.isFinite(remaining) ? remaining : -1,
    elapsedMs: now() - started,
    actions,
  };
}
