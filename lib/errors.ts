/**
 * Typed errors shared by every part of mm. Library code throws these with
 * context; only the CLI edge turns them into one line and an exit code.
 *
 * @module
 */

/** Where in an input a problem was found: file (or `-` for stdin), line, field. */
export interface InputLocation {
  /** File path as the user gave it, or `-` for standard input. */
  file: string;
  /** 1-based line number (for a JSON array: the element's 1-based index). */
  line?: number;
  /** Column or key name. */
  field?: string;
}

/**
 * Bad input data: a malformed row, a missing column, an unparseable value.
 * Exit code 2 at the CLI edge.
 */
export class InputError extends Error {
  override name = "InputError";
  /** Where the problem is. */
  readonly location: InputLocation;
  /** What the user can do about it, one short sentence. */
  readonly hint?: string;

  constructor(message: string, location: InputLocation, options: { hint?: string } = {}) {
    super(message);
    this.location = location;
    this.hint = options.hint;
  }

  /** `file:line: field "x": message; hint` — the one line the CLI prints. */
  describe(): string {
    const { file, line, field } = this.location;
    const where = line === undefined ? file : `${file}:${line}`;
    const what = field === undefined ? this.message : `field ${field}: ${this.message}`;
    return this.hint ? `${where}: ${what}; ${this.hint}` : `${where}: ${what}`;
  }
}

/** A bad flag or flag combination detected after parsing. Exit code 2. */
export class UsageError extends Error {
  override name = "UsageError";
}
