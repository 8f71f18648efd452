import { loadAccount } from "../../lib/hyperliquid/account.ts";
import { UsageError } from "../../lib/errors.ts";
import { assertEquals, assertThrows } from "../_helpers.ts";

const KEY = "0x0123456789012345678901234567890123456789012345678901234567890123";
const MAIN = "0xCB331197E84f135AB9Ed6FB51Cd9757c0bd29d0D";

Deno.test("an API wallet key reads the main account named by HL_ACCOUNT", () => {
  const account = loadAccount({ env: { HL_PRIVATE_KEY: KEY, HL_ACCOUNT: MAIN } });
  assertEquals([account.key.reveal(), account.user, account.vaultAddress], [
    KEY,
    MAIN.toLowerCase(),
    undefined,
  ]);
});

Deno.test("--vault trades for a vault or subaccount", () => {
  const account = loadAccount({ env: { HL_PRIVATE_KEY: KEY }, vault: MAIN });
  assertEquals([account.user, account.vaultAddress], [undefined, MAIN.toLowerCase()]);
});

Deno.test("a malformed HL_ACCOUNT or --vault is a usage error naming it", () => {
  assertThrows(
    () => loadAccount({ env: { HL_PRIVATE_KEY: KEY, HL_ACCOUNT: "me" } }),
    UsageError,
    "HL_ACCOUNT",
  );
  assertThrows(
    () => loadAccount({ env: { HL_PRIVATE_KEY: KEY }, vault: "0x12" }),
    UsageError,
    "--vault",
  );
});
