import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalize } from '../../../shared/canonical-json.ts';
import { entryBytes, originOf, patientLogIndex } from '../../../shared/audit/entry.ts';
import type { AuditEntry } from '../../../shared/audit/entry.ts';
import { parseEntryBytes } from '../../../shared/audit/entry-schema.ts';
import { auditReadEntry, consentEntry, decisionEntry } from './helpers.ts';

const ORIGIN = 'gatekeeper.local/demo/p3';
const code = (c: string): unknown => expect.objectContaining({ code: c });
const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('JCS (shared/canonical-json.ts) as audit entries use it', () => {
  it('canonicalises the audit.md §2 example', () => {
    // Act / Assess
    expect(canonicalize({ b: 2, a: 'é', c: [1, { y: 1, x: true }] })).toBe('{"a":"é","b":2,"c":[1,{"x":true,"y":1}]}');
  });

  it.each([
    [1e21, '1e+21'],
    [1e-7, '1e-7'],
    [-0, '0'],
    [0.000001, '0.000001'],
    [123456789012345680000, '123456789012345680000'],
    [4.5, '4.5'],
    [2 ** 53, '9007199254740992'],
  ])('serialises the number %d as RFC 8785 does', (value, expected) => {
    // Act / Assess
    expect(canonicalize(value)).toBe(expected);
  });

  it('escapes strings as RFC 8785 does', () => {
    // Act / Assess
    expect(canonicalize('\u20ac$\u000f\nA\'B"\\\\"/')).toBe('"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"');
    expect(canonicalize('\u2028\ud83d\ude00')).toBe('"\u2028😀"');
  });

  it('sorts keys by UTF-16 code units (RFC 8785 §3.2.3 example)', () => {
    // Prepare
    const value = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    // Act
    const text = canonicalize(value);
    // Assess
    expect(text).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis",' +
        '"\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });
});

describe('entryBytes', () => {
  it('is the UTF-8 of the JCS form and parses back to the same entry', () => {
    // Prepare
    const entry = decisionEntry(ORIGIN, 1, 'cons-1') as AuditEntry;
    // Act
    const bytes = entryBytes(entry);
    // Assess
    expect(new TextDecoder().decode(bytes)).toBe(canonicalize(entry));
    expect(parseEntryBytes(bytes)).toEqual(entry);
  });

  it.each([
    ['a null', { ...auditReadEntry(ORIGIN, 1), query: { cursor: null } }],
    ['a fraction', { ...auditReadEntry(ORIGIN, 1), query: { limit: 1.5 } }],
    ['an unsafe integer', { ...auditReadEntry(ORIGIN, 1), query: { limit: 2 ** 60 } }],
  ])('refuses %s with a typed error', (_name, entry) => {
    // Act / Assess
    expect(() => entryBytes(entry as unknown as AuditEntry)).toThrow(code('audit_entry_invalid'));
  });
});

describe('parseEntryBytes', () => {
  it('refuses bytes that are not the JCS form', () => {
    // Prepare
    const text = canonicalize(auditReadEntry(ORIGIN, 1));

    // Act / Assess
    expect(() => parseEntryBytes(bytesOf(text.replace('{"actor"', '{ "actor"')))).toThrow(code('entry_not_canonical'));
    expect(() => parseEntryBytes(bytesOf(text.replace('"v":', '"id":"x","v":')))).toThrow(code('entry_not_canonical'));
  });

  it('refuses invalid UTF-8, JSON nulls and unknown fields', () => {
    // Act / Assess
    expect(() => parseEntryBytes(Uint8Array.of(0x7b, 0xff, 0x7d))).toThrow(code('audit_entry_invalid'));
    expect(() => parseEntryBytes(bytesOf(canonicalize({ ...auditReadEntry(ORIGIN, 1), note: null })))).toThrow(
      code('audit_entry_invalid'),
    );
    expect(() => parseEntryBytes(bytesOf(canonicalize({ ...auditReadEntry(ORIGIN, 1), name: 'Jane' })))).toThrow(
      code('audit_entry_invalid'),
    );
  });

  it('requires a consent id on consent entries and on consent-based decisions, without echoing values', () => {
    // Prepare
    const noId = { ...consentEntry(ORIGIN, 1, 'given', 'c'), record: { scope: 'INSURER_CLAIM' } };
    const decision = decisionEntry(ORIGIN, 2, 'c');
    const noRecordId = { ...decision, decision: { ...decision.decision, basis: { source: 'PATIENT_CONSENT' } } };
    // Act / Assess
    expect(() => parseEntryBytes(bytesOf(canonicalize(noId)))).toThrow(code('audit_entry_invalid'));
    expect(() => parseEntryBytes(bytesOf(canonicalize(noRecordId)))).toThrow(code('audit_entry_invalid'));
    expect(() => parseEntryBytes(bytesOf(canonicalize({ ...noId, id: 'SECRET-VALUE' })))).toThrow(
      expect.not.objectContaining({
        message: expect.stringContaining('SECRET') as unknown,
      }),
    );
  });
});

describe('log routing', () => {
  it('puts a patient in log SHA-256("gk1|org|patient")[0..4] mod P', () => {
    // Prepare
    const digest = createHash('sha256').update('gk1|demo|MRN-1').digest();
    // Act
    const index = patientLogIndex('demo', 'MRN-1', 8);
    // Assess
    expect(index).toBe(digest.readUInt32BE(0) % 8);
    expect(patientLogIndex('demo', 'MRN-1', 1)).toBe(0);
  });

  it('spreads patients over every log', () => {
    // Act
    const used = new Set(Array.from({ length: 200 }, (_, i) => patientLogIndex('demo', `MRN-${i}`, 8)));

    // Assess
    expect(used.size).toBe(8);
  });

  it('names origins <deployment>/<org>/<log> and refuses parts that would break a note', () => {
    // Act / Assess
    expect(originOf('gatekeeper.local', 'demo', 3)).toBe(ORIGIN);
    expect(originOf('gatekeeper.local', 'demo', 'org')).toBe('gatekeeper.local/demo/org');
    expect(() => originOf('gatekeeper.local', 'de mo', 1)).toThrow(code('audit_origin_invalid'));
    expect(() => originOf('gatekeeper.local', 'a/b', 1)).toThrow(code('audit_origin_invalid'));
  });
});
