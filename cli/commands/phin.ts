import { readFile, writeFile } from 'node:fs/promises';
import { basename, extname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { parseEpisodes } from '../../shared/phin/input.ts';
import { inputDigest } from '../../shared/phin/state.ts';
import { releasedNdjson, summarise } from '../../shared/phin/summary.ts';
import { MAX_BATCH_SIZE, submitEpisodes } from '../../shared/phin/submit.ts';
import { EXIT, UsageError, type CliIo, type Command } from '../command.ts';
import { connect, CONNECTION_OPTIONS, CONNECTION_USAGE } from '../connection.ts';

/** `gatekeeper phin submit|resolve`: monthly PHIN submissions and data-quality re-identification. */
const USAGE = [
  'gatekeeper phin submit --input <month.ndjson|month.csv> [--period <YYYY-MM>] [--batch-size 500]',
  '  [--state .local/phin/<name>.state.json] [--out released.ndjson] [--summary summary.json]',
  'gatekeeper phin resolve (--episode-key <key>… | --episode-keys <file>) --episodes <ids file>',
  CONNECTION_USAGE,
  'input formats and resume behaviour: shared/phin/README.md',
].join('\n');

async function readText(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    throw new UsageError(`cannot read ${what} ${path}`);
  }
}

/** A progress bar on stderr, only when stderr is a terminal (never in logs or pipes). */
function progressBar(): ((done: number, total: number) => void) | undefined {
  if (process.stderr.isTTY !== true) return undefined;
  return (done, total) => {
    const width = 30;
    const filled = Math.round((done / Math.max(total, 1)) * width);
    process.stderr.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] batch ${done}/${total}${done === total ? '\n' : ''}`,
    );
  };
}

async function submit(argv: readonly string[], io: CliIo): Promise<number> {
  const options = {
    input: { type: 'string' },
    period: { type: 'string' },
    'batch-size': { type: 'string' },
    state: { type: 'string' },
    out: { type: 'string' },
    summary: { type: 'string' },
    ...CONNECTION_OPTIONS,
  } as const;
  const { values } = parseArgs({ args: [...argv], options });
  if (values.input === undefined) throw new UsageError('expected: phin submit --input <file>');
  const batchSize = Number(values['batch-size'] ?? MAX_BATCH_SIZE);
  if (!Number.isSafeInteger(batchSize) || batchSize < 1 || batchSize > MAX_BATCH_SIZE)
    throw new UsageError(`--batch-size must be 1–${MAX_BATCH_SIZE}`);
  const inputPath = resolve(io.cwd, values.input);
  const name = basename(inputPath, extname(inputPath));
  const period = values.period ?? name;
  const text = await readText(inputPath, 'input');
  const episodes = parseEpisodes(inputPath, text, period);
  const client = await connect(values, io);
  const results = await submitEpisodes({
    episodes,
    batchSize,
    inputDigest: inputDigest(text),
    statePath: resolve(io.cwd, values.state ?? join('.local', 'phin', `${name}.state.json`)),
    send: (requests) => client.request('POST', '/v1/disclosures/batch', { requests }),
    ...(progressBar() ? { progress: progressBar() } : {}),
  });
  const summary = summarise(results);
  await writeFile(resolve(io.cwd, values.out ?? `${name}.released.ndjson`), releasedNdjson(results), { mode: 0o600 });
  if (values.summary !== undefined)
    await writeFile(resolve(io.cwd, values.summary), `${JSON.stringify(summary, null, 2)}\n`);
  io.out(JSON.stringify(summary, null, 2));
  return summary.failed > 0 ? EXIT.rejected : EXIT.ok;
}

async function resolveKeys(argv: readonly string[], io: CliIo): Promise<number> {
  const options = {
    'episode-key': { type: 'string', multiple: true },
    'episode-keys': { type: 'string' },
    episodes: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    ...CONNECTION_OPTIONS,
  } as const;
  const { values } = parseArgs({ args: [...argv], options });
  if (values.from !== undefined || values.to !== undefined) {
    throw new UsageError(
      "--from/--to need an episode source the gatekeeper does not have; export the period's episode ids and pass --episodes <file>",
    );
  }
  const lines = (text: string) =>
    text
      .split(/\r?\n/u)
      .map((line) => line.trim())
      .filter((line) => line !== '');
  const keys = [
    ...(values['episode-key'] ?? []),
    ...(values['episode-keys'] ? lines(await readText(resolve(io.cwd, values['episode-keys']), 'episode keys')) : []),
  ];
  if (keys.length === 0 || values.episodes === undefined)
    throw new UsageError('expected: phin resolve --episode-key <key> --episodes <ids file>');
  if (keys.length > 1000) throw new UsageError('at most 1000 episode keys per run');
  const ids = lines(await readText(resolve(io.cwd, values.episodes), 'episode ids'));
  const client = await connect(values, io);
  for (let start = 0; start < ids.length; start += 1000) {
    const response = await client.request<{ matches: Array<{ episodeKey: string; episodeId: string }> }>(
      'POST',
      '/v1/phin/resolve',
      { episodeKeys: keys, episodeIds: ids.slice(start, start + 1000) },
    );
    if (response.status !== 200) {
      io.err(JSON.stringify(response.body ?? null, null, 2));
      return EXIT.rejected;
    }
    for (const match of response.body.matches) io.out(`${match.episodeKey}\t${match.episodeId}`);
  }
  return EXIT.ok;
}

export const phinCommand: Command = {
  name: 'phin',
  summary: 'PHIN submissions in resumable batches, and re-identification of episodeKeys',
  usage: USAGE,
  run: async (argv, io) => {
    const [sub, ...rest] = argv;
    if (sub === 'submit') return submit(rest, io);
    if (sub === 'resolve') return resolveKeys(rest, io);
    throw new UsageError('expected: phin submit … or phin resolve …');
  },
};
