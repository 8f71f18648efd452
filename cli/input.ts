/**
 * Opening what a command reads: a file or stdin as text chunks, and market
 * recordings (plain or gzip). Failures become one-line InputErrors.
 *
 * @module
 */

import { open } from "node:fs/promises";
import process from "node:process";
import { createGunzip } from "node:zlib";
import { InputError, UsageError } from "../lib/errors.ts";
import { isGzip } from "../lib/sim/market_file.ts";

/** Bytes per read: small chunks keep memory flat and the GC quiet. */
const CHUNK_BYTES = 1 << 16;

/**
 * A file (or `-` for stdin) as UTF-8 text chunks.
 *
 * @param options.stdinHint what to say when `-` is given on a terminal.
 * @param options.hint what to say when the file cannot be read.
 */
export async function openTextInput(
  input: string,
  options: { stdinHint: string; hint: string },
): Promise<AsyncIterable<string>> {
  if (input === "-") {
    if (process.stdin.isTTY) throw new UsageError(options.stdinHint);
    process.stdin.setEncoding("utf8");
    return process.stdin;
  }
  try {
    const handle = await open(input, "r");
    return handle.createReadStream({ encoding: "utf8", highWaterMark: CHUNK_BYTES });
  } catch (error) {
    throw new InputError(`cannot read: ${openFailure(error)}`, { file: input }, {
      hint: options.hint,
    });
  }
}

/** A market recording (NDJSON, or gzip of it) as text chunks. */
export async function openMarketInput(path: string): Promise<AsyncIterable<string>> {
  let handle;
  try {
    handle = await open(path, "r");
  } catch (error) {
    throw new InputError(`cannot read: ${openFailure(error)}`, { file: path }, {
      hint: "give a file made by mm record or mm sim --generate",
    });
  }
  const head = new Uint8Array(2);
  await handle.read(head, 0, 2, 0);
  const stream = handle.createReadStream({ start: 0, highWaterMark: CHUNK_BYTES });
  if (isGzip(head)) {
    const gunzip = stream.pipe(createGunzip());
    gunzip.setEncoding("utf8");
    return gunzip;
  }
  stream.setEncoding("utf8");
  return stream;
}

function openFailure(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === "ENOENT") return "no such file";
  if (code === "EACCES" || code === "EPERM") return "permission denied";
  if (code === "EISDIR") return "is a directory";
  return String(code ?? error);
}

/** All of a text input at once (small inputs: a funding file, an analysis). */
export async function readAll(chunks: AsyncIterable<string>): Promise<string> {
  let text = "";
  for await (const chunk of chunks) text += chunk;
  return text;
}
