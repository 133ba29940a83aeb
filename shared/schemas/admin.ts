import * as z from 'zod';
import { swedishRecipientShape } from './se-recipient.ts';
import { idSchema } from './ids.ts';
import {
  CLIENT_KINDS,
  DISPLAY_ROLES,
  REVIEWER_ROLES,
  SCOPES,
  SCOPES_EXCLUSIVE_WITH_ADMIN,
} from '../ports/client-registry.ts';
import { RECIPIENT_CATEGORIES } from '../records/model.ts';

/**
 * Bodies of the administration endpoints (api.md §4.4). Public keys only: a JWK carrying any
 * private member is refused, so a private key pasted by mistake never reaches storage or the log.
 */
const base64url = z.string().regex(/^[A-Za-z0-9_-]+$/, 'must be base64url');
const kid = idSchema;
const PRIVATE_MEMBERS = ['d', 'p', 'q', 'dp', 'dq', 'qi', 'oth', 'k'] as const;

const ecKey = z.object({
  kty: z.literal('EC'),
  crv: z.literal('P-256'),
  x: base64url,
  y: base64url,
  kid,
  alg: z.literal('ES256').optional(),
});
const okpKey = z.object({
  kty: z.literal('OKP'),
  crv: z.literal('Ed25519'),
  x: base64url,
  kid,
  alg: z.literal('EdDSA').optional(),
});
const rsaKey = z.object({
  kty: z.literal('RSA'),
  // 2048 bits = 256 bytes = 342 base64url characters (leading zero octets are not encoded).
  n: base64url.refine((n) => n.length >= 342, 'RSA keys must be at least 2048 bits'),
  e: base64url,
  kid,
  alg: z.literal('PS256').optional(),
});

// The private-member check runs on the raw object, before the key schemas strip unknown members.
export const publicJwkSchema = z
  .record(z.string(), z.unknown())
  .superRefine((jwk, ctx) => {
    for (const member of PRIVATE_MEMBERS) {
      if (member in jwk)
        ctx.addIssue({ code: 'custom', path: [member], message: 'private key members are not accepted' });
    }
  })
  .pipe(z.discriminatedUnion('kty', [ecKey, okpKey, rsaKey]));

/** Separation of duties (api.md §4.4): `admin` never comes with a scope that acts on or reads what it administers. */
const scopesSchema = z
  .array(z.enum(SCOPES as [string, ...string[]]))
  .max(SCOPES.length)
  .refine(
    (scopes) =>
      !scopes.includes('admin') ||
      !scopes.some((scope) => (SCOPES_EXCLUSIVE_WITH_ADMIN as readonly string[]).includes(scope)),
    {
      message: `admin cannot be combined with ${SCOPES_EXCLUSIVE_WITH_ADMIN.join(', ')}`,
    },
  );

export const putClientSchema = z
  .strictObject({
    name: z.string().min(1).max(200),
    scopes: scopesSchema,
    status: z.enum(['ACTIVE', 'SUSPENDED']),
    keys: z.array(publicJwkSchema).min(1).max(10),
    kind: z.enum(CLIENT_KINDS as [string, ...string[]]).optional(),
    displayRole: z.enum(DISPLAY_ROLES as [string, ...string[]]).optional(),
  })
  .superRefine(checkPerson);

/**
 * A person has one display role and a system none; deciding reviews is a person's act, in the
 * role of Caldicott Guardian or DPO (separation of duties, api.md §4.4 and reviews.md §2).
 */
function checkPerson(body: { kind?: string; displayRole?: string; scopes: string[] }, ctx: z.RefinementCtx): void {
  const person = body.kind === 'PERSON';
  if (person && body.displayRole === undefined)
    ctx.addIssue({ code: 'custom', path: ['displayRole'], message: 'a PERSON client needs a displayRole' });
  if (!person && body.displayRole !== undefined)
    ctx.addIssue({ code: 'custom', path: ['displayRole'], message: 'only a PERSON client has a displayRole' });
  const reviewer = person && (REVIEWER_ROLES as readonly string[]).includes(body.displayRole ?? '');
  if (body.scopes.includes('review:decide') && !reviewer)
    ctx.addIssue({
      code: 'custom',
      path: ['scopes'],
      message: `review:decide is held only by a PERSON client whose displayRole is ${REVIEWER_ROLES.join(' or ')}`,
    });
  if (body.scopes.includes('review:decide') && body.scopes.includes('disclosure:check'))
    ctx.addIssue({
      code: 'custom',
      path: ['scopes'],
      message: 'review:decide cannot be combined with disclosure:check',
    });
}

export const putRecipientSchema = z.strictObject({
  name: z.string().min(1).max(200),
  category: z.enum(RECIPIENT_CATEGORIES as [string, ...string[]]),
  odsCode: z
    .string()
    .regex(/^[A-Z0-9]{3,10}$/, 'must be an ODS code')
    .optional(),
  // Registry data logged in admin.recipient.changed entries (api.md §1.1): format-checked, not free text.
  payerId: idSchema.optional(),
  regulator: z
    .string()
    .regex(/^[A-Z][A-Z0-9_-]{1,31}$/u, 'must be a regulator code such as GMC or CQC')
    .optional(),
  // policy-uk.md §9.8: registry and section 251 attributes the 2026.2 gates read.
  registry: z
    .string()
    .regex(/^[A-Z][A-Z0-9_-]{1,31}$/u, 'must be a registry code such as NJR')
    .optional(),
  s251Ref: idSchema.optional(),
  ndopExempt: z.boolean().optional(),
  ...swedishRecipientShape,
});

export const emptyBodySchema = z.strictObject({});

export type PutClientBody = z.infer<typeof putClientSchema>;
export type PutRecipientBody = z.infer<typeof putRecipientSchema>;
export type PublicJwk = z.infer<typeof publicJwkSchema>;
