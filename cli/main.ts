import { EXIT, UsageError, type CliIo, type Command } from './command.ts';

/** Dispatches `argv` (without node and script) to a command and returns the exit code. */
export async function main(argv: readonly string[], io: CliIo, commands: readonly Command[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(overview(commands));
    return name === undefined ? EXIT.usage : EXIT.ok;
  }
  const command = commands.find((candidate) => candidate.name === name);
  if (!command) {
    io.err(`unknown command: ${name}\n\n${overview(commands)}`);
    return EXIT.usage;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(command.usage);
    return EXIT.ok;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    // parseArgs reports unknown or malformed options as TypeErrors with an ERR_PARSE_ARGS code.
    const parseError = (error as { code?: unknown }).code?.toString().startsWith('ERR_PARSE_ARGS') === true;
    if (error instanceof UsageError || parseError) {
      io.err(`${(error as Error).message}\n\nusage: ${command.usage}`);
      return EXIT.usage;
    }
    io.err(`gatekeeper ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT.failure;
  }
}

function overview(commands: readonly Command[]): string {
  const width = Math.max(...commands.map((command) => command.name.length));
  const lines = commands.map((command) => `  ${command.name.padEnd(width)}  ${command.summary}`);
  return ['usage: gatekeeper <command> [options]   (gatekeeper <command> --help)', '', 'commands:', ...lines].join(
    '\n',
  );
}
