/**
 * Retrospective and contested reviews, and reading the queue, over HTTP against the local stack
 * (reviews.md §8 R10 and R15, with the notifications their outcomes open). Every log these tests
 * write keeps the review log promises (reviews.md §6).
 */
import { describe, expect, it } from 'vitest';
import { parseEntryBytes } from '../../shared/audit/entry-schema.ts';
import { LogPromises } from '../../shared/audit/log-promises.ts';
import { logEntries, preparePatient, requestFor } from '../support/scenarios.ts';
import { generateClientKey } from '../../shared/client/index.ts';
import { decide, disclose, p16, referred, type Answer } from '../support/reviews.ts';
import { clientFor, demo, freshId, freshPatientId } from '../support/stack.ts';

interface ReviewBody {
  reviewId: string;
  kind: string;
  status: string;
  overdue: boolean;
  obligations: string[];
  justification?: string;
  notifications?: Array<{
    notificationId: string;
    recipientId: string;
    trigger: string;
    status: string;
    releases: unknown[];
    triggerEntry: unknown;
  }>;
  receipt?: { origin: string; index: number; entryId: string };
  code?: string;
}

/** P06: direct care to the registered GP. */
async function allowedP06(): Promise<{ patientId: string; answer: Answer }> {
  const patientId = freshPatientId();
  await preparePatient(demo.clinical(), patientId);
  const { status, body } = await disclose(requestFor(patientId));
  expect([status, body.decision]).toEqual([200, 'ALLOW_WITH_REDACTION']);
  return { patientId, answer: body };
}

/** The notifications the patient's subject access lists (reviews.md §3, last paragraph). */
async function notificationsInSubjectAccess(patientId: string): Promise<unknown[]> {
  const access = await demo
    .clinical()
    .request<{ notifications: unknown[] }>('GET', `/v1/patients/${patientId}/disclosures`);
  expect(access.status).toBe(200);
  return access.body.notifications;
}

/** The `notification.opened` entries that follow a `review.decided` entry, in the same log. */
async function openedAfter(receipt: { origin: string; index: number }) {
  return (await logEntries(receipt.origin)).filter(
    (e) => e.index > receipt.index && e.entry.type === 'notification.opened',
  );
}

/** Every entry of a log parses and the log keeps its promises, reviews included. */
async function expectPromisesKept(origin: string): Promise<void> {
  const promises = new LogPromises();
  const failures = (await logEntries(origin)).map(({ bytes, index }) =>
    promises.check(parseEntryBytes(new TextEncoder().encode(bytes)), index),
  );
  expect([...failures.filter(Boolean), promises.finish()].filter(Boolean)).toEqual([]);
}

