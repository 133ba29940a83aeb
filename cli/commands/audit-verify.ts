import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FsArchiveReader } from '../../shared/adapters/fs/archive-reader.ts';
import { ApiAuditSource } from '../../shared/audit/api-source.ts';
import { parseVkey } from '../../shared/audit/note.ts';
import { verifyReceipt, type Receipt, type ReceiptEvidence } from '../../shared/audit/receipt.ts';
import { verifyAuditLog } from '../../shared/audit/verifier.ts';
import type { TrustedState, VerificationReport } from '../../shared/audit/verifier-types.ts';
import { UsageError, type CliIo } from '../command.ts';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, connect, readJsonFile } from '../connection.ts';
import { formatReport, progressLine, VERIFY_EXIT, verifyExitCode } from './audit-report.ts';

export const VERIFY_USAGE = [
  'gatekeeper audit verify (--url <api> [--client demo-auditor] | --archive <dir>) (--vkey <vkey>... | --trust-on-first-use)',
  '                        [--state <file>] [--full] [--receipt <receipt.json> [--tlog-proof <file>]]',
  '  --vkey            pinned signed-note verifier key, once per log (GET /v1/audit/checkpoints lists them)',
  '  --trust-on-first-use   API mode: pin whatever vkeys the API publishes now (weak; says so)',
  '  --state           trusted checkpoints (and log keys learned across a key rotation) of the last successful',
  '                    run; updated only when this run verifies',
  '  --full            re-read every entry, recompute every leaf and root, check the log promises',
  '  --receipt         verify one receipt (or a disclosure answer holding one) instead of whole logs',
  'exit: 0 verified, 1 verification failed, 2 usage, 3 source unavailable',
  CONNECTION_USAGE,
].join('\n');

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  archive: { type: 'string' },
  vkey: { type: 'string', multiple: true },
  'trust-on-first-use': { type: 'boolean' },
  state: { type: 'string' },
  full: { type: 'boolean' },
  receipt: { type: 'string' },
  'tlog-proof': { type: 'string' },
} as const;

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'];

export async function runVerify(argv: readonly string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true });
  if (positionals.length > 0) throw new UsageError(`unexpected argument: ${positionals[0]}`);
  if (values.archive === undefined && values.url === undefined && io.env['GATEKEEPER_URL'] === undefined)
    throw new UsageError('give --url <api> or --archive <dir>');
  const api = values.archive === undefined ? new ApiAuditSource(await connect(values, io, 'demo-auditor')) : undefined;
  const vkeys = await pinnedVkeys(values, api, io);
  const statePath = values.state === undefined ? undefined : resolve(io.cwd, values.state);
  const trusted =
    statePath !== undefined && existsSync(statePath)
      ? ((await readJsonFile(statePath, 'state file')) as TrustedState)
      : undefined;
  // Keys an earlier run learned across a key rotation vouch for a receipt's checkpoint as pins do.
  if (values.receipt !== undefined) return verifyOneReceipt(values, [...vkeys, ...learnedVkeys(trusted)], api, io);
  const source = api ?? new FsArchiveReader(resolve(io.cwd, values.archive!));
  const mode = values.full === true ? 'full' : 'checkpoints';
  const tty = process.stderr.isTTY;
  const candidateVkeys = api === undefined ? undefined : await api.publishedVkeys().catch(() => undefined);
  const report: VerificationReport = await verifyAuditLog({
    source,
    proofs: source,
    vkeys,
    mode,
    ...(trusted ? { trusted } : {}),
    ...(candidateVkeys ? { candidateVkeys } : {}),
    ...(tty ? { onProgress: (progress) => process.stderr.write(progressLine(progress)) } : {}),
  });
  if (tty) process.stderr.write('\r\u001b[2K');
  (report.ok ? io.out : io.err)(formatReport(report, mode));
  if (report.ok && statePath !== undefined) await writeState(statePath, report.newTrustedState);
  return verifyExitCode(report);
}

async function pinnedVkeys(values: Values, api: ApiAuditSource | undefined, io: CliIo): Promise<string[]> {
  const pinned = [...(values.vkey ?? [])];
  if (values['trust-on-first-use'] === true) {
    if (api === undefined) throw new UsageError('--trust-on-first-use needs API mode (--url)');
    const published = await api.publishedVkeys();
    io.err(`WARNING: trusting ${published.length} vkey(s) the API published just now (trust on first use).`);
    io.err(
      '         This proves the log consistent with itself, not that it is the log you think; pin them with --vkey:',
    );
    for (const vkey of published) io.err(`         --vkey ${vkey}`);
    pinned.push(...published);
  }
  if (pinned.length === 0) throw new UsageError('pin the log keys with --vkey (or --trust-on-first-use in API mode)');
  for (const vkey of pinned) {
    try {
      parseVkey(vkey);
    } catch {
      throw new UsageError(`not a signed-note Ed25519 vkey: ${vkey}`);
    }
  }
  return pinned;
}

async function verifyOneReceipt(
  values: Values,
  vkeys: string[],
  api: ApiAuditSource | undefined,
  io: CliIo,
): Promise<number> {
  const document = (await readJsonFile(resolve(io.cwd, values.receipt!), 'receipt file')) as {
    receipt?: Receipt;
  } & Partial<Receipt>;
  const receipt = (document.receipt ?? document) as Receipt;
  if (typeof receipt.origin !== 'string' || !Number.isSafeInteger(receipt.index))
    throw new UsageError('the receipt file holds no receipt');
  let evidence: ReceiptEvidence;
  if (values['tlog-proof'] !== undefined) {
    evidence = {
      tlogProof: await readFile(resolve(io.cwd, values['tlog-proof']), 'utf8').catch(() => {
        throw new UsageError('cannot read the tlog-proof file');
      }),
    };
  } else if (api !== undefined) {
    try {
      const [note] = await api.checkpoints(receipt.origin);
      const size = note === undefined ? 0 : Number(note.split('\n')[1]);
      const served = await api.inclusionProof(receipt.origin, receipt.index, size);
      evidence = { proof: served.proof, checkpoint: served.checkpoint };
    } catch (error) {
      io.err(`The inclusion proof could not be fetched: ${(error as Error).message}`);
      return VERIFY_EXIT.unavailable;
    }
  } else {
    throw new UsageError('--receipt needs --tlog-proof <file> or API mode');
  }
  const result = verifyReceipt({ receipt, evidence, vkeys });
  const failure = result.failures[0];
  if (failure === undefined)
    io.out(
      `Receipt VERIFIED: ${receipt.origin} entry ${receipt.index} is in the tree of ${result.checkpoint?.size ?? '?'} signed by a pinned key.`,
    );
  else io.err(`Receipt FAILED: ${failure.code}\n  ${failure.message}`);
  return result.ok ? VERIFY_EXIT.ok : VERIFY_EXIT.failed;
}

/** The log keys a trusted state learned from cross-signed checkpoints; malformed ones are left out. */
function learnedVkeys(trusted: TrustedState | undefined): string[] {
  const texts = Object.values(trusted ?? {}).flatMap((head) =>
    Array.isArray(head.vkeys) ? (head.vkeys as unknown[]) : [],
  );
  return texts.filter((text): text is string => {
    try {
      parseVkey(String(text));
      return typeof text === 'string';
    } catch {
      return false;
    }
  });
}

/** Written to a temporary file and renamed, so a crash never leaves half a state file. */
async function writeState(path: string, state: TrustedState): Promise<void> {
  const temporary = `${path}.tmp`;
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  await rename(temporary, path);
}
