/** What every gate reads: the request, the snapshot, the pack, the matched flow. */
import type { Recipient, PatientRecordsSnapshot } from '../../records/model.ts';
import type { DisclosureRequest } from '../../schemas/disclosure.ts';
import type { FlowDef, PolicyDocument } from '../document.ts';
import type { SelectContext } from '../select.ts';
import type { PackSwitches } from '../switches.ts';
import type { Trace } from '../trace.ts';
import { instantMs } from '../../identifiers/instant.ts';

export type IdType = 'NHS_NUMBER' | 'CHI_NUMBER' | 'HC_NUMBER' | 'LOCAL_ID' | 'EPISODE' | 'SE_PNR' | 'SE_RESERVNUMMER';
/**
 * The keyed pseudonym of an identifier. A pseudonym the port already holds may come back as the
 * string itself: the engine then goes on without waiting (issue 15); otherwise a promise.
 */
export type Pseudonymise = (
  domain: 'PHIN' | 'AUDIT',
  idType: IdType,
  normalisedValue: string,
) => string | Promise<string>;

export interface GateContext {
  readonly request: DisclosureRequest;
  readonly recipient: Recipient;
  readonly records: PatientRecordsSnapshot;
  readonly document: PolicyDocument;
  readonly switches: PackSwitches;
  readonly flow: FlowDef;
  /** The request's instrument, when its prefix is one the flow recognises for this recipient. */
  readonly instrumentRecognised: boolean;
  readonly select: SelectContext;
  readonly now: number;
  readonly pseudonymise: Pseudonymise;
  readonly trace: Trace;
}

/** ODS codes and payer ids compare without case or surrounding space: `rx1` is `RX1`. */
export function sameCode(a: string | null | undefined, b: string | null | undefined): boolean {
  return (
    typeof a === 'string' &&
    typeof b === 'string' &&
    a.trim() !== '' &&
    a.trim().toUpperCase() === b.trim().toUpperCase()
  );
}

/** Milliseconds of an ISO timestamp; an unreadable one counts as "now or later" (fail closed). */
export function timeOf(timestamp: string, now: number): number {
  const parsed = instantMs(timestamp);
  return Number.isNaN(parsed) ? Math.max(now, Number.MAX_SAFE_INTEGER) : parsed;
}
