/** Invariants over generated requests, records and switch settings (fast-check). */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, type Decision } from '../../../shared/policy/engine.ts';
import type { RuleExpr } from '../../../shared/policy/document.ts';
import type { Consent, Objection, PatientRecordsSnapshot } from '../../../shared/records/model.ts';
import {
  APPROVER_ROLES,
  CAPACITIES,
  EPISODE_TYPES,
  FUNDINGS,
  JURISDICTIONS,
  OVERRIDE_CODES,
  PURPOSES,
  type DisclosureRequest,
} from '../../../shared/schemas/disclosure.ts';
import {
  consent,
  fullPayload,
  input,
  localPolicy,
  objection,
  RECIPIENTS,
  records,
  releasedPaths,
  request,
} from './fixtures.ts';

const OBJECTION_SCOPES = [
  'INSURER',
  'GP',
  'NHS_BODY',
  'REGULATOR_PROFESSIONAL',
  'REGULATOR_SYSTEM',
  'PHIN',
  'EMERGENCY_CARE',
  ...PURPOSES,
  'ALL_NON_MANDATORY',
] as const;
const CONSENT_SCOPES = [
  'INSURER_CLAIM',
  'INSURER_PREAUTH',
  'PHIN_IDENTIFIERS',
  'REGULATOR_DISCLOSURE',
  'GP_SHARING',
] as const;
const FULL = fullPayload() as Record<string, Record<string, unknown>>;
const ALL_FIELDS = Object.entries(FULL).flatMap(([group, fields]) =>
  Object.keys(fields).map((field) => [group, field] as const),
);

const payloadArb = fc.subarray(ALL_FIELDS).map((chosen) => {
  const payload: Record<string, Record<string, unknown>> = {};
  for (const [group, field] of chosen) (payload[group] ??= {})[field] = FULL[group]![field];
  return payload;
});

const requestArb: fc.Arbitrary<DisclosureRequest> = fc
  .record({
    recipientId: fc.constantFrom(...Object.keys(RECIPIENTS), 'unknown-recipient'),
    purpose: fc.constantFrom(...PURPOSES),
    subPurpose: fc.constantFrom(null, 'CLAIM', 'PRE_AUTH', 'AMRA_REPORT'),
    jurisdiction: fc.constantFrom(...JURISDICTIONS),
    type: fc.constantFrom(...EPISODE_TYPES),
    funding: fc.constantFrom(...FUNDINGS),
    payerId: fc.constantFrom(null, 'ins-acme-health', 'ins-other-mutual'),
    referralSourceOds: fc.constantFrom(null, 'RX1', 'X26'),
    instrument: fc.constantFrom(null, 'HSCA2012-s259:DPN-7', 'MA1983-s35A:GMC-1', 'HSCA2008-s63:CQC-1', 'UNKNOWN:1'),
    capacity: fc.constantFrom(...CAPACITIES),
    override: fc.option(
      fc.record({ code: fc.constantFrom(...OVERRIDE_CODES), approverRole: fc.constantFrom(...APPROVER_ROLES) }),
      { nil: null },
    ),
    payload: payloadArb,
  })
  .map((r) =>
    request({
      recipientId: r.recipientId,
      purpose: r.purpose,
      subPurpose: r.subPurpose,
      jurisdiction: r.jurisdiction,
      episode: {
        id: 'EP-2026-0042',
        type: r.type,
        funding: r.funding,
        payerId: r.payerId,
        referralSourceOds: r.referralSourceOds,
      },
      instrument: r.instrument === null ? null : { ref: r.instrument },
      patientContext: { capacity: r.capacity },
      override: r.override === null ? null : { ...r.override, approvedBy: 'staff-9', justification: 'generated' },
      payload: r.payload,
    }),
  );

const consentArb: fc.Arbitrary<Consent> = fc
  .record({
    scope: fc.constantFrom(...CONSENT_SCOPES),
    status: fc.constantFrom('GIVEN' as const, 'DECLINED' as const),
    withdrawn: fc.boolean(),
    id: fc.nat(9),
  })
  .map((c) =>
    consent(c.scope, {
      consentId: `c-${c.id}`,
      status: c.status,
      ...(c.withdrawn ? { withdrawn: { at: '2026-11-22T00:00:00Z', recordedBy: 's' } } : {}),
    }),
  );

const objectionArb: fc.Arbitrary<Objection> = fc
  .record({ scope: fc.constantFrom(...OBJECTION_SCOPES), withdrawn: fc.boolean(), id: fc.nat(9) })
  .map((o) =>
    objection(o.scope, {
      objectionId: `o-${o.id}`,
      ...(o.withdrawn ? { withdrawn: { at: '2026-11-22T00:00:00Z', recordedBy: 's' } } : {}),
    }),
  );

