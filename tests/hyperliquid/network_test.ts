import { MAINNET, resolveNetwork, TESTNET, wsUrlFor } from "../../lib/hyperliquid/network.ts";
import { UsageError } from "../../lib/errors.ts";
import { assertEquals, assertThrows } from "../_helpers.ts";

Deno.test("the WebSocket URL is derived from the API URL", () => {
  assertEquals(wsUrlFor("http://127.0.0.1:8089"), "ws://127.0.0.1:8089/ws");
  assertEquals(wsUrlFor("https://api.hyperliquid.xyz"), "wss://api.hyperliquid.xyz/ws");
});

Deno.test("named networks resolve to Hyperliquid's hosts", () => {
  assertEquals(resolveNetwork({}), MAINNET);
  assertEquals(resolveNetwork({ network: "testnet" }), TESTNET);
});

Deno.test("an API URL wins and signs for mainnet unless testnet is asked", () => {
  assertEquals(resolveNetwork({ apiUrl: "http://127.0.0.1:8089/" }), {
    name: "custom",
    apiUrl: "http://127.0.0.1:8089",
    wsUrl: "ws://127.0.0.1:8089/ws",
    isTestnet: false,
  });
  assertEquals(
    resolveNetwork({ apiUrl: "http://127.0.0.1:8089", network: "testnet" }).isTestnet,
    true,
  );
  assertEquals(
    resolveNetwork({ apiUrl: "http://h:1", wsUrl: "ws://h:2/feed" }).wsUrl,
    "ws://h:2/feed",
  );
});

Deno.test("an unknown network or a malformed URL is a usage error", () => {
  assertThrows(() => resolveNetwork({ network: "devnet" }), UsageError, "unknown network");
  assertThrows(() => resolveNetwork({ apiUrl: "127.0.0.1:8089" }), UsageError, "not a URL");
  assertThrows(() => resolveNetwork({ apiUrl: "ftp://h" }), UsageError, "http://");
});
