/**
 * Reason codes of policy-se.md §4, one template per language the pack offers (§6): English as the
 * base text, Swedish as its translation. `{name}` placeholders come from the closed variable list of
 * explain.ts (record ids, dates, enums, care-unit HSA-ids, field paths): never identifiers, names or
 * payload values. English gives the Swedish term in brackets once.
 */
import type { PolicyDocument } from '../document.ts';

type Reason = PolicyDocument['reasonCodes'][number];
type Kind = Reason['kind'];
const reason = (kind: Kind, code: string, en: string, sv: string): Reason => ({
  code,
  kind,
  explanation: en,
  translations: { sv },
});
const decisive = (code: string, en: string, sv: string) => reason('DECISIVE', code, en, sv);
const info = (code: string, en: string, sv: string) => reason('INFORMATIONAL', code, en, sv);
const id = (code: string, en: string, sv: string) =>
  reason('IDENTIFIER', code, `The value at {fields} ${en} (${code}).`, `Värdet i {fields} ${sv} (${code}).`);

const DECISIVE: Reason[] = [
  decisive(
    'ALLOW_EXPLICIT_CONSENT',
    'Consent {consent} ({consentScope}, {consentDate}) covers this disclosure to {recipient}.',
    'Samtycke {consent} ({consentScope}, {consentDate}) gäller för utlämnandet till {recipient}.',
  ),
  decisive(
    'ALLOW_DIRECT_CARE_IMPLIED_CONSENT',
    'Disclosure to {recipient} for care needs no consent under this pack (flow {flow}).',
    'Utlämnandet till {recipient} för vård kräver inget samtycke enligt denna policy (flöde {flow}).',
  ),
  decisive(
    'ALLOW_SE_NODATKOMST',
    'The patient cannot take a position ({capacity}) and a {approver} decided on emergency access (nödåtkomst), so the data is disclosed without consent; the patient is told afterwards.',
    'Patienten kan inte ta ställning ({capacity}) och nödåtkomst har beslutats av {approver}, så uppgifterna lämnas ut utan samtycke; patienten ska informeras i efterhand.',
  ),
  decisive(
    'ALLOW_VITAL_INTERESTS',
    "The patient cannot take a position ({capacity}) and a {approver} decided on emergency access for the patient's vital interests.",
    'Patienten kan inte ta ställning ({capacity}) och {approver} har beslutat om nödåtkomst för att skydda patientens vitala intressen.',
  ),
  decisive(
    'ALLOW_LEGAL_OBLIGATION',
    'Disclosure to {recipient} rests on the statutory duty {legalBasis} recorded for flow {flow}.',
    'Utlämnandet till {recipient} grundar sig på uppgiftsskyldigheten {legalBasis} för flöde {flow}.',
  ),
  decisive(
    'ALLOW_SE_EMPLOYER_AGREEMENT',
    'The employer {recipient} has agreement {agreement} on absence administration and receives absence data only.',
    'Arbetsgivaren {recipient} har avtal {agreement} om frånvaroadministration och får endast frånvarouppgifter.',
  ),
  decisive(
    'ALLOW_SE_KVALITETSREGISTER',
    'Reporting to the quality register (kvalitetsregister) {recipient} is permitted and the patient has not objected.',
    'Registrering i kvalitetsregistret {recipient} är tillåten och patienten har inte motsatt sig den.',
  ),
  decisive(
    'DENY_UNKNOWN_RECIPIENT',
    'The recipient {recipient} is not registered for this organisation.',
    'Mottagaren {recipient} är inte registrerad för denna organisation.',
  ),
  decisive(
    'DENY_POLICY_UNKNOWN_FLOW',
    'No flow in the policy register allows disclosure to a {category} recipient for {purpose}.',
    'Inget flöde i policyn tillåter utlämnande till en mottagare av typen {category} för ändamålet {purpose}.',
  ),
  decisive(
    'DENY_IDENTITY_MISMATCH',
    'The identifier at {fields} does not match the one registered for this patient.',
    'Identiteten i {fields} stämmer inte med den som är registrerad för patienten.',
  ),
  decisive(
    'DENY_NO_LEGAL_BASIS',
    'No statutory ground the policy recognises allows disclosure to {recipient} under flow {flow}.',
    'Det finns ingen uppgiftsskyldighet som policyn godtar för utlämnande till {recipient} enligt flöde {flow}.',
  ),
  decisive(
    'DENY_OUT_OF_INSTRUMENT_SCOPE',
    'The request {instrument} does not cover this episode.',
    'Begäran {instrument} omfattar inte denna vårdkontakt.',
  ),
  decisive(
    'DENY_RECIPIENT_NOT_FUNDING_PARTY',
    'The insurer {recipient} is not the funding party of this episode.',
    'Försäkringsbolaget {recipient} betalar inte för denna vårdkontakt.',
  ),
  decisive(
    'DENY_PATIENT_CAN_CONSENT',
    'Emergency access (nödåtkomst) needs a patient who cannot take a position; the recorded capacity is {capacity}.',
    'Nödåtkomst kräver att patienten inte kan ta ställning; registrerad beslutsförmåga är {capacity}.',
  ),
  decisive(
    'DENY_OVERRIDE_NOT_APPROVED',
    'Emergency access was not approved by a role the policy requires (approver: {approver}).',
    'Nödåtkomsten är inte beslutad av en roll som policyn kräver (beslutsfattare: {approver}).',
  ),
  decisive(
    'DENY_SE_NOT_SJF_PARTICIPANT',
    'The recipient {recipient} does not take part in shared records (sammanhållen journalföring).',
    'Mottagaren {recipient} deltar inte i sammanhållen journalföring.',
  ),
  decisive(
    'DENY_SE_NO_VARDRELATION',
    'The recipient {recipient} has no current care relation (vårdrelation) with the patient.',
    'Mottagaren {recipient} har ingen aktuell vårdrelation med patienten.',
  ),
  decisive(
    'DENY_SE_NO_EMPLOYER_AGREEMENT',
    'The employer {recipient} has no valid agreement on absence administration.',
    'Arbetsgivaren {recipient} har inget giltigt avtal om frånvaroadministration.',
  ),
  decisive(
    'DENY_SE_NOT_EMPLOYER',
    "The recipient {recipient} is not recorded as the patient's employer.",
    'Mottagaren {recipient} är inte registrerad som patientens arbetsgivare.',
  ),
  decisive(
    'DENY_SE_SPARR_STATUS_UNKNOWN',
    'The national block service (spärrtjänst) was not checked within {maxAgeHours} hours (last check {checkDate}).',
    'Den nationella spärrtjänsten har inte kontrollerats inom {maxAgeHours} timmar (senaste kontroll {checkDate}).',
  ),
  decisive(
    'REFER_SE_SPARR_STATUS_UNKNOWN',
    'The national block service (spärrtjänst) was not checked within {maxAgeHours} hours (last check {checkDate}); a person must decide.',
    'Den nationella spärrtjänsten har inte kontrollerats inom {maxAgeHours} timmar (senaste kontroll {checkDate}); en handläggare måste avgöra.',
  ),
  decisive(
    'DENY_SE_YTTRE_SPARR',
    'The patient has opted out of shared records with us (yttre spärr {block}, recorded {blockDate}); that block cannot be lifted by consent or emergency access.',
    'Patienten har sagt nej till sammanhållen journalföring hos oss (spärr {block}, registrerad {blockDate}), och den spärren går inte att häva med samtycke eller nödåtkomst.',
  ),
  decisive(
    'DENY_SE_INRE_SPARR',
    'Everything in the request comes from care units under an internal block (inre spärr {block}, recorded {blockDate}), so nothing can be disclosed.',
    'Allt i begäran kommer från vårdenheter med inre spärr ({block}, registrerad {blockDate}), så inget kan lämnas ut.',
  ),
  decisive(
    'DENY_CONSENT_MISSING',
    'No consent of scope {consentScope} is recorded for disclosure to {recipient}.',
    'Det finns inget registrerat samtycke ({consentScope}) till utlämnande till {recipient}.',
  ),
  decisive(
    'DENY_CONSENT_DECLINED',
    'The patient declined consent {consent} ({consentScope}) on {consentDate}.',
    'Patienten avböjde samtycke {consent} ({consentScope}) den {consentDate}.',
  ),
  decisive(
    'DENY_CONSENT_WITHDRAWN',
    'Consent {consent} ({consentScope}) was withdrawn on {withdrawnDate}, and no other basis replaces it.',
    'Samtycke {consent} ({consentScope}) återkallades {withdrawnDate}, och inget annat stöd kan ersätta det.',
  ),
  decisive(
    'DENY_PATIENT_OBJECTION',
    'The patient objected ({objection}, {objectionScope}, recorded {objectionDate}).',
    'Patienten har motsatt sig utlämnandet ({objection}, {objectionScope}, registrerat {objectionDate}).',
  ),
  decisive(
    'REFER_SE_POLIS_SEKRETESSPROVNING',
    'A request from the police needs a case-by-case secrecy assessment (sekretessprövning) by a person.',
    'En begäran från polisen kräver en sekretessprövning i det enskilda fallet av en handläggare.',
  ),
];

