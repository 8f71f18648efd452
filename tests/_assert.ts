/**
 * Assertions on node:assert (JSR's @std/assert is out of reach here), named
 * as in @std/assert so tests read the usual way.
 */

import nodeAssert from "node:assert/strict";

/** Fails unless `condition` holds. */
export function assert(condition: unknown, message?: string): asserts condition {
  nodeAssert.ok(condition, message);
}

/** Deep, strict equality. */
export function assertEquals<T>(actual: T, expected: T, message?: string): void {
  nodeAssert.deepStrictEqual(actual, expected, message);
}

/** The text matches the pattern. */
export function assertMatch(actual: string, pattern: RegExp, message?: string): void {
  nodeAssert.match(actual, pattern, message);
}

/** `fn` throws an error of class `type` whose message includes `includes`. */
export function assertThrows(
  fn: () => unknown,
  type: new (...args: never[]) => Error,
  includes?: string,
): void {
  nodeAssert.throws(fn, (error: unknown) => {
    nodeAssert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    if (includes !== undefined) {
      nodeAssert.match((error as Error).message, new RegExp(escape(includes)));
    }
    return true;
  });
}

/** The promise rejects with an error of class `type` whose message includes `includes`. */
export async function assertRejects(
  fn: () => Promise<unknown>,
  type: new (...args: never[]) => Error,
  includes?: string,
): Promise<void> {
  await nodeAssert.rejects(fn, (error: unknown) => {
    nodeAssert.ok(error instanceof type, `expected ${type.name}, got ${String(error)}`);
    if (includes !== undefined) {
      nodeAssert.match((error as Error).message, new RegExp(escape(includes)));
    }
    return true;
  });
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
