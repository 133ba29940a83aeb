/**
 * The legal basis of a decision under a Swedish flow (policy-se.md §1): GDPR articles, the national
 * ground and the secrecy basis, which is EMERGENCY whenever the decision rests on emergency access
 * and IMPLIED_CONSENT when it rests on no consent being required.
 */
import type { SeBasisDef } from './document.ts';
import type { ConsentFallback } from './gates/consent-fallback.ts';
import type { BasisSource } from './outcome.ts';
import { resolve, type SelectContext } from './select.ts';

export interface SeBasis {
  readonly source: BasisSource;
  readonly recordId?: string;
  readonly art6: string;
  readonly art9: string;
  readonly seGround: string;
  readonly secrecy: SeBasisDef['secrecy'];
}

export function seBasis(
  basis: SeBasisDef,
  select: SelectContext,
  relied: { readonly source: SeBasis['source']; readonly recordId?: string | undefined },
  fallback: ConsentFallback | undefined,
): SeBasis {
  const secrecy =
    fallback?.basis === 'EMERGENCY' ? 'EMERGENCY' : fallback?.basis === 'IMPLIED' ? 'IMPLIED_CONSENT' : basis.secrecy;
  // A decision resting on emergency access or implied consent relies on no consent record.
  const source = fallback !== undefined && relied.source === 'PATIENT_CONSENT' ? 'ROPA' : relied.source;
  const recordId = source === relied.source ? relied.recordId : undefined;
  return {
    source,
    ...(recordId === undefined ? {} : { recordId }),
    art6: resolve(basis.art6, select),
    art9: resolve(basis.art9, select),
    seGround: resolve(basis.seGround, select),
    secrecy,
  };
}
