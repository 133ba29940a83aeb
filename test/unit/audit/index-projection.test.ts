import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AuditEntry, DecisionEntry, Outcome } from '../../../shared/audit/entry.ts';
import { auditIndexAttributes, auditIndexValue, indexTimeKey } from '../../../shared/audit/index-projection.ts';

/**
 * The one projection from an entry to its search attributes (audit.md §7): the writer stores it and
 * the search looks values up with the same functions, so the two cannot disagree.
 */
const header = {
  v: 'gk-audit/1' as const,
  id: '01PROJ0000000000000000000',
  time: '2026-11-22T09:00:00.000Z',
  actor: { clientId: 'epr-main', kid: 'k1', jti: 'j1' },
};
const at = { origin: 'gatekeeper.test/acme/p3', index: 41 };

function decisionEntry(org: string, recipientId: string, outcome: Outcome): DecisionEntry {
  return {
    ...header,
    origin: at.origin,
    org,
    type: 'disclosure.decision',
    patient: { ref: 'pat-1' },
    records: { version: 2 },
    decision: {
      outcome,
      reasonCodes: [],
      obligations: [],
      recipient: { id: recipientId },
      purpose: 'DIRECT_CARE',
      jurisdiction: 'UK-ENG',
      transformations: [],
      policy: { id: 'uk-default', version: '1', digest: 'sha-256=:AA==:' },
    },
  };
}

const token = fc.stringMatching(/^[a-z][a-z0-9-]{0,11}$/u);
const outcome = fc.constantFrom<Outcome>('ALLOW', 'ALLOW_WITH_REDACTION', 'DENY', 'REFER');

describe('audit index projection', () => {
  it('files a decision under its org, type, patient, recipient, outcome and client, each scoped by org', () => {
    // Act / Assess
    fc.assert(
      fc.property(token, token, token, outcome, (org, recipientId, patientKey, decided) => {
        const attributes = auditIndexAttributes(decisionEntry(org, recipientId, decided), at, patientKey);

        expect(attributes).toEqual({
          ts: indexTimeKey(header.time, at.origin, at.index),
          ixOrg: auditIndexValue.org(org),
          ixType: auditIndexValue.type(org, 'disclosure.decision'),
          ixPatient: auditIndexValue.patient(org, patientKey),
          ixRecipient: auditIndexValue.recipient(org, recipientId),
          ixDecision: auditIndexValue.decision(org, decided),
          clientId: 'epr-main',
        });
        for (const value of [attributes.ixType, attributes.ixPatient, attributes.ixRecipient, attributes.ixDecision])
          expect(value!.startsWith(`${org}#`)).toBe(true);
      }),
    );
  });

  it('gives an entry that is not a decision no recipient or outcome, and no patient without a patient key', () => {
    // Prepare
    const read: AuditEntry = {
      ...header,
      origin: at.origin,
      org: 'acme',
      type: 'audit.read',
      query: { endpoint: 'search', recipientId: 'gp-1' },
    };

    // Act
    const attributes = auditIndexAttributes(read, at, undefined);

    // Assess
    expect(Object.keys(attributes).sort()).toEqual(['clientId', 'ixOrg', 'ixType', 'ts']);
    expect(attributes.ixType).toBe('acme#audit.read');
  });

  it('sorts index keys by time first, then by log position within one millisecond', () => {
    // Act / Assess
    fc.assert(
      fc.property(fc.nat({ max: 10 ** 12 }), fc.nat({ max: 10 ** 12 }), (a, b) => {
        const [first, second] = [indexTimeKey(header.time, at.origin, a), indexTimeKey(header.time, at.origin, b)];

        expect(first < second).toBe(a < b);
        expect(indexTimeKey('2026-11-22T09:00:00.001Z', at.origin, 0) > indexTimeKey(header.time, at.origin, a)).toBe(
          true,
        );
      }),
    );
  });
});
