/**
 * The consent and objection terms of policy-uk.md §9.8 (pack 2026.2) as `patient` options: a
 * consent's date scope and "see before release", and the clinician who confirmed capacity when an
 * emergency refusal was made. Values go to the API as given; the API refuses what it does not take.
 */
export const TERM_OPTIONS_2026_2 = ['records-from', 'records-to', 'see-before-release', 'capacity-confirmed-by'];

export function consentTerms(v: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const flag = v['see-before-release'];
  return {
    ...(typeof v['records-from'] === 'string' ? { recordsFrom: v['records-from'] } : {}),
    ...(typeof v['records-to'] === 'string' ? { recordsTo: v['records-to'] } : {}),
    // `true`/`false` become booleans; anything else is sent as it is, for the API's 422 to name.
    ...(typeof flag === 'string' ? { seeBeforeRelease: flag === 'true' ? true : flag === 'false' ? false : flag } : {}),
  };
}
