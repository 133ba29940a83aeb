import { describe, expect, it } from 'vitest';
import { AtomicWriteConflictError } from '../../../shared/audit-log-errors.ts';
import type { AuditReadEntry } from '../../../shared/audit/entry.ts';
import { AuditUnavailableError } from '../../../shared/errors.ts';
import type { AppendRequest, AuditLog, CompanionTag, Receipt } from '../../../shared/ports/audit-log.ts';
import { runAuditedChange, type AuditedChange, type ChangePlan } from '../../../shared/services/audited-change.ts';

/**
 * The one read → plan → append-with-checks → bounded-retry loop behind records and decisions. The
 * audit log is the port under fault: each scripted answer is a receipt, a lost companion race
 * (by tag) or an outage.
 */
type Scripted = CompanionTag | Error | 'receipt';

class ScriptedAuditLog implements AuditLog {
  readonly appended: AppendRequest[] = [];
  readonly #script: Scripted[];

  constructor(script: Scripted[]) {
    this.#script = [...script];
  }

  append(request: AppendRequest): Promise<Receipt> {
    this.appended.push(request);
    const next = this.#script.shift() ?? 'receipt';
    if (next === 'receipt')
      return Promise.resolve({
        origin: request.origin,
        index: this.appended.length - 1,
        leafHash: 'AA==',
        entryId: request.entry.id,
      });
    return Promise.reject(next instanceof Error ? next : new AtomicWriteConflictError(next));
  }
}

const entry = (version: number): AuditReadEntry => ({
  v: 'gk-audit/1',
  origin: 'gatekeeper.test/demo/org',
  id: `01CHANGE${String(version).padStart(18, '0')}`,
  time: '2026-11-22T09:00:00.000Z',
  type: 'audit.read',
  org: 'demo',
  actor: { clientId: 'c', kid: 'k', jti: 'j' },
  query: { version },
});

/** A change over a counter "store": each read sees the next version; it answers with the version it appended on. */
function change(overrides: Partial<AuditedChange<number, string>> = {}) {
  const reads: number[] = [];
  const spec: AuditedChange<number, string> = {
    maxAttempts: 3,
    read: (attempt) => {
      reads.push(attempt);
      return Promise.resolve(attempt * 10);
    },
    plan: (version): ChangePlan<string> => ({
      append: { origin: 'gatekeeper.test/demo/org', entry: entry(version) },
      answer: (receipt) => `v${version}@${receipt.index}`,
    }),
    exhausted: () => new Error('kept changing'),
    ...overrides,
  };
  return { spec, reads };
}

describe('an audited change', () => {
  it('answers from the receipt of its first append when nothing races it', async () => {
    // Prepare
    const log = new ScriptedAuditLog(['receipt']);
    const { spec, reads } = change();

    // Act
    const answer = await runAuditedChange(log, spec);

    // Assess
    expect(answer).toBe('v10@0');
    expect(reads).toEqual([1]);
    expect(log.appended).toHaveLength(1);
  });

  it('reads and plans again after a lost records-version race, and logs the entry planned on the new state', async () => {
    // Prepare
    const log = new ScriptedAuditLog(['recordsVersion', 'record', 'receipt']);
    const { spec, reads } = change();

    // Act
    const answer = await runAuditedChange(log, spec);

    // Assess
    expect(answer).toBe('v30@2');
    expect(reads).toEqual([1, 2, 3]);
    expect(log.appended.map(({ entry: logged }) => (logged.type === 'audit.read' ? logged.query : undefined))).toEqual([
      { version: 10 },
      { version: 20 },
      { version: 30 },
    ]);
  });

  it('lets the tag that lost settle the request without another attempt', async () => {
    // Prepare
    const log = new ScriptedAuditLog(['recordsVersion', 'idempotentAnswer']);
    const settledBy: CompanionTag[] = [];
    const { spec, reads } = change({
      settleConflict: (tag): Promise<string> | undefined => {
        settledBy.push(tag);
        return tag === 'idempotentAnswer' ? Promise.resolve('stored answer') : undefined;
      },
    });

    // Act
    const answer = await runAuditedChange(log, spec);

    // Assess
    expect(answer).toBe('stored answer');
    expect(settledBy).toEqual(['recordsVersion', 'idempotentAnswer']);
    expect(reads).toEqual([1, 2]);
  });

  it('gives up with its own error after maxAttempts lost races, having appended nothing more', async () => {
    // Prepare
    const log = new ScriptedAuditLog(['recordsVersion', 'recordsVersion', 'recordsVersion', 'receipt']);
    const { spec } = change();

    // Act
    const error = await runAuditedChange(log, spec).catch((failure: unknown) => failure);

    // Assess
    expect((error as Error).message).toContain('kept changing');
    expect(log.appended).toHaveLength(3);
  });

  it('does not retry an outage: the error that is not a lost race is the answer', async () => {
    // Prepare
    const outage = new AuditUnavailableError('the audit table is unavailable');
    const log = new ScriptedAuditLog([outage, 'receipt']);
    const { spec, reads } = change();

    // Act
    const error = await runAuditedChange(log, spec).catch((failure: unknown) => failure);

    // Assess
    expect(error).toBe(outage);
    expect(reads).toEqual([1]);
  });

  it('answers a plan that is already done without appending anything', async () => {
    // Prepare
    const log = new ScriptedAuditLog([]);
    const { spec } = change({ plan: (version) => ({ done: `already at v${version}` }) });

    // Act
    const answer = await runAuditedChange(log, spec);

    // Assess
    expect(answer).toBe('already at v10');
    expect(log.appended).toHaveLength(0);
  });
});
