/** WireLevels: a wire book side read by index, each number exactly Number(text). */

import { isBookLevels, WireLevels } from "../../lib/hyperliquid/book_levels.ts";
import { assert, assertEquals } from "../_helpers.ts";

Deno.test("wire levels read prices and sizes by index, as Number reads the text", () => {
  const wire = [{ px: "90123.5", sz: "0.01234", n: 2 }, { px: "90123", sz: "1e-3", n: 1 }];
  const levels = new WireLevels(wire);
  assertEquals(levels.length, 2);
  assertEquals([levels.px(0), levels.sz(0), levels.px(1), levels.sz(1)], [
    90123.5,
    0.01234,
    90123,
    0.001,
  ]);
  assert(isBookLevels(levels));
  assert(!isBookLevels([[1, 2]]));
});
