/**
 * Client order ids (cloid): 16 bytes, written `0x` + 32 hex digits, on every
 * order mm places. Layout: bytes 0–1 the mm tag `6d6d` ("mm"), bytes 2–7 a
 * session id drawn once per process, bytes 8–15 a counter. A restarted mm
 * recognises its own resting orders by the tag (any session) and this
 * process's by tag + session.
 *
 * @module
 */

const TAG = "6d6d";
const CLOID = /^0x[0-9a-f]{32}$/;

/** Whether text is a well-formed cloid (lowercase hex, 16 bytes). */
export function isCloid(text: string): boolean {
  return CLOID.test(text);
}

/** Whether a cloid was made by mm (any session). */
export function isMmCloid(cloid: string | null | undefined): boolean {
  return typeof cloid === "string" && isCloid(cloid) && cloid.slice(2, 6) === TAG;
}

/** Makes this process's cloids: a fixed prefix and a counter. */
export class CloidFactory {
  /** `0x` + tag + session: every cloid of this process starts with it. */
  readonly prefix: string;
  #counter = 0n;

  /**
   * @param options.random injected randomness in [0, 1) for the session id
   *   (tests pass a seeded one); `sessionId` fixes it instead (12 hex digits).
   */
  constructor(options: { random?: () => number; sessionId?: string } = {}) {
    const session = options.sessionId ?? randomHex(12, options.random ?? Math.random);
    if (!/^[0-9a-f]{12}$/.test(session)) {
      throw new RangeError("cloid session id must be 12 lowercase hex digits");
    }
    this.prefix = `0x${TAG}${session}`;
  }

  /** The next cloid of this process. */
  next(): string {
    this.#counter += 1n;
    return this.prefix + this.#counter.toString(16).padStart(16, "0");
  }

  /** Whether a cloid was made by this process. */
  isOwn(cloid: string | null | undefined): boolean {
    return typeof cloid === "string" && cloid.startsWith(this.prefix) && isCloid(cloid);
  }
}

function randomHex(digits: number, random: () => number): string {
  let out = "";
  for (let i = 0; i < digits; i++) out += Math.floor(random() * 16).toString(16);
  return out;
}
