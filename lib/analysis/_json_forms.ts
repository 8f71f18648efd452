import type { z } from "zod";
import { EventEnvelopeSchema, FillEventSchema } from "../events/mod.ts";
import { type UserFill, UserFillSchema } from "../hyperliquid/schemas.ts";
import type { RowPolicy } from "./_row_policy.ts";
import { feeUsd, isClosingDir, toMicros, type TradeFill } from "./trade_fill.ts";

/** One line of an NDJSON input with its 1-based line number. */
export interface JsonLine {
  text: string;
  line: number;
}

/** Splits decoded chunks into lines, numbering them; blank lines are counted but not yielded. */
export async function* ndjsonLines(
  first: string,
  rest: AsyncIterator<string>,
): AsyncGenerator<JsonLine[]> {
  let carry = first;
  let line = 0;
  let done = false;
  while (!done) {
    const next = await rest.next();
    if (next.done) done = true;
    else carry += next.value;
    const parts = carry.split("\n");
    carry = done ? "" : parts.pop()!;
    const batch: JsonLine[] = [];
    for (const part of parts) {
      line += 1;
      const text = part.endsWith("\r") ? part.slice(0, -1) : part;
      if (text.trim() !== "") batch.push({ text, line });
    }
    if (batch.length > 0) yield batch;
  }
}

/** The first field a zod error points at, and its message. */
export function firstIssue(error: z.ZodError): { field?: string; message: string } {
  const issue = error.issues[0];
  return {
    field: issue.path.length > 0 ? issue.path.join(".") : undefined,
    message: issue.message,
  };
}

/** A validated userFills entry as a fill (closedPnl gross, fee apart, crossed = taker). */
export function userFillToTradeFill(fill: UserFill, line: number): TradeFill {
  const px = Number(fill.px);
  const sz = Number(fill.sz);
  return {
    tsMs: fill.time,
    coin: fill.coin,
    dir: fill.dir,
    px,
    sz,
    notionalMicros: toMicros(Math.abs(px * sz)),
    feeMicros: toMicros(feeUsd(Number(fill.fee), px, fill.feeToken)),
    grossPnlMicros: toMicros(Number(fill.closedPnl)),
    closing: isClosingDir(fill.dir),
    maker: fill.crossed === undefined ? undefined : !fill.crossed,
    line,
  };
}

/** Validates one userFills entry; a bad one goes to the row policy. */
export function parseUserFill(
  value: unknown,
  line: number,
  policy: RowPolicy,
): TradeFill | undefined {
  const parsed = UserFillSchema.safeParse(value);
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error);
    policy.reject(line, message, field);
    return undefined;
  }
  if (Number(parsed.data.px) <= 0 || Number(parsed.data.sz) <= 0) {
    policy.reject(line, "must be above zero", Number(parsed.data.px) <= 0 ? "px" : "sz");
    return undefined;
  }
  return userFillToTradeFill(parsed.data, line);
}

/** Counts of mm journal lines that are not fills (other event kinds). */
export interface EventCounts {
  ignored: number;
}

/**
 * Fills from NDJSON: mm's own events (`type: "fill"`; other kinds are
 * counted, not read) or one userFills entry per line.
 */
export async function* ndjsonFills(
  lines: AsyncIterable<JsonLine[]>,
  options: { policy: RowPolicy; mmEvents: boolean; counts: EventCounts },
): AsyncGenerator<TradeFill[]> {
  const { policy, mmEvents, counts } = options;
  for await (const batch of lines) {
    const fills: TradeFill[] = [];
    for (const { text, line } of batch) {
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch {
        policy.reject(line, `not a JSON object: ${text.slice(0, 40)}`);
        continue;
      }
      const fill = mmEvents
        ? parseFillEvent(value, line, policy, counts)
        : parseUserFill(value, line, policy);
      if (fill !== undefined) fills.push(fill);
    }
    if (fills.length > 0) yield fills;
  }
}

function parseFillEvent(
  value: unknown,
  line: number,
  policy: RowPolicy,
  counts: EventCounts,
): TradeFill | undefined {
  const envelope = EventEnvelopeSchema.safeParse(value);
  if (!envelope.success) {
    const { field, message } = firstIssue(envelope.error);
    policy.reject(line, message, field);
    return undefined;
  }
  if (envelope.data.type !== "fill") {
    counts.ignored += 1;
    return undefined;
  }
  const parsed = FillEventSchema.safeParse(value);
  if (!parsed.success) {
    const { field, message } = firstIssue(parsed.error);
    policy.reject(line, message, field);
    return undefined;
  }
  const event = parsed.data;
  return {
    tsMs: event.ts,
    coin: event.coin,
    dir: event.dir,
    px: event.px,
    sz: event.sz,
    notionalMicros: toMicros(Math.abs(event.px * event.sz)),
    feeMicros: toMicros(event.fee_usd),
    grossPnlMicros: toMicros(event.closed_pnl_usd),
    closing: isClosingDir(event.dir),
    maker: event.maker,
    line,
  };
}
