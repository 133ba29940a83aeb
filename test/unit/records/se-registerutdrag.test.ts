/**
 * Registerutdrag (policy-se.md §9) on the in-memory stores: logged before it is answered, counted
 * per Swedish calendar year, free up to the org's SE pack switch, idempotent on utdragId, and
 * listing exactly what subject access lists, every page of it.
 */
import { describe, expect, it } from 'vitest';
import { PolicyCatalogue } from '../../../shared/policy/catalogue.ts';
import { loadPolicy } from '../../../shared/policy/pack.ts';
import { SE_DEFAULT } from '../../../shared/policy/se-default/index.ts';
import { IdempotencyConflictError } from '../../../shared/services/errors.ts';
import { RegisterutdragService, swedishCalendarYear } from '../../../shared/services/se-registerutdrag.ts';
import { NotFoundError } from '../../../shared/errors.ts';
import {
  appendDecision,
  buildStack,
  caller,
  DEPLOYMENT,
  DIGEST,
  logEntries,
  memoryStores,
  originOf,
  PATIENT_LOGS,
  RECIPIENTS,
} from './fixture.ts';

const ORG = 'demo-se';
const PATIENT = 'PN-1';

function setUp(freePerCalendarYear?: number) {
  const stores = memoryStores();
  stores.registry.putOrganisation({
    org: ORG,
    name: ORG,
    patientLogs: PATIENT_LOGS,
    createdAt: '2026-01-01T00:00:00.000Z',
    packs: { SE: 'se-default' },
  });
  for (const recipient of RECIPIENTS) stores.registry.putRecipient({ ...recipient, org: ORG, version: 1 });
  const stack = buildStack(stores);
  const sePack = loadPolicy(
    SE_DEFAULT,
    freePerCalendarYear === undefined ? undefined : { 'registerutdrag.freePerCalendarYear': freePerCalendarYear },
  );
  const service = new RegisterutdragService({
    ...stack,
    deployment: DEPLOYMENT,
    history: stack.service,
    packs: new PolicyCatalogue([loadPolicy(), sePack]),
  });
  const register = () =>
    stack.service.registerPatient(
      caller(ORG),
      PATIENT,
      { identifiers: [{ system: 'SE_PERSONNUMMER', value: '640823-3234' }] },
      DIGEST,
    );
  return { stores, stack, service, register };
}

const body = (utdragId: string, requestedAt = '2026-11-20T09:00:00.000Z') =>
  ({ utdragId, requestedAt, form: 'SIGNED_LETTER', recordedBy: 'staff-1' }) as const;

