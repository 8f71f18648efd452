/**
 * lib/log: target filtering, stream routing, rotation by size and by day,
 * span ids, redaction and spec parse errors. Every test disposes its logging.
 */

import * as path from "node:path";
import {
  configureLogging,
  levelFor,
  logger,
  LogSpecError,
  parseLogSpec,
  REDACTED,
  startSpan,
  withSpan,
} from "../../lib/log/mod.ts";
import { assert, assertEquals, assertThrows } from "../_helpers.ts";

const SECRET = "0x" + "ab12".repeat(16);
const T0 = Date.UTC(2025, 0, 1, 23, 59, 0);

function read(dir: string, name: string): string {
  try {
    return Deno.readTextFileSync(path.join(dir, name));
  } catch {
    return "";
  }
}

function lines(text: string): string[] {
  return text.split("\n").filter((line) => line !== "");
}

function captured(): { write: (text: string) => void; text: () => string } {
  let out = "";
  return { write: (text) => out += text, text: () => out };
}

Deno.test("log spec: bare level is the default, longest dotted prefix wins", () => {
  const spec = parseLogSpec("info,mm.strategy=debug,mm.strategy.glft=trace,mm.hyperliquid.ws=off");
  assertEquals(levelFor(spec, "mm.engine"), "info");
  assertEquals(levelFor(spec, "mm.strategy"), "debug");
  assertEquals(levelFor(spec, "mm.strategy.avellaneda"), "debug");
  assertEquals(levelFor(spec, "mm.strategy.glft.fit"), "trace");
  assertEquals(levelFor(spec, "mm.strategyx"), "info");
  assertEquals(levelFor(spec, "mm.hyperliquid.ws"), "off");
  assertEquals(parseLogSpec("").defaultLevel, "info");
  assertEquals(parseLogSpec("WARN").defaultLevel, "warning");
});

Deno.test("log spec: bad input throws LogSpecError with a clear message", () => {
  assertThrows(() => parseLogSpec("info,mm.strategy=loud"), LogSpecError, 'unknown level "loud"');
  assertThrows(() => parseLogSpec("verbose"), LogSpecError, 'unknown level "verbose"');
  assertThrows(() => parseLogSpec("mm.engine"), LogSpecError, "mm.engine=debug");
  assertThrows(() => parseLogSpec("info,debug"), LogSpecError, "default level given twice");
  assertThrows(() => parseLogSpec("mm..engine=debug"), LogSpecError, "bad target");
  assertThrows(() => parseLogSpec("mm.a=info,mm.a=debug"), LogSpecError, "given twice");
  assertThrows(() => parseLogSpec("=debug"), LogSpecError, "bad target");
});

Deno.test("configureLogging rejects a bad spec before configuring anything", async () => {
  let threw = false;
  try {
    await configureLogging({ spec: "info,mm=nope" });
  } catch (error) {
    threw = error instanceof LogSpecError;
  }
  assert(threw, "expected LogSpecError");
});

