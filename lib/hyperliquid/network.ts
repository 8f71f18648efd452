/**
 * Where mm talks to: mainnet, testnet, or any API URL (a local `mm sim`),
 * with the WebSocket URL derived from the HTTP one unless given.
 *
 * @module
 */

import { UsageError } from "../errors.ts";

/** A resolved endpoint set. */
export interface Network {
  /** `mainnet`, `testnet`, or `custom` for an explicit URL. */
  name: "mainnet" | "testnet" | "custom";
  /** HTTP base URL, e.g. `https://api.hyperliquid.xyz` (no trailing slash). */
  apiUrl: string;
  /** WebSocket URL, e.g. `wss://api.hyperliquid.xyz/ws`. */
  wsUrl: string;
  /** Whether L1 actions are signed for testnet (phantom agent source "b"). */
  isTestnet: boolean;
}

/** Mainnet endpoints. */
export const MAINNET: Network = {
  name: "mainnet",
  apiUrl: "https://api.hyperliquid.xyz",
  wsUrl: "wss://api.hyperliquid.xyz/ws",
  isTestnet: false,
};

/** Testnet endpoints. */
export const TESTNET: Network = {
  name: "testnet",
  apiUrl: "https://api.hyperliquid-testnet.xyz",
  wsUrl: "wss://api.hyperliquid-testnet.xyz/ws",
  isTestnet: true,
};

/** `http://h:p` -> `ws://h:p/ws`, `https://h` -> `wss://h/ws` (path kept, `/ws` appended). */
export function wsUrlFor(apiUrl: string): string {
  const url = new URL(apiUrl);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.pathname = url.pathname.replace(/\/$/, "") + "/ws";
  return url.toString();
}

/**
 * Resolves `--network` / `--api-url` / `--ws-url` into endpoints. An API URL
 * wins over the network name; its signing chain is mainnet unless
 * `isTestnet` (or `--network testnet`) says otherwise.
 *
 * @throws {UsageError} for an unknown network or a malformed URL.
 */
export function resolveNetwork(
  options: { network?: string; apiUrl?: string; wsUrl?: string; isTestnet?: boolean },
): Network {
  const named = options.network ?? "mainnet";
  if (named !== "mainnet" && named !== "testnet") {
    throw new UsageError(`unknown network "${named}"; use mainnet, testnet or --api-url URL`);
  }
  if (options.apiUrl === undefined) {
    const base = named === "testnet" ? TESTNET : MAINNET;
    return options.wsUrl === undefined ? base : { ...base, wsUrl: checkUrl(options.wsUrl, "ws") };
  }
  const apiUrl = checkUrl(options.apiUrl, "http").replace(/\/$/, "");
  return {
    name: "custom",
    apiUrl,
    wsUrl: options.wsUrl === undefined ? wsUrlFor(apiUrl) : checkUrl(options.wsUrl, "ws"),
    isTestnet: options.isTestnet ?? named === "testnet",
  };
}

function checkUrl(text: string, kind: "http" | "ws"): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`"${text}" is not a URL; use e.g. ${kind}://127.0.0.1:8089`);
  }
  const allowed = kind === "http" ? ["http:", "https:"] : ["ws:", "wss:"];
  if (!allowed.includes(url.protocol)) {
    throw new UsageError(`"${text}" must start with ${allowed.map((p) => p + "//").join(" or ")}`);
  }
  return url.toString().replace(/\/$/, "");
}