describe('registerutdrag', () => {
  it('logs the issue before answering with every decision subject access lists, the first of the year free', async () => {
    // Prepare
    const { stores, stack, service, register } = setUp();
    await register();
    for (const outcome of ['ALLOW', 'DENY'] as const)
      await appendDecision(stack, {
        org: ORG,
        patientId: PATIENT,
        recipientId: 'ins-acme-health',
        category: 'INSURER',
        outcome,
      });

    // Act
    const answer = await service.issue(caller(ORG), PATIENT, body('utdrag-1'), DIGEST);

    // Assess
    const access = await stack.service.listDisclosures(caller(ORG), PATIENT);
    expect(answer).toMatchObject({ calendarYear: 2026, countThisYear: 1, free: true });
    expect(answer.disclosures).toEqual(access.disclosures);
    expect(answer.disclosures.map((item) => item.decision)).toEqual(['DENY', 'ALLOW']);
    const issued = logEntries(stores, originOf(ORG, PATIENT)).at(-1)!;
    expect(issued.index).toBe(answer.receipt.index);
    expect(issued.entry).toMatchObject({ type: 'record.registerutdrag.issued', request: { requestId: 'utdrag-1' } });
    expect(issued.entry['record']).toEqual({ ...body('utdrag-1'), calendarYear: 2026, countThisYear: 1, free: true });
  });

  it('counts per Swedish calendar year: the second is not free, the first of the next year is', async () => {
    // Prepare
    const { service, register } = setUp();
    await register();
    await service.issue(caller(ORG), PATIENT, body('utdrag-1'), DIGEST);

    // Act: 23:30 UTC on New Year's Eve is already 2027 in Stockholm
    const second = await service.issue(caller(ORG), PATIENT, body('utdrag-2'), DIGEST);
    const nextYear = await service.issue(caller(ORG), PATIENT, body('utdrag-3', '2026-12-31T23:30:00.000Z'), DIGEST);

    // Assess
    expect(second).toMatchObject({ calendarYear: 2026, countThisYear: 2, free: false });
    expect(nextYear).toMatchObject({ calendarYear: 2027, countThisYear: 1, free: true });
  });

  it("reads the free allowance from the org's SE pack", async () => {
    // Prepare
    const { service, register } = setUp(2);
    await register();
    await service.issue(caller(ORG), PATIENT, body('utdrag-1'), DIGEST);

    // Act
    const second = await service.issue(caller(ORG), PATIENT, body('utdrag-2'), DIGEST);
    const third = await service.issue(caller(ORG), PATIENT, body('utdrag-3'), DIGEST);

    // Assess
    expect([second.free, third.free]).toEqual([true, false]);
  });

  it('answers a retry with the first receipt and count, logs once, and refuses the same id with another body', async () => {
    // Prepare
    const { stores, service, register } = setUp();
    await register();
    const first = await service.issue(caller(ORG), PATIENT, body('utdrag-1'), DIGEST);
    const size = logEntries(stores, originOf(ORG, PATIENT)).length;

    // Act
    const retry = await service.issue(caller(ORG), PATIENT, body('utdrag-1'), DIGEST);
    const other = service.issue(caller(ORG), PATIENT, { ...body('utdrag-1'), form: 'E_ID' }, DIGEST);

    // Assess
    expect(retry).toEqual(first);
    await expect(other).rejects.toBeInstanceOf(IdempotencyConflictError);
    expect(logEntries(stores, originOf(ORG, PATIENT))).toHaveLength(size);
  });

  it('gives two extracts issued at once two counts, never the same one', async () => {
    // Prepare
    const { service, register } = setUp();
    await register();

    // Act
    const answers = await Promise.all(
      ['utdrag-a', 'utdrag-b', 'utdrag-c'].map((id) => service.issue(caller(ORG), PATIENT, body(id), DIGEST)),
    );

    // Assess
    expect(answers.map((answer) => answer.countThisYear).sort()).toEqual([1, 2, 3]);
    expect(answers.filter((answer) => answer.free)).toHaveLength(1);
  });

  it('refuses a patient the org has no records of, logging nothing', async () => {
    // Prepare
    const { stores, service } = setUp();

    // Act
    const issue = service.issue(caller(ORG), 'PN-unknown', body('utdrag-1'), DIGEST);

    // Assess
    await expect(issue).rejects.toBeInstanceOf(NotFoundError);
    expect(logEntries(stores, originOf(ORG, 'PN-unknown'))).toHaveLength(0);
  });

  it('lists every page of a long history', async () => {
    // Prepare: one decision more than a page of subject access
    const { stack, service, register } = setUp();
    await register();
    for (let i = 0; i < 501; i += 1)
      await appendDecision(stack, {
        org: ORG,
        patientId: PATIENT,
        recipientId: 'gp-riverside',
        category: 'GP',
        outcome: 'ALLOW',
      });

    // Act
    const answer = await service.issue(caller(ORG), PATIENT, body('utdrag-1'), DIGEST);

    // Assess
    expect(answer.disclosures).toHaveLength(501);
    expect(new Set(answer.disclosures.map((item) => item.receipt.entryId)).size).toBe(501);
  });
});

describe('swedishCalendarYear', () => {
  it.each([
    ['2026-12-31T22:59:59.999Z', 2026],
    ['2026-12-31T23:00:00.000Z', 2027],
    ['2026-06-30T21:59:59.999Z', 2026],
    ['2027-01-01T00:00:00.000Z', 2027],
  ])('%s is in %i in Stockholm', (instant, year) => {
    // Act / Assess
    expect(swedishCalendarYear(instant)).toBe(year);
  });
});
