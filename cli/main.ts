/**
 * `mm` — the command line. Registers the subcommands, maps commander's usage
 * errors to exit code 2 in this one place, and turns any error into one line.
 *
 * @module
 */

import process from "node:process";
import { Command, CommanderError } from "@commander-js/extra-typings";
import denoJson from "../deno.json" with { type: "json" };
import { analyzeTradesCommand } from "../commands/analyze_trades.ts";
import { calibrateCommand } from "../commands/calibrate.ts";
import { cancelAllCommand } from "../commands/cancel_all.ts";
import { completionsCommand } from "../commands/completions.ts";
import { configCommand } from "../commands/config.ts";
import { dryRunCommand } from "../commands/dry_run.ts";
import { ratelimitCommand } from "../commands/ratelimit.ts";
import { runCommand } from "../commands/run.ts";
import { recordCommand } from "../commands/record.ts";
import { simCommand } from "../commands/sim.ts";
import { describeError, EXIT } from "./errors.ts";
import { statusCommand } from "../commands/status.ts";
import { STATUS_EXIT, StatusUnknownError } from "../lib/ops/status.ts";

/** Builds the `mm` program with every working subcommand. */
export function buildProgram(): Command {
  const program = new Command("mm")
    .description("Market-making toolbelt for Hyperliquid perpetuals.")
    .version(denoJson.version, "-V, --version", "print the version")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  program.addCommand(runCommand());
  program.addCommand(dryRunCommand());
  program.addCommand(cancelAllCommand());
  program.addCommand(analyzeTradesCommand());
  program.addCommand(calibrateCommand());
  program.addCommand(simCommand());
  program.addCommand(recordCommand());
  program.addCommand(ratelimitCommand());
  program.addCommand(configCommand());
  program.addCommand(completionsCommand(() => program));
  // Every command, nested ones too, reports usage errors to main() instead of exiting 1.
  const override = (command: Command) => {
    command.exitOverride();
    for (const sub of command.commands) override(sub as Command);
  };
  for (const command of program.commands) override(command as Command);
  // Added after the loop: status maps its own usage errors to exit 3 (UNKNOWN).
  program.addCommand(statusCommand());
  return program;
}

/** Node before 22 has no global WebSocket: the `ws` package stands in (Deno and newer Node have one). */
async function ensureWebSocket(): Promise<void> {
  if (typeof globalThis.WebSocket !== "undefined") return;
  const { WebSocket } = await import("ws");
  (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
}

/** Runs `mm` with arguments; resolves to the exit code. */
export async function main(argv: string[]): Promise<number> {
  await ensureWebSocket();
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    // A closed pipe (`mm … | head`) is a reader's choice, not our failure.
    if (error.code === "EPIPE") process.exit(EXIT.ok);
    throw error;
  });
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (error) {
    if (error instanceof StatusUnknownError) {
      process.stderr.write(error.line + "\n");
      return STATUS_EXIT.unknown;
    }
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    }
    const { line, exitCode } = describeError(error);
    process.stderr.write(line + "\n");
    return exitCode;
  }
}
