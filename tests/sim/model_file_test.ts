/** lib/sim/model_file.ts: a generator model file is checked before any frame is made. */

import { assertEquals, assertThrows } from "../_helpers.ts";
import { InputError } from "../../lib/errors.ts";
import { readModelFile } from "../../lib/sim/model_file.ts";

function withFile(text: string, check: (path: string) => void): void {
  const path = Deno.makeTempFileSync({ suffix: ".json" });
  try {
    Deno.writeTextFileSync(path, text);
    check(path);
  } finally {
    Deno.removeSync(path);
  }
}

Deno.test("a model file's groups come back as generator options", () => {
  const text = '{"toxic": {"hours": [2, 9]}, "informed": {"thresholdUsd": 20000}, ' +
    '"impact": {"bpsAt10kUsd": 1}}';
  withFile(text, (path) => {
    assertEquals(readModelFile(path), {
      toxic: { hours: [2, 9] },
      informed: { thresholdUsd: 20_000 },
      impact: { bpsAt10kUsd: 1 },
    });
  });
});

Deno.test("an unknown key is refused with its path", () => {
  withFile('{"toxic": {"hourz": [2]}}', (path) => {
    assertThrows(() => readModelFile(path), InputError, 'Unrecognized key: "hourz"');
    try {
      readModelFile(path);
    } catch (error) {
      assertEquals((error as InputError).location.field, "toxic");
    }
  });
});

Deno.test("a negative impact is refused naming the parameter", () => {
  withFile('{"impact": {"bpsAt10kUsd": -1}}', (path) => {
    assertThrows(
      () => readModelFile(path),
      InputError,
      "generator parameter impact.bpsAt10kUsd must be ≥ 0",
    );
  });
});

Deno.test("a value the generator cannot run is refused naming the parameter", () => {
  withFile('{"informed": {"thresholdUsd": -5}}', (path) => {
    assertThrows(
      () => readModelFile(path),
      InputError,
      "generator parameter informed.thresholdUsd must be > 0",
    );
  });
});
