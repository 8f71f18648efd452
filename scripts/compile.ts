/**
 * `deno task compile`: a single `dist/mm` executable for this platform, as a
 * Node single-executable application (the CommonJS bundle injected into a
 * copy of the `node` binary with postject). `deno compile` needs to download
 * its runtime, which build machines here cannot; online, users may run
 * `deno compile --output mm <permissions of the mm task> cli/bin.ts` instead.
 *
 * @module
 */

import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import * as esbuild from "esbuild";
import { inject } from "postject";
import { bundle } from "./build.ts";

const root = new URL("../", import.meta.url).pathname;
const SENTINEL = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

const main = await bundle("cjs");
await esbuild.stop();
const config = `${root}dist/sea-config.json`;
const blob = `${root}dist/sea-prep.blob`;
writeFileSync(config, JSON.stringify({ main, output: blob, disableExperimentalSEAWarning: true }));
execFileSync("node", ["--experimental-sea-config", config], { stdio: "inherit" });
const node = execFileSync("node", ["-p", "process.execPath"], { encoding: "utf8" }).trim();
const binary = `${root}dist/mm`;
copyFileSync(node, binary);
chmodSync(binary, 0o755);
await inject(binary, "NODE_SEA_BLOB", readFileSync(blob), { sentinelFuse: SENTINEL });
rmSync(config);
rmSync(blob);
console.error(
  `built dist/mm (${(readFileSync(binary).length / 2 ** 20).toFixed(0)} MB; mm --version: ${
    execFileSync(binary, ["--version"], { encoding: "utf8" }).trim()
  })`,
);
