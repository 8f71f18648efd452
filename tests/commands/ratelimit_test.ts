/** `mm ratelimit` end to end: the real CLI on a hand-made journal, stdin, bad input, and live against the simulator. */

import denoJson from "../../deno.json" with { type: "json" };
import { startTestSim } from "../sim/_sim.ts";
import { RateLimitCommandEventSchema } from "../../lib/events/ops.ts";
import {
  assert,
  assertEachMatches,
  assertEquals,
  assertMatch,
  fixture,
  ndjson,
  repoPath,
} from "../_helpers.ts";

const FIXTURE = fixture("ratelimit_journal.ndjson");

async function mm(
  args: string[],
  options: { stdin?: string; env?: Record<string, string> } = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      ...denoJson.tasks.mm.split(/\s+/).slice(1).map((w) => (w.endsWith(".ts") ? repoPath(w) : w)),
      "ratelimit",
      ...args,
    ],
    stdin: options.stdin === undefined ? "null" : "piped",
    stdout: "piped",
    stderr: "piped",
    // HL_ACCOUNT empty counts as unset: the live default must come from the test, not the shell.
    env: { NO_COLOR: "1", HL_ACCOUNT: "", ...options.env },
  }).spawn();
  if (options.stdin !== undefined) {
    const writer = child.stdin.getWriter();
    await writer.write(new TextEncoder().encode(options.stdin));
    await writer.close();
  }
  const { code, stdout, stderr } = await child.output();
  const decoder = new TextDecoder();
  const run = { code, stdout: decoder.decode(stdout), stderr: decoder.decode(stderr) };
  assertEachMatches(RateLimitCommandEventSchema, ndjson(run.stdout));
  return run;
}

Deno.test("mm ratelimit FILE: one ratelimit event, what-ifs, and the trajectory", async () => {
  const run = await mm([FIXTURE, "--what-if", "single-cancels", "--trajectory"]);
  assertEquals(run.code, 0, run.stderr);
  assertEquals(run.stderr, "", "no chart when stderr is not a terminal");
  const events = ndjson(run.stdout);
  assertEquals(events.map((e) => e.type), [
    "ratelimit",
    "ratelimit_what_if",
    ...Array(12).fill("ratelimit_point"),
  ]);
  const [report, whatIf] = events;
  // See tests/ops/ratelimit_test.ts for the arithmetic.
  assertEquals(report.address_requests_per_minute, 15);
  assertEquals(report.address_remaining, 9950);
  assertEquals(report.runs_out, "2026-01-06T09:20:00.000Z");
  assertEquals(whatIf.ip_weight, 60);
  assertEquals(events.at(-1), {
    ts: Date.UTC(2026, 0, 5, 0, 9),
    type: "ratelimit_point",
    used: 2150,
    cap: 12100,
    remaining: 9950,
  });
});

Deno.test("mm ratelimit - reads a journal piped on stdin", async () => {
  const run = await mm(["-", "--start-used", "9000", "--start-cap", "10000"], {
    stdin: Deno.readTextFileSync(FIXTURE),
  });
  assertEquals(run.code, 0, run.stderr);
  const [report] = ndjson(run.stdout);
  assertEquals(report.file, "-");
  assertEquals(report.start_source, "flags");
  assertEquals(report.address_remaining, 950);
  assertEquals(report.projected_hours_left, 3.17);
});

Deno.test("mm ratelimit: a bad line is one line naming file:line, exit 2", async () => {
  const lines = Deno.readTextFileSync(FIXTURE).split("\n");
  lines[5] = '{"ts":1767571260000,"type":"fill","coin":"BTC","px":"lots"}';
  const run = await mm(["-"], { stdin: lines.join("\n") });
  assertEquals(run.code, 2);
  assertEquals(run.stdout, "");
  assertMatch(run.stderr, /^mm: -:6: field side: .+\n$/);
  const missing = await mm(["no/such/journal.ndjson"]);
  assertEquals(missing.code, 2);
  assertEquals(
    missing.stderr,
    "mm: no/such/journal.ndjson: cannot read: no such file; " +
      "give the path of an mm journal (NDJSON), or - for stdin\n",
  );
  const policy = await mm([FIXTURE, "--what-if", "tolerance=5"]);
  assertEquals(policy.code, 2);
  assertMatch(policy.stderr, /not supported yet/);
});

Deno.test("mm ratelimit --account: the live budget from userRateLimit (simulator)", async () => {
  const sim = startTestSim({ port: 0 });
  try {
    const account = "0x00000000000000000000000000000000000000aa";
    const run = await mm(["--api-url", sim.server.url, "--account", account]);
    assertEquals(run.code, 0, run.stderr);
    const [report] = ndjson(run.stdout);
    assert(typeof report.ts === "number");
    assertEquals({ ...report, ts: 0 }, {
      ts: 0,
      type: "ratelimit",
      source: "live",
      account,
      network: "custom",
      api_url: sim.server.url,
      address_used: 0,
      address_cap: 10000,
      address_remaining: 10000,
      address_share: 0,
      cum_vlm_usd: 0,
    });
    const fromEnv = await mm(["--api-url", sim.server.url], {
      env: { HL_ACCOUNT: account.toUpperCase().replace("0X", "0x") },
    });
    assertEquals(fromEnv.code, 0, fromEnv.stderr);
    assertEquals(ndjson(fromEnv.stdout)[0].account, account);
  } finally {
    await sim.close();
  }
});

Deno.test("mm ratelimit without a journal or an account says what to give, exit 2", async () => {
  const run = await mm([]);
  assertEquals(run.code, 2);
  assertEquals(
    run.stderr,
    "mm: give a journal FILE (or - for stdin), or --account ADDR (or HL_ACCOUNT) for the live budget\n",
  );
  const bad = await mm(["--account", "0x12"]);
  assertEquals(bad.code, 2);
  assertMatch(bad.stderr, /--account "0x12" is not an address/);
  const both = await mm([FIXTURE, "--account", "0x00000000000000000000000000000000000000aa"]);
  assertEquals(both.code, 2);
});