const INFORMATIONAL: Reason[] = [
  info(
    'SE_INRE_SPARR_LIFTED',
    'The internal block (inre spärr {block}) on care unit {careUnit} is lifted for this disclosure only.',
    'Den inre spärren {block} för vårdenhet {careUnit} är hävd för just detta utlämnande.',
  ),
  info(
    'REDACT_SE_SPARRADE_UPPGIFTER',
    'Data from care unit {careUnit} was removed because it is under an internal block (inre spärr {block}, recorded {blockDate}): {fields}.',
    'Uppgifter från vårdenhet {careUnit} har tagits bort eftersom de omfattas av en inre spärr ({block}, registrerad {blockDate}): {fields}.',
  ),
  info(
    'SE_SPARR_NOT_APPLICABLE',
    'The patient has an active block (spärr), but it does not reach this flow ({flow}).',
    'Patienten har en aktiv spärr, men den omfattar inte detta flöde ({flow}).',
  ),
  info(
    'OBJECTION_NOT_APPLICABLE_MANDATORY',
    'The patient objected ({objection}), but the statutory duty applies regardless.',
    'Patienten har invänt ({objection}), men uppgiftsskyldigheten gäller ändå.',
  ),
  info(
    'REDACT_MINIMISATION',
    'Removed because {recipient} does not need them under profile {profile}: {fields}.',
    'Borttaget eftersom {recipient} inte behöver det enligt profilen {profile}: {fields}.',
  ),
  info(
    'REDACT_FREE_TEXT',
    'Free text removed under profile {profile}: {fields}.',
    'Fritext borttagen enligt profilen {profile}: {fields}.',
  ),
  info(
    'DQ_IDENTIFIER_STRIPPED',
    'An invalid identifier was removed rather than sent: {fields}.',
    'En ogiltig identitet togs bort i stället för att skickas: {fields}.',
  ),
];

