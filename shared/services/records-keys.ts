import type { Pseudonymiser } from '../pseudonym/index.ts';

/**
 * The by-patient audit index key: the AUDIT pseudonym of the patient id (idType LOCAL_ID), so the
 * index never holds a local id in clear. Record writes, decisions and the audit search must all use
 * this one function, or a patient's entries would be split across keys.
 */
export function patientIndexKey(pseudonymiser: Pseudonymiser, org: string, patientId: string): Promise<string> {
  return pseudonymiser.pseudonymise(org, { domain: 'AUDIT', idType: 'LOCAL_ID', value: patientId });
}
