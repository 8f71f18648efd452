/**
 * Where the CLI's time goes: one run under `deno run --cpu-prof`, reduced
 * to the functions with the most self time.
 *
 * @module
 */

import { runAnalyzeTradesCli } from "./_cli.ts";
import { DATA_DIR } from "./_data.ts";

/** A function's share of a CPU profile. */
export interface ProfileEntry {
  /** `name file:line`, e.g. `splitLocaleStamp locale_time.ts:44`. */
  fn: string;
  self_ms: number;
  self_pct: number;
}

interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }[];
  samples: number[];
  timeDeltas: number[];
}

/** Runs the CLI once under the V8 sampling profiler; returns the top `top` functions by self time. */
export async function profileCli(
  file: string,
  options: { gnuTime: boolean; top: number },
): Promise<{ profile: string; totalMs: number; top: ProfileEntry[] }> {
  const dir = `${DATA_DIR}/profile`;
  await Deno.remove(dir, { recursive: true }).catch(() => {});
  await Deno.mkdir(dir, { recursive: true });
  await runAnalyzeTradesCli(file, {
    gnuTime: options.gnuTime,
    extraDenoFlags: ["--cpu-prof", `--cpu-prof-dir=${dir}`],
  });
  const name = [...Deno.readDirSync(dir)].map((entry) => entry.name)
    .find((entry) => entry.endsWith(".cpuprofile"));
  if (name === undefined) throw new Error(`no .cpuprofile written to ${dir}`);
  const profile: CpuProfile = JSON.parse(await Deno.readTextFile(`${dir}/${name}`));
  const nodeLabel = new Map<number, string>();
  for (const node of profile.nodes) {
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url === "" ? "" : ` ${url.split("/").pop()}:${lineNumber + 1}`;
    // Regexps are named by their source: keep the label readable.
    const fn = functionName === "" ? "(anonymous)" : functionName.slice(0, 60);
    nodeLabel.set(node.id, `${fn}${where}`);
  }
  const selfUs = new Map<string, number>();
  let totalUs = 0;
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    const label = nodeLabel.get(id) ?? "(unknown)";
    selfUs.set(label, (selfUs.get(label) ?? 0) + delta);
    totalUs += delta;
  });
  const top = [...selfUs.entries()].sort((a, b) => b[1] - a[1]).slice(0, options.top)
    .map(([fn, us]) => ({
      fn,
      self_ms: Math.round(us / 100) / 10,
      self_pct: Math.round((us / totalUs) * 1000) / 10,
    }));
  return { profile: `${dir}/${name}`, totalMs: Math.round(totalUs / 1000), top };
}
