import fc from 'fast-check';
import { auditReadEntry, consentEntry, decisionEntry, ulidOf } from './helpers.ts';

/**
 * One valid entry of every shape the entry schema knows (every `type` group, both restriction
 * records, the optional parts of a decision), for checks that must agree with the schema on valid
 * entries and on their mutants.
 */
const O = 'gatekeeper.local/demo/p3';
const DIGEST = `sha-256=:${Buffer.alloc(32, 3).toString('base64')}:`;
const scoped = (n: number) => {
  const { type: _type, record: _record, ...rest } = consentEntry(O, n, 'given', 'c-1');
  return rest;
};
const admin = (n: number) => {
  const { type: _type, query: _query, ...rest } = auditReadEntry(O, n);
  return rest;
};

export const ENTRY_SEEDS: readonly unknown[] = [
  decisionEntry(O, 1),
  decisionEntry(O, 2, 'c-9'),
  {
    ...decisionEntry(O, 3),
    decision: {
      ...decisionEntry(O, 3).decision,
      override: { code: 'OVR', approverRole: 'CALDICOTT_GUARDIAN', approvedBy: 'cg-1', justificationDigest: DIGEST },
      matter: { ref: 'M-1' },
      reviewId: 'r-1',
      restrictions: [{ id: 'rs-1', ground: 'OBJECTION' }],
      sparr: {
        checkedAt: 'now',
        activeBlockIds: ['b-1'],
        lifted: [{ blockId: 'b-2', by: 'u' }],
        yttreOverridable: true,
      },
    },
  },
  {
    ...decisionEntry(O, 4),
    decision: { ...decisionEntry(O, 4).decision, outcome: 'DENY', basis: undefined, payloadDigest: undefined },
  },
  consentEntry(O, 5, 'withdrawn', 'c-2'),
  auditReadEntry(O, 6),
  {
    ...scoped(7),
    type: 'record.patient.registered',
    record: { identifiers: [{ system: 'NHS', value: '1' }], n: 1, ok: true },
  },
  { ...scoped(8), type: 'record.objection.raised', record: { objectionId: 'o-1', scope: 'ALL' } },
  {
    ...admin(9),
    type: 'admin.client.changed',
    change: {
      client: {
        clientId: 'c',
        scopes: ['admin'],
        status: 'ACTIVE',
        keys: [{ kid: 'k', status: 'ACTIVE', thumbprint: 't' }],
      },
      organisation: { org: 'demo', patientLogs: 8 },
    },
  },
  { ...admin(10), type: 'admin.key.revoked', change: { key: { clientId: 'c', kid: 'k' } } },
  {
    ...admin(11),
    type: 'admin.recipient.changed',
    change: { recipient: { recipientId: 'r', category: 'GP', sjfParticipant: false, ndopExempt: true } },
  },
  {
    ...scoped(12),
    type: 'review.opened',
    review: { reviewId: 'r', kind: 'REFER', decisionEntryId: ulidOf(1), dueAt: '2026-12-01T00:00:00.000Z' },
  },
  {
    ...scoped(13),
    type: 'review.decided',
    review: {
      reviewId: 'r',
      kind: 'CONTEST',
      outcome: 'UPHELD',
      role: 'DPO',
      justificationDigest: DIGEST,
      decisionEntryId: ulidOf(1),
    },
  },
  {
    ...scoped(14),
    type: 'record.restriction.placed',
    record: { restrictionId: 'x', ground: 'G', requestedBy: 'p', at: 't', recordedBy: 'u', episodeIds: ['e'] },
  },
  {
    ...scoped(15),
    type: 'record.restriction.lifted',
    record: { restrictionId: 'x', at: 't', recordedBy: 'u', reason: 'r', patientInformedAt: 't' },
  },
  {
    ...scoped(16),
    type: 'notification.opened',
    notification: { notificationId: 'n', recipientId: 'r', trigger: 't', status: 'DUE', releases: [ulidOf(2)] },
  },
  { ...scoped(17), type: 'record.patient.erased', record: { grounds: 'g', at: 't', recordedBy: 'u' } },
  { ...scoped(18), type: 'record.block.placed', record: { blockId: 'b', nested: { list: [1, 'two', false, null] } } },
].map((entry) => JSON.parse(JSON.stringify(entry)) as unknown);

/** Replacement values near every bound and alphabet the entry schema draws. */
const TRICKY = [
  null,
  0,
  -1,
  1.5,
  2 ** 53,
  true,
  '',
  'x',
  'é',
  '\ud83d\ude00',
  'a'.repeat(512),
  'a'.repeat(513),
  '\ud83d\ude00'.repeat(256),
  '\ud83d\ude00'.repeat(257),
  'ALLOW',
  'DENY',
  'PATIENT_CONSENT',
  'ACTIVE',
  ulidOf(7),
  ulidOf(7).toLowerCase(),
  `01JD${'I'.repeat(22)}`,
  DIGEST,
  DIGEST.replace('=:', ':'),
  '2026-12-01T00:00:00.000Z',
  '2026-02-30T00:00:00.000Z',
  '2026-12-01T00:00:00Z',
  'gk-audit/1',
  'audit.read',
  [],
  ['x'],
  {},
  { a: 1 },
] as const;
const EXTRA_NAMES = ['extra', '__proto__', 'constructor', 'count', 'v'];

export type Mutation = { readonly at: number; readonly kind: 'remove' | 'replace' | 'add'; readonly pick: number };
const mutation = fc.record({
  at: fc.nat(),
  kind: fc.constantFrom('remove' as const, 'replace' as const, 'add' as const),
  pick: fc.nat(),
});

/** Every object and array inside a value, with their members' names (indexes for arrays). */
function containers(value: unknown, into: { owner: Record<string, unknown>; names: string[] }[] = []) {
  if (typeof value !== 'object' || value === null) return into;
  const owner = value as Record<string, unknown>;
  into.push({ owner, names: Object.keys(owner) });
  for (const name of Object.keys(owner)) containers(owner[name], into);
  return into;
}

/** Applies the mutations to a copy; a member is set as JSON.parse would, `__proto__` included. */
export function mutant(seed: unknown, mutations: readonly Mutation[]): unknown {
  const value = structuredClone(seed);
  for (const { at, kind, pick } of mutations) {
    const all = containers(value);
    const { owner, names } = all[at % all.length]!;
    const replacement = structuredClone(TRICKY[pick % TRICKY.length]);
    const member = names.length === 0 ? undefined : names[pick % names.length]!;
    if (Array.isArray(owner)) {
      if (kind === 'add' || member === undefined) owner.push(replacement);
      else if (kind === 'remove') owner.splice(Number(member), 1);
      else owner[Number(member)] = replacement;
    } else if (kind === 'remove' && member !== undefined) {
      delete owner[member];
    } else {
      const name = kind === 'add' || member === undefined ? EXTRA_NAMES[pick % EXTRA_NAMES.length]! : member;
      Object.defineProperty(owner, name, { value: replacement, enumerable: true, writable: true, configurable: true });
    }
  }
  return value;
}

/** One to three edits: a member removed, replaced by a tricky value, or an extra member added. */
export const entryMutations = fc.array(mutation, { minLength: 1, maxLength: 3 });
