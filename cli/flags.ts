/**
 * Number flags shared by the commands: one parser, one error wording.
 *
 * @module
 */

import { UsageError } from "../lib/errors.ts";

/** Constraints on a number flag. */
export interface NumberFlagRules {
  /** Whole numbers only. */
  integer?: boolean;
  /** Smallest allowed value (inclusive). */
  min?: number;
  /** Must be above 0. */
  positive?: boolean;
  /** Largest allowed value (inclusive). */
  max?: number;
}

/**
 * Parses a number flag.
 *
 * @throws {UsageError} `--flag "x" is not a number` / `must be …`.
 */
export function numberFlag(flag: string, text: string, rules: NumberFlagRules = {}): number {
  const value = Number(text);
  if (text.trim() === "" || !Number.isFinite(value)) {
    throw new UsageError(`${flag} "${text}" is not a number`);
  }
  if (rules.integer && !Number.isInteger(value)) {
    throw new UsageError(`${flag} "${text}" must be a whole number`);
  }
  if (rules.positive && value <= 0) throw new UsageError(`${flag} "${text}" must be above 0`);
  if (rules.min !== undefined && value < rules.min) {
    throw new UsageError(`${flag} "${text}" must be at least ${rules.min}`);
  }
  if (rules.max !== undefined && value > rules.max) {
    throw new UsageError(`${flag} "${text}" must be at most ${rules.max}`);
  }
  return value;
}
