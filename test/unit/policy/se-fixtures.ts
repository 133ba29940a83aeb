/**
 * policy-se.md §8 for decide(): the `demo-se` recipients, and a records snapshot built from a
 * scenario's setup at the decision time 2026-11-22 (PN-1 with personnummer 640823-3234 and employer
 * se-ag-demo; PN-2 with samordningsnummer 701063-2391).
 */
import type { DecisionInput } from '../../../shared/policy/engine.ts';
import { loadPolicy, type LoadedPolicy, type SwitchOverrides } from '../../../shared/policy/pack.ts';
import { SE_DEFAULT } from '../../../shared/policy/se-default/index.ts';
import type { Consent, PatientRecordsSnapshot, Recipient } from '../../../shared/records/model.ts';
import type { Block } from '../../../shared/records/se-model.ts';
import {
  PN1_STORED,
  PN2_STORED,
  SE_ORG,
  seRequest,
  type SeRecordsSetup,
  type SeScenario,
} from '../../support/se-scenarios.ts';
import { testPseudonym } from './fixtures.ts';

export const SE_NOW = Date.parse('2026-11-22T10:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const at = (offsetMs: number) => new Date(SE_NOW + offsetMs).toISOString();

const recipient = (
  recipientId: string,
  category: Recipient['category'],
  extra: Partial<Recipient> = {},
): Recipient => ({
  recipientId,
  org: SE_ORG,
  name: recipientId,
  category,
  ...extra,
});

export const SE_RECIPIENTS: Readonly<Record<string, Recipient>> = {
  'se-vc-norr': recipient('se-vc-norr', 'SE_VARDGIVARE', {
    hsaId: 'SE5599000022-VC01',
    orgNr: '559900-0022',
    sjfParticipant: true,
  }),
  'se-hudklinik-syd': recipient('se-hudklinik-syd', 'SE_VARDGIVARE', {
    hsaId: 'SE5599000030-HK01',
    orgNr: '559900-0030',
    sjfParticipant: false,
  }),
  'se-akuten': recipient('se-akuten', 'SE_VARDGIVARE', {
    hsaId: 'SE2120009994-AK01',
    orgNr: '212000-9994',
    sjfParticipant: true,
  }),
  'se-fb-trygg': recipient('se-fb-trygg', 'SE_FORSAKRINGSBOLAG', { orgNr: '559900-0048', payerId: 'se-fb-trygg' }),
  'se-fb-annan': recipient('se-fb-annan', 'SE_FORSAKRINGSBOLAG', { orgNr: '559900-0055', payerId: 'se-fb-annan' }),
  'se-fk': recipient('se-fk', 'SE_FORSAKRINGSKASSAN', { authority: 'FORSAKRINGSKASSAN' }),
  'se-ag-demo': recipient('se-ag-demo', 'SE_ARBETSGIVARE', {
    orgNr: '559900-0063',
    employerAgreement: { ref: 'AVT-2026-01', validFrom: '2026-01-01' },
  }),
  'se-ag-utan-avtal': recipient('se-ag-utan-avtal', 'SE_ARBETSGIVARE', { orgNr: '559900-0071' }),
  'se-ivo': recipient('se-ivo', 'SE_IVO', { authority: 'IVO' }),
  'se-sos-par': recipient('se-sos-par', 'SE_SOCIALSTYRELSEN_REGISTER', {
    authority: 'SOCIALSTYRELSEN',
    register: 'PATIENTREGISTRET',
  }),
  'se-kvr-hud': recipient('se-kvr-hud', 'SE_KVALITETSREGISTER', { register: 'HUDREG-DEMO' }),
  'se-polisen': recipient('se-polisen', 'SE_POLIS', { authority: 'POLISMYNDIGHETEN' }),
  'ins-acme-health': recipient('ins-acme-health', 'INSURER', { payerId: 'ins-acme-health' }),
};

export function sePolicy(switches: SwitchOverrides = {}): LoadedPolicy {
  return loadPolicy(SE_DEFAULT, switches);
}

function consentOf(setup: NonNullable<SeRecordsSetup['consents']>[number], index: number): Consent {
  return {
    consentId: `cons-${index + 1}`,
    scope: setup.scope,
    ...(setup.recipientId !== undefined ? { recipientId: setup.recipientId } : {}),
    ...(setup.careUnitId !== undefined ? { careUnitId: setup.careUnitId } : {}),
    status: 'GIVEN',
    form: setup.form ?? 'WRITTEN',
    evidenceRef: 'blankett-1',
    capturedBy: 'staff-1',
    at: at(-2 * HOUR),
    ...(setup.expiresInDays !== undefined ? { expiresAt: at(setup.expiresInDays * DAY) } : {}),
    ...(setup.withdrawn ? { withdrawn: { at: at(-HOUR), recordedBy: 'staff-1' } } : {}),
  };
}

export function seRecords(setup: SeRecordsSetup): PatientRecordsSnapshot {
  const stored = setup.patient === 'PN-1' ? PN1_STORED : PN2_STORED;
  const blocks: Block[] = (setup.blocks ?? []).map((block, index) => ({
    blockId: `blk-${index + 1}`,
    kind: block.kind,
    ...(block.careUnitId !== undefined ? { careUnitId: block.careUnitId } : {}),
    at: at(-30 * DAY),
    source: 'LOCAL',
    recordedBy: 'staff-1',
  }));
  const age = setup.sparrCheckAgeHours === undefined ? 1 : setup.sparrCheckAgeHours;
  return {
    org: SE_ORG,
    patientId: setup.patient,
    version: 5,
    registered: true,
    identifiers: [{ system: 'SE_PNR', key: testPseudonym(SE_ORG, 'AUDIT', 'SE_PNR', stored), masked: '********' }],
    consents: (setup.consents ?? []).map(consentOf),
    objections: (setup.objections ?? []).map((scope, index) => ({
      objectionId: `obj-${index + 1}`,
      scope,
      at: at(-10 * DAY),
      recordedBy: 'staff-2',
    })),
    blocks,
    ...(age === null
      ? {}
      : { sparrCheck: { status: 'CHECKED', checkedAt: at(-age * HOUR), source: 'NATIONELL_SPARRTJANST' } }),
    careRelations:
      setup.careRelationWith === undefined
        ? []
        : [
            {
              relationId: 'vr-1',
              recipientId: setup.careRelationWith,
              from: at(-3 * DAY),
              attestedBy: 'lak-9',
              evidenceRef: 'intyg-1',
            },
          ],
    employerRecipientIds: setup.patient === 'PN-1' ? ['se-ag-demo'] : [],
  };
}

export function seInput(scenario: SeScenario, policy: LoadedPolicy = sePolicy()): DecisionInput {
  const request = seRequest(scenario, scenario.records.patient, `req-${scenario.id}`);
  return {
    request,
    recipient: SE_RECIPIENTS[request.recipientId],
    records: seRecords(scenario.records),
    policy,
    now: SE_NOW,
    pseudonymise: (domain, idType, value) => Promise.resolve(testPseudonym(SE_ORG, domain, idType, value)),
  };
}