describe('RETROSPECTIVE reviews (R10)', () => {
  it('an override release opens a RETROSPECTIVE case; NOT_UPHELD by demo-cg adds REPORT_INCIDENT', async () => {
    // Prepare: P08, the GP objection overridden on safeguarding grounds by the Caldicott Guardian.
    const patientId = freshPatientId();
    await preparePatient(demo.clinical(), patientId, { objections: ['GP'] });
    const request = requestFor(patientId, {
      override: {
        code: 'SAFEGUARDING',
        approverRole: 'CALDICOTT_GUARDIAN',
        approvedBy: 'cg-1',
        justification: 'Child protection concern',
      },
    });
    const { body: answer } = await disclose(request);
    expect(answer.review).toMatchObject({ kind: 'RETROSPECTIVE', status: 'OPEN' });

    // Act
    const { status, body } = await decide(demo.cg(), answer.review!.reviewId, { outcome: 'NOT_UPHELD' });

    // Assess
    const decided = body as unknown as ReviewBody;
    expect([status, decided.status]).toEqual([200, 'NOT_UPHELD']);
    expect(decided.obligations).toContain('REPORT_INCIDENT');
    expect(decided.notifications).toEqual([
      expect.objectContaining({
        recipientId: 'gp-riverside',
        trigger: 'OVERRIDE_NOT_UPHELD',
        status: 'DUE',
        releases: [answer.receipt],
        triggerEntry: decided.receipt,
      }),
    ]);
    expect(await notificationsInSubjectAccess(patientId)).toEqual(decided.notifications);
    const followers = await openedAfter(decided.receipt!);
    expect(followers.map((f) => f.entry['notification'])).toEqual([
      expect.objectContaining({
        notificationId: decided.notifications![0]!.notificationId,
        trigger: 'OVERRIDE_NOT_UPHELD',
        releases: [answer.receipt.entryId],
      }),
    ]);
    const entry = (await logEntries(decided.receipt!.origin)).find((e) => e.index === decided.receipt!.index)!.entry;
    expect(entry).toMatchObject({
      type: 'review.decided',
      actor: { clientId: 'demo-cg' },
      review: {
        reviewId: answer.review!.reviewId,
        kind: 'RETROSPECTIVE',
        outcome: 'NOT_UPHELD',
        role: 'CALDICOTT_GUARDIAN',
        justificationDigest: expect.stringMatching(/^sha-256=:[A-Za-z0-9+/]+=*:$/u) as unknown,
        decisionEntryId: answer.receipt.entryId,
      },
    });
    expect(JSON.stringify(entry)).not.toContain('fitness-to-practise');
    await expectPromisesKept(answer.receipt.origin);
  });

  it('with override.requireCaldicottGuardian, a DPO cannot decide a retrospective review: 403 forbidden_scope', async () => {
    // Prepare
    const patientId = freshPatientId();
    await preparePatient(demo.clinical(), patientId, { objections: ['GP'] });
    const override = {
      code: 'SAFEGUARDING',
      approverRole: 'CALDICOTT_GUARDIAN',
      approvedBy: 'cg-1',
      justification: 'j',
    } as const;
    const { body: answer } = await disclose(requestFor(patientId, { override }));

    // Act
    const response = await decide(demo.dpo(), answer.review!.reviewId, { outcome: 'UPHELD', role: 'DPO' });
    const pretending = await decide(demo.dpo(), answer.review!.reviewId, { outcome: 'UPHELD' });

    // Assess
    expect([response.status, response.body.code]).toEqual([403, 'forbidden_scope']);
    expect([pretending.status, pretending.body.code]).toEqual([403, 'forbidden_scope']);
  });
});

describe('CONTEST reviews (R15)', () => {
  it('demo-records contests an ALLOW, demo-dpo overturns it; the case is closed and logged', async () => {
    // Prepare
    const { patientId, answer } = await allowedP06();
    const reviewId = freshId('rv');
    const contest = {
      reviewId,
      requestId: freshId('req'),
      patientId,
      entryId: answer.receipt.entryId,
      grounds: 'The patient did not expect their GP to receive the notes',
    };

    // Act
    const opened = await demo.records().request<ReviewBody>('POST', '/v1/reviews', contest);
    const again = await demo.records().request<ReviewBody>('POST', '/v1/reviews', contest);
    const decision = { outcome: 'OVERTURNED', role: 'DPO', requestId: freshId('req') };
    const decided = await decide(demo.dpo(), reviewId, decision);
    const replayed = await decide(demo.dpo(), reviewId, decision);

    // Assess
    expect([opened.status, opened.body.kind, opened.body.status]).toEqual([200, 'CONTEST', 'OPEN']);
    expect(again.body.receipt).toEqual(opened.body.receipt);
    expect([decided.status, decided.body.status]).toEqual([200, 'OVERTURNED']);
    const notifications = (decided.body as unknown as ReviewBody).notifications!;
    expect(notifications).toEqual([
      expect.objectContaining({
        recipientId: 'gp-riverside',
        trigger: 'DECISION_OVERTURNED',
        status: 'DUE',
        releases: [answer.receipt],
      }),
    ]);
    expect(await notificationsInSubjectAccess(patientId)).toEqual(notifications);
    expect(replayed.body).toEqual(decided.body);
    const log = await logEntries(answer.receipt.origin);
    const openedEntry = log.find((e) => e.index === opened.body.receipt!.index)!;
    expect(openedEntry.entry).toMatchObject({
      type: 'review.opened',
      review: { kind: 'CONTEST', decisionEntryId: answer.receipt.entryId },
    });
    expect(openedEntry.bytes).not.toContain('did not expect');
    await expectPromisesKept(answer.receipt.origin);
  });

  it("a contest of another patient's decision is 404, and of no decision at all", async () => {
    // Prepare
    const { answer } = await allowedP06();
    const other = freshPatientId();
    const contest = (patientId: string, entryId: string) =>
      demo.records().request<ReviewBody>('POST', '/v1/reviews', {
        reviewId: freshId('rv'),
        requestId: freshId('req'),
        patientId,
        entryId,
        grounds: 'g',
      });

    // Act
    const responses = [
      await contest(other, answer.receipt.entryId),
      await contest(other, '01JD0000000000000000000000'),
    ];

    // Assess
    expect(responses.map((r) => [r.status, r.body.code])).toEqual([
      [404, 'not_found'],
      [404, 'not_found'],
    ]);
  });

  it('the client that sent the request cannot decide its review (four eyes): 403 separation_of_duties', async () => {
    // Prepare: a system client sends a referred request, then the admin makes it a DPO person.
    const clientId = freshId('c');
    const key = await generateClientKey('ES256', `${clientId}-k1`);
    const register = (fields: object) =>
      demo.admin().request('PUT', `/v1/clients/${clientId}`, {
        name: 'Changing hats',
        status: 'ACTIVE',
        keys: [key.publicJwk],
        ...fields,
      });
    expect((await register({ scopes: ['disclosure:check'] })).status).toBe(200);
    const patientId = freshPatientId();
    await preparePatient(demo.clinical(), patientId);
    const sent = await clientFor(clientId, key.privateJwk).request<Answer>('POST', '/v1/disclosures', p16(patientId));
    expect(sent.body.decision).toBe('REFER');
    expect((await register({ scopes: ['review:decide'], kind: 'PERSON', displayRole: 'DPO' })).status).toBe(200);

    // Act
    const own = await decide(clientFor(clientId, key.privateJwk), sent.body.review!.reviewId, {
      outcome: 'REJECTED',
      role: 'DPO',
    });
    const other = await decide(demo.dpo(), sent.body.review!.reviewId, { outcome: 'REJECTED', role: 'DPO' });

    // Assess
    expect([own.status, own.body.code]).toEqual([403, 'separation_of_duties']);
    expect(other.status).toBe(200);
  });
});