const recordsArb: fc.Arbitrary<PatientRecordsSnapshot> = fc
  .record({
    consents: fc.array(consentArb, { maxLength: 3 }),
    objections: fc.array(objectionArb, { maxLength: 2 }),
    ndop: fc.constantFrom(
      undefined,
      { status: 'OPTED_OUT' as const, checkedAt: '2026-11-30T00:00:00Z' },
      { status: 'NOT_OPTED_OUT' as const, checkedAt: '2026-11-30T00:00:00Z' },
    ),
  })
  .map((r) => records(r));

const POLICIES = [
  localPolicy(),
  localPolicy({
    'phin.identifierMode': 'CLEAR_MANDATED',
    'phin.includeOutpatient': true,
    'override.requireCaldicottGuardian': false,
  }),
  localPolicy({
    'phin.identifierMode': 'OMIT',
    'phin.postcodeGeneralisation': 'DISTRICT',
    'ndop.unknownStatus': 'REFER',
    'regulator.nonStatutory': 'DENY',
  }),
];
const policyArb = fc.constantFrom(...POLICIES);
const caseArb = fc.record({ request: requestArb, records: recordsArb, policy: policyArb });

/** The spec's own reading of "a matching active objection" (§2 step 7 and the emergency row of §1). */
function matchingObjection(decision: Decision, req: DisclosureRequest, recs: PatientRecordsSnapshot): boolean {
  const category = RECIPIENTS[req.recipientId]?.category;
  const scopes = decision.flow === 'emergency' ? [category, req.purpose] : [category, req.purpose, 'ALL_NON_MANDATORY'];
  return recs.objections.some(
    (o) =>
      o.withdrawn === undefined &&
      scopes.includes(o.scope) &&
      (o.recipientId === undefined || o.recipientId === req.recipientId),
  );
}

function outputsOf(expr: RuleExpr | undefined, path: string): string[] {
  if (expr === undefined) return [];
  if ('select' in expr)
    return [...Object.values(expr.cases), ...(expr.otherwise ? [expr.otherwise] : [])].flatMap((e) =>
      outputsOf(e, path),
    );
  if ('ifClearIdentifiers' in expr)
    return [...outputsOf(expr.ifClearIdentifiers, path), ...outputsOf(expr.otherwise, path)];
  if (expr.action === 'D') return [];
  return [expr.action === 'G' && expr.as ? expr.as : path];
}

describe('decision invariants', () => {
  it('never allows a non-mandatory flow past a matching active objection without an approved override', async () => {
    // Act / Assess
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const decision = await decide(input(c));
        if (!decision.decision.startsWith('ALLOW') || decision.mandatory) return;
        if (!matchingObjection(decision, c.request, c.records)) return;
        // policy-uk.md §9.2: an objection to a registry withholds identifiers; the anonymous record still goes.
        if (decision.reasonCodes[0] === 'ALLOW_ANONYMOUS_RECORD') {
          expect(decision.reasonCodes).toContain('OBJECTION_ANONYMOUS_ONLY');
          return;
        }
        expect(['ALLOW_PUBLIC_INTEREST_OVERRIDE', 'ALLOW_BEST_INTERESTS']).toContain(decision.reasonCodes[0]);
      }),
      { numRuns: 400 },
    );
  });

  it('never releases a field outside the flow profile', async () => {
    // Act / Assess
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const decision = await decide(input(c));
        if (decision.payload === undefined) return;
        const flow = c.policy.document.flows.find((f) => f.id === decision.flow)!;
        const profile = c.policy.document.profiles[flow.profile]!;
        const allowed = new Set([
          ...Object.entries(profile.rules).flatMap(([path, expr]) => outputsOf(expr, path)),
          ...profile.derived.map((d) => d.path),
        ]);
        for (const path of releasedPaths(decision.payload)) expect(allowed).toContain(path);
        if (decision.flow === 'phin')
          expect(JSON.stringify(decision.payload)).not.toMatch(/Lovelace|Testing Lane|Anxious|coxarthrosis|MRN-1/u);
      }),
      { numRuns: 400 },
    );
  });

  it('never attaches a payload or transformations to DENY or REFER, and explains every code', async () => {
    // Act / Assess
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const decision = await decide(input(c));
        expect(decision.explanations).toHaveLength(decision.reasonCodes.length);
        if (decision.decision === 'DENY' || decision.decision === 'REFER') {
          expect(decision.payload).toBeUndefined();
          expect(decision.transformations).toEqual([]);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('is deterministic: the same input gives the same decision', async () => {
    // Act / Assess
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const [a, b] = [await decide(input(c)), await decide(input(c))];
        expect(b).toEqual(a);
      }),
      { numRuns: 200 },
    );
  });
});
