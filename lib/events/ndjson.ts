/**
 * Writing NDJSON to a byte sink with back-pressure.
 *
 * @module
 */

/** Where NDJSON lines go: `process.stdout` or any Node writable. */
export interface NdjsonSink {
  write(chunk: string): boolean;
  once(event: "drain", listener: () => void): unknown;
}

/** Writes each object as one JSON line, waiting for the sink to drain when it asks. */
export async function writeEvents(
  sink: NdjsonSink,
  events: Iterable<Record<string, unknown>>,
): Promise<void> {
  let text = "";
  for (const event of events) {
    text += JSON.stringify(event) + "\n";
    if (text.length > 65_536) {
      if (!sink.write(text)) await new Promise<void>((resolve) => sink.once("drain", resolve));
      text = "";
    }
  }
  if (text.length > 0 && !sink.write(text)) {
    await new Promise<void>((resolve) => sink.once("drain", resolve));
  }
}
