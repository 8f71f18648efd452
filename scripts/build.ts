/**
 * `deno task build`: bundles mm with esbuild into `dist/mm.mjs` (ESM, runs on
 * Node ≥ 20) and `dist/mm.cjs` (CommonJS, the input of the single binary).
 *
 * @module
 */

import * as esbuild from "esbuild";

const root = new URL("../", import.meta.url).pathname;

/** Bundles cli/bin.ts for Node in one format. */
export async function bundle(format: "esm" | "cjs"): Promise<string> {
  const outfile = `${root}dist/mm.${format === "esm" ? "mjs" : "cjs"}`;
  await esbuild.build({
    entryPoints: [`${root}cli/bin.ts`],
    bundle: true,
    platform: "node",
    target: "node20",
    format,
    outfile,
    minify: false,
    legalComments: "none",
    logLevel: "warning",
    // Deno-only code paths (mm sim's server) check for `Deno` at run time.
    banner: format === "esm"
      ? {
        js:
          "import { createRequire as __mmCreateRequire } from 'node:module'; const require = __mmCreateRequire(import.meta.url);",
      }
      : undefined,
  });
  return outfile;
}

if (import.meta.main) {
  const esm = await bundle("esm");
  const cjs = await bundle("cjs");
  await esbuild.stop();
  console.error(`built ${esm.replace(root, "")} and ${cjs.replace(root, "")}`);
}
