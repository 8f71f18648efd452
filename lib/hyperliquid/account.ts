/**
 * Who mm trades as: the signing key (`HL_PRIVATE_KEY` or `--key-file`), the
 * account whose state is read (`HL_ACCOUNT`, for API/agent wallets that sign
 * for a main account), and an optional vault or subaccount (`--vault`).
 *
 * @module
 */

import { loadPrivateKey, parseAddress } from "../config/secrets.ts";
import type { Account } from "./exchange_client.ts";

/** Environment variables this reads (for narrowing Deno's --allow-env). */
export const ACCOUNT_ENV = ["HL_PRIVATE_KEY", "HL_ACCOUNT"] as const;

/**
 * Builds the {@link Account} from the environment and flags.
 *
 * @throws {UsageError} for a missing or malformed key, a key file others can
 *   read, or a malformed address — never echoing the key.
 */
export function loadAccount(
  sources: { env: Record<string, string | undefined>; keyFile?: string; vault?: string },
): Account {
  const key = loadPrivateKey({ env: sources.env, keyFile: sources.keyFile });
  const mainAccount = sources.env.HL_ACCOUNT;
  return {
    key,
    user: mainAccount === undefined || mainAccount.trim() === ""
      ? undefined
      : parseAddress(mainAccount, { source: "HL_ACCOUNT" }),
    vaultAddress: sources.vault === undefined
      ? undefined
      : parseAddress(sources.vault, { source: "--vault" }),
  };
}
