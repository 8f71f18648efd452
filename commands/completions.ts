/**
 * `mm completions bash|zsh|fish` — shell completion scripts, generated from
 * the registered commands and their flags.
 *
 * @module
 */

import process from "node:process";
import { Command, Option } from "@commander-js/extra-typings";

/** What completion needs of a command. */
interface CommandShape {
  name(): string;
  readonly commands: readonly CommandShape[];
  readonly options: readonly { long?: string }[];
}

/** The completions subcommand; `program` gives the command tree at run time. */
export function completionsCommand(program: () => CommandShape) {
  return new Command("completions")
    .description("Print a shell completion script: mm completions bash >> ~/.bashrc")
    .addArgument(
      new Command().createArgument("<shell>", "bash, zsh or fish").choices(
        ["bash", "zsh", "fish"] as const,
      ),
    )
    .addOption(new Option("--name <name>", "the command name to complete").default("mm"))
    .action((shell, flags) => {
      const tree = program();
      const commands = tree.commands.filter((c) => c.name() !== "help");
      const script = shell === "bash"
        ? bash(flags.name, commands)
        : shell === "zsh"
        ? zsh(flags.name, commands)
        : fish(flags.name, commands);
      process.stdout.write(script);
    });
}

function flagsOf(command: CommandShape): string[] {
  return [
    ...command.options.map((o) => o.long).filter((l): l is string => l !== undefined),
    "--help",
  ];
}

function bash(name: string, commands: readonly CommandShape[]): string {
  const fn = `_${name.replace(/\W/g, "_")}_completions`;
  const cases = commands.map((c) => {
    const words = [...c.commands.map((s) => s.name()), ...flagsOf(c)].join(" ");
    return `    ${c.name()}) COMPREPLY=( $(compgen -W "${words}" -- "$cur") ) ;;`;
  }).join("\n");
  return `# bash completion for ${name}
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=( $(compgen -W "${
    commands.map((c) => c.name()).join(" ")
  } --help --version" -- "$cur") )
    return
  fi
  case "\${COMP_WORDS[1]}" in
${cases}
  esac
  [ \${#COMPREPLY[@]} -eq 0 ] && COMPREPLY=( $(compgen -f -- "$cur") )
}
complete -F ${fn} ${name}
`;
}

function zsh(name: string, commands: readonly CommandShape[]): string {
  const subs = commands.map((c) => `'${c.name()}'`).join(" ");
  const cases = commands.map((c) => {
    const words = [...c.commands.map((s) => s.name()), ...flagsOf(c)].map((w) => `'${w}'`).join(
      " ",
    );
    return `    ${c.name()}) compadd -- ${words}; _files ;;`;
  }).join("\n");
  return `#compdef ${name}
_${name.replace(/\W/g, "_")}() {
  if (( CURRENT == 2 )); then
    compadd -- ${subs} '--help' '--version'
    return
  fi
  case "$words[2]" in
${cases}
  esac
}
compdef _${name.replace(/\W/g, "_")} ${name}
`;
}

function fish(name: string, commands: readonly CommandShape[]): string {
  const lines = [`# fish completion for ${name}`, `complete -c ${name} -f`];
  for (const c of commands) {
    lines.push(`complete -c ${name} -n "__fish_use_subcommand" -a ${c.name()}`);
    for (const sub of c.commands) {
      lines.push(
        `complete -c ${name} -n "__fish_seen_subcommand_from ${c.name()}" -a ${sub.name()}`,
      );
    }
    for (const flag of flagsOf(c)) {
      lines.push(
        `complete -c ${name} -n "__fish_seen_subcommand_from ${c.name()}" -l ${
          flag.replace(/^--/, "")
        }`,
      );
    }
  }
  return lines.join("\n") + "\n";
}
