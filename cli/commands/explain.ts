import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import {
  decisionAnswerSchema,
  problemSchema,
  type DecisionAnswerBody,
  type ProblemBody,
} from '../../shared/schemas/responses.ts';
import { EXIT, UsageError, type Command } from '../command.ts';
import { CONNECTION_OPTIONS, CONNECTION_USAGE, readJsonFile } from '../connection.ts';
import { sendDisclosure } from './disclose.ts';

/** Rows as aligned columns; the last column is not padded. */
export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string[] {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => (row[column] ?? '').length)));
  return all.map((row) =>
    `  ${row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  ')}`.trimEnd(),
  );
}

export function section(title: string, lines: readonly string[]): string[] {
  return ['', title, ...(lines.length > 0 ? lines : ['  (none)'])];
}

/** `group.field` of every released field (nested values count as their top field), sorted. */
export function releasedFields(payload: DecisionAnswerBody['payload']): string[] {
  if (!payload) return [];
  return Object.entries(payload)
    .flatMap(([group, fields]) =>
      Object.keys((fields ?? {}) as Record<string, unknown>).map((field) => `${group}.${field}`),
    )
    .sort();
}

/** A decision answer (api.md §4.1) as a readable report: what was decided, why, and what may be sent. */
export function formatAnswer(answer: DecisionAnswerBody): string {
  const { basis, receipt, policy } = answer;
  const released = releasedFields(answer.payload);
  const reasons = answer.reasonCodes.map((code, index) => [code, answer.explanations[index] ?? '']);
  const basisRows = basis
    ? [
        ['source', basis.source],
        ['record', basis.recordId ?? '-'],
        ['GDPR Art 6(1)', basis.art6],
        ['GDPR Art 9(2)', basis.art9],
        ...('seGround' in basis
          ? [
              ['Swedish ground', basis.seGround],
              ['secrecy', basis.secrecy],
            ]
          : [
              ['DPA 2018 Sch 1 para', basis.dpaSch1Para ?? '-'],
              ['common law', basis.commonLaw],
            ]),
      ]
    : [];
  return [
    `Decision  ${answer.decision}`,
    `Policy    ${policy.id} ${policy.version} (${policy.digest})`,
    ...section('Reasons', table(['CODE', 'EXPLANATION'], reasons)),
    ...section(
      'Obligations',
      answer.obligations.map((obligation) => `  ${obligation}`),
    ),
    ...section('Basis', basis ? table(['', ''], basisRows).slice(1) : ['  none: no flow of the policy matched']),
    ...section(
      'Transformations',
      answer.transformations.length === 0
        ? []
        : table(
            ['PATH', 'ACTION', 'REASON'],
            answer.transformations.map((row) => [row.path, row.action, row.reason]),
          ),
    ),
    ...section(
      `Released fields (${released.length})`,
      answer.payload ? released.map((field) => `  ${field}`) : ['  nothing may be sent'],
    ),
    ...(answer.payloadDigest ? [`  payload digest ${answer.payloadDigest}`] : []),
    ...section(
      'Receipt',
      table(
        ['', ''],
        [
          ['origin', receipt.origin],
          ['index', String(receipt.index)],
          ['entry', receipt.entryId],
          ['leaf hash', receipt.leafHash],
        ],
      ).slice(1),
    ),
    '',
    `Authorisation  ${answer.authorisation ? 'present (verify it with the JWKS at /.well-known/jwks.json)' : 'none'}`,
  ].join('\n');
}

export function formatProblem(problem: ProblemBody): string {
  const errors = (problem.errors ?? []).map((error) => `  ${error.path}: ${error.code} (${error.message})`);
  return [
    `Error     ${problem.status} ${problem.code}: ${problem.title}`,
    ...(problem.detail ? [`          ${problem.detail}`] : []),
    ...errors,
  ].join('\n');
}

/** Formats whatever the API answered; false when it is neither a decision nor a problem document. */
export function explainBody(body: unknown): { text: string; decision: boolean } | undefined {
  const answer = decisionAnswerSchema.safeParse(body);
  if (answer.success) return { text: formatAnswer(answer.data), decision: true };
  const problem = problemSchema.safeParse(body);
  if (problem.success) return { text: formatProblem(problem.data), decision: false };
  return undefined;
}

async function readStdin(): Promise<unknown> {
  if (process.stdin.isTTY) throw new UsageError('give --file, --request, or pipe an answer on stdin');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new UsageError('stdin is not valid JSON');
  }
}

/** `explain`: prints a decision answer as a table, from a file, stdin, or by asking the API first. */
export const explainCommand: Command = {
  name: 'explain',
  summary: 'print a disclosure decision as a readable table',
  usage: [
    'gatekeeper explain [--file <answer.json> | --request <request.json>]   (no option: reads the answer on stdin)',
    CONNECTION_USAGE,
  ].join('\n'),
  run: async (argv, io) => {
    const { values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { file: { type: 'string' }, request: { type: 'string' }, ...CONNECTION_OPTIONS },
    });
    if (positionals.length > 0 || (values.file !== undefined && values.request !== undefined))
      throw new UsageError('give at most one of --file and --request');
    let body: unknown;
    if (values.request !== undefined)
      body = (await sendDisclosure(await readJsonFile(resolve(io.cwd, values.request), 'request file'), values, io))
        .body;
    else if (values.file !== undefined) body = await readJsonFile(resolve(io.cwd, values.file), 'answer file');
    else body = await readStdin();
    const explained = explainBody(body);
    if (!explained) throw new UsageError('the input is neither a decision answer nor a problem document');
    (explained.decision ? io.out : io.err)(explained.text);
    return explained.decision ? EXIT.ok : EXIT.rejected;
  },
};