Deno.test("target filtering: a debug record passes for mm.strategy, not for mm.engine", async () => {
  const dir = Deno.makeTempDirSync();
  const logging = await configureLogging({ spec: "info,mm.strategy=debug", logDir: dir });
  try {
    logger("mm.strategy.glft").debug("fitted kappa", { kappa: 1.5 });
    logger("mm.engine").debug("engine detail");
    logger("mm.engine").info("engine started");
  } finally {
    await logging.dispose();
  }
  const diag = lines(read(dir, "diagnostic.ndjson")).map((l) => JSON.parse(l));
  assertEquals(diag.length, 1);
  assertEquals(diag[0].target, "mm.strategy.glft");
  assertEquals(diag[0].kappa, 1.5);
  assert(read(dir, "operational.log").includes("engine started"));
  assert(!read(dir, "operational.log").includes("engine detail"));
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("stream routing: info → operational, warn → operational + errors, debug → diagnostic JSON", async () => {
  const dir = Deno.makeTempDirSync();
  const logging = await configureLogging({ spec: "debug", logDir: dir });
  try {
    const log = logger("mm.engine");
    log.info("info-line", { coin: "ETH" });
    log.warn("warn-line");
    log.error("error-line");
    log.debug("debug-line", { n: 3 });
  } finally {
    await logging.dispose();
  }
  const operational = read(dir, "operational.log");
  const errors = read(dir, "errors.log");
  const diagnostic = read(dir, "diagnostic.ndjson");
  assert(operational.includes("INFO  mm.engine: info-line coin=ETH"), operational);
  assert(operational.includes("warn-line") && operational.includes("error-line"));
  assert(!operational.includes("debug-line"));
  assert(!errors.includes("info-line"));
  assert(errors.includes("WARN  mm.engine: warn-line") && errors.includes("error-line"));
  assert(!errors.includes("debug-line"));
  const diag = lines(diagnostic).map((l) => JSON.parse(l));
  assertEquals(diag.length, 1);
  assertEquals(diag[0].msg, "debug-line");
  assertEquals(diag[0].level, "debug");
  assertEquals(diag[0].n, 3);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("without a directory: operational and errors once on stderr, diagnostic only if enabled", async () => {
  const quiet = captured();
  let logging = await configureLogging({ spec: "info", stderr: quiet.write });
  try {
    logger("mm.engine").warn("careful");
    logger("mm.engine").debug("hidden");
  } finally {
    await logging.dispose();
  }
  assertEquals(lines(quiet.text()).filter((l) => l.includes("careful")).length, 1);
  assert(!quiet.text().includes("hidden"));

  const verbose = captured();
  logging = await configureLogging({ spec: "info,mm.ratelimit=trace", stderr: verbose.write });
  try {
    logger("mm.ratelimit").trace("weight", { used: 20 });
    logger("mm.engine").debug("not me");
  } finally {
    await logging.dispose();
  }
  const out = lines(verbose.text());
  assertEquals(out.length, 1);
  assertEquals(JSON.parse(out[0]).used, 20);
});

Deno.test("rotation by size: small maxBytes makes several files, retention keeps K", async () => {
  const dir = Deno.makeTempDirSync();
  const logging = await configureLogging({
    spec: "info",
    logDir: dir,
    maxBytes: 200,
    keepFiles: 2,
  });
  try {
    for (let i = 0; i < 50; i++) logger("mm.engine").info(`line ${i}`, { pad: "x".repeat(40) });
  } finally {
    await logging.dispose();
  }
  const names = [...Deno.readDirSync(dir)].map((e) => e.name).filter((n) =>
    n.startsWith("operational.log")
  ).sort();
  assertEquals(names, ["operational.log", "operational.log.1", "operational.log.2"]);
  for (const name of names) assert(Deno.statSync(path.join(dir, name)).size <= 200, name);
  assert(read(dir, "operational.log").includes("line 49"));
  assert(!read(dir, "operational.log.2").includes("line 0 "), "oldest lines were dropped");
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("rotation by day: crossing 00:00 UTC starts a new file", async () => {
  const dir = Deno.makeTempDirSync();
  let clock = T0;
  const logging = await configureLogging({ spec: "info", logDir: dir, now: () => clock });
  try {
    logger("mm.engine").info("before midnight");
    clock += 30_000;
    logger("mm.engine").info("still before");
    clock += 60_000; // 2025-01-02T00:00:30Z
    logger("mm.engine").info("after midnight");
  } finally {
    await logging.dispose();
  }
  const old = read(dir, "operational.log.1");
  const live = read(dir, "operational.log");
  assert(old.includes("before midnight") && old.includes("still before"), old);
  assert(old.startsWith("2025-01-01T23:59:00.000Z"), old);
  assert(live.includes("after midnight") && !live.includes("before"), live);
  assert(live.startsWith("2025-01-02T00:00:30.000Z"), live);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("spans: records in one span share an id and carry elapsed ms; another span differs", async () => {
  const dir = Deno.makeTempDirSync();
  const logging = await configureLogging({ spec: "debug", logDir: dir });
  let ack: (() => void) | undefined;
  try {
    const log = logger("mm.engine");
    await withSpan("requote", async (span) => {
      log.debug("decide", { bid: 1 });
      await Promise.resolve();
      log.debug("reconcile");
      log.info("send");
      ack = () => span.run(() => log.info("ack"));
    });
    ack?.(); // e.g. from a websocket callback, outside the original async context
    startSpan("requote").run(() => log.debug("decide"));
    log.debug("no span");
  } finally {
    await logging.dispose();
  }
  const diag = lines(read(dir, "diagnostic.ndjson")).map((l) => JSON.parse(l));
  assertEquals(diag.length, 4);
  const id = diag[0].span_id;
  assert(typeof id === "string" && id.length === 12, String(id));
  assertEquals(diag[1].span_id, id);
  assertEquals(diag[0].span, "requote");
  assert(typeof diag[1].elapsed_ms === "number" && diag[1].elapsed_ms >= 0);
  assert(diag[2].span_id !== id && typeof diag[2].span_id === "string");
  assertEquals(diag[3].span_id, undefined);
  const operational = lines(read(dir, "operational.log"));
  assertEquals(operational.filter((l) => l.includes(`span_id=${id}`)).length, 2);
  assert(operational.some((l) => l.includes(": ack ") && l.includes("elapsed_ms=")));
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("redaction: a key in a message or property never reaches a file", async () => {
  const dir = Deno.makeTempDirSync();
  const logging = await configureLogging({ spec: "trace", logDir: dir });
  try {
    const log = logger("mm.hyperliquid");
    log.info(`loaded wallet ${SECRET}`);
    log.warn("signer", { privateKey: "abc", apiSecret: "s3cr3t", password: "pw", note: SECRET });
    log.debug("nested", { wallet: { key: "deadbeef", addr: "0xabc" }, list: [SECRET] });
    log.info("template {privateKey}", { privateKey: SECRET });
    log.error("failed", { error: new Error(`bad key ${SECRET}`) });
  } finally {
    await logging.dispose();
  }
  const all = ["operational.log", "errors.log", "diagnostic.ndjson"].map((n) => read(dir, n))
    .join("");
  assert(all.length > 0);
  for (const secret of [SECRET, "s3cr3t", "deadbeef", "ab12ab12"]) {
    assert(!all.includes(secret), `${secret} leaked:\n${all}`);
  }
  assert(!/password=pw\b/.test(all));
  assert(all.includes(REDACTED));
  assert(all.includes("0xabc"), "short hex is not a secret");
  Deno.removeSync(dir, { recursive: true });
});
