/**
 * The CLI edge: every error becomes one line on stderr and an exit code.
 * Exit codes: 0 ok · 1 failure · 2 usage, config or input error · 130 interrupted.
 *
 * @module
 */

import { InputError, UsageError } from "../lib/errors.ts";

/** Exit codes shared by every command (mm status has its own). */
export const EXIT = { ok: 0, failure: 1, usage: 2, interrupted: 130 } as const;

/** The one line to print and the exit code for an error. Never a stack trace. */
export function describeError(error: unknown): { line: string; exitCode: number } {
  if (error instanceof InputError) return { line: `mm: ${error.describe()}`, exitCode: EXIT.usage };
  if (error instanceof UsageError) return { line: `mm: ${error.message}`, exitCode: EXIT.usage };
  const message = error instanceof Error ? error.message : String(error);
  return { line: `mm: unexpected failure: ${firstLine(message)}`, exitCode: EXIT.failure };
}

function firstLine(text: string): string {
  return text.split("\n")[0];
}
