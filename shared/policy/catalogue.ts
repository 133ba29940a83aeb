/**
 * The packs a deployment runs, and which one decides a request (policy-se.md §0): each org names
 * one pack per jurisdiction it uses. A jurisdiction the org names no pack for (or a pack the
 * deployment does not run) is not a 422 but a decision: DENY_POLICY_UNKNOWN_FLOW, audited.
 */
import type { Organisation } from '../registry/model.ts';
import type { Jurisdiction } from '../schemas/disclosure.ts';
import type { LoadedPolicy } from './pack.ts';

/** Orgs created before packs were chosen per org keep the only pack there was. */
export const LEGACY_ORG_PACKS: Readonly<Partial<Record<Jurisdiction, string>>> = Object.freeze({
  'UK-ENG': 'uk-default',
  'UK-WAL': 'uk-default',
  'UK-SCO': 'uk-default',
  'UK-NI': 'uk-default',
});

export interface PackChoice {
  /** The pack that decides, or, when none covers the request, the one whose explanations say so. */
  readonly policy: LoadedPolicy;
  /** False when the org has no pack for the request's jurisdiction: the decision is DENY_POLICY_UNKNOWN_FLOW. */
  readonly covered: boolean;
}

export class PolicyCatalogue {
  readonly #packs: ReadonlyMap<string, LoadedPolicy>;
  readonly #fallback: LoadedPolicy;

  /** @param packs the first is the fallback that explains a request no pack covers. */
  constructor(packs: readonly [LoadedPolicy, ...LoadedPolicy[]]) {
    this.#packs = new Map(packs.map((pack) => [pack.id, pack]));
    this.#fallback = packs[0];
  }

  get(id: string): LoadedPolicy | undefined {
    return this.#packs.get(id);
  }

  all(): LoadedPolicy[] {
    return [...this.#packs.values()];
  }

  /** The org's pack for the jurisdiction, if it names one, the deployment runs it, and it covers the jurisdiction. */
  choose(organisation: Pick<Organisation, 'packs'>, jurisdiction: Jurisdiction): PackChoice {
    const named = (organisation.packs ?? LEGACY_ORG_PACKS)[jurisdiction];
    const pack = named === undefined ? undefined : this.#packs.get(named);
    if (pack !== undefined && (pack.document.jurisdictions as readonly string[]).includes(jurisdiction))
      return { policy: pack, covered: true };
    const anyOfOrg = Object.values(organisation.packs ?? LEGACY_ORG_PACKS)
      .map((id) => (id === undefined ? undefined : this.#packs.get(id)))
      .find((candidate) => candidate !== undefined);
    return { policy: anyOfOrg ?? this.#fallback, covered: false };
  }
}
