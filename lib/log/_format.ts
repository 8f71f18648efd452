/**
 * Record formatters: one human-readable line (operational, errors) and one
 * JSON object per line (diagnostic).
 *
 * @module
 */

import type { LogLevel, LogRecord } from "@logtape/logtape";

const LEVEL_LABEL: Readonly<Record<LogLevel, string>> = {
  trace: "TRACE",
  debug: "DEBUG",
  info: "INFO ",
  warning: "WARN ",
  error: "ERROR",
  fatal: "FATAL",
};

/** The record's message with its placeholders filled in. */
export function renderMessage(record: LogRecord): string {
  let out = "";
  for (let i = 0; i < record.message.length; i++) {
    const part = record.message[i];
    out += i % 2 === 0 ? String(part) : stringifyInline(part);
  }
  return out;
}

function stringifyInline(value: unknown): string {
  if (typeof value === "string") return value;
  if (value instanceof Error) return `${value.name}: ${value.message}`;
  return json(value) ?? String(value);
}

/** JSON.stringify that survives bigints, errors and cycles. */
export function json(value: unknown): string | undefined {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === "bigint") return v.toString();
    if (v instanceof Error) return { name: v.name, message: v.message, stack: v.stack };
    if (v !== null && typeof v === "object") {
      if (seen.has(v)) return "[Circular]";
      seen.add(v);
    }
    return v;
  });
}

/**
 * `2025-01-02T03:04:05.678Z INFO  mm.engine: quoted span=requote#ab12 k=v`.
 * Properties follow as `name=value` (strings bare when they have no spaces).
 */
export function formatText(record: LogRecord): string {
  let line = `${new Date(record.timestamp).toISOString()} ${LEVEL_LABEL[record.level]} ` +
    `${record.category.join(".")}: ${renderMessage(record).replaceAll("\n", "\\n")}`;
  for (const [name, value] of Object.entries(record.properties)) {
    if (value === undefined) continue;
    const text = typeof value === "string" && /^[^\s"=]+$/.test(value)
      ? value
      : (json(value) ?? String(value));
    line += ` ${name}=${text}`;
  }
  return line + "\n";
}

/** `{"ts":"…","level":"debug","target":"mm.strategy","msg":"…",…props}` + newline. */
export function formatJson(record: LogRecord): string {
  const object: Record<string, unknown> = {
    ts: new Date(record.timestamp).toISOString(),
    level: record.level,
    target: record.category.join("."),
    msg: renderMessage(record),
  };
  for (const [name, value] of Object.entries(record.properties)) {
    if (!(name in object)) object[name] = value;
  }
  return (json(object) ?? "{}") + "\n";
}
