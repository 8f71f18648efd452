/**
 * The last rate-limit snapshot of a journal, read from its tail only (the
 * engine writes one with every heartbeat, so the tail has the latest).
 *
 * @module
 */

import { closeSync, fstatSync, openSync, readSync } from "node:fs";

const TAIL_BYTES = 256 * 1024;

/**
 * The IP weight share (0..1) of the last `ratelimit` event, or of the
 * `ratelimit` field of the last `status` event, in the journal's last
 * 256 KiB; null when there is none or the file is missing.
 */
export function lastIpWeightShare(path: string): number | null {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return null;
  }
  let text: string;
  try {
    const size = fstatSync(fd).size;
    const length = Math.min(size, TAIL_BYTES);
    const bytes = new Uint8Array(length);
    let read = 0;
    while (read < length) {
      const n = readSync(fd, bytes, read, length - read, size - length + read);
      if (n === 0) break;
      read += n;
    }
    text = new TextDecoder().decode(bytes.subarray(0, read));
  } finally {
    closeSync(fd);
  }
  const lines = text.split("\n");
  for (let i = lines.length - 1; i >= 0; i--) {
    const share = shareOf(lines[i]);
    if (share !== null) return share;
  }
  return null;
}

function shareOf(line: string): number | null {
  if (!line.includes('"ratelimit"') && !line.includes('"ip_share"')) return null;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return null; // the cut first line of the tail, or a torn one
  }
  if (typeof value !== "object" || value === null) return null;
  const event = value as Record<string, unknown>;
  const snapshot = event.type === "ratelimit"
    ? event
    : event.type === "status" && typeof event.ratelimit === "object" && event.ratelimit !== null
    ? event.ratelimit as Record<string, unknown>
    : undefined;
  const share = snapshot?.ip_share;
  return typeof share === "number" && Number.isFinite(share) ? share : null;
}
