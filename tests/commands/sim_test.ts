/** `mm sim` as a process: starts fast, serves, stops cleanly on a signal; generates data. */

import { assert, assertEquals, fixture, ndjson, repoPath } from "../_helpers.ts";
import { SimReadySchema, SimStoppedSchema } from "../../lib/events/sim.ts";
import denoJson from "../../deno.json" with { type: "json" };

function mmArgs(args: string[]): string[] {
  const words = denoJson.tasks.mm.split(/\s+/).slice(1);
  return [...words.map((w) => (w.endsWith(".ts") ? repoPath(w) : w)), ...args];
}

/** Reads lines from a stream until `predicate` matches one. */
async function readUntil(
  reader: ReadableStreamDefaultReader<string>,
  predicate: (line: string) => boolean,
): Promise<{ line: string; before: string[] }> {
  let buffer = "";
  const before: string[] = [];
  while (true) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`stream ended before a matching line; saw: ${before.join(" | ")}`);
    buffer += value;
    const lines = buffer.split("\n");
    buffer = lines.pop()!;
    for (const line of lines) {
      if (predicate(line)) return { line, before };
      before.push(line);
    }
  }
}

for (const signal of ["SIGTERM", "SIGINT"] as const) {
  Deno.test(`mm sim serves the API once it says sim_ready and stops cleanly on ${signal}`, async () => {
    const child = new Deno.Command(Deno.execPath(), {
      args: mmArgs(["sim", "--port", "0"]),
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
    try {
      const { line } = await readUntil(reader, (l) => l.includes('"sim_ready"'));
      const ready = SimReadySchema.parse(JSON.parse(line));
      const meta = await (await fetch(`${ready.url}/info`, {
        method: "POST",
        body: JSON.stringify({ type: "meta" }),
      })).json();
      assertEquals(
        meta.universe.map((a: { name: string; szDecimals: number }) => [a.name, a.szDecimals]),
        [["BTC", 5], ["ETH", 4]],
      );
      child.kill(signal);
      const { line: stopped } = await readUntil(reader, (l) => l.includes('"sim_stopped"'));
      assertEquals(SimStoppedSchema.parse(JSON.parse(stopped)).faults.ws_drop, 0);
      const status = await child.status;
      assertEquals(status.code, 0);
    } finally {
      reader.releaseLock();
      await child.stdout.cancel().catch(() => {});
      await child.stderr.cancel();
      try {
        child.kill("SIGKILL");
      } catch {
        // already gone
      }
    }
  });
}

Deno.test("mm sim --generate writes deterministic Hyperliquid frames for a seed", async () => {
  const run = async (seed: string) => {
    const output = await new Deno.Command(Deno.execPath(), {
      args: mmArgs(["sim", "--generate", "--asset", "ETH", "--minutes", "1", "--seed", seed]),
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(output.code, 0, new TextDecoder().decode(output.stderr));
    return new TextDecoder().decode(output.stdout);
  };
  const a = await run("3"), b = await run("3"), c = await run("4");
  assertEquals(a, b);
  assert(a !== c, "another seed, another market");
  const frames = ndjson(a);
  assert(frames.length > 100, `${frames.length} frames in a minute`);
  assert(frames.every((f) => f.channel === "l2Book" || f.channel === "trades"));
  assertEquals((frames.find((f) => f.channel === "l2Book")!.data as { coin: string }).coin, "ETH");
});

Deno.test("mm sim with an unknown asset or a bad fault plan is a usage error", async () => {
  for (
    const args of [["sim", "--assets", "NOPE"], [
      "sim",
      "--faults",
      fixture("six_fills_export.csv"),
    ], ["sim", "--error-rate", "2"]]
  ) {
    const output = await new Deno.Command(Deno.execPath(), {
      args: mmArgs(args),
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(output.code, 2, `${args.join(" ")}: ${new TextDecoder().decode(output.stderr)}`);
  }
});
