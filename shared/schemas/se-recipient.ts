/**
 * The Swedish attributes of PUT /v1/recipients/{id} (policy-se.md §9 "Administration"), checked in
 * the service so a malformed HSA-id or organisationsnummer answers with its own code.
 */
import * as z from 'zod';
import { ValidationFailedError, type FieldError } from '../errors.ts';
import { validateHsaId, validateOrgNr } from '../identifiers/index.ts';
import type { SwedishRecipientAttributes } from '../records/se-model.ts';
import { idSchema } from './ids.ts';

const isoDate = z.iso.date();

export const swedishRecipientShape = {
  hsaId: z.string().min(1).max(64).optional(),
  orgNr: z.string().min(1).max(16).optional(),
  authority: z.enum(['FORSAKRINGSKASSAN', 'IVO', 'SOCIALSTYRELSEN', 'POLISMYNDIGHETEN']).optional(),
  register: idSchema.optional(),
  sjfParticipant: z.boolean().optional(),
  employerAgreement: z.strictObject({ ref: idSchema, validFrom: isoDate, validTo: isoDate.optional() }).optional(),
};

type Body = { readonly category: string } & SwedishRecipientAttributes;

/** The Swedish attributes as stored (identifiers normalised); refuses what policy-se.md §9 requires. */
export function swedishAttributes(body: Body): SwedishRecipientAttributes {
  const errors: FieldError[] = [];
  const hsa = body.hsaId === undefined ? undefined : validateHsaId(body.hsaId);
  const orgNr = body.orgNr === undefined ? undefined : validateOrgNr(body.orgNr);
  if (hsa && !hsa.ok) errors.push({ path: 'hsaId', code: hsa.code, message: 'must be an HSA-id' });
  if (orgNr && !orgNr.ok) errors.push({ path: 'orgNr', code: orgNr.code, message: 'must be an organisationsnummer' });
  if (body.category === 'SE_VARDGIVARE' && hsa === undefined)
    errors.push({ path: 'hsaId', code: 'SE_HSA_ID_REQUIRED', message: 'is required for SE_VARDGIVARE' });
  if (['SE_FORSAKRINGSBOLAG', 'SE_ARBETSGIVARE'].includes(body.category) && orgNr === undefined)
    errors.push({ path: 'orgNr', code: 'SE_ORGNR_REQUIRED', message: 'is required for insurers and employers' });
  if (errors.length > 0) throw new ValidationFailedError(errors);
  const { authority, register, sjfParticipant, employerAgreement } = body;
  return {
    ...(hsa?.ok ? { hsaId: hsa.value } : {}),
    ...(orgNr?.ok ? { orgNr: orgNr.value } : {}),
    ...(authority !== undefined ? { authority } : {}),
    ...(register !== undefined ? { register } : {}),
    ...(sjfParticipant !== undefined ? { sjfParticipant } : {}),
    ...(employerAgreement !== undefined ? { employerAgreement } : {}),
  };
}

/**
 * The Swedish attributes as the `admin.recipient.changed` entry records them (policy-se.md §2): the
 * organisation's identifiers and the facts the gates read (SJF participation, the employer
 * agreement). All are about the organisation, none about a patient; absent ones are omitted.
 */
export function describeSwedishAttributes(recipient: SwedishRecipientAttributes): SwedishRecipientAttributes {
  const { hsaId, orgNr, authority, register, sjfParticipant, employerAgreement } = recipient;
  return {
    ...(hsaId !== undefined ? { hsaId } : {}),
    ...(orgNr !== undefined ? { orgNr } : {}),
    ...(authority !== undefined ? { authority } : {}),
    ...(register !== undefined ? { register } : {}),
    ...(sjfParticipant !== undefined ? { sjfParticipant } : {}),
    ...(employerAgreement !== undefined ? { employerAgreement: { ...employerAgreement } } : {}),
  };
}