describe('reading the queue (reviews.md §5)', () => {
  it('an auditor finds the case without its free text; a reviewer reads the justification; each read is logged', async () => {
    // Prepare
    const { patientId, answer } = await referred();
    const reviewId = answer.review!.reviewId;
    await decide(demo.cg(), reviewId, { outcome: 'REJECTED' });

    // Act
    const found = await demo.auditor().request<{ reviews: ReviewBody[] }>('POST', '/v1/reviews/search', {
      patientId,
      kind: 'REFER',
    });
    const asAuditor = await demo.auditor().request<ReviewBody>('GET', `/v1/reviews/${reviewId}`);
    const asReviewer = await demo.dpo().request<ReviewBody>('GET', `/v1/reviews/${reviewId}`);
    const asClinical = await demo.clinical().request<ReviewBody>('GET', `/v1/reviews/${reviewId}`);

    // Assess
    expect(found.body.reviews.map((r) => [r.reviewId, r.status])).toEqual([[reviewId, 'REJECTED']]);
    expect(asAuditor.body.justification).toBeUndefined();
    expect(asReviewer.body.justification).toContain('fitness-to-practise');
    expect([asClinical.status, asClinical.body.code]).toEqual([403, 'forbidden_scope']);
    const orgLog = await logEntries('gatekeeper.local/demo/org');
    const reads = orgLog.filter((e) => e.entry.type === 'audit.read' && JSON.stringify(e.entry).includes(patientId));
    expect(reads.map((e) => e.entry['query'])).toEqual([{ endpoint: 'reviews.search', patientId, kind: 'REFER' }]);
    expect(
      orgLog.some((e) => e.entry.type === 'audit.read' && JSON.stringify(e.entry['query']).includes(reviewId)),
    ).toBe(true);
  });

  it('lists overdue cases first, then by due date', async () => {
    // Prepare: three cases of one patient; none is overdue yet, so the order is by due date.
    const first = await referred();
    const second = await referred();

    // Act
    const { body } = await demo
      .cg()
      .request<{ reviews: ReviewBody[]; nextCursor: string | null }>('POST', '/v1/reviews/search', {
        status: 'OPEN',
        kind: 'REFER',
        limit: 200,
      });

    // Assess
    const ids = body.reviews.map((r) => r.reviewId);
    expect(ids.indexOf(first.answer.review!.reviewId)).toBeLessThan(ids.indexOf(second.answer.review!.reviewId));
    expect(body.reviews.every((r, i, all) => i === 0 || Number(all[i - 1]!.overdue) >= Number(r.overdue))).toBe(true);
  });
});
