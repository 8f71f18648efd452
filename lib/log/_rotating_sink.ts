/**
 * A synchronous append-only file writer that rotates by size and by UTC day.
 *
 * Why not `@logtape/file`: its `getRotatingFileSink` rotates by size only and
 * its time-rotating sink by time only, neither both at once, and neither takes
 * an injected clock, so day rotation could not be tested deterministically.
 * This writer is ~100 lines on `node:fs`.
 *
 * Layout: the live file is `<name>`; on rotation it becomes `<name>.1`, the
 * previous `.1` becomes `.2`, … and anything past `keepFiles` is deleted, so
 * at most `keepFiles + 1` files exist and a higher suffix is always older.
 * Writes are synchronous (`writeSync`): a line is on disk when the log call
 * returns, ordering across streams is exact, and nothing is lost on a crash.
 *
 * @module
 */

import * as fs from "node:fs";

/** Options for {@link RotatingFile}. */
export interface RotatingFileOptions {
  /** Rotate before a write that would take the file past this many bytes. */
  maxBytes: number;
  /** Rotated files to keep (`name.1` … `name.K`). */
  keepFiles: number;
  /** Clock (ms since epoch) deciding the UTC day. */
  now: () => number;
}

function utcDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** One log file with size and day rotation. Call {@link close} when done. */
export class RotatingFile {
  readonly path: string;
  readonly #options: RotatingFileOptions;
  readonly #encoder = new TextEncoder();
  #fd: number | undefined;
  #bytes = 0;
  #day = "";

  constructor(path: string, options: RotatingFileOptions) {
    if (!(options.maxBytes > 0)) throw new RangeError("maxBytes must be positive");
    if (!Number.isInteger(options.keepFiles) || options.keepFiles < 0) {
      throw new RangeError("keepFiles must be a non-negative integer");
    }
    this.path = path;
    this.#options = options;
    this.#open(true);
  }

  #open(checkStale: boolean): void {
    const today = utcDay(this.#options.now());
    let size = 0;
    try {
      const stat = fs.statSync(this.path);
      size = stat.size;
      // A file left by a run on an earlier day is rotated away first.
      if (checkStale && size > 0 && utcDay(stat.mtimeMs) < today) {
        this.#shift();
        size = 0;
      }
    } catch (error) {
      if ((error as { code?: string }).code !== "ENOENT") throw error;
    }
    this.#fd = fs.openSync(this.path, "a");
    this.#bytes = size;
    this.#day = today;
  }

  #shift(): void {
    const { keepFiles } = this.#options;
    const rotated = (n: number) => `${this.path}.${n}`;
    // Drop everything past the retention limit (also leftovers from a larger K).
    for (let n = keepFiles + 1;; n++) {
      if (!fs.existsSync(rotated(n))) break;
      fs.rmSync(rotated(n));
    }
    if (keepFiles === 0) {
      fs.rmSync(this.path, { force: true });
      return;
    }
    for (let n = keepFiles - 1; n >= 1; n--) {
      if (fs.existsSync(rotated(n))) fs.renameSync(rotated(n), rotated(n + 1));
    }
    if (fs.existsSync(this.path)) fs.renameSync(this.path, rotated(1));
  }

  /** Closes the live file, shifts the rotated ones, opens a fresh file. */
  rotate(): void {
    this.#closeFd();
    this.#shift();
    this.#open(false);
  }

  /** Appends text, rotating first when the day changed or the size would overflow. */
  write(text: string): void {
    const bytes = this.#encoder.encode(text);
    const day = utcDay(this.#options.now());
    if (
      this.#bytes > 0 &&
      (day !== this.#day || this.#bytes + bytes.length > this.#options.maxBytes)
    ) {
      this.rotate();
    }
    this.#day = day;
    if (this.#fd === undefined) this.#open(false);
    const fd = this.#fd as number;
    let offset = 0;
    while (offset < bytes.length) {
      offset += fs.writeSync(fd, bytes, offset);
    }
    this.#bytes += bytes.length;
  }

  #closeFd(): void {
    if (this.#fd !== undefined) {
      fs.closeSync(this.#fd);
      this.#fd = undefined;
    }
  }

  /** Closes the file; idempotent. */
  close(): void {
    this.#closeFd();
  }
}
