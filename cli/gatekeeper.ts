#!/usr/bin/env node
// The gatekeeper CLI: thin, all behaviour lives in cli/commands/* and cli/main.ts.
import { COMMANDS } from './commands/index.ts';
import { main } from './main.ts';

const io = {
  out: (line: string) => console.log(line),
  err: (line: string) => console.error(line),
  env: process.env,
  cwd: process.cwd(),
  fetch: globalThis.fetch,
};

process.exitCode = await main(process.argv.slice(2), io, COMMANDS);
