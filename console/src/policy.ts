/**
 * The loaded policy pack as the server publishes it for the console (`/console/policy.json`), and
 * its digest recomputed here: the page says whether it is the pack the logged decisions name.
 */
import { canonicalDigest } from '../../shared/canonical-json.ts';
import { explain } from '../../shared/policy/explain.ts';
import type { PolicyDocument } from '../../shared/policy/document.ts';

export interface PublishedPolicy {
  readonly id: string;
  readonly version: string;
  readonly digest: string;
  readonly document: PolicyDocument;
}

let loaded: Promise<PublishedPolicy & { digestMatches: boolean }> | undefined;

export function publishedPolicy(): Promise<PublishedPolicy & { digestMatches: boolean }> {
  loaded ??= fetch('policy.json', { credentials: 'omit' })
    .then(async (response) => {
      if (!response.ok) throw new Error(`The policy pack answered ${response.status}`);
      const policy = (await response.json()) as PublishedPolicy;
      return { ...policy, digestMatches: canonicalDigest(policy.document) === policy.digest };
    })
    .catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
  return loaded;
}

interface LoggedDecision {
  readonly recipient?: { id: string; category: string };
  readonly purpose?: string;
  readonly flow?: string;
  readonly transformations?: ReadonlyArray<{ path: string; reason: string }>;
}

/**
 * The plain-English sentence of a reason code, with what the entry itself records filled in (the
 * flow's profile from the pack, the fields a reason removed from the entry's transformations).
 */
export function explanationOf(document: PolicyDocument, code: string, decision: LoggedDecision): string {
  const flow = document.flows.find((candidate) => candidate.id === decision.flow);
  const fields = (decision.transformations ?? []).filter((t) => t.reason === code).map((t) => t.path);
  return explain(document, code, {
    recipient: decision.recipient?.id,
    category: decision.recipient?.category,
    purpose: decision.purpose,
    flow: decision.flow,
    profile: flow ? document.profiles[flow.profile]?.title : undefined,
    fields: fields.length > 0 ? fields.join(', ') : undefined,
  });
}
