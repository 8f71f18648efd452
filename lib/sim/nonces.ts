/**
 * Nonce rules of Hyperliquid ("Nonces and API wallets"): each signer keeps
 * its 100 highest nonces; a new one must be unseen, larger than the smallest
 * kept, and within (now − 2 days, now + 1 day).
 *
 * @module
 */

const KEPT = 100;
const PAST_MS = 2 * 86_400_000;
const FUTURE_MS = 86_400_000;

/** Per-signer nonce sets. */
export class NonceGuard {
  readonly #kept = new Map<string, number[]>();

  /**
   * Accepts `nonce` for `signer` at `nowMs`, or returns why not (the
   * exchange's error text).
   */
  accept(signer: string, nonce: number, nowMs: number): string | undefined {
    if (!Number.isSafeInteger(nonce) || nonce <= nowMs - PAST_MS || nonce >= nowMs + FUTURE_MS) {
      return "Invalid nonce: nonce must be within (now - 2 days, now + 1 day)";
    }
    const kept = this.#kept.get(signer) ?? [];
    if (kept.includes(nonce)) return "Invalid nonce: duplicate nonce";
    if (kept.length >= KEPT && nonce < kept[0]) return "Invalid nonce: nonce too low";
    kept.push(nonce);
    kept.sort((a, b) => a - b);
    if (kept.length > KEPT) kept.shift();
    this.#kept.set(signer, kept);
    return undefined;
  }
}
