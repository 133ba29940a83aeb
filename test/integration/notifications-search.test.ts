/**
 * Searching notifications to earlier recipients (reviews.md §5) over HTTP against the local stack:
 * records staff and auditors may search, nobody else; filters, due-date order and cursor paging;
 * each search is an `audit.read` entry in the org log with the query and never the results.
 */
import { describe, expect, it } from 'vitest';
import { notificationSchema } from '../../shared/schemas/responses.ts';
import { logEntries, preparePatient, requestFor } from '../support/scenarios.ts';
import { placeRestriction } from '../support/restrictions.ts';
import { demo, freshId, freshPatientId } from '../support/stack.ts';

interface SearchAnswer {
  notifications: unknown[];
  nextCursor: string | null;
  code?: string;
}

const P12 = {
  recipientId: 'nhs-north-trust',
  episode: { id: 'EP-2026-0042', type: 'APC_DAYCASE', funding: 'NHS_FUNDED', referralSourceOds: 'RX1' },
} as const;

/** A patient released to gp-riverside (P06) and nhs-north-trust (P12), then restricted: two DUE notifications. */
async function restrictedPatient(): Promise<{ patientId: string; ids: string[] }> {
  const { patientId } = await preparePatient(demo.clinical(), freshPatientId());
  for (const overrides of [{}, P12]) {
    const answer = await demo.clinical().request('POST', '/v1/disclosures', requestFor(patientId, overrides));
    expect(answer.status).toBe(200);
  }
  const placed = await placeRestriction(demo.clinical(), patientId);
  const opened = notificationSchema.array().parse((placed.body as { notifications: unknown }).notifications);
  expect(opened).toHaveLength(2);
  return { patientId, ids: opened.map((n) => n.notificationId) };
}

const search = (client: ReturnType<typeof demo.clinical>, body: Record<string, unknown>) =>
  client.request<SearchAnswer>('POST', '/v1/notifications/search', body);

const idsOf = (answer: SearchAnswer) =>
  notificationSchema
    .array()
    .parse(answer.notifications)
    .map((n) => n.notificationId);

describe('POST /v1/notifications/search (reviews.md §5)', () => {
  it('finds a patient’s notifications for records staff and auditors, by status, a page at a time', async () => {
    // Prepare
    const { patientId, ids } = await restrictedPatient();
    const sent = await demo.clinical().request('POST', `/v1/notifications/${ids[0]!}/sent`, {
      requestId: freshId('req'),
      at: new Date().toISOString(),
      channel: 'LETTER',
      recordedBy: 'staff-3',
    });
    expect(sent.status).toBe(200);

    // Act
    const all = await search(demo.auditor(), { patientId });
    const due = await search(demo.clinical(), { patientId, status: 'DUE' });
    const first = await search(demo.clinical(), { patientId, limit: 1 });
    const second = await search(demo.clinical(), { patientId, limit: 1, cursor: first.body.nextCursor });
    const byRecipient = await search(demo.cg(), { patientId, recipientId: 'nhs-north-trust', overdue: false });
    const forbidden = await search(demo.admin(), { patientId });

    // Assess
    expect(all.status).toBe(200);
    expect(idsOf(all.body).sort()).toEqual([...ids].sort());
    expect(idsOf(due.body)).toEqual([ids[1]]);
    expect(first.body.nextCursor).not.toBeNull();
    expect([...idsOf(first.body), ...idsOf(second.body)]).toEqual(idsOf(all.body));
    expect(second.body.nextCursor).toBeNull();
    const trust = notificationSchema.array().parse(byRecipient.body.notifications);
    expect(trust.map((n) => [n.recipientId, n.trigger])).toEqual([['nhs-north-trust', 'RESTRICTION_PLACED']]);
    expect([forbidden.status, forbidden.body.code]).toEqual([403, 'forbidden_scope']);
  });

  it('logs each search as an audit.read with the query and never the results', async () => {
    // Prepare
    const { patientId, ids } = await restrictedPatient();

    // Act
    const found = await search(demo.auditor(), { patientId, status: 'DUE' });

    // Assess
    expect(idsOf(found.body).sort()).toEqual([...ids].sort());
    const reads = (await logEntries('gatekeeper.local/demo/org')).filter(
      (e) => e.entry.type === 'audit.read' && JSON.stringify(e.entry).includes(patientId),
    );
    expect(reads.map((e) => e.entry['query'])).toEqual([
      { endpoint: 'notifications.search', patientId, status: 'DUE' },
    ]);
    for (const id of ids) expect(reads[0]!.bytes).not.toContain(id);
  });

  it('rejects a cursor it did not give: 422 validation_failed', async () => {
    // Act
    const answer = await search(demo.auditor(), { cursor: Buffer.from('not a key').toString('base64url') });

    // Assess
    expect([answer.status, answer.body.code]).toEqual([422, 'validation_failed']);
  });
});
