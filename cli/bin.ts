/**
 * The `mm` executable's entry point (Deno task, Node bundle, single binary).
 *
 * @module
 */

import process from "node:process";
import { main } from "./main.ts";

// No top-level await: the single binary is a CommonJS bundle.
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
