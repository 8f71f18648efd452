/**
 * Streaming CSV rows, the one place mm touches a CSV parser (udsv). Rows are
 * string tuples with their 1-based line number in the file; the header is
 * returned apart. Constant memory: rows are handed out chunk by chunk.
 *
 * @module
 */

import { inferSchema, initParser, type Parser } from "udsv";

/** One data row: its fields as written and its 1-based line in the file. */
export interface CsvRow {
  fields: string[];
  line: number;
  /** True when a field holds a line break: a short row udsv joined to the next line. */
  spansLines: boolean;
}

/** A CSV stream: the header's column names, then batches of rows. */
export interface CsvStream {
  header: string[];
  batches: AsyncIterable<CsvRow[]>;
}

/**
 * Reads CSV text chunks as a header plus row batches. udsv fills a short row
 * from the next line and folds extra fields into the last one, so callers
 * check the field count and line breaks with {@link rowShapeProblem}.
 *
 * @param chunks decoded text, in order; the first yields the header.
 * @returns `undefined` when the input holds no header line at all.
 */
export async function readCsv(chunks: AsyncIterator<string>): Promise<CsvStream | undefined> {
  let head = "";
  let ended = false;
  // udsv infers the row separator from the first chunk: it must hold a line break.
  while (!ended && !head.includes("\n")) {
    const next = await chunks.next();
    if (next.done) ended = true;
    else head += next.value;
  }
  if (head.trim() === "") return undefined;
  if (!head.includes("\n")) head += "\n";
  const schema = inferSchema(head, { col: ",", encl: '"' }, 1);
  const header = schema.cols.map((col) => col.name.trim());
  const parser: Parser = initParser(schema);
  let line = 1;
  let out: CsvRow[] = [];
  const onRow = (fields: string[]) => {
    line += 1;
    const row: CsvRow = { fields, line, spansLines: false };
    out.push(row);
    for (let i = 0; i < fields.length; i++) {
      // A field spanning lines (a short row udsv joined to the next) moves the count on.
      if (fields[i].includes("\n")) {
        row.spansLines = true;
        line += fields[i].split("\n").length - 1;
      }
    }
  };
  async function* batches(): AsyncGenerator<CsvRow[]> {
    parser.chunk<string[]>(head, parser.stringArrs, onRow);
    if (out.length > 0) yield take();
    while (!ended) {
      const next = await chunks.next();
      if (next.done) break;
      parser.chunk<string[]>(next.value, parser.stringArrs, onRow);
      if (out.length > 0) yield take();
    }
    parser.end();
    if (out.length > 0) yield take();
  }
  function take(): CsvRow[] {
    const rows = out;
    out = [];
    return rows;
  }
  return { header, batches: batches() };
}

/**
 * Why a parsed row does not fit its header, or `undefined` when it does:
 * too few fields (joined with the next line), or — for forms whose fields
 * never hold a comma — too many (folded into the last field).
 */
export function rowShapeProblem(
  row: CsvRow,
  columns: number,
  options: { commasInFields: boolean },
): string | undefined {
  if (row.fields.length < columns) {
    return `has ${row.fields.length} fields, the header has ${columns}`;
  }
  if (row.spansLines) return `has fewer fields than the header's ${columns}`;
  // udsv folds extra fields into the last one.
  if (!options.commasInFields && row.fields[columns - 1].includes(",")) {
    return `has more fields than the header's ${columns}`;
  }
  return undefined;
}
