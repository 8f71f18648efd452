import { InputError } from "../errors.ts";

/** A skipped input line, as reported in the summary. */
export interface SkippedLine {
  line: number;
  reason: string;
}

const EXAMPLES_KEPT = 5;

/**
 * What happens to a bad row: an {@link InputError} (default) or, with
 * `--skip-bad`, a count and the first few reasons. Nothing vanishes unseen.
 */
export class RowPolicy {
  readonly file: string;
  readonly skipBad: boolean;
  readonly formatName: string;
  skipped = 0;
  readonly examples: SkippedLine[] = [];

  constructor(file: string, options: { skipBad: boolean; formatName: string }) {
    this.file = file;
    this.skipBad = options.skipBad;
    this.formatName = options.formatName;
  }

  /** Records a bad row; throws unless skipping. */
  reject(line: number, message: string, field?: string): void {
    if (!this.skipBad) {
      throw new InputError(`${message} (${this.formatName})`, { file: this.file, line, field }, {
        hint: "fix the row or pass --skip-bad to count and skip such rows",
      });
    }
    this.skipped += 1;
    if (this.examples.length < EXAMPLES_KEPT) {
      this.examples.push({ line, reason: field === undefined ? message : `${field}: ${message}` });
    }
  }
}

/** A finite number from decimal text (`"1.5"`, `" -2"`, `"5.53e-7"`), else `undefined`. */
export function parseNumber(text: string | undefined): number | undefined {
  if (text === undefined || text.length === 0) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value)) return undefined;
  // Number("  ") is 0: blank text is not a number.
  return value === 0 && text.trim() === "" ? undefined : value;
}
