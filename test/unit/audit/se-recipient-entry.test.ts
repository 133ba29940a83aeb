/**
 * policy-se.md §2: the `admin.recipient.changed` entry of a Swedish recipient records its
 * identifiers and gate attributes as stored (normalised), omits absent ones and the name, and
 * reads back through the verifier's strict entry schema; an attribute it does not know fails it.
 */
import { describe, expect, it } from 'vitest';
import { parseEntryBytes } from '../../../shared/audit/entry-schema.ts';
import { canonicalize } from '../../../shared/canonical-json.ts';
import type { Recipient } from '../../../shared/records/model.ts';
import { swedishAttributes } from '../../../shared/schemas/se-recipient.ts';
import { describeRecipient } from '../../../shared/services/admin-service.ts';
import { entryHeader, orgLogOrigin } from '../../../shared/services/audit-entries.ts';

const CALLER = { clientId: 'demo-se-admin', kid: 'k1', jti: 'jti-1' };

/** The entry PUT /v1/recipients/se-r1 writes for this body: the attributes as stored, then described. */
function loggedChange(body: { name: string; category: string } & Record<string, unknown>) {
  const recipient = {
    recipientId: 'se-r1',
    org: 'demo-se',
    name: body.name,
    category: body.category,
    ...swedishAttributes(body),
  } as Recipient;
  const header = entryHeader({
    origin: orgLogOrigin('gatekeeper.test', 'demo-se'),
    type: 'admin.recipient.changed',
    org: 'demo-se',
    actor: CALLER,
    clock: { now: () => Date.parse('2026-11-22T08:00:00.000Z') },
  });
  const raw = canonicalize({ ...header, change: { recipient: describeRecipient(recipient) } });
  return { raw, entry: parseEntryBytes(new TextEncoder().encode(raw)) };
}

describe('Swedish recipient attributes in admin.recipient.changed', () => {
  it('records hsaId, orgNr (normalised) and sjfParticipant of a caregiver, not its name', () => {
    // Act
    const { raw, entry } = loggedChange({
      name: 'Vårdcentralen Norr',
      category: 'SE_VARDGIVARE',
      hsaId: 'SE5599000022-VC01',
      orgNr: '5599000022',
      sjfParticipant: false,
    });

    // Assess
    expect(entry).toMatchObject({
      type: 'admin.recipient.changed',
      change: {
        recipient: {
          recipientId: 'se-r1',
          category: 'SE_VARDGIVARE',
          hsaId: 'SE5599000022-VC01',
          orgNr: '559900-0022',
          sjfParticipant: false,
        },
      },
    });
    expect(raw).not.toContain('Vårdcentralen');
  });

  it('records an employer agreement and an authority with its register, omitting what is absent', () => {
    // Act
    const employer = loggedChange({
      name: 'Demo AB',
      category: 'SE_ARBETSGIVARE',
      orgNr: '559900-0063',
      employerAgreement: { ref: 'AVT-2026-01', validFrom: '2026-01-01' },
    });
    const register = loggedChange({
      name: 'Socialstyrelsen',
      category: 'SE_SOCIALSTYRELSEN_REGISTER',
      authority: 'SOCIALSTYRELSEN',
      register: 'PATIENTREGISTRET',
    });

    // Assess
    expect(employer.entry.type === 'admin.recipient.changed' && employer.entry.change.recipient).toEqual({
      recipientId: 'se-r1',
      category: 'SE_ARBETSGIVARE',
      orgNr: '559900-0063',
      employerAgreement: { ref: 'AVT-2026-01', validFrom: '2026-01-01' },
    });
    expect(register.entry.type === 'admin.recipient.changed' && register.entry.change.recipient).toEqual({
      recipientId: 'se-r1',
      category: 'SE_SOCIALSTYRELSEN_REGISTER',
      authority: 'SOCIALSTYRELSEN',
      register: 'PATIENTREGISTRET',
    });
  });

  it('the strict entry schema still refuses a recipient attribute it does not know', () => {
    // Prepare
    const { raw } = loggedChange({ name: 'X', category: 'SE_IVO', authority: 'IVO' });
    const tampered = JSON.parse(raw) as { change: { recipient: Record<string, unknown> } };
    tampered.change.recipient['name'] = 'Inspektionen';

    // Act
    const parse = () => parseEntryBytes(new TextEncoder().encode(canonicalize(tampered)));

    // Assess
    expect(parse).toThrow(/change\.recipient/u);
  });
});
