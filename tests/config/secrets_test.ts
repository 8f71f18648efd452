import { loadPrivateKey, parseAddress, SecretKey } from "../../lib/config/secrets.ts";
import { UsageError } from "../../lib/errors.ts";
import { assert, assertEquals, assertThrows } from "../_helpers.ts";

const KEY = "0x0123456789012345678901234567890123456789012345678901234567890123";

Deno.test("the key comes from HL_PRIVATE_KEY and reveals itself only on request", () => {
  const key = loadPrivateKey({ env: { HL_PRIVATE_KEY: KEY } });
  assertEquals(key.reveal(), KEY);
});

Deno.test("every printable form of the key is redacted", () => {
  const key = new SecretKey(KEY, { source: "test" });
  const forms = [
    String(key),
    `${key}`,
    JSON.stringify({ key }),
    Deno.inspect(key),
    Deno.inspect({ nested: key }),
  ];
  for (const form of forms) assert(!form.includes(KEY.slice(2)), `leaked: ${form}`);
});

Deno.test("a malformed key is refused without echoing it", () => {
  const bad = "0xdeadbeefnotakey";
  try {
    loadPrivateKey({ env: { HL_PRIVATE_KEY: bad } });
    throw new Error("expected UsageError");
  } catch (error) {
    assert(error instanceof UsageError);
    assert(!error.message.includes("deadbeef"), error.message);
  }
});

Deno.test("no key at all says how to give one", () => {
  assertThrows(
    () => loadPrivateKey({ env: {} }),
    UsageError,
    "set HL_PRIVATE_KEY or pass --key-file",
  );
});

Deno.test("a key file others can read is refused, saying why and how to fix it", () => {
  const path = Deno.makeTempFileSync();
  try {
    Deno.writeTextFileSync(path, KEY + "\n");
    Deno.chmodSync(path, 0o644);
    assertThrows(
      () => loadPrivateKey({ env: {}, keyFile: path }),
      UsageError,
      "can be read by others (mode 644)",
    );
    Deno.chmodSync(path, 0o600);
    assertEquals(
      loadPrivateKey({ env: { HL_PRIVATE_KEY: "ignored" }, keyFile: path }).reveal(),
      KEY,
    );
  } finally {
    Deno.removeSync(path);
  }
});

Deno.test("addresses are checked and lowercased", () => {
  assertEquals(
    parseAddress("0xCB331197E84f135AB9Ed6FB51Cd9757c0bd29d0D", { source: "HL_ACCOUNT" }),
    "0xcb331197e84f135ab9ed6fb51cd9757c0bd29d0d",
  );
  assertThrows(() => parseAddress("0x123", { source: "--vault" }), UsageError, "--vault");
});
