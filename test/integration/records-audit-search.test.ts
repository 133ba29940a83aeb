import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditSearchItem, AuditSearchQuery } from '../../shared/ports/audit-search.ts';
import { ValidationFailedError } from '../../shared/errors.ts';
import type { Outcome } from '../../shared/audit/entry.ts';
import { patientIndexKey } from '../../shared/services/records-keys.ts';
import { startTestDynamoDb, type TestDynamoDb } from '../support/dynamodb.ts';
import { appendDecision, buildStack, caller, seedOrg, DIGEST } from './records-fixture.ts';

const ORG = 'acme';
const OTHER = 'other';
let db: TestDynamoDb;
let stack: ReturnType<typeof buildStack>;

type Seeded = Awaited<ReturnType<typeof appendDecision>> & { patientId: string; org: string };
const seeded: Seeded[] = [];

/**
 * 3 patients × 8 decisions in `acme`, cycling recipients, outcomes and clients; a consent write
 * (a non-decision entry); and a mirror set in `other` with the same patient ids and recipients.
 */
beforeAll(async () => {
  db = await startTestDynamoDb();
  stack = buildStack(db);
  await seedOrg(db, ORG);
  await seedOrg(db, OTHER);
  const recipients = [
    { recipientId: 'ins-acme-health', category: 'INSURER' },
    { recipientId: 'gp-riverside', category: 'GP' },
    { recipientId: 'reg-gmc', category: 'REGULATOR_PROFESSIONAL' },
  ];
  const outcomes: Outcome[] = ['ALLOW', 'DENY', 'ALLOW_WITH_REDACTION', 'REFER'];
  for (const org of [ORG, OTHER]) {
    for (let i = 0; i < 24; i += 1) {
      const patientId = `MRN-${i % 3}`;
      const recipient = recipients[i % 3]!;
      const result = await appendDecision(stack, {
        org,
        patientId,
        recipientId: recipient.recipientId,
        category: recipient.category,
        outcome: outcomes[i % 4]!,
        clientId: i % 2 === 0 ? `${org}-clinical` : `${org}-billing`,
        reasonCodes: [`R${i}`],
      });
      seeded.push({ ...result, patientId, org });
    }
  }
  await stack.service.addConsent(
    caller(ORG),
    'MRN-0',
    {
      consentId: 'cons-1',
      scope: 'INSURER_CLAIM',
      status: 'GIVEN',
      form: 'WRITTEN',
      evidenceRef: 'e',
      capturedBy: 's',
      at: '2026-11-20T00:00:00.000Z',
    },
    DIGEST,
  );
});

afterAll(async () => {
  await db?.close();
});

function expected(filter: (s: Seeded) => boolean): string[] {
  return seeded
    .filter(filter)
    .map((s) => s.entry.id)
    .reverse();
}

async function all(
  query: Omit<AuditSearchQuery, 'limit' | 'cursor'>,
  limit: number,
): Promise<{ ids: string[]; pages: number; items: AuditSearchItem[] }> {
  const items: AuditSearchItem[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const page = await stack.search.search({ ...query, limit, ...(cursor ? { cursor } : {}) });
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor && pages < 100);
  return { ids: items.map((i) => String(i.entry['id'])), pages, items };
}

