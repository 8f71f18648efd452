import {
  DateOrderResolver,
  type LocaleStamp,
  splitLocaleStamp,
  wallClockMs,
} from "../../lib/analysis/locale_time.ts";
import { assert, assertEquals } from "../_helpers.ts";

const NOW = Date.UTC(2026, 10, 25); // 2026-11-25

function stamp(text: string): LocaleStamp {
  const parsed = splitLocaleStamp(text);
  assert(parsed !== undefined, `"${text}" should parse`);
  return parsed;
}

Deno.test("en-US export time M/D/YYYY - HH:MM:SS reads as month first", () => {
  assertEquals(
    wallClockMs(stamp("9/18/2025 - 14:59:56"), "mdy"),
    Date.UTC(2025, 8, 18, 14, 59, 56),
  );
});

Deno.test("en-GB export time DD/MM/YYYY HH:MM:SS reads as day first", () => {
  assertEquals(wallClockMs(stamp("25/09/2025 13:33:06"), "dmy"), Date.UTC(2025, 8, 25, 13, 33, 6));
});

Deno.test("vi-VN export time HH:MM:SS D/M/YYYY puts the time first", () => {
  assertEquals(wallClockMs(stamp("14:11:28 27/6/2026"), "dmy"), Date.UTC(2026, 5, 27, 14, 11, 28));
});

Deno.test("ISO time reads the same under either order", () => {
  const iso = stamp("2025-09-18 14:59:56");
  assertEquals(wallClockMs(iso, "dmy"), Date.UTC(2025, 8, 18, 14, 59, 56));
  assertEquals(wallClockMs(iso, "mdy"), Date.UTC(2025, 8, 18, 14, 59, 56));
});

Deno.test("12-hour clock times convert PM and 12 AM", () => {
  assertEquals(
    wallClockMs(stamp("9/18/2025, 2:59:56 PM"), "mdy"),
    Date.UTC(2025, 8, 18, 14, 59, 56),
  );
  assertEquals(wallClockMs(stamp("9/18/2025, 12:00:01 AM"), "mdy"), Date.UTC(2025, 8, 18, 0, 0, 1));
});

Deno.test("text that is not a time does not parse", () => {
  for (const text of ["yesterday", "2025/13", "25:00:00 1/1/2025", "1/1/2025 - 10:61:00", ""]) {
    assertEquals(splitLocaleStamp(text), undefined, text);
  }
});

Deno.test("a date that does not exist under the order gives no time", () => {
  assertEquals(wallClockMs(stamp("31/04/2025 10:00:00"), "dmy"), undefined);
  assertEquals(wallClockMs(stamp("25/09/2025 10:00:00"), "mdy"), undefined);
});

Deno.test("a first part above 12 decides day-first, at that line", () => {
  const resolver = new DateOrderResolver();
  assertEquals(resolver.update(stamp("03/04/2025 10:00:00"), 2), undefined);
  assertEquals(resolver.order, undefined);
  assertEquals(resolver.update(stamp("13/04/2025 10:00:00"), 3), undefined);
  assertEquals([resolver.order, resolver.reason], ["dmy", "day_above_12"]);
});

Deno.test("a second part above 12 decides month-first", () => {
  const resolver = new DateOrderResolver();
  resolver.update(stamp("6/27/2026 - 14:11:28"), 2);
  assertEquals(resolver.order, "mdy");
});

Deno.test("a date contradicting the decided order is reported with the deciding line", () => {
  const resolver = new DateOrderResolver();
  resolver.update(stamp("13/04/2025 10:00:00"), 2);
  const problem = resolver.update(stamp("04/13/2025 10:00:00"), 7);
  assert(problem !== undefined && problem.includes("decided by line 2"), problem);
});

Deno.test("a forced order is reported as given by the flag", () => {
  const resolver = new DateOrderResolver("mdy");
  assertEquals([resolver.order, resolver.reason], ["mdy", "flag"]);
  assert(resolver.update(stamp("25/09/2025 13:33:06"), 2)?.includes("--date-order"));
});

Deno.test("dates that would lie in the future rule their order out", () => {
  // 12/02/2026 is 2 Dec 2026 month-first: after NOW, so the file is day-first.
  const stamps = ["03/04/2025 10:08:56", "11/07/2025 14:09:05", "12/02/2026 09:00:00"].map(stamp);
  const resolver = new DateOrderResolver();
  assertEquals(resolver.decideUndecided(stamps, { nowMs: NOW }), "dmy");
  assertEquals(resolver.reason, "future_dates");
});

Deno.test("rows in time order under only one reading decide it", () => {
  // Day-first: 2 Jan, 1 Feb, 3 Mar (ascending). Month-first: 1 Feb, 2 Jan, 3 Mar (not).
  const stamps = ["02/01/2025 10:00:00", "01/02/2025 10:00:00", "03/03/2025 10:00:00"].map(stamp);
  const resolver = new DateOrderResolver();
  assertEquals(resolver.decideUndecided(stamps, { nowMs: NOW }), "dmy");
  assertEquals(resolver.reason, "time_ordering");
});

Deno.test("a file that fits both readings stays undecided", () => {
  const stamps = ["01/02/2025 10:00:00", "03/04/2025 10:00:00"].map(stamp);
  assertEquals(new DateOrderResolver().decideUndecided(stamps, { nowMs: NOW }), undefined);
});

Deno.test("dates whose day equals their month need no order", () => {
  const stamps = ["03/03/2025 10:00:00", "04/04/2025 10:00:00"].map(stamp);
  const resolver = new DateOrderResolver();
  assertEquals(resolver.decideUndecided(stamps, { nowMs: NOW }), "dmy");
  assertEquals(resolver.reason, "unambiguous");
});
