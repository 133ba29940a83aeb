/** Helpers of the review tests (reviews.md): a referred request, deciding it, re-sending it. */
import { expect } from 'vitest';
import type { DisclosureRequest } from '../../shared/schemas/disclosure.ts';
import { preparePatient, requestFor } from './scenarios.ts';
import { demo, freshId, freshPatientId } from './stack.ts';

export interface Answer {
  decision: string;
  reasonCodes: string[];
  obligations: string[];
  receipt: { origin: string; index: number; entryId: string };
  review?: { reviewId: string; kind: string; status: string; dueAt: string };
  reviewConditions?: string;
  payload?: Record<string, unknown>;
}

/** P16: a regulator asks without an instrument and no consent is on record. */
export function p16(patientId: string): DisclosureRequest {
  return requestFor(patientId, { recipientId: 'reg-gmc', purpose: 'REGULATORY_INVESTIGATION' });
}

export async function disclose(request: DisclosureRequest) {
  return demo.clinical().request<Answer>('POST', '/v1/disclosures', request);
}

export async function referred(): Promise<{ patientId: string; request: DisclosureRequest; answer: Answer }> {
  const patientId = freshPatientId();
  await preparePatient(demo.clinical(), patientId);
  const request = p16(patientId);
  const { status, body } = await disclose(request);
  expect(status).toBe(200);
  return { patientId, request, answer: body };
}

export function decide(
  client: ReturnType<typeof demo.cg>,
  reviewId: string,
  body: Partial<{ outcome: string; role: string; conditions: string; requestId: string }> = {},
) {
  return client.request<Record<string, unknown> & { code?: string; status?: string }>(
    'POST',
    `/v1/reviews/${reviewId}/decide`,
    {
      requestId: freshId('req'),
      outcome: 'APPROVED',
      role: 'CALDICOTT_GUARDIAN',
      justification: 'The regulator needs this record for a fitness-to-practise case',
      ...body,
    },
  );
}

export const resend = (request: DisclosureRequest, reviewId: string, changes: Partial<DisclosureRequest> = {}) =>
  disclose({ ...request, ...changes, requestId: freshId('req'), reviewId });