describe('DynamoDbAuditSearch', () => {
  it("returns the org's entries newest first, with origin, index and leaf hash of each", async () => {
    // Act
    const { items, ids } = await all({ org: ORG, type: 'disclosure.decision' }, 500);

    // Assess
    expect(ids).toEqual(expected((s) => s.org === ORG));
    for (const item of items) {
      const source = seeded.find((s) => s.entry.id === item.entry['id'])!;
      expect({ origin: item.origin, index: item.index, leafHash: item.leafHash }).toEqual({
        origin: source.receipt.origin,
        index: source.receipt.index,
        leafHash: source.receipt.leafHash,
      });
    }

    // Act
    const everything = await all({ org: ORG }, 500);

    // Assess
    expect(everything.ids).toHaveLength(25);
    expect(everything.items[0]?.entry['type']).toBe('record.consent.given');
  });

  it.each([
    [
      'patient',
      async () => ({ patientIndexKey: await patientIndexKey(stack.pseudonymiser, ORG, 'MRN-1') }),
      (s: Seeded) => s.patientId === 'MRN-1',
    ],
    [
      'recipient',
      () => ({ recipientId: 'gp-riverside' }),
      (s: Seeded) => s.entry.decision.recipient.id === 'gp-riverside',
    ],
    ['decision', () => ({ decision: 'DENY' }), (s: Seeded) => s.entry.decision.outcome === 'DENY'],
    ['client', () => ({ clientId: `${ORG}-billing` }), (s: Seeded) => s.entry.actor.clientId === `${ORG}-billing`],
    [
      'recipient category',
      () => ({ recipientCategory: 'REGULATOR_PROFESSIONAL' }),
      (s: Seeded) => s.entry.decision.recipient.category === 'REGULATOR_PROFESSIONAL',
    ],
    [
      'decision and client',
      () => ({ decision: 'ALLOW', clientId: `${ORG}-clinical` }),
      (s: Seeded) => s.entry.decision.outcome === 'ALLOW' && s.entry.actor.clientId === `${ORG}-clinical`,
    ],
    [
      'patient and category',
      async () => ({
        patientIndexKey: await patientIndexKey(stack.pseudonymiser, ORG, 'MRN-2'),
        recipientCategory: 'REGULATOR_PROFESSIONAL',
      }),
      (s: Seeded) => s.patientId === 'MRN-2' && s.entry.decision.recipient.category === 'REGULATOR_PROFESSIONAL',
    ],
    [
      'type and decision',
      () => ({ type: 'disclosure.decision', decision: 'REFER' }),
      (s: Seeded) => s.entry.decision.outcome === 'REFER',
    ],
  ] as const)(
    'filters by %s, paging through small pages without loss or repetition',
    async (_name, filters, predicate) => {
      // Prepare
      const want = expected((s) => s.org === ORG && predicate(s));
      expect(want.length).toBeGreaterThan(0);

      // Act / Assess
      for (const limit of [1, 3, 500]) {
        const { ids } = await all({ org: ORG, ...(await filters()) }, limit);
        expect(ids).toEqual(want);
      }
    },
  );

  it('bounds the time range inclusively', async () => {
    // Prepare
    const mine = seeded.filter((s) => s.org === ORG);
    const from = mine[5]!.entry.time;
    const to = mine[10]!.entry.time;

    // Act
    const { ids } = await all({ org: ORG, type: 'disclosure.decision', from, to }, 2);

    // Assess
    expect(ids).toEqual(
      mine
        .slice(5, 11)
        .map((s) => s.entry.id)
        .reverse(),
    );
    expect((await all({ org: ORG, type: 'disclosure.decision', from: mine[20]!.entry.time }, 500)).ids).toHaveLength(4);
    expect((await all({ org: ORG, type: 'disclosure.decision', to: mine[0]!.entry.time }, 500)).ids).toEqual([
      mine[0]!.entry.id,
    ]);
    await expect(stack.search.search({ org: ORG, from: 'yesterday', limit: 1 })).rejects.toBeInstanceOf(
      ValidationFailedError,
    );
  });

  it("never returns another org's entries, whatever the filters", async () => {
    // Prepare
    const queries: Array<Omit<AuditSearchQuery, 'limit'>> = [
      { org: OTHER },
      { org: OTHER, recipientId: 'gp-riverside' },
      { org: OTHER, patientIndexKey: await patientIndexKey(stack.pseudonymiser, OTHER, 'MRN-0') },
      // The ACME patient key used under OTHER: the org is part of the key, so nothing matches.
      { org: OTHER, patientIndexKey: await patientIndexKey(stack.pseudonymiser, ORG, 'MRN-0') },
    ];

    // Act / Assess
    for (const query of queries) {
      const { items } = await all(query, 500);
      expect(items.every((i) => i.entry['org'] === OTHER)).toBe(true);
    }
    expect((await all(queries[3]!, 500)).items).toHaveLength(0);
  });

  it('refuses a cursor that is garbage, or from another org or another query', async () => {
    // Prepare
    const page = await stack.search.search({ org: ORG, recipientId: 'gp-riverside', limit: 2 });
    expect(page.nextCursor).toBeDefined();

    // Act / Assess
    const reject = (query: AuditSearchQuery) =>
      expect(stack.search.search(query)).rejects.toBeInstanceOf(ValidationFailedError);
    await reject({ org: ORG, recipientId: 'gp-riverside', limit: 2, cursor: 'not a cursor!' });
    await reject({
      org: ORG,
      recipientId: 'gp-riverside',
      limit: 2,
      cursor: Buffer.from('{"i":"byOrg"}').toString('base64url'),
    });
    await reject({ org: OTHER, recipientId: 'gp-riverside', limit: 2, cursor: page.nextCursor! });
    await reject({ org: ORG, recipientId: 'reg-gmc', limit: 2, cursor: page.nextCursor! });
    await reject({ org: ORG, limit: 2, cursor: page.nextCursor! });
    await reject({ org: ORG, limit: 0 });
    await reject({ org: ORG, limit: 501 });

    // Act: the round trip itself works.
    const next = await stack.search.search({
      org: ORG,
      recipientId: 'gp-riverside',
      limit: 2,
      cursor: page.nextCursor!,
    });

    // Assess
    expect(next.items.map((i) => i.entry['id'])).toEqual(
      expected((s) => s.org === ORG && s.entry.decision.recipient.id === 'gp-riverside').slice(2, 4),
    );
  });

  it('gives no cursor when the last page ends exactly at the end', async () => {
    // Act
    const first = await stack.search.search({ org: ORG, recipientId: 'reg-gmc', limit: 8 });

    // Assess
    expect(first.items).toHaveLength(8);
    expect(first.nextCursor).toBeUndefined();

    // Act
    const none = await stack.search.search({
      org: ORG,
      patientIndexKey: await patientIndexKey(stack.pseudonymiser, ORG, 'MRN-2'),
      recipientCategory: 'INSURER',
      limit: 5,
    });

    // Assess
    expect(none).toEqual({ items: [] });
  });
});

