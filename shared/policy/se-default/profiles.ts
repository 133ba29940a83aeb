/**
 * The minimisation profiles of policy-se.md §5 (K keep; a field not listed is dropped). No Swedish
 * profile generalises or pseudonymises: every recipient here is entitled to identifiable data.
 */
import type { ProfileDef, RuleExpr } from '../document.ts';

const K: RuleExpr = { action: 'K' };
const keep = (paths: readonly string[]): Record<string, RuleExpr> => Object.fromEntries(paths.map((path) => [path, K]));
const profile = (title: string, rules: Record<string, RuleExpr>): ProfileDef => ({ title, rules, derived: [] });

const NATIONAL_IDS = ['patient.personnummer', 'patient.samordningsnummer'];
const LOCAL_IDS = ['patient.reservnummer', 'patient.localId'];
const CONTACT = ['patient.address', 'patient.phone', 'patient.email'];
const EPISODE_CORE = [
  'episode.admissionDate',
  'episode.dischargeDate',
  'episode.admissionMethod',
  'episode.dischargeMethod',
  'episode.dischargeDestination',
  'episode.classification',
  'episode.careUnitId',
  'episode.clinicianHsaId',
];
const INSURANCE = ['episode.claimNumber', 'episode.policyNumber', 'episode.preAuthorisationRef'];
const CODED = ['clinical.diagnoses', 'clinical.procedures'];
const CARE_DETAIL = ['clinical.medicationsOnDischarge', 'clinical.allergies'];
const RESULTS = ['clinical.results', 'clinical.followUpPlan'];
const OUTCOMES = ['clinical.adverseEvents', 'clinical.proms'];
const FINANCIAL = ['financial.invoiceLines', 'financial.totalAmount', 'financial.currency'];
const ABSENCE = ['absence.firstDay', 'absence.lastDay', 'absence.partTimePercent', 'absence.reportedAt'];
/** "Codes only" as in the UK pack: the item's description and care unit go. */
const CODES_ONLY: Record<string, RuleExpr> = {
  'clinical.diagnoses': { action: 'K', itemFields: ['code'] },
  'clinical.procedures': { action: 'K', itemFields: ['code', 'date'] },
};

export const PROFILES: Record<string, ProfileDef> = {
  'se-care': profile(
    'Vård',
    keep([
      ...NATIONAL_IDS,
      ...LOCAL_IDS,
      'patient.name',
      'patient.dateOfBirth',
      'patient.sex',
      ...CONTACT,
      ...EPISODE_CORE,
      ...CODED,
      'clinical.contactReason',
      ...CARE_DETAIL,
      ...RESULTS,
      ...OUTCOMES,
      'narrative.letter',
    ]),
  ),
  'se-emergency': profile(
    'Akut vård',
    keep([
      ...NATIONAL_IDS,
      ...LOCAL_IDS,
      'patient.name',
      'patient.dateOfBirth',
      'patient.sex',
      ...EPISODE_CORE,
      ...CODED,
      'clinical.contactReason',
      ...CARE_DETAIL,
      ...RESULTS,
    ]),
  ),
  'se-insurer': profile(
    'Försäkringsbolag',
    keep([
      ...NATIONAL_IDS,
      'patient.name',
      'patient.dateOfBirth',
      'patient.sex',
      'patient.insuranceMembershipNumber',
      ...EPISODE_CORE,
      ...INSURANCE,
      ...CODED,
      'clinical.clinicalNecessity',
      ...FINANCIAL,
    ]),
  ),
  'se-forsakringskassan': profile(
    'Försäkringskassan',
    keep([
      ...NATIONAL_IDS,
      'patient.name',
      'patient.dateOfBirth',
      'patient.sex',
      ...EPISODE_CORE,
      ...CODED,
      ...RESULTS,
      'narrative.letter',
    ]),
  ),
  'se-employer': profile('Arbetsgivare', keep([...NATIONAL_IDS, 'patient.name', ...ABSENCE])),
  'se-ivo': profile(
    'IVO',
    keep([
      ...NATIONAL_IDS,
      ...LOCAL_IDS,
      'patient.name',
      'patient.dateOfBirth',
      'patient.sex',
      ...EPISODE_CORE,
      ...CODED,
      'clinical.contactReason',
      ...CARE_DETAIL,
      ...RESULTS,
      ...OUTCOMES,
      'narrative.letter',
      'narrative.notes',
    ]),
  ),
  'se-health-data-register': profile('Hälsodataregister', {
    ...keep([...NATIONAL_IDS, 'patient.dateOfBirth', 'patient.sex', ...EPISODE_CORE]),
    ...CODES_ONLY,
  }),
  'se-quality-register': profile('Kvalitetsregister', {
    ...keep([...NATIONAL_IDS, 'patient.dateOfBirth', 'patient.sex', ...EPISODE_CORE, ...OUTCOMES]),
    ...CODES_ONLY,
  }),
};
