/**
 * The minimisation profiles of policy-uk.md §5: K keep, D drop, G generalise, P pseudonymise.
 * A field a profile does not list is dropped, so only K/G/P rules are written out.
 */
import type { ProfileDef, RuleExpr } from '../document.ts';
import { PROFILES_2026_2 } from './profiles-2026-2.ts';

const K: RuleExpr = { action: 'K' };
const D: RuleExpr = { action: 'D' };
const keep = (paths: readonly string[]): Record<string, RuleExpr> => Object.fromEntries(paths.map((path) => [path, K]));

const NATIONAL_IDS = ['patient.nhsNumber', 'patient.chiNumber', 'patient.hcNumber'];
const EPISODE_CORE = [
  'episode.admissionDate',
  'episode.dischargeDate',
  'episode.admissionMethod',
  'episode.dischargeMethod',
  'episode.classification',
  'episode.siteOdsCode',
  'episode.consultantGmc',
];
const CLINICAL_CARE = [
  'clinical.medicationsOnDischarge',
  'clinical.allergies',
  'clinical.results',
  'clinical.followUpPlan',
];
const OUTCOMES = ['clinical.adverseEvents', 'clinical.proms'];
const CODES_ONLY: Record<string, RuleExpr> = {
  'clinical.diagnoses': { action: 'K', itemFields: ['code'] },
  'clinical.procedures': { action: 'K', itemFields: ['code', 'date'] },
};

/** PHIN: clear identifiers only when the flow's clear-identifier condition holds (switch + consent). */
const phinIdentifier = (otherwise: RuleExpr): RuleExpr => ({ ifClearIdentifiers: K, otherwise });

export const PROFILES: Record<string, ProfileDef> = {
  insurer: {
    title: 'Insurer',
    rules: keep([
      'patient.name',
      'patient.dateOfBirth',
      'patient.sex',
      'patient.insuranceMembershipNumber',
      ...EPISODE_CORE,
      'episode.preAuthorisationRef',
      'episode.policyNumber',
      'clinical.diagnoses',
      'clinical.procedures',
      'clinical.clinicalNecessity',
      'financial.invoiceLines',
      'financial.totalAmount',
      'financial.currency',
    ]),
    derived: [],
  },
  'direct-care': {
    title: 'GP / NHS direct care',
    rules: keep([
      ...NATIONAL_IDS,
      'patient.localId',
      'patient.name',
      'patient.dateOfBirth',
      'patient.sex',
      'patient.postcode',
      'patient.address',
      'patient.phone',
      'patient.email',
      ...EPISODE_CORE,
      'clinical.diagnoses',
      'clinical.procedures',
      ...CLINICAL_CARE,
      ...OUTCOMES,
      'narrative.letter',
      'clinical.implants',
    ]),
    derived: [],
  },
  'nhs-statutory': {
    title: 'NHS statutory',
    rules: {
      ...keep([
        ...NATIONAL_IDS,
        'patient.localId',
        'patient.name',
        'patient.dateOfBirth',
        'patient.sex',
        'patient.postcode',
        ...EPISODE_CORE,
        ...OUTCOMES,
        'clinical.implants',
      ]),
      ...CODES_ONLY,
    },
    derived: [],
  },
  regulator: {
    title: 'Regulator',
    rules: keep([
      ...NATIONAL_IDS,
      'patient.localId',
      'patient.name',
      'patient.dateOfBirth',
      'patient.sex',
      ...EPISODE_CORE,
      'clinical.diagnoses',
      'clinical.procedures',
      ...CLINICAL_CARE,
      ...OUTCOMES,
      'narrative.letter',
      'narrative.notes',
      'clinical.implants',
    ]),
    derived: [],
  },
  phin: {
    title: 'PHIN',
    rules: {
      ...Object.fromEntries(NATIONAL_IDS.map((path) => [path, phinIdentifier(D)])),
      'patient.localId': { action: 'P', idType: 'LOCAL_ID' },
      'patient.dateOfBirth': phinIdentifier({ action: 'G', generaliser: 'AGE_BAND', as: 'patient.ageBand' }),
      'patient.sex': K,
      'patient.postcode': phinIdentifier({
        select: 'switch:phin.postcodeGeneralisation',
        cases: {
          SECTOR: { action: 'G', generaliser: 'POSTCODE_SECTOR' },
          DISTRICT: { action: 'G', generaliser: 'POSTCODE_DISTRICT' },
        },
      }),
      ...keep([...EPISODE_CORE, ...OUTCOMES]),
      ...CODES_ONLY,
    },
    derived: [
      { path: 'episode.episodeKey', from: 'episode.id', pseudonymise: 'EPISODE' },
      { path: 'episode.funding', from: 'episode.funding' },
    ],
  },
  emergency: {
    title: 'Emergency',
    rules: keep([
      ...NATIONAL_IDS,
      'patient.localId',
      'patient.name',
      'patient.dateOfBirth',
      'patient.sex',
      ...EPISODE_CORE,
      'clinical.diagnoses',
      'clinical.procedures',
      ...CLINICAL_CARE,
      'clinical.implants',
    ]),
    derived: [],
  },
  ...PROFILES_2026_2,
};
