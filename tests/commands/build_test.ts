/** `deno task build` bundles mm for Node; the bundle runs a real command there. */

import { assert, assertEquals, fixture, ndjson, repoPath } from "../_helpers.ts";
import { startTestSim } from "../sim/_sim.ts";

Deno.test("the Node bundle answers --help and analyses a history like the Deno CLI", async () => {
  const build = await new Deno.Command(Deno.execPath(), {
    args: ["task", "build"],
    cwd: repoPath(""),
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(build.code, 0, new TextDecoder().decode(build.stderr));
  const help = await new Deno.Command("node", {
    args: [repoPath("dist/mm.mjs"), "--help"],
    stdout: "piped",
  }).output();
  assertEquals(help.code, 0);
  assert(new TextDecoder().decode(help.stdout).includes("analyze-trades"));
  const run = await new Deno.Command("node", {
    args: [repoPath("dist/mm.mjs"), "analyze-trades", fixture("six_fills_export.csv")],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assertEquals(run.code, 0, new TextDecoder().decode(run.stderr));
  const summary = ndjson(new TextDecoder().decode(run.stdout))[0];
  assertEquals([summary.fills, summary.net_pnl_usd], [6, 10.21475]);
});

Deno.test("the Node bundle streams a live market over WebSocket (ws stands in on Node < 22)", async () => {
  const sim = startTestSim();
  try {
    const run = await new Deno.Command("node", {
      args: [
        repoPath("dist/mm.mjs"),
        "dry-run",
        "--api-url",
        sim.server.url,
        "--for-minutes",
        "0.02",
        "--quiet",
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assertEquals(run.code, 0, new TextDecoder().decode(run.stderr));
    const summary = ndjson(new TextDecoder().decode(run.stdout)).at(-1)!;
    assertEquals(summary.type, "summary");
    assertEquals(summary.source, "live");
    assert(Number(summary.frames) >= 1, "at least one book frame arrived over the socket");
  } finally {
    await sim.close();
  }
});
