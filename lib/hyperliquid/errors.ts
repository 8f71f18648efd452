/**
 * Typed errors for everything that talks to Hyperliquid. The exchange's own
 * message is kept verbatim; no error ever carries a private key.
 *
 * @module
 */

/** Base of every exchange-layer error. `retryable` says whether trying again may help. */
export class HyperliquidError extends Error {
  override name = "HyperliquidError";
  /** Which request failed, e.g. `info:l2Book` or `exchange:order`. */
  readonly request: string;
  /** Whether the same request may succeed later (429, 5xx, timeouts, network). */
  readonly retryable: boolean;

  constructor(message: string, options: { request: string; retryable: boolean; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.request = options.request;
    this.retryable = options.retryable;
  }
}

/** HTTP 429: the IP weight limit (1,200 per minute) is spent. */
export class RateLimitedError extends HyperliquidError {
  override name = "RateLimitedError";
  constructor(request: string, options: { detail?: string } = {}) {
    super(`rate limited (HTTP 429)${options.detail ? `: ${options.detail}` : ""}`, {
      request,
      retryable: true,
    });
  }
}

/** HTTP 5xx or a non-JSON answer from the exchange. */
export class ServerError extends HyperliquidError {
  override name = "ServerError";
  /** The HTTP status, when there was one. */
  readonly status: number | undefined;
  constructor(request: string, options: { status?: number; detail?: string; cause?: unknown }) {
    const status = options.status === undefined ? "" : ` (HTTP ${options.status})`;
    super(`exchange error${status}${options.detail ? `: ${options.detail}` : ""}`, {
      request,
      retryable: true,
      cause: options.cause,
    });
    this.status = options.status;
  }
}

/** No answer in time. */
export class TimeoutError extends HyperliquidError {
  override name = "TimeoutError";
  constructor(request: string, options: { timeoutMs?: number; cause?: unknown } = {}) {
    const after = options.timeoutMs === undefined ? "" : ` after ${options.timeoutMs} ms`;
    super(`no answer${after}`, { request, retryable: true, cause: options.cause });
  }
}

/** The exchange could not be reached (DNS, refused, reset). */
export class NetworkError extends HyperliquidError {
  override name = "NetworkError";
  constructor(request: string, options: { detail: string; cause?: unknown }) {
    super(`cannot reach the exchange: ${options.detail}`, {
      request,
      retryable: true,
      cause: options.cause,
    });
  }
}

/** The exchange refused a whole action (`{"status":"err","response":"…"}`); its text is kept. */
export class ActionRejectedError extends HyperliquidError {
  override name = "ActionRejectedError";
  /** The exchange's message, verbatim. */
  readonly exchangeMessage: string;
  constructor(request: string, exchangeMessage: string) {
    super(`rejected by the exchange: ${exchangeMessage}`, { request, retryable: false });
    this.exchangeMessage = exchangeMessage;
  }
}

/** An answer that does not have the shape the API documents. */
export class ResponseShapeError extends HyperliquidError {
  override name = "ResponseShapeError";
  constructor(request: string, options: { detail: string }) {
    super(`unexpected answer: ${options.detail}`, { request, retryable: false });
  }
}

/** A coin the exchange does not list; `suggestions` are the nearest names. */
export class UnknownAssetError extends HyperliquidError {
  override name = "UnknownAssetError";
  readonly asset: string;
  readonly suggestions: string[];
  constructor(asset: string, suggestions: string[]) {
    const hint = suggestions.length > 0 ? `; did you mean ${suggestions.join(", ")}?` : "";
    super(`unknown asset "${asset}"${hint}`, { request: "info:meta", retryable: false });
    this.asset = asset;
    this.suggestions = suggestions;
  }
}
