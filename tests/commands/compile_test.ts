/** `deno task compile` builds the single executable `dist/mm`; it runs without Deno or Node. */

import denoJson from "../../deno.json" with { type: "json" };
import { assertEquals, ndjson, repoPath } from "../_helpers.ts";

const decoder = new TextDecoder();

Deno.test("dist/mm answers --version and analyses the example history", async () => {
  const compile = await new Deno.Command(Deno.execPath(), {
    args: ["task", "compile"],
    cwd: repoPath(""),
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(compile.code, 0, decoder.decode(compile.stderr));

  const binary = repoPath("dist/mm");
  const version = await new Deno.Command(binary, {
    args: ["--version"],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(version.code, 0, decoder.decode(version.stderr));
  assertEquals(decoder.decode(version.stdout).trim(), denoJson.version);

  const run = await new Deno.Command(binary, {
    args: ["analyze-trades", repoPath("examples/trade_history.csv")],
    cwd: repoPath(""),
    stdout: "piped",
    stderr: "piped",
    env: { NO_COLOR: "1" },
  }).output();
  assertEquals(run.code, 0, decoder.decode(run.stderr));
  const summary = ndjson(decoder.decode(run.stdout))[0];
  assertEquals([summary.type, summary.fills], ["summary", 2000]);
});
