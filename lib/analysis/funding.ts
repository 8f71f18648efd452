/**
 * Funding payments for P&L attribution (`mm analyze-trades --funding FILE`).
 *
 * Three forms, detected from the content:
 * - the web app's funding export, `time,coin,sz,side,payment,rate`, with
 *   locale times like the trade export (day/month order decided the same
 *   way, or `--date-order`), `payment` signed USDC;
 * - `userFunding` from the API: a JSON array of `{time, delta: {coin, usdc}}`,
 *   or a `{request, response}` capture of one;
 * - that API answer flattened to CSV, with `time_ms`, `coin` and `usdc`.
 *
 * Sign: positive USDC is received, negative paid (as the exchange reports).
 * Money is kept in integer micro-USD like the fills.
 *
 * @module
 */

import { z } from "zod";
import { InputError } from "../errors.ts";
import { parseNumber } from "./_row_policy.ts";
import { readCsv } from "./csv.ts";
import { type DateOrder, DateOrderResolver, splitLocaleStamp, wallClockMs } from "./locale_time.ts";
import type { TimeZone } from "./time_zone.ts";
import { toMicros } from "./trade_fill.ts";

/** One funding payment: coin, time (epoch ms) and signed USDC in micro-USD. */
export interface FundingPayment {
  coin: string;
  tsMs: number;
  usdcMicros: number;
}

const UserFundingSchema = z.array(z.object({
  time: z.number().int().nonnegative(),
  delta: z.object({ coin: z.string().min(1), usdc: z.string(), type: z.literal("funding") }),
}));

/** Reads a funding file's text into payments (ascending time). */
export async function readFunding(
  text: string,
  options: { file: string; tz: TimeZone; dateOrder?: DateOrder; nowMs: number },
): Promise<FundingPayment[]> {
  const trimmed = text.trimStart();
  const payments = trimmed.startsWith("[") || trimmed.startsWith("{")
    ? fromJson(trimmed, options.file)
    : await fromCsv(text, options);
  return payments.sort((a, b) => a.tsMs - b.tsMs);
}

function fromJson(text: string, file: string): FundingPayment[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new InputError(`not JSON: ${(error as Error).message}`, { file }, {
      hint: "pass userFunding JSON, its {request,response} capture, or a funding CSV",
    });
  }
  const body = value !== null && typeof value === "object" && "response" in value
    ? (value as { response: unknown }).response
    : value;
  const parsed = UserFundingSchema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const index = typeof issue.path[0] === "number" ? issue.path[0] + 1 : undefined;
    throw new InputError(
      `not a userFunding answer: ${issue.path.slice(1).join(".") || "value"}: ${issue.message}`,
      { file, line: index },
      { hint: "each element needs time and delta.{coin,usdc,type: funding}" },
    );
  }
  return parsed.data.map((item, i) => ({
    coin: item.delta.coin,
    tsMs: item.time,
    usdcMicros: usdcMicros(item.delta.usdc, { file, line: i + 1, field: "delta.usdc" }),
  }));
}

async function fromCsv(
  text: string,
  options: { file: string; tz: TimeZone; dateOrder?: DateOrder; nowMs: number },
): Promise<FundingPayment[]> {
  const { file } = options;
  const csv = await readCsv((async function* () {
    yield text;
  })());
  if (csv === undefined) throw new InputError("empty funding file", { file });
  const column = (name: string) => csv.header.indexOf(name);
  const rows: { fields: string[]; line: number }[] = [];
  for await (const batch of csv.batches) {
    rows.push(...batch.filter((r) => r.fields.join("") !== ""));
  }
  if (column("time_ms") >= 0 && column("usdc") >= 0 && column("coin") >= 0) {
    const [t, c, u] = [column("time_ms"), column("coin"), column("usdc")];
    return rows.map(({ fields, line }) => ({
      coin: required(fields[c], { file, line, field: "coin" }),
      tsMs: epochMs(fields[t], { file, line, field: "time_ms" }),
      usdcMicros: usdcMicros(fields[u], { file, line, field: "usdc" }),
    }));
  }
  if (column("time") >= 0 && column("payment") >= 0 && column("coin") >= 0) {
    return fromExport(rows, {
      ...options,
      time: column("time"),
      coin: column("coin"),
      payment: column("payment"),
    });
  }
  throw new InputError(
    `unknown funding CSV header: ${csv.header.join(",")}`,
    { file, line: 1 },
    {
      hint:
        "expected the web export (time,coin,…,payment,…) or flattened userFunding (time_ms,coin,usdc)",
    },
  );
}

function fromExport(
  rows: { fields: string[]; line: number }[],
  options: {
    file: string;
    tz: TimeZone;
    dateOrder?: DateOrder;
    nowMs: number;
    time: number;
    coin: number;
    payment: number;
  },
): FundingPayment[] {
  const { file } = options;
  const resolver = new DateOrderResolver(options.dateOrder);
  const stamps = rows.map(({ fields, line }) => {
    const stamp = splitLocaleStamp(fields[options.time] ?? "");
    if (stamp === undefined) {
      throw new InputError(`not a date and time: ${JSON.stringify(fields[options.time])}`, {
        file,
        line,
        field: "time",
      });
    }
    const contradiction = resolver.update(stamp, line);
    if (contradiction !== undefined) {
      throw new InputError(contradiction, { file, line, field: "time" }, {
        hint: "pass --date-order dmy or mdy",
      });
    }
    return stamp;
  });
  const order = resolver.order ?? resolver.decideUndecided(stamps, { nowMs: options.nowMs });
  if (order === undefined) {
    throw new InputError("the day/month order of the funding file's dates is ambiguous", { file }, {
      hint: "pass --date-order dmy or mdy",
    });
  }
  return rows.map(({ fields, line }, i) => {
    const wall = wallClockMs(stamps[i], order);
    if (wall === undefined) {
      throw new InputError(`no such date: ${fields[options.time]}`, { file, line, field: "time" });
    }
    return {
      coin: required(fields[options.coin], { file, line, field: "coin" }),
      tsMs: options.tz.toUtcMs(wall),
      usdcMicros: usdcMicros(fields[options.payment], { file, line, field: "payment" }),
    };
  });
}

function required(value: string | undefined, at: { file: string; line: number; field: string }) {
  if (value === undefined || value.trim() === "") throw new InputError(`empty ${at.field}`, at);
  return value.trim();
}

function epochMs(text: string | undefined, at: { file: string; line: number; field: string }) {
  const ms = Number(required(text, at));
  if (!Number.isSafeInteger(ms) || ms < 0) {
    throw new InputError(`not epoch milliseconds: ${JSON.stringify(text)}`, at);
  }
  return ms;
}

function usdcMicros(text: string | undefined, at: { file: string; line?: number; field: string }) {
  const usd = parseNumber(text);
  if (usd === undefined) {
    throw new InputError(`not a USDC amount: ${JSON.stringify(text)}`, at);
  }
  return toMicros(usd);
}
