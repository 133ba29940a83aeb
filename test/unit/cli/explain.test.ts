/** The explain formatter and the disclose/explain commands, with injected IO and a stub fetch. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../../cli/command.ts';
import { discloseCommand } from '../../../cli/commands/disclose.ts';
import { explainBody, explainCommand, formatAnswer } from '../../../cli/commands/explain.ts';
import { generateClientKey } from '../../../shared/client/keys.ts';
import type { DecisionAnswerBody } from '../../../shared/schemas/responses.ts';

const RECEIPT = { origin: 'gatekeeper.local/demo/p3', index: 41, leafHash: 'bGVhZg==', entryId: '01JENTRY' };
const POLICY = { id: 'uk-default', version: '2026.1', digest: 'sha-256=:cG9saWN5:' };

const allowed: DecisionAnswerBody = {
  decision: 'ALLOW_WITH_REDACTION',
  reasonCodes: ['ALLOW_EXPLICIT_CONSENT', 'REDACT_FREE_TEXT'],
  explanations: ['Consent cons-1 covers this claim.', 'Free text is never sent to this recipient.'],
  obligations: ['INFORM_PATIENT_IF_PRACTICABLE'],
  basis: {
    source: 'PATIENT_CONSENT',
    recordId: 'cons-1',
    art6: 'b',
    art9: 'a',
    dpaSch1Para: null,
    commonLaw: 'EXPLICIT_CONSENT',
  },
  transformations: [{ path: 'narrative.notes', action: 'DROPPED', reason: 'REDACT_FREE_TEXT' }],
  payload: { patient: { sex: 'F', name: { family: 'X' } }, financial: { totalAmount: 1 } },
  payloadDigest: 'sha-256=:ZGlnZXN0:',
  policy: POLICY,
  receipt: RECEIPT,
  authorisation: 'a.b.c',
};

const denied: DecisionAnswerBody = {
  decision: 'DENY',
  reasonCodes: ['DENY_POLICY_UNKNOWN_FLOW'],
  explanations: ['No flow of the policy matches.'],
  obligations: [],
  basis: null,
  transformations: [],
  policy: POLICY,
  receipt: RECEIPT,
};

function io(responses: unknown[] = []): CliIo & { lines: string[]; errors: string[]; sent: unknown[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  const sent: unknown[] = [];
  const fetch = ((_url: URL, init: RequestInit) => {
    sent.push(JSON.parse(new TextDecoder().decode(init.body as Uint8Array)));
    const next = responses.shift() as { status: number; body: unknown };
    return Promise.resolve(new Response(JSON.stringify(next.body), { status: next.status }));
  }) as typeof globalThis.fetch;
  return {
    out: (line) => lines.push(line),
    err: (line) => errors.push(line),
    env: {},
    cwd: mkdtempSync(join(tmpdir(), 'gk-cli-')),
    fetch,
    lines,
    errors,
    sent,
  };
}

describe('explain formatter', () => {
  it('prints decision, each reason with its explanation, obligations, basis, transformations, released fields and receipt', () => {
    // Act
    const text = formatAnswer(allowed);

    // Assess
    expect(text).toMatch(/^Decision {2}ALLOW_WITH_REDACTION$/m);
    expect(text).toMatch(/^ {2}ALLOW_EXPLICIT_CONSENT {2}Consent cons-1 covers this claim\.$/m);
    expect(text).toMatch(/^ {2}REDACT_FREE_TEXT {8}Free text is never sent to this recipient\.$/m);
    expect(text).toMatch(/^Obligations\n {2}INFORM_PATIENT_IF_PRACTICABLE$/m);
    expect(text).toMatch(/^ {2}source +PATIENT_CONSENT$/m);
    expect(text).toMatch(/^ {2}record +cons-1$/m);
    expect(text).toMatch(/^ {2}narrative\.notes {2}DROPPED {2}REDACT_FREE_TEXT$/m);
    expect(text).toMatch(/^Released fields \(3\)\n {2}financial\.totalAmount\n {2}patient\.name\n {2}patient\.sex$/m);
    expect(text).toMatch(/^ {2}origin +gatekeeper\.local\/demo\/p3$/m);
    expect(text).toMatch(/^ {2}entry +01JENTRY$/m);
    expect(text).toMatch(/^Authorisation {2}present/m);
  });

  it('says plainly that nothing may be sent on a DENY, and that no flow matched', () => {
    // Act
    const text = formatAnswer(denied);

    // Assess
    expect(text).toContain('Released fields (0)\n  nothing may be sent');
    expect(text).toContain('Basis\n  none: no flow of the policy matched');
    expect(text).toContain('Transformations\n  (none)');
    expect(text).toMatch(/^Authorisation {2}none$/m);
  });

  it('formats a problem document, and refuses anything else', () => {
    // Prepare
    const problem = {
      type: 'urn:gatekeeper:problem:idempotency_conflict',
      title: 'Idempotency conflict',
      status: 409,
      detail: 'This requestId was used with a different body.',
      code: 'idempotency_conflict',
      requestId: 'r1',
    };

    // Act
    const explained = explainBody(problem);

    // Assess
    expect(explained).toEqual({
      decision: false,
      text: 'Error     409 idempotency_conflict: Idempotency conflict\n          This requestId was used with a different body.',
    });
    expect(explainBody({ decision: 'MAYBE' })).toBeUndefined();
  });
});

describe('disclose and explain commands', () => {
  it('disclose signs the request file, posts it and prints the answer; explain --request prints the table', async () => {
    // Prepare
    const cli = io([
      { status: 200, body: denied },
      { status: 200, body: denied },
    ]);
    const { privateJwk } = await generateClientKey('ES256', 'k1');
    writeFileSync(join(cli.cwd, 'key.json'), JSON.stringify(privateJwk));
    writeFileSync(join(cli.cwd, 'request.json'), JSON.stringify({ requestId: 'r-1' }));

    // Act
    const discloseExit = await discloseCommand.run(['--file', 'request.json', '--key', 'key.json'], cli);
    const explainExit = await explainCommand.run(['--request', 'request.json', '--key', 'key.json'], cli);

    // Assess
    expect([discloseExit, explainExit]).toEqual([0, 0]);
    expect(cli.sent).toEqual([{ requestId: 'r-1' }, { requestId: 'r-1' }]);
    expect(JSON.parse(cli.lines[0]!)).toEqual(denied);
    expect(cli.lines[1]).toMatch(/^Decision {2}DENY\n/);
  });

  it('explain --file exits 1 on a problem answer and 2 on a missing file', async () => {
    // Prepare
    const cli = io();
    writeFileSync(
      join(cli.cwd, 'answer.json'),
      JSON.stringify({ type: 't', title: 'Not found', status: 404, code: 'not_found', requestId: 'r' }),
    );

    // Act
    const problemExit = await explainCommand.run(['--file', 'answer.json'], cli);
    const missing = explainCommand.run(['--file', 'nope.json'], cli);

    // Assess
    expect(problemExit).toBe(1);
    expect(cli.errors[0]).toBe('Error     404 not_found: Not found');
    await expect(missing).rejects.toThrow(/cannot read answer file/);
  });
});
