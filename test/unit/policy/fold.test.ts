/**
 * audit.md §2 at unit level: a decision entry names only catalogue paths (indexes folded to `[*]`
 * with a count, unknown members as one `(unknown)` row), records an override by digest, and stays
 * under 16 KiB whatever the payload, while the answer keeps every per-index row.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalBytes } from '../../../shared/canonical-json.ts';
import { MAX_ENTRY_BYTES } from '../../../shared/audit/entry.ts';
import { parseEntryBytes } from '../../../shared/audit/entry-schema.ts';
import { decide } from '../../../shared/policy/engine.ts';
import { catalogueRowPaths, foldTransformations, UNKNOWN_PATH } from '../../../shared/policy/fold.ts';
import { disclosureRequestSchema, type DisclosureRequest } from '../../../shared/schemas/disclosure.ts';
import { MAX_UNKNOWN_MEMBERS } from '../../../shared/schemas/payload-bounds.ts';
import { decisionEntry } from '../../../shared/services/decision-entry.ts';
import { entryHeader } from '../../../shared/services/audit-entries.ts';
import { consent, DEFAULT_POLICY, fullPayload, input, records, request } from './fixtures.ts';

const CATALOGUE = catalogueRowPaths(DEFAULT_POLICY.document);
const clock = { now: () => Date.parse('2026-12-01T10:00:00Z') };

async function entryFor(req: DisclosureRequest) {
  const parsed = disclosureRequestSchema.parse(req);
  const decision = await decide(input({ request: parsed, records: records({ consents: [consent('INSURER_CLAIM')] }) }));
  const header = entryHeader({
    origin: 'gatekeeper.test/demo/p1',
    type: 'disclosure.decision',
    org: 'demo',
    actor: { clientId: 'c', kid: 'k', jti: 'j' },
    clock,
  });
  const entry = decisionEntry({
    header,
    request: parsed,
    recipient: input({ request: parsed }).recipient,
    snapshot: records(),
    decision,
    payloadDigest: decision.payload ? 'sha-256=:47DEQpj8HBSa+/TxW+5JS4gkbiyyXwYMH8ek6CZv2WI=:' : undefined,
    policy: DEFAULT_POLICY,
    rawBodyDigest: 'sha-256=:47DEQpj8HBSa+/TxW+5JS4gkbiyyXwYMH8ek6CZv2WI=:',
  });
  return { decision, entry, bytes: canonicalBytes(entry) };
}

describe('foldTransformations', () => {
  it('folds indexes to [*] with a count and every unknown path into one (unknown) row, in first-seen order', () => {
    // Prepare
    const rows = [
      { path: 'clinical.diagnoses[0].description', action: 'DROPPED' as const, reason: 'REDACT_FREE_TEXT' },
      { path: 'shoeSize', action: 'DROPPED' as const, reason: 'REDACT_MINIMISATION' },
      { path: 'clinical.diagnoses[12].description', action: 'DROPPED' as const, reason: 'REDACT_FREE_TEXT' },
      { path: 'clinical.diagnoses[3]', action: 'DROPPED' as const, reason: 'ID_ICD10_FORMAT' },
      { path: 'patient.favouriteColour', action: 'DROPPED' as const, reason: 'REDACT_MINIMISATION' },
      { path: 'narrative.notes', action: 'DROPPED' as const, reason: 'REDACT_FREE_TEXT' },
    ];

    // Act
    const folded = foldTransformations(rows, CATALOGUE);

    // Assess
    expect(folded).toEqual([
      { path: 'clinical.diagnoses[*].description', action: 'DROPPED', reason: 'REDACT_FREE_TEXT', count: 2 },
      { path: UNKNOWN_PATH, action: 'DROPPED', reason: 'REDACT_MINIMISATION', count: 2 },
      { path: 'clinical.diagnoses[*]', action: 'DROPPED', reason: 'ID_ICD10_FORMAT', count: 1 },
      { path: 'narrative.notes', action: 'DROPPED', reason: 'REDACT_FREE_TEXT', count: 1 },
    ]);
  });
});

describe('the decision entry', () => {
  it('stays under 16 KiB at every payload bound, while the answer keeps each per-index row', async () => {
    // Prepare
    const payload = fullPayload();
    const unknown = Object.fromEntries(
      Array.from({ length: MAX_UNKNOWN_MEMBERS }, (_, i) => [`unknown_${'u'.repeat(100)}_${i}`, 'x']),
    );
    const diagnoses = Array.from({ length: 200 }, (_, i) => ({
      code: i % 2 ? 'M16.1' : 'BAD',
      description: 'd'.repeat(100),
    }));
    const req = request({
      recipientId: 'gp-riverside',
      payload: { ...unknown, ...payload, clinical: { ...payload.clinical, diagnoses } },
    });

    // Act
    const { decision, entry, bytes } = await entryFor(req);

    // Assess
    expect(bytes.byteLength).toBeLessThanOrEqual(MAX_ENTRY_BYTES);
    expect(decision.transformations.filter((row) => row.path.startsWith('unknown_'))).toHaveLength(MAX_UNKNOWN_MEMBERS);
    expect(entry.decision.transformations).toContainEqual({
      path: UNKNOWN_PATH,
      action: 'DROPPED',
      reason: 'REDACT_MINIMISATION',
      count: MAX_UNKNOWN_MEMBERS,
    });
    expect(entry.decision.transformations).toContainEqual({
      path: 'clinical.diagnoses[*]',
      action: 'DROPPED',
      reason: 'ID_ICD10_FORMAT',
      count: 100,
    });
    expect(parseEntryBytes(bytes).type).toBe('disclosure.decision');
  });

  it('records an override by who approved it and the digest of the justification, never its text', async () => {
    // Prepare
    const justification = 'Patient unconscious; MARKER-justification-text';
    const req = request({
      override: { code: 'VITAL_INTERESTS', approverRole: 'RESPONSIBLE_CLINICIAN', approvedBy: 'dr-7', justification },
    });

    // Act
    const { entry, bytes } = await entryFor(req);

    // Assess
    expect(entry.decision.override).toEqual({
      code: 'VITAL_INTERESTS',
      approverRole: 'RESPONSIBLE_CLINICIAN',
      approvedBy: 'dr-7',
      justificationDigest: `sha-256=:${createHash('sha256').update(justification, 'utf8').digest('base64')}:`,
    });
    expect(Buffer.from(bytes).toString('utf8')).not.toContain('MARKER');
    expect(parseEntryBytes(bytes).type).toBe('disclosure.decision');
  });

  it('never holds a payload member name or value the caller chose (property)', async () => {
    // Prepare
    const marker = fc.stringMatching(/^[A-Za-z0-9]{1,12}$/u).map((tail) => `MRK${tail}`);
    const member = fc.tuple(
      marker,
      fc.oneof(marker, fc.array(marker, { maxLength: 3 }), fc.dictionary(marker, marker, { maxKeys: 3 })),
    );

    // Act / Assess
    await fc.assert(
      fc.asyncProperty(
        fc.array(member, { maxLength: 40, size: 'max' }),
        fc.array(member, { maxLength: 20, size: 'max' }),
        fc.constantFrom('gp-riverside', 'ins-acme-health', 'phin', 'reg-cqc'),
        async (groups, fields, recipientId) => {
          const payload = fullPayload();
          const req = request({
            recipientId,
            payload: {
              ...Object.fromEntries(groups),
              ...payload,
              patient: { ...payload.patient, ...Object.fromEntries(fields) },
            },
          });

          const { decision, entry, bytes } = await entryFor(req);

          expect(Buffer.from(bytes).toString('utf8')).not.toContain('MRK');
          expect(bytes.byteLength).toBeLessThanOrEqual(MAX_ENTRY_BYTES);
          for (const row of entry.decision.transformations)
            expect(row.path === UNKNOWN_PATH || CATALOGUE.has(row.path)).toBe(true);
          expect(entry.decision.transformations.reduce((sum, row) => sum + row.count, 0)).toBe(
            decision.transformations.length,
          );
        },
      ),
      { numRuns: 60 },
    );
  });
});