const IDENTIFIERS: Reason[] = [
  id('ID_SE_FORMAT', 'is not a personnummer or samordningsnummer', 'är inte ett personnummer eller samordningsnummer'),
  id('ID_SE_CHECKSUM', 'fails the check digit', 'har fel kontrollsiffra'),
  id(
    'ID_SE_DATE',
    'does not hold a valid date of birth for its kind',
    'innehåller inget giltigt födelsedatum för sin typ',
  ),
  id('ID_SE_FUTURE_DATE', 'holds a date of birth in the future', 'innehåller ett födelsedatum i framtiden'),
  id('ID_SE_BIRTHNUMBER', 'has an invalid birth number', 'har ett ogiltigt födelsenummer'),
  id('ID_ICD10_FORMAT', 'is not an ICD-10-SE code and was dropped', 'är ingen ICD-10-SE-kod och togs bort'),
  id('ID_SE_KVA_FORMAT', 'is not a KVÅ code and was dropped', 'är ingen KVÅ-kod och togs bort'),
  id('ID_SE_HSA_FORMAT', 'is not an HSA-id and was dropped', 'är inget HSA-id och togs bort'),
];

/** Review cases (reviews.md §7): Swedish referrals are reviewed too, and explained in both languages. */
const REVIEWS: Reason[] = [
  decisive(
    'ALLOW_REVIEW_APPROVED',
    'A person approved this referred disclosure to {recipient}; it was decided again on the current records under flow {flow}.',
    'En granskare har godkänt detta hänskjutna utlämnande till {recipient}; det har prövats på nytt mot aktuella uppgifter enligt flöde {flow}.',
  ),
  decisive(
    'DENY_REVIEW_NOT_APPROVED',
    'The review named with this request has not approved this disclosure to {recipient} as sent.',
    'Granskningen som anges i begäran har inte godkänt detta utlämnande till {recipient} i den form det skickades.',
  ),
  decisive(
    'DENY_REVIEW_REJECTED',
    'The review named with this request was rejected or expired.',
    'Granskningen som anges i begäran avslogs eller har löpt ut.',
  ),
  decisive(
    'DENY_REVIEW_ALREADY_USED',
    'The approval named with this request was used for an earlier disclosure; an approval allows one.',
    'Godkännandet som anges i begäran har redan använts för ett tidigare utlämnande; ett godkännande gäller ett utlämnande.',
  ),
  info(
    'REVIEW_PENDING',
    'A review of this same request is still open; a person decides it before anything is sent.',
    'En granskning av samma begäran pågår; en person avgör den innan något lämnas ut.',
  ),
];

export const REASONS: Reason[] = [...DECISIVE, ...INFORMATIONAL, ...IDENTIFIERS, ...REVIEWS];

export const OBLIGATIONS: PolicyDocument['obligations'] = [
  {
    code: 'NOTIFY_BILLING_SELF_PAY',
    meaning: 'Tell billing the episode is self-pay: the insurer consent was withdrawn.',
  },
  { code: 'NOTIFY_PATIENT_AFTER', meaning: 'Tell the patient about the emergency access (nödåtkomst) afterwards.' },
  {
    code: 'LOG_REVIEW',
    meaning: 'Include this decision in the next systematic log check (HSLF-FS 2016:40 4 kap. 9 §).',
  },
  {
    code: 'SE_REQUEST_REGISTER_ERASURE',
    meaning: 'Ask the registers that received data about the patient to erase it.',
  },
];
