/**
 * Logging for mm, thin over `@logtape/logtape`.
 *
 * - Targets are dotted component names (`mm.engine`, `mm.strategy.glft`,
 *   `mm.hyperliquid.ws`, `mm.ratelimit`) with levels from an `MM_LOG`-style
 *   spec: `"info,mm.strategy=debug,mm.hyperliquid.ws=trace"` (bare level =
 *   default; the longest matching dotted prefix wins).
 * - Three streams: operational (info and above, one text line per record),
 *   diagnostic (debug/trace only, JSON lines), errors (warn and above, text).
 *   With a log directory they go to `operational.log`, `diagnostic.ndjson`
 *   and `errors.log`, rotated by size and by UTC day, keeping the last K.
 *   Without one, operational (which includes warnings and errors) goes to
 *   stderr, diagnostic goes to stderr as JSON only when some target enables
 *   debug/trace, and errors are not repeated. Nothing is ever written to stdout.
 * - Spans ({@link withSpan}, {@link startSpan}) stamp `span`, `span_id` and
 *   `elapsed_ms` on every record logged inside them.
 * - Every record is redacted before it reaches a sink: properties named like
 *   key/secret/password and any 0x+64-hex string are masked.
 *
 * Messages are logtape templates: `{name}` is replaced by property `name`.
 *
 * @example
 * ```ts
 * const logging = await configureLogging({ spec: Deno.env.get("MM_LOG") ?? "info" });
 * const log = logger("mm.engine");
 * await withSpan("requote", async (span) => {
 *   log.debug("decided", { bid: 1.23 });
 *   // later, from the ws ack handler: span.run(() => log.info("acked"))
 * });
 * await logging.dispose();
 * ```
 *
 * @module
 */

import { AsyncLocalStorage } from "node:async_hooks";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  configure,
  dispose as disposeLogtape,
  getLogger,
  type LogLevel,
  type LogRecord,
  type Sink,
} from "@logtape/logtape";
import { formatJson, formatText } from "./_format.ts";
import { redactProps, redactText, redactValue } from "./_redact.ts";
import { RotatingFile } from "./_rotating_sink.ts";
import { LEVEL_RANK, levelFor, type LogSpec, mostVerbose, parseLogSpec } from "./_spec.ts";
import { spanProps } from "./_span.ts";

export { LEVEL_RANK, levelFor, type LogSpec, LogSpecError, parseLogSpec } from "./_spec.ts";
export type { SpecLevel } from "./_spec.ts";
export { REDACTED, redactProps, redactText } from "./_redact.ts";
export { currentSpan, type Span, startSpan, withSpan } from "./_span.ts";

/** Environment variable holding the level spec. */
export const LOG_ENV = "MM_LOG";

/** Default rotation size: 10 MiB. */
export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** Default number of rotated files kept per stream. */
export const DEFAULT_KEEP_FILES = 5;

/** File names of the three streams inside a log directory. */
export const LOG_FILES = {
  operational: "operational.log",
  diagnostic: "diagnostic.ndjson",
  errors: "errors.log",
} as const;

/** Options for {@link configureLogging}. */
export interface LoggingOptions {
  /** Level spec, e.g. `"info,mm.strategy=debug"`. Empty → `info`. */
  spec: string;
  /** Directory for the three stream files (created if missing). */
  logDir?: string;
  /** Clock in ms since epoch: record timestamps and day rotation. Default `Date.now`. */
  now?: () => number;
  /** Rotate a file before it would exceed this many bytes. Default 10 MiB. */
  maxBytes?: number;
  /** Rotated files kept per stream. Default 5. */
  keepFiles?: number;
  /** Where stderr output goes (tests capture it). Default: `Deno.stderr`. */
  stderr?: (text: string) => void;
}

/** Handle returned by {@link configureLogging}. */
export interface Logging extends AsyncDisposable {
  /** The parsed spec in force. */
  readonly spec: LogSpec;
  /** Flushes and closes every sink and resets logtape. */
  dispose(): Promise<void>;
}

/** A component logger: `log.info("placed {n} orders", { n: 4 })`. */
export interface MmLogger {
  /** The dotted target, e.g. `mm.engine`. */
  readonly target: string;
  /** Whether a record at `level` would be emitted (guard costly props). */
  enabled(level: "trace" | "debug" | "info" | "warn" | "error"): boolean;
  /** Very verbose detail (diagnostic stream). */
  trace(message: string, props?: Record<string, unknown>): void;
  /** Decision detail (diagnostic stream). */
  debug(message: string, props?: Record<string, unknown>): void;
  /** Normal operation (operational stream). */
  info(message: string, props?: Record<string, unknown>): void;
  /** Something off (operational and errors streams). */
  warn(message: string, props?: Record<string, unknown>): void;
  /** A failure (operational and errors streams). */
  error(message: string, props?: Record<string, unknown>): void;
}

const DEFAULT_STDERR = (() => {
  const encoder = new TextEncoder();
  return (text: string): void => {
    const bytes = encoder.encode(text);
    let offset = 0;
    while (offset < bytes.length) offset += Deno.stderr.writeSync(bytes.subarray(offset));
  };
})();