describe('RecordsService.listDisclosures (subject access)', () => {
  it('lists every decision about the patient, newest first, with recipient names, paginated', async () => {
    // Prepare
    const want = seeded.filter((s) => s.org === ORG && s.patientId === 'MRN-0').reverse();

    // Act
    const got: Array<Awaited<ReturnType<typeof stack.service.listDisclosures>>['disclosures'][number]> = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await stack.service.listDisclosures(caller(ORG), 'MRN-0', {
        limit: 3,
        ...(cursor ? { cursor } : {}),
      });
      got.push(...page.disclosures);
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor);

    // Assess
    expect(pages).toBe(3);
    expect(got).toEqual(
      want.map((s) => ({
        time: s.entry.time,
        recipient: {
          id: s.entry.decision.recipient.id,
          name: expect.any(String) as unknown,
          category: s.entry.decision.recipient.category,
        },
        purpose: 'PAYMENT',
        decision: s.entry.decision.outcome,
        reasonCodes: s.entry.decision.reasonCodes,
        receipt: s.receipt,
      })),
    );
    expect(got.find((d) => d.recipient.id === 'ins-acme-health')?.recipient.name).toBe('Acme Health');
    // The consent write of the same patient is not a disclosure.
    expect(got).toHaveLength(8);
  });

  it('shows nothing of another org, and nothing for an unknown patient', async () => {
    // Act
    const theirs = await stack.service.listDisclosures(caller(OTHER), 'MRN-0');

    // Assess
    expect(
      theirs.disclosures.every((d) => seeded.some((s) => s.org === OTHER && s.receipt.entryId === d.receipt.entryId)),
    ).toBe(true);
    expect(theirs.disclosures).toHaveLength(8);
    expect((await stack.service.listDisclosures(caller(ORG), 'MRN-404')).disclosures).toEqual([]);
  });
});
