/**
 * Retrying what is safe to retry: reads, and actions whose retry the exchange
 * deduplicates. Only {@link HyperliquidError}s marked `retryable` (429, 5xx,
 * timeouts, network) are retried, with exponential backoff.
 *
 * @module
 */

import { HyperliquidError } from "../hyperliquid/errors.ts";

/** Options of {@link withRetry}. */
export interface RetryOptions {
  /** Attempts in all (default 5). */
  attempts?: number;
  /** First backoff, ms; doubled each time (default 200). */
  baseDelayMs?: number;
  /** Told of each failed attempt that will be retried. */
  onRetry?: (error: HyperliquidError, attempt: number) => void;
}

/** Runs `work`, retrying retryable exchange errors; rethrows anything else or the last error. */
export async function withRetry<T>(work: () => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 5;
  const base = options.baseDelayMs ?? 200;
  for (let attempt = 1;; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (!(error instanceof HyperliquidError) || !error.retryable || attempt >= attempts) {
        throw error;
      }
      options.onRetry?.(error, attempt);
      await new Promise((resolve) => setTimeout(resolve, base * 2 ** (attempt - 1)));
    }
  }
}
