/**
 * Gate 9's pseudonyms: a release reserves a slot for each (minimise.ts) and asks the port for all of
 * them here, in field order and then the derived values' order. A port that already holds them all
 * answers at once and the release completes without waiting (issue 15).
 */
import type { FieldRule, ProfileDef } from './document.ts';
import type { Row } from './field-rules.ts';
import type { GateContext } from './gates/context.ts';
import { normaliseLocalId } from './gates/identity.ts';
import type { Minimised } from './minimise.ts';
import { addUnknown } from './minimise-unknown.ts';
import { writeAt, writeField, type JsonObject } from './paths.ts';

/** A field to be released as a pseudonym: its slot in the released payload holds `token` until then. */
export interface PendingPseudonym {
  readonly target: readonly [string, string];
  readonly token: object;
  readonly idType: Extract<FieldRule, { action: 'P' }>['idType'];
  readonly value: string;
}

type DerivedDef = NonNullable<ProfileDef['derived']>[number];

export function derivedSource(context: GateContext, from: DerivedDef['from']): string {
  return from === 'episode.id' ? context.request.episode.id : context.request.episode.funding;
}

/**
 * The same release once its pseudonyms are in: every one is asked of the port at once, in field
 * order and then in the derived values' order, and waited for together (issue 15: one wait
 * instead of one per pseudonym, and a deployed pseudonymiser's misses go to KMS side by side).
 * When the port already holds them all, the release completes without waiting. A port that fails
 * fails the decision, as each wait did.
 */
export function pseudonymised(
  context: GateContext,
  payload: JsonObject,
  derived: readonly DerivedDef[],
  pending: readonly PendingPseudonym[],
  into: { readonly released: JsonObject; readonly rows: Row[] },
): Minimised | Promise<Minimised> {
  const asked: (string | Promise<string>)[] = [];
  let waits = false;
  // Indexed loops, not for-of: no iterator per loop on the PHIN path (issue 15).
  for (let i = 0; i < pending.length; i += 1) {
    const { idType, value } = pending[i]!;
    const pseudonym = context.pseudonymise('PHIN', idType, normaliseLocalId(value));
    waits ||= typeof pseudonym !== 'string';
    asked.push(pseudonym);
  }
  for (let i = 0; i < derived.length; i += 1) {
    const { from, pseudonymise } = derived[i]!;
    if (pseudonymise === undefined) continue;
    const pseudonym = context.pseudonymise('PHIN', pseudonymise, normaliseLocalId(derivedSource(context, from)));
    waits ||= typeof pseudonym !== 'string';
    asked.push(pseudonym);
  }
  if (!waits) return withPseudonyms(context, payload, derived, pending, into, asked as string[]);
  // Something must come from KMS: the answers already in wait with it (this path pays a KMS call anyway).
  const all = asked.map((pseudonym) => (typeof pseudonym === 'string' ? Promise.resolve(pseudonym) : pseudonym));
  return Promise.all(all).then((values) => withPseudonyms(context, payload, derived, pending, into, values));
}

/** Writes the pseudonyms into their reserved slots and the derived values after them. */
function withPseudonyms(
  context: GateContext,
  payload: JsonObject,
  derived: readonly DerivedDef[],
  pending: readonly PendingPseudonym[],
  { released, rows }: { readonly released: JsonObject; readonly rows: Row[] },
  values: readonly string[],
): Minimised {
  // A slot a later field overwrote keeps that field's value.
  for (let i = 0; i < pending.length; i += 1) {
    const { target, token } = pending[i]!;
    if ((released[target[0]] as JsonObject)[target[1]] === token) writeAt(released, target, values[i]);
  }
  addUnknown(payload, context, rows);
  let next = pending.length;
  let unrequested = 0;
  for (let i = 0; i < derived.length; i += 1) {
    const { path, from, pseudonymise } = derived[i]!;
    if (pseudonymise === undefined) {
      writeField(released, path, derivedSource(context, from));
      continue;
    }
    writeField(released, path, values[next++]);
    rows.push({ path, action: 'PSEUDONYMISED', reason: 'PSEUDONYMISED' });
    unrequested += 1;
  }
  return { payload: released, rows, unrequested };
}
