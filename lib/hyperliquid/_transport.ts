import { HttpRequestError, type HttpTransport } from "@nktkas/hyperliquid";
import type { z } from "zod";
import {
  ActionRejectedError,
  HyperliquidError,
  NetworkError,
  RateLimitedError,
  ResponseShapeError,
  ServerError,
  TimeoutError,
} from "./errors.ts";

/** A request as the rate-limit tracker counts it. */
export interface RequestRecord {
  endpoint: "info" | "exchange";
  /** Info type or action type, e.g. `l2Book`, `order`. */
  type: string;
  /** Documented IP weight of this request. */
  weight: number;
  /** When it was sent, epoch ms. */
  ts: number;
  /** Whether an answer came back (an error answer still costs weight). */
  answered: boolean;
  /** Orders, cancels or modifies in an exchange action (the address budget counts each). */
  batchLength?: number;
}

/** Posts a payload through the SDK's HTTP transport, turning every failure into a typed error. */
export async function post(
  transport: HttpTransport,
  endpoint: "info" | "exchange",
  options: { payload: unknown; request: string },
): Promise<unknown> {
  try {
    return await transport.request(endpoint, options.payload);
  } catch (error) {
    throw toTypedError(error, options.request, transport.timeout);
  }
}

/** Parses an answer with its schema; a mismatch is a {@link ResponseShapeError}. */
export function parseAnswer<T extends z.ZodType>(
  schema: T,
  value: unknown,
  options: { request: string },
): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue.path.length > 0 ? ` at ${issue.path.join(".")}` : "";
  throw new ResponseShapeError(options.request, { detail: `${issue.message}${where}` });
}

function toTypedError(error: unknown, request: string, timeoutMs: number | null): HyperliquidError {
  if (error instanceof HyperliquidError) return error;
  if (error instanceof HttpRequestError) {
    const status = error.response?.status;
    const detail = bodyText(error.message, status);
    if (status === 429) return new RateLimitedError(request, { detail });
    if (status !== undefined && status >= 500) return new ServerError(request, { status, detail });
    if (status !== undefined && status >= 400) {
      return new ActionRejectedError(request, detail ?? `HTTP ${status}`);
    }
    if (status !== undefined) {
      return new ServerError(request, { status, detail: detail ?? "not JSON" });
    }
    if (/timed out/i.test(error.message)) {
      return new TimeoutError(request, { timeoutMs: timeoutMs ?? undefined, cause: error });
    }
    const cause = error.cause instanceof Error ? error.cause.message : error.message;
    return new NetworkError(request, { detail: cause, cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new NetworkError(request, { detail: message, cause: error });
}

/** The SDK's message is "<status> <text> - <body>"; keep the body part. */
function bodyText(message: string, status: number | undefined): string | undefined {
  if (status === undefined) return undefined;
  const dash = message.indexOf(" - ");
  return dash >= 0 ? message.slice(dash + 3) : undefined;
}
