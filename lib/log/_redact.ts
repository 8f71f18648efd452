/**
 * Secret redaction: masks properties named like a key/secret/password and any
 * 0x + 64-hex string (a private key, or anything that looks like one).
 *
 * @module
 */

/** What a redacted value becomes. */
export const REDACTED = "[REDACTED]";

const SECRET_NAME = /key|secret|password|passwd|passphrase|mnemonic|token|credential/i;
const HEX_SECRET = /0x[0-9a-fA-F]{64}(?![0-9a-fA-F])/g;

/** Whether a property name looks like it holds a secret. */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Masks every 0x+64-hex run in a string. */
export function redactText(text: string): string {
  return text.replace(HEX_SECRET, REDACTED);
}

/** Redacts a value: strings by pattern, objects and arrays recursively. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return redactText(value);
  if (value === null || typeof value !== "object" || depth > 8) return value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  if (value instanceof Error) {
    const copy = new Error(redactText(value.message));
    copy.name = value.name;
    if (value.stack !== undefined) copy.stack = redactText(value.stack);
    return copy;
  }
  if (value instanceof Date || ArrayBuffer.isView(value)) return value;
  return redactProps(value as Record<string, unknown>, depth + 1);
}

/** Redacts a property bag: secret-named keys masked, the rest by pattern. */
export function redactProps(
  props: Record<string, unknown>,
  depth = 0,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(props)) {
    out[name] = isSecretName(name) ? REDACTED : redactValue(value, depth);
  }
  return out;
}
