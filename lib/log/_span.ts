/**
 * Spans: one id carried by every record logged inside (or resumed into) a
 * unit of work, such as a requote's decide → reconcile → send → ack.
 *
 * @module
 */

import { AsyncLocalStorage } from "node:async_hooks";
import { withContext } from "@logtape/logtape";

/** A unit of work whose records share `span_id` and carry `elapsed_ms`. */
export interface Span {
  /** What the span is, e.g. `requote`. */
  readonly name: string;
  /** Short random id, e.g. `3f9c2a1b7e04`; grep for it to see the whole story. */
  readonly id: string;
  /** The enclosing span's id, when started inside one. */
  readonly parentId?: string;
  /** Milliseconds since the span started (monotonic clock). */
  elapsedMs(): number;
  /**
   * Runs `fn` inside this span: records logged there (including from later
   * callbacks such as an ack arriving on the websocket) carry its id.
   */
  run<T>(fn: () => T): T;
}

const storage = new AsyncLocalStorage<Span>();

function newId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(6));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** The span the caller is running in, if any. */
export function currentSpan(): Span | undefined {
  return storage.getStore();
}

/**
 * Starts a span without entering it: keep the handle (e.g. by order cloid)
 * and call `span.run(...)` wherever its work continues.
 */
export function startSpan(name: string): Span {
  const started = performance.now();
  const parentId = currentSpan()?.id;
  const span: Span = {
    name,
    id: newId(),
    parentId,
    elapsedMs: () => Math.round((performance.now() - started) * 1000) / 1000,
    run<T>(fn: () => T): T {
      const context: Record<string, unknown> = { span: name, span_id: span.id };
      if (parentId !== undefined) context.parent_span_id = parentId;
      return storage.run(span, () => withContext(context, fn));
    },
  };
  return span;
}

/** Starts a span and runs `fn` in it; `fn` gets the span (for a later `run`). */
export function withSpan<T>(name: string, fn: (span: Span) => T): T {
  const span = startSpan(name);
  return span.run(() => fn(span));
}

/** Properties a record logged in the current span gets. */
export function spanProps(): Record<string, unknown> | undefined {
  const span = currentSpan();
  if (span === undefined) return undefined;
  const props: Record<string, unknown> = {
    span: span.name,
    span_id: span.id,
    elapsed_ms: span.elapsedMs(),
  };
  if (span.parentId !== undefined) props.parent_span_id = span.parentId;
  return props;
}
