/**
 * The engine's NDJSON journal: lines on stdout and in the file, fsync on the
 * clock, the timer and close, torn lines after a crash, the start-up reader,
 * and fills readable by `mm analyze-trades`.
 */

import { analyzeTradeHistory, TimeZone } from "../../lib/analysis/mod.ts";
import { fillEvent, Journal, readJournal } from "../../lib/engine/journal.ts";
import { FillEventSchema } from "../../lib/events/mod.ts";
import type { UserFill } from "../../lib/hyperliquid/schemas.ts";
import { assert, assertEquals, assertThrows } from "../_helpers.ts";

const T0 = 1_750_000_000_000;

/** A temporary journal path; the directory is removed after `body`. */
async function withJournalPath(body: (path: string) => Promise<void> | void): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "mm_journal_" });
  try {
    await body(`${dir}/journal.ndjson`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

function userFill(overrides: Partial<UserFill> = {}): UserFill {
  return {
    coin: "BTC",
    px: "100000",
    sz: "0.01",
    side: "B",
    time: T0,
    startPosition: "0",
    dir: "Open Long",
    closedPnl: "0",
    hash: "0xabc",
    oid: 7,
    crossed: false,
    fee: "0.15",
    tid: 11,
    feeToken: "USDC",
    ...overrides,
  };
}

Deno.test("each append is one JSON line, in the file and on stdout alike", async () => {
  await withJournalPath(async (path) => {
    let printed = "";
    const journal = new Journal({
      path,
      stdout: { write: (text) => (printed += text, true) },
      now: () => T0,
    });
    const events = [
      { ts: T0, type: "action", kind: "place", n: 2 },
      { ts: T0 + 1, type: "quote", bid: 99_990, ask: 100_010, note: 'a "quoted"\nword' },
    ];
    for (const event of events) journal.append(event);
    journal.close();
    const written = await Deno.readTextFile(path);
    assertEquals(written, printed);
    assertEquals(written.split("\n").length, 3);
    assertEquals(written.trimEnd().split("\n").map((line) => JSON.parse(line)), events);
  });
});

Deno.test("a journal without a path writes to stdout only", () => {
  const lines: string[] = [];
  const journal = new Journal({
    stdout: { write: (text) => (lines.push(text), true) },
    now: () => T0,
  });
  journal.append({ ts: T0, type: "status", state: "quoting" });
  journal.close();
  assertEquals(lines, [`{"ts":${T0},"type":"status","state":"quoting"}\n`]);
});

Deno.test("an append fsyncs once the clock says the interval has passed", async () => {
  await withJournalPath((path) => {
    let now = T0;
    const synced: number[] = [];
    const journal = new Journal({
      path,
      now: () => now,
      fsyncIntervalMs: 1000,
      fsync: () => synced.push(now),
    });
    journal.append({ ts: now, type: "action" });
    now += 999;
    journal.append({ ts: now, type: "action" });
    assertEquals(synced, []);
    now += 1;
    journal.append({ ts: now, type: "action" });
    assertEquals(synced, [T0 + 1000]);
    journal.close();
  });
});

Deno.test("the timer fsyncs written lines without waiting for the next append", async () => {
  await withJournalPath(async (path) => {
    let syncs = 0;
    const journal = new Journal({ path, now: () => T0, fsyncIntervalMs: 10, fsync: () => syncs++ });
    journal.append({ ts: T0, type: "fill" });
    for (let waited = 0; syncs === 0 && waited < 2_000; waited += 5) {
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    await new Promise((resolve) => setTimeout(resolve, 40));
    assertEquals(syncs, 1, "one sync for the one dirty write, none while idle");
    journal.close();
  });
});

Deno.test("close fsyncs, closes once, and refuses later appends", async () => {
  await withJournalPath((path) => {
    let syncs = 0;
    const journal = new Journal({ path, now: () => T0, fsync: () => syncs++ });
    journal.append({ ts: T0, type: "action" });
    journal.close();
    journal.close();
    assertEquals(syncs, 1);
    assert(journal.closed);
    assertThrows(() => journal.append({ ts: T0, type: "action" }), Error, "closed");
  });
});

Deno.test("an event without a numeric ts and a type is refused", () => {
  const journal = new Journal({ now: () => T0 });
  assertThrows(() => journal.append({ ts: Number.NaN, type: "action" }), TypeError);
  assertThrows(() => journal.append({ ts: T0, type: "" }), TypeError);
  journal.close();
});

Deno.test("readJournal gives the last ts, last fill, last heartbeat and the fill tids", async () => {
  await withJournalPath(async (path) => {
    const journal = new Journal({ path, now: () => T0 });
    journal.append({ ts: T0, type: "status", state: "starting" });
    journal.append(fillEvent(userFill({ time: T0 + 10, tid: 11, oid: 7 })));
    journal.append({ ts: T0 + 20, type: "status", state: "quoting" });
    journal.append(fillEvent(userFill({ time: T0 + 30, tid: 12, oid: 8 })));
    journal.append({ ts: T0 + 40, type: "quote" });
    journal.close();
    const summary = await readJournal(path);
    assertEquals(summary.found, true);
    assertEquals(summary.entries, 5);
    assertEquals(summary.lastTs, T0 + 40);
    assertEquals(summary.lastFill, { ts: T0 + 30, tid: 12, oid: 8 });
    assertEquals(summary.lastHeartbeatTs, T0 + 20);
    assertEquals(summary.fills, 2);
    assertEquals([...summary.fillTids], [11, 12]);
    assertEquals(summary.truncatedTail, false);
    assertEquals(summary.damagedLines, 0);
  });
});

Deno.test("readJournal reads entries across its read-chunk seams", async () => {
  await withJournalPath(async (path) => {
    const journal = new Journal({ path, now: () => T0 });
    for (let i = 0; i < 3_000; i++) journal.append({ ts: T0 + i, type: "quote", note: "é→✓" });
    journal.close();
    const summary = await readJournal(path);
    assertEquals(summary.entries, 3_000);
    assertEquals(summary.lastTs, T0 + 2_999);
    assertEquals(summary.damagedLines + Number(summary.truncatedTail), 0);
  });
});

Deno.test("readJournal ignores a truncated last line and says so", async () => {
  await withJournalPath(async (path) => {
    await Deno.writeTextFile(
      path,
      `{"ts":${T0},"type":"status"}\n{"ts":${T0 + 5},"type":"fill","coin":"BT`,
    );
    const summary = await readJournal(path);
    assertEquals(summary.entries, 1);
    assertEquals(summary.lastTs, T0);
    assertEquals(summary.lastFill, undefined);
    assertEquals(summary.truncatedTail, true);
    assertEquals(summary.damagedLines, 0);
  });
});

Deno.test("reopening a journal with a torn last line starts the next entry on its own line", async () => {
  await withJournalPath(async (path) => {
    await Deno.writeTextFile(path, `{"ts":${T0},"type":"status"}\n{"ts":${T0 + 5},"ty`);
    const journal = new Journal({ path, now: () => T0 });
    journal.append({ ts: T0 + 10, type: "status" });
    journal.close();
    const summary = await readJournal(path);
    assertEquals(summary.entries, 2);
    assertEquals(summary.lastTs, T0 + 10);
    assertEquals(summary.truncatedTail, false);
    assertEquals(summary.damagedLines, 1);
    assertEquals(summary.firstDamagedLine, 2);
  });
});

Deno.test("readJournal of a missing file is empty and says the file was not found", async () => {
  await withJournalPath(async (path) => {
    const summary = await readJournal(path);
    assertEquals(summary.found, false);
    assertEquals(summary.entries, 0);
    assertEquals(summary.lastTs, undefined);
    assertEquals(summary.fillTids.size, 0);
  });
});

Deno.test("fillEvent turns a userFills record into a valid fill event", () => {
  const event = fillEvent(
    userFill({ side: "A", dir: "Close Long", closedPnl: "1.25", fee: "-0.02", crossed: true }),
  );
  assertEquals(FillEventSchema.parse(event), event);
  assertEquals(event, {
    ts: T0,
    type: "fill",
    coin: "BTC",
    side: "sell",
    dir: "Close Long",
    px: 100_000,
    sz: 0.01,
    fee_usd: -0.02,
    closed_pnl_usd: 1.25,
    maker: false,
    oid: 7,
    tid: 11,
  });
});

Deno.test("fillEvent takes maker from the options when given, and needs it without crossed", () => {
  assertEquals(fillEvent(userFill({ crossed: true }), { maker: true }).maker, true);
  assertEquals(fillEvent(userFill({ crossed: undefined }), { maker: false }).maker, false);
  assertThrows(() => fillEvent(userFill({ crossed: undefined })), RangeError);
});

Deno.test("mm analyze-trades reads the journal's fills and counts the other events as ignored", async () => {
  await withJournalPath(async (path) => {
    const journal = new Journal({ path, now: () => T0 });
    journal.append({ ts: T0, type: "status", state: "quoting" });
    journal.append(fillEvent(userFill({ time: T0 + 1_000, tid: 1 })));
    journal.append({ ts: T0 + 1_500, type: "action", kind: "place" });
    journal.append(
      fillEvent(
        userFill({
          time: T0 + 2_000,
          tid: 2,
          side: "A",
          px: "100100",
          dir: "Close Long",
          closedPnl: "1",
          fee: "0.15",
        }),
      ),
    );
    journal.close();
    const text = await Deno.readTextFile(path);
    const analysed = await analyzeTradeHistory(
      (async function* () {
        yield text;
      })(),
      { file: path, tz: new TimeZone("UTC"), nowMs: T0 + 10_000 },
    );
    assertEquals(analysed.source, "mm_events_ndjson");
    assertEquals(analysed.report.ignoredEvents, 2);
    assertEquals(analysed.report.skipped, 0);
    assertEquals(analysed.result.totals.fills, 2);
    assertEquals(analysed.result.totals.gross_pnl_usd, 1);
    assertEquals(analysed.result.totals.fees_usd, 0.3);
    assertEquals(analysed.result.totals.maker_share, 1);
  });
});
