/**
 * `mm config init` and `mm config check`.
 *
 * @module
 */

import { existsSync, writeFileSync } from "node:fs";
import process from "node:process";
import { Command } from "@commander-js/extra-typings";
import { commentedDefaultConfig } from "../lib/config/config_doc.ts";
import { loadConfig } from "../lib/config/mm_config.ts";
import { UsageError } from "../lib/errors.ts";

/** Keys whose values are never printed (the config holds no secrets by design; belt and braces). */
const SECRET_KEY = /key|secret|private|password|token/i;

/** The config subcommand. */
export function configCommand() {
  const config = new Command("config").description(
    "Write a commented default config, or check one.",
  );
  config.command("init")
    .description("Write every setting with its default and a comment (JSON with // comments).")
    .argument("[file]", "where to write it (default: stdout)")
    .option("--force", "overwrite an existing file")
    .action((file, flags) => {
      const text = commentedDefaultConfig();
      if (file === undefined) {
        process.stdout.write(text);
        return;
      }
      if (existsSync(file) && !flags.force) {
        throw new UsageError(`${file} exists; pass --force to overwrite it`);
      }
      writeFileSync(file, text, { mode: 0o644 });
      process.stderr.write(`mm: wrote ${file}\n`);
    });
  config.command("check")
    .description(
      "Validate config files (merged in order, later ones override) and print the effective config.",
    )
    .argument("<file...>", "config files")
    .action((files) => {
      const effective = loadConfig(files);
      process.stdout.write(JSON.stringify(mask(effective), null, 2) + "\n");
    });
  return config;
}

function mask(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(mask);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map((
        [key, v],
      ) => [key, SECRET_KEY.test(key) ? "[masked]" : mask(v)]),
    );
  }
  return value;
}
