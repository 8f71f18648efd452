/**
 * Test helpers: run the real `mm` CLI as a subprocess with the exact
 * permissions of the `mm` task, and locate fixture and shared data files.
 */

import type { ZodType } from "zod";
import denoJson from "../deno.json" with { type: "json" };
import { assert } from "./_assert.ts";

const ROOT = new URL("../", import.meta.url);

/** A path inside the repository. */
export function repoPath(relative: string): string {
  return new URL(relative, ROOT).pathname;
}

/** A file in tests/fixtures. */
export function fixture(name: string): string {
  return repoPath(`tests/fixtures/${name}`);
}

/**
 * A file in the shared real-data folder (`../shared` beside the repository,
 * or `MM_SHARED_DIR`, or /work/shared). Throws when it is nowhere: a test on
 * real data must not pass by not running.
 */
export function sharedData(relative: string): string {
  const candidates = [
    Deno.env.get("MM_SHARED_DIR"),
    new URL("../shared", ROOT).pathname,
    "/work/shared",
  ].filter((dir): dir is string => dir !== undefined);
  for (const dir of candidates) {
    const path = `${dir.replace(/\/$/, "")}/${relative}`;
    try {
      Deno.statSync(path);
      return path;
    } catch {
      // try the next place
    }
  }
  throw new Error(
    `shared data ${relative} not found in ${candidates.join(", ")}; set MM_SHARED_DIR`,
  );
}

/** What a finished `mm` run printed and returned. */
export interface MmRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** The `deno run …` arguments of the `mm` task, so tests run with its narrowed permissions. */
function mmTaskArgs(): string[] {
  const words = denoJson.tasks.mm.split(/\s+/);
  if (words[0] !== "deno") throw new Error(`unexpected mm task: ${denoJson.tasks.mm}`);
  return words.slice(1).map((word) => (word.endsWith(".ts") ? repoPath(word) : word));
}

/** Runs `mm` with arguments, optionally feeding stdin; never throws on a non-zero exit. */
export async function runMm(args: string[], options: { stdin?: string } = {}): Promise<MmRun> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [...mmTaskArgs(), ...args],
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  const { code, stdout, stderr } = await child.output();
  const decoder = new TextDecoder();
  return { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
}

/** Parses NDJSON output into objects. */
export function ndjson(text: string): Record<string, unknown>[] {
  return text.split("\n").filter((line) => line.trim() !== "").map((line) => JSON.parse(line));
}

/**
 * Asserts that every event matches `schema` (a command's NDJSON contract in
 * lib/events); returns the `type`s seen, in order of first appearance.
 */
export function assertEachMatches(
  schema: ZodType<{ type: string }>,
  events: readonly Record<string, unknown>[],
): Set<string> {
  const types = new Set<string>();
  for (const [i, event] of events.entries()) {
    const parsed = schema.safeParse(event);
    assert(
      parsed.success,
      `event ${i + 1}: ${parsed.error?.message} in ${JSON.stringify(event).slice(0, 300)}`,
    );
    types.add(parsed.data.type);
  }
  return types;
}

/** Asserts a condition with a message (no @std/assert here). */
export { assert, assertEquals, assertMatch, assertRejects, assertThrows } from "./_assert.ts";
