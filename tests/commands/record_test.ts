/** `mm record` from a running simulator, then `mm sim --replay` of the recording. */

import { readMarketFrames } from "../../lib/sim/market_file.ts";
import { ReplayDoneSchema, SimReadySchema } from "../../lib/events/sim.ts";
import { assert, assertEquals, repoPath } from "../_helpers.ts";
import denoJson from "../../deno.json" with { type: "json" };

function mm(args: string[], options: { stdout?: "piped" | "null" } = {}) {
  const words = denoJson.tasks.mm.split(/\s+/).slice(1).map((
    w,
  ) => (w.endsWith(".ts") ? repoPath(w) : w));
  return new Deno.Command(Deno.execPath(), {
    args: [...words, ...args],
    stdout: options.stdout ?? "piped",
    stderr: "piped",
  });
}

async function firstLineWith(stream: ReadableStream<Uint8Array>, text: string): Promise<{
  line: string;
  reader: ReadableStreamDefaultReader<string>;
}> {
  const reader = stream.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  while (true) {
    const { value, done } = await reader.read();
    if (done) throw new Error(`no line with ${text}`);
    buffer += value;
    const line = buffer.split("\n").find((l) => l.includes(text));
    if (line !== undefined) return { line, reader };
  }
}

async function* once(text: string) {
  yield text;
}

Deno.test("mm record writes the simulator's live frames, and mm sim --replay plays them back", async () => {
  const sim = mm(["sim", "--port", "0"]).spawn();
  const { line, reader } = await firstLineWith(sim.stdout, "sim_ready");
  const { url } = SimReadySchema.parse(JSON.parse(line));
  const file = await Deno.makeTempFile({ suffix: ".ndjson" });
  try {
    const recorded = await mm(["record", "--api-url", url, "--asset", "BTC", "--minutes", "0.03"])
      .output();
    assertEquals(recorded.code, 0, new TextDecoder().decode(recorded.stderr));
    const text = new TextDecoder().decode(recorded.stdout);
    Deno.writeTextFileSync(file, text);
    const frames = [];
    for await (const batch of readMarketFrames(once(text), { file })) frames.push(...batch);
    assert(frames.some((f) => f.channel === "l2Book"), "book frames recorded");
    assert(frames.length >= 2, `${frames.length} frames in ~2 s`);

    const replay = mm(["sim", "--port", "0", "--replay", file, "--speed", "max"]).spawn();
    const done = await firstLineWith(replay.stdout, "replay_done");
    assertEquals(ReplayDoneSchema.parse(JSON.parse(done.line)).frames, frames.length);
    replay.kill("SIGTERM");
    assertEquals((await replay.status).code, 0);
    done.reader.releaseLock();
    await replay.stdout.cancel().catch(() => {});
    await replay.stderr.cancel();
  } finally {
    sim.kill("SIGTERM");
    await sim.status;
    reader.releaseLock();
    await sim.stdout.cancel().catch(() => {});
    await sim.stderr.cancel();
    Deno.removeSync(file);
  }
});
