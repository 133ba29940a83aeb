/**
 * The built-in `se-default` pack (policy-se.md): the Swedish flows on the same engine as
 * `uk-default`. The provider's dataskyddsombud signs it off by its digest; a change here,
 * including a switch default, is a new version and a new digest.
 */
import type { SePolicyDocument } from '../document.ts';
import { SE_DEFAULT_SWITCHES, SE_PACK_ID } from '../se-switches.ts';
import { FIELDS } from './fields.ts';
import { FLOWS } from './flows.ts';
import { PROFILES } from './profiles.ts';
import { OBLIGATIONS, REASONS } from './reasons.ts';

export const SE_DEFAULT: SePolicyDocument = {
  id: SE_PACK_ID,
  version: '2026.2',
  title: 'Swedish disclosure policy pack',
  jurisdictions: ['SE'],
  switches: { ...SE_DEFAULT_SWITCHES },
  languages: {
    offered: ['sv', 'en'],
    default: { select: 'switch:explanations.defaultLanguage', cases: { sv: 'sv', en: 'en' } },
  },
  blocks: {
    unitField: 'episode.careUnitId',
    itemLists: ['clinical.diagnoses', 'clinical.procedures', 'clinical.adverseEvents', 'clinical.proms'],
    groups: ['episode', 'clinical', 'narrative'],
    liftConsentScope: 'SE_SAMTYCKE_HAVNING',
    codes: {
      lifted: 'SE_INRE_SPARR_LIFTED',
      withheld: 'REDACT_SE_SPARRADE_UPPGIFTER',
      notApplicable: 'SE_SPARR_NOT_APPLICABLE',
    },
  },
  // policy-se.md §1: SJF is between caregivers; asked of anyone else it is refused, whatever flow would match.
  recipientChannels: [
    {
      subPurposes: ['SJF'],
      categories: ['SE_VARDGIVARE'],
      onOtherRecipient: { decision: 'DENY', code: 'DENY_SE_NOT_SJF_PARTICIPANT' },
    },
  ],
  ndop: { jurisdictions: [], fundings: [] },
  overrides: [],
  fields: FIELDS,
  profiles: PROFILES,
  flows: FLOWS,
  reasonCodes: REASONS,
  obligations: OBLIGATIONS,
};
