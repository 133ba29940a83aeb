/**
 * The minimisation profiles of policy-uk.md §9.4 (pack 2026.2). A field a profile does not list is
 * dropped, so only K/G rules are written out; `order-scope` keeps everything because the order's
 * own field list (`instrument.scope.fields`) is what narrows it.
 */
import type { ProfileDef, RuleExpr } from '../document.ts';
import { FIELDS } from './fields.ts';

const K: RuleExpr = { action: 'K' };
const D: RuleExpr = { action: 'D' };
const keep = (paths: readonly string[]): Record<string, RuleExpr> => Object.fromEntries(paths.map((path) => [path, K]));
/** Identifiable only on the registry's clear-identifier basis (consent, or s251 support by switch). */
const identifiable = (otherwise: RuleExpr = D): RuleExpr => ({ ifClearIdentifiers: K, otherwise });
const byDemographics = (kept: RuleExpr): RuleExpr => ({
  select: 'switch:registry.anonymousDemographics',
  cases: { SEX_AGE_BAND: kept, NONE: D },
});

const NATIONAL_IDS = ['patient.nhsNumber', 'patient.chiNumber', 'patient.hcNumber'];
const CONTACT = ['patient.address', 'patient.phone', 'patient.email'];
const EPISODE_DATES = ['episode.admissionDate', 'episode.dischargeDate'];
const EPISODE_DETAIL = [
  ...EPISODE_DATES,
  'episode.admissionMethod',
  'episode.dischargeMethod',
  'episode.classification',
];
const EPISODE_SITE = ['episode.siteOdsCode', 'episode.consultantGmc'];
const EPISODE_CORE = [...EPISODE_DETAIL, ...EPISODE_SITE];
const CODED = ['clinical.diagnoses', 'clinical.procedures'];
const CLINICAL_CARE = [
  'clinical.medicationsOnDischarge',
  'clinical.allergies',
  'clinical.results',
  'clinical.followUpPlan',
];
const OUTCOMES = ['clinical.adverseEvents', 'clinical.proms'];
const FINANCIAL = ['financial.invoiceLines', 'financial.totalAmount', 'financial.currency'];
const NARRATIVE = ['narrative.letter', 'narrative.notes'];
const DEMOGRAPHICS = ['patient.name', 'patient.dateOfBirth', 'patient.sex'];
const CODES_AND_DATES: Record<string, RuleExpr> = {
  'clinical.diagnoses': { action: 'K', itemFields: ['code'] },
  'clinical.procedures': { action: 'K', itemFields: ['code', 'date'] },
};
const CLINICAL_FULL = [...CODED, ...CLINICAL_CARE, ...OUTCOMES, 'clinical.implants'];

export const PROFILES_2026_2: Record<string, ProfileDef> = {
  'external-audit': {
    title: 'External clinical audit',
    rules: keep(['patient.localId', ...DEMOGRAPHICS, ...EPISODE_CORE, ...CLINICAL_FULL, ...NARRATIVE]),
    derived: [],
  },
  registry: {
    title: 'National registry',
    rules: {
      ...Object.fromEntries(
        [...NATIONAL_IDS, 'patient.name', 'patient.postcode', ...EPISODE_DETAIL].map((path) => [path, identifiable()]),
      ),
      'patient.dateOfBirth': identifiable(
        byDemographics({ action: 'G', generaliser: 'AGE_BAND', as: 'patient.ageBand' }),
      ),
      'patient.sex': identifiable(byDemographics(K)),
      ...keep([...EPISODE_SITE, 'clinical.implants']),
      ...CODES_AND_DATES,
    },
    derived: [],
  },
  'national-audit': {
    title: 'National audit (s251)',
    rules: {
      ...keep([
        ...NATIONAL_IDS,
        'patient.dateOfBirth',
        'patient.sex',
        'patient.postcode',
        ...EPISODE_CORE,
        ...OUTCOMES,
        'clinical.implants',
      ]),
      ...CODES_AND_DATES,
    },
    derived: [],
  },
  'solicitor-patient': {
    title: "Patient's solicitors",
    rules: keep([
      ...NATIONAL_IDS,
      'patient.localId',
      ...DEMOGRAPHICS,
      'patient.postcode',
      ...CONTACT,
      ...EPISODE_CORE,
      ...CLINICAL_FULL,
      ...FINANCIAL,
      ...NARRATIVE,
    ]),
    derived: [],
  },
  legal: {
    title: "Provider's solicitors / third party",
    rules: keep(['patient.localId', ...DEMOGRAPHICS, ...EPISODE_CORE, ...CLINICAL_FULL, ...NARRATIVE]),
    derived: [],
  },
  'medical-expert': {
    title: 'Medical expert',
    rules: keep([...DEMOGRAPHICS, ...EPISODE_CORE, ...CLINICAL_FULL, ...NARRATIVE]),
    derived: [],
  },
  'police-rta': {
    title: 'Police: driver identity (RTA 1988 s172)',
    rules: keep(['patient.name', 'patient.postcode', 'patient.address']),
    derived: [],
  },
  'police-voluntary': {
    title: 'Police: public interest (approved)',
    rules: keep([...DEMOGRAPHICS, 'patient.postcode', 'patient.address', ...EPISODE_DATES, 'episode.siteOdsCode']),
    derived: [],
  },
  'order-scope': {
    title: 'What the order lists',
    rules: keep(FIELDS.map((field) => field.path)),
    derived: [],
  },
};