function rank(level: LogLevel): number {
  return LEVEL_RANK[level];
}

/** A copy of the record with secrets masked (and the injected clock's time). */
function redactRecord(record: LogRecord, now?: () => number): LogRecord {
  return {
    ...record,
    timestamp: now === undefined ? record.timestamp : now(),
    message: record.message.map((part, i) =>
      i % 2 === 0 ? (typeof part === "string" ? redactText(part) : part) : redactValue(part)
    ),
    rawMessage: typeof record.rawMessage === "string"
      ? redactText(record.rawMessage)
      : record.rawMessage,
    properties: redactProps(record.properties),
  };
}

/** A logtape sink writing the records that pass `accept`, redacted and formatted. */
function streamSink(
  accept: (level: LogLevel) => boolean,
  format: (record: LogRecord) => string,
  write: (text: string) => void,
  now: (() => number) | undefined,
  close?: () => void,
): Sink & Disposable {
  const sink = (record: LogRecord): void => {
    if (!accept(record.level)) return;
    write(format(redactRecord(record, now)));
  };
  return Object.assign(sink, { [Symbol.dispose]: () => close?.() });
}

/**
 * Configures logging process-wide (replacing any earlier configuration).
 * Throws {@link LogSpecError} on a bad spec before changing anything.
 */
export async function configureLogging(options: LoggingOptions): Promise<Logging> {
  const spec = parseLogSpec(options.spec);
  const now = options.now;
  const isOperational = (level: LogLevel) => rank(level) >= rank("info");
  const isDiagnostic = (level: LogLevel) => rank(level) <= rank("debug");
  const isError = (level: LogLevel) => rank(level) >= rank("warning");
  const sinks: Record<string, Sink & Disposable> = {};

  const logDir = options.logDir;
  if (logDir !== undefined) {
    fs.mkdirSync(logDir, { recursive: true });
    const fileOptions = {
      maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
      keepFiles: options.keepFiles ?? DEFAULT_KEEP_FILES,
      now: now ?? Date.now,
    };
    const open = (name: string) => new RotatingFile(path.join(logDir, name), fileOptions);
    const operational = open(LOG_FILES.operational);
    const diagnostic = open(LOG_FILES.diagnostic);
    const errors = open(LOG_FILES.errors);
    sinks.operational = streamSink(
      isOperational,
      formatText,
      (t) => operational.write(t),
      now,
      () => operational.close(),
    );
    sinks.diagnostic = streamSink(
      isDiagnostic,
      formatJson,
      (t) => diagnostic.write(t),
      now,
      () => diagnostic.close(),
    );
    sinks.errors = streamSink(
      isError,
      formatText,
      (t) => errors.write(t),
      now,
      () => errors.close(),
    );
  } else {
    const stderr = options.stderr ?? DEFAULT_STDERR;
    // Operational already carries warn/error to stderr: no separate errors sink.
    sinks.operational = streamSink(isOperational, formatText, stderr, now);
    if (rank(mostVerbose(spec) as LogLevel) <= rank("debug")) {
      sinks.diagnostic = streamSink(isDiagnostic, formatJson, stderr, now);
    }
  }

  const sinkIds = Object.keys(sinks);
  await configure({
    reset: true,
    sinks,
    filters: {
      spec: (record: LogRecord) =>
        rank(record.level) >= LEVEL_RANK[levelFor(spec, record.category.join("."))],
    },
    loggers: [
      { category: [], sinks: sinkIds, filters: ["spec"], lowestLevel: "trace" },
      {
        category: ["logtape", "meta"],
        sinks: sinks.errors === undefined ? ["operational"] : ["errors"],
        lowestLevel: "warning",
        parentSinks: "override",
      },
    ],
    contextLocalStorage: new AsyncLocalStorage<Record<string, unknown>>(),
  });

  let disposed = false;
  const dispose = async (): Promise<void> => {
    if (disposed) return;
    disposed = true;
    await disposeLogtape();
  };
  return { spec, dispose, [Symbol.asyncDispose]: dispose };
}

const API_LEVEL: Readonly<Record<"trace" | "debug" | "info" | "warn" | "error", LogLevel>> = {
  trace: "trace",
  debug: "debug",
  info: "info",
  warn: "warning",
  error: "error",
};

/**
 * The logger for a dotted target such as `mm.strategy.glft`. Cheap; callers
 * may hold one per module. Records carry the current span's properties;
 * explicit props win over them.
 */
export function logger(target: string): MmLogger {
  const inner = getLogger(target.split("."));
  const emit = (level: LogLevel, message: string, props?: Record<string, unknown>): void => {
    if (!inner.isEnabledFor(level)) return;
    const span = spanProps();
    const safe = props === undefined ? {} : redactProps(props);
    inner[level === "warning" ? "warn" : level](redactText(message), { ...span, ...safe });
  };
  return {
    target,
    enabled: (level) => inner.isEnabledFor(API_LEVEL[level]),
    trace: (message, props) => emit("trace", message, props),
    debug: (message, props) => emit("debug", message, props),
    info: (message, props) => emit("info", message, props),
    warn: (message, props) => emit("warning", message, props),
    error: (message, props) => emit("error", message, props),
  };
}
