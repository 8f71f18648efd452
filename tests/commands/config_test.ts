/** `mm config init|check` and `mm completions`. */

import { assert, assertEquals, assertMatch, runMm } from "../_helpers.ts";

Deno.test("config init writes every default with comments, and config check reads it back", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const init = await runMm(["config", "init", `${dir}/mm.jsonc`]);
    assertEquals(init.code, 0, init.stderr);
    const text = Deno.readTextFileSync(`${dir}/mm.jsonc`);
    assertMatch(text, /\/\/ minimum spread, bps/);
    assertMatch(text, /"minSpreadBps": 8/);
    const again = await runMm(["config", "init", `${dir}/mm.jsonc`]);
    assertEquals(again.code, 2, "an existing file is not overwritten without --force");
    const check = await runMm(["config", "check", `${dir}/mm.jsonc`]);
    assertEquals(check.code, 0, check.stderr);
    const effective = JSON.parse(check.stdout);
    assertEquals(effective.strategy.ladder.levels, 5);
    assertEquals(effective.engine.deadMansSwitchLeadMs, 30_000);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("config check merges files in order and names a bad key's path", async () => {
  const dir = await Deno.makeTempDir();
  try {
    Deno.writeTextFileSync(
      `${dir}/base.json`,
      JSON.stringify({ strategy: { ladder: { levels: 3, minSpreadBps: 6 } } }),
    );
    Deno.writeTextFileSync(
      `${dir}/patch.json`,
      '// tighter\n{ "strategy": { "ladder": { "minSpreadBps": 4 } } }',
    );
    const merged = await runMm(["config", "check", `${dir}/base.json`, `${dir}/patch.json`]);
    assertEquals(merged.code, 0, merged.stderr);
    const ladder = JSON.parse(merged.stdout).strategy.ladder;
    assertEquals([ladder.levels, ladder.minSpreadBps], [3, 4]);
    Deno.writeTextFileSync(
      `${dir}/bad.json`,
      JSON.stringify({ engine: { priceToleranceBps: -1 } }),
    );
    const bad = await runMm(["config", "check", `${dir}/bad.json`]);
    assertEquals(bad.code, 2);
    assertMatch(bad.stderr, /config key engine\.priceToleranceBps/);
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});

Deno.test("completions: a bash script bash accepts, zsh and fish scripts naming every command", async () => {
  const bash = await runMm(["completions", "bash"]);
  assertEquals(bash.code, 0);
  const file = await Deno.makeTempFile({ suffix: ".bash" });
  try {
    Deno.writeTextFileSync(file, bash.stdout);
    const syntax = await new Deno.Command("bash", { args: ["-n", file], stderr: "piped" }).output();
    assertEquals(syntax.code, 0, new TextDecoder().decode(syntax.stderr));
  } finally {
    Deno.removeSync(file);
  }
  for (const shell of ["zsh", "fish"]) {
    const run = await runMm(["completions", shell]);
    assertEquals(run.code, 0);
    for (
      const command of ["run", "dry-run", "cancel-all", "status", "analyze-trades", "sim", "config"]
    ) {
      assert(run.stdout.includes(command), `${shell} completes ${command}`);
    }
  }
  assertMatch(bash.stdout, /--date-order/);
  assertEquals((await runMm(["completions", "powershell"])).code, 2);
});
