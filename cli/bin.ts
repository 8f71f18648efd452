/**
 * The `mm` executable's entry point (Deno task, Node bundle, single binary).
 *
 * @module
 */

import process from "node:process";
import { main } from "./main.ts";

process.exitCode = await main(process.argv.slice(2));
