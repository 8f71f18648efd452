/**
 * Reading mm's NDJSON journal for `mm ratelimit`: only what the request
 * budget depends on (actions, requotes, fills, the first status's budget)
 * kept, in line order, each action tied to the requote it belongs to.
 *
 * @module
 */

import { z } from "zod";
import { InputError } from "../errors.ts";
import { EventEnvelopeSchema, FillEventSchema } from "../events/mod.ts";

/** An exchange action as the engine journals it (`type: "action"`). */
const ActionSchema = z.looseObject({
  ts: z.number(),
  type: z.literal("action"),
  coin: z.string().min(1),
  kind: z.enum(["cancel", "modify", "place"]),
  orders: z.number().int().nonnegative(),
  reason: z.string().optional(),
});

/** A requote decision (`type: "quote"`). */
const QuoteSchema = z.looseObject({
  ts: z.number(),
  type: z.literal("quote"),
  coin: z.string().min(1),
});

/** A status line; only its budget figures matter here. */
const StatusSchema = z.looseObject({
  ts: z.number(),
  type: z.literal("status"),
  ratelimit: z.looseObject({
    address_used: z.number().nonnegative(),
    address_cap: z.number().nonnegative(),
  }).optional(),
});

/** One journal event the request budget depends on. */
export type BudgetEvent =
  | {
    kind: "action";
    ts: number;
    coin: string;
    /** The action's kind: a bulk cancel, a batchModify or an order batch. */
    action: "cancel" | "modify" | "place";
    /** Orders in the batch (each one address request). */
    orders: number;
    /** Index (0-based, journal order) of the requote it belongs to; none for e.g. a shutdown cancel. */
    requote?: number;
    line: number;
  }
  | { kind: "quote"; ts: number; coin: string; index: number; line: number }
  | { kind: "fill"; ts: number; coin: string; notionalUsd: number; line: number }
  | { kind: "status"; ts: number; used: number; cap: number; line: number };

/** A journal reduced to its budget events. */
export interface BudgetJournal {
  /** The file as the user named it (`-` for stdin). */
  file: string;
  /** Budget events in line order. */
  events: BudgetEvent[];
  /** Earliest and latest `ts` of any event (all kinds). */
  firstTs: number;
  lastTs: number;
  /** Events read (all kinds, blank lines not counted). */
  lines: number;
}

/**
 * Reads an mm NDJSON journal from decoded text chunks.
 *
 * @throws {InputError} at `file:line` for a line that is not JSON, not an
 *   event (`ts`, `type`), or a malformed action, quote, fill or status; and
 *   for a journal without a single event.
 */
export async function readBudgetJournal(
  chunks: AsyncIterable<string>,
  file: string,
): Promise<BudgetJournal> {
  const events: BudgetEvent[] = [];
  const lastQuote = new Map<string, number>();
  let quotes = 0;
  let lines = 0;
  let firstTs = Infinity;
  let lastTs = -Infinity;
  for await (const { text, line } of numberedLines(chunks)) {
    const where = { file, line };
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new InputError("not JSON", where, { hint: "expected one mm event per line" });
    }
    const envelope = check(EventEnvelopeSchema, value, where);
    lines += 1;
    firstTs = Math.min(firstTs, envelope.ts);
    lastTs = Math.max(lastTs, envelope.ts);
    switch (envelope.type) {
      case "action": {
        const a = check(ActionSchema, value, where);
        events.push({
          kind: "action",
          ts: a.ts,
          coin: a.coin,
          action: a.kind,
          orders: a.orders,
          requote: a.reason === undefined ? lastQuote.get(a.coin) : undefined,
          line,
        });
        break;
      }
      case "quote": {
        const q = check(QuoteSchema, value, where);
        lastQuote.set(q.coin, quotes);
        events.push({ kind: "quote", ts: q.ts, coin: q.coin, index: quotes, line });
        quotes += 1;
        break;
      }
      case "fill": {
        const f = check(FillEventSchema, value, where);
        events.push({ kind: "fill", ts: f.ts, coin: f.coin, notionalUsd: f.px * f.sz, line });
        break;
      }
      case "status": {
        const s = check(StatusSchema, value, where);
        if (s.ratelimit !== undefined) {
          events.push({
            kind: "status",
            ts: s.ts,
            used: s.ratelimit.address_used,
            cap: s.ratelimit.address_cap,
            line,
          });
        }
        break;
      }
    }
  }
  if (lines === 0) {
    throw new InputError("no events", { file }, {
      hint: "give an mm run / mm dry-run journal (NDJSON)",
    });
  }
  return { file, events, firstTs, lastTs, lines };
}

function check<T extends z.ZodType>(
  schema: T,
  value: unknown,
  where: { file: string; line: number },
): z.infer<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const field = issue.path.length > 0 ? issue.path.join(".") : undefined;
  throw new InputError(issue.message, { ...where, field });
}

/** Decoded chunks -> non-blank lines with their 1-based numbers. */
async function* numberedLines(
  chunks: AsyncIterable<string>,
): AsyncGenerator<{ text: string; line: number }> {
  let carry = "";
  let line = 0;
  for await (const chunk of chunks) {
    carry += chunk;
    const parts = carry.split("\n");
    carry = parts.pop()!;
    for (const part of parts) {
      line += 1;
      if (part.trim() !== "") yield { text: part, line };
    }
  }
  line += 1;
  if (carry.trim() !== "") yield { text: carry, line };
}
