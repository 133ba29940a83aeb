/**
 * Which pack's terms a patient's notifications follow (reviews.md §3, §7), on the in-memory stores
 * with the deployment's real packs: an objection weighs each earlier release against the flows of
 * the pack that decided it, and a Swedish patient's notifications are due by the org's SE pack.
 */
import { describe, expect, it } from 'vitest';
import { PolicyCatalogue } from '../../../shared/policy/catalogue.ts';
import { loadPolicy, type LoadedPolicy } from '../../../shared/policy/pack.ts';
import { SE_DEFAULT } from '../../../shared/policy/se-default/index.ts';
import type { Notification } from '../../../shared/notifications/model.ts';
import type { Receipt } from '../../../shared/ports/audit-log.ts';
import type { ObjectionScope } from '../../../shared/records/model.ts';
import type { ReviewCase } from '../../../shared/reviews/model.ts';
import { notificationsToOpen, type ReviewNotificationDeps } from '../../../shared/reviews/notifications-seam.ts';
import { patientIndexKey } from '../../../shared/services/records-keys.ts';
import type { NotificationPacks } from '../../../shared/services/notification-terms.ts';
import {
  appendDecision,
  buildStack,
  caller,
  DIGEST,
  memoryStores,
  originOf,
  PATIENT_LOGS,
  seedOrg,
  type RecordsStack,
} from './fixture.ts';

const SE_ORG = 'demo-se';
const UK_ORG = 'demo';
const AT = '2026-11-20T09:00:00.000Z';
const DAY_MS = 86_400_000;
const UK_PACK = loadPolicy(undefined, { 'notification.dueDays': 7 });
const SE_PACK = loadPolicy(SE_DEFAULT);
const PACKS = new PolicyCatalogue([UK_PACK, SE_PACK]);

/** The SE releases of policy-se.md §8, as the decision entries of se-default record them. */
const SE_RELEASES = [
  { recipientId: 'se-vc-norr', category: 'SE_VARDGIVARE', purpose: 'DIRECT_CARE', flow: 'se-sjf-direct-care' },
  { recipientId: 'se-akuten', category: 'SE_VARDGIVARE', purpose: 'VITAL_INTERESTS', flow: 'se-emergency' },
  {
    recipientId: 'se-kvr-hud',
    category: 'SE_KVALITETSREGISTER',
    purpose: 'CLINICAL_AUDIT',
    flow: 'se-quality-register',
  },
  {
    recipientId: 'se-fk',
    category: 'SE_FORSAKRINGSKASSAN',
    purpose: 'SOCIAL_INSURANCE',
    flow: 'se-fk-statutory',
    mandatory: true,
  },
] as const;

function setUp(packs: NotificationPacks | undefined = PACKS) {
  const stores = memoryStores();
  stores.registry.putOrganisation({
    org: SE_ORG,
    name: SE_ORG,
    patientLogs: PATIENT_LOGS,
    createdAt: AT,
    packs: { SE: 'se-default' },
  });
  seedOrg(stores, UK_ORG);
  return buildStack(stores, { notificationDueDays: 7, ...(packs !== undefined ? { packs } : {}) });
}

async function swedishPatientWithReleases(stack: RecordsStack, patientId: string, policyId = 'se-default') {
  const identifiers = [{ system: 'SE_PERSONNUMMER' as const, value: '640823-3234' }];
  await stack.service.registerPatient(caller(SE_ORG), patientId, { identifiers }, DIGEST);
  const receipts: Receipt[] = [];
  for (const release of SE_RELEASES) {
    const { receipt } = await appendDecision(stack, {
      org: SE_ORG,
      patientId,
      outcome: 'ALLOW_WITH_REDACTION',
      jurisdiction: 'SE',
      policyId,
      ...release,
    });
    receipts.push(receipt);
  }
  return receipts;
}

async function object(stack: RecordsStack, org: string, patientId: string, scope: ObjectionScope) {
  const answer = await stack.service.addObjection(
    caller(org),
    patientId,
    { objectionId: `obj-${scope}`, scope, at: AT, recordedBy: 'staff-2' },
    DIGEST,
  );
  return answer.notifications;
}

const recipients = (notifications: readonly Notification[]) => notifications.map((n) => n.recipientId);
const dueDays = (n: Notification) => (Date.parse(n.dueAt) - Date.parse(n.openedAt)) / DAY_MS;

describe("an objection weighs each release against its own pack's flows (reviews.md §3)", () => {
  it('a Swedish patient objecting to all non-mandatory use: only the releases se-default would now block', async () => {
    // Prepare
    const stack = setUp();
    await swedishPatientWithReleases(stack, 'PN-1');

    // Act
    const notified = await object(stack, SE_ORG, 'PN-1', 'ALL_NON_MANDATORY');

    // Assess: se-emergency takes objections by purpose only, and se-fk's release was mandatory
    expect(recipients(notified)).toEqual(['se-kvr-hud', 'se-vc-norr']);
    expect(notified.every((n) => n.trigger === 'OBJECTION_RAISED' && n.status === 'DUE')).toBe(true);
  });

  it('a quality-register objection asks the register to erase, as se.kvalitetsregister.objectionErases says', async () => {
    // Prepare
    const erasing = setUp();
    const keeping = setUp(
      new PolicyCatalogue([UK_PACK, loadPolicy(SE_DEFAULT, { 'se.kvalitetsregister.objectionErases': false })]),
    );
    await swedishPatientWithReleases(erasing, 'PN-1');
    await swedishPatientWithReleases(keeping, 'PN-1');
    const objectTo = (stack: RecordsStack) =>
      stack.service.addObjection(
        caller(SE_ORG),
        'PN-1',
        { objectionId: 'obj-kvr', scope: 'SE_KVALITETSREGISTER', at: AT, recordedBy: 'staff-2' },
        DIGEST,
      );

    // Act
    const erased = await objectTo(erasing);
    const kept = await objectTo(keeping);
    const again = await objectTo(erasing);

    // Assess
    expect(erased.notifications.map((n) => [n.recipientId, n.obligations])).toEqual([
      ['se-kvr-hud', ['SE_REQUEST_REGISTER_ERASURE']],
    ]);
    expect(erased.obligations).toEqual([{ code: 'SE_REQUEST_REGISTER_ERASURE', recipientIds: ['se-kvr-hud'] }]);
    expect(kept.notifications.map((n) => [n.recipientId, n.obligations])).toEqual([['se-kvr-hud', undefined]]);
    expect(kept.obligations).toBeUndefined();
    // The same objection again answers as the first time, obligations included.
    expect(again).toEqual(erased);
  });

  it('a Swedish objection by category reaches the flows that take it, not the emergency one', async () => {
    // Prepare
    const stack = setUp();
    await swedishPatientWithReleases(stack, 'PN-1');

    // Act
    const notified = await object(stack, SE_ORG, 'PN-1', 'SE_VARDGIVARE');

    // Assess
    expect(recipients(notified)).toEqual(['se-vc-norr']);
  });

  it('a release by a pack the deployment does not run counts whenever the scope reaches it (more told)', async () => {
    // Prepare
    const stack = setUp();
    await swedishPatientWithReleases(stack, 'PN-1', 'se-retired');

    // Act
    const notified = await object(stack, SE_ORG, 'PN-1', 'ALL_NON_MANDATORY');

    // Assess
    expect(recipients(notified)).toEqual(['se-akuten', 'se-kvr-hud', 'se-vc-norr']);
  });

  it('a UK patient is still weighed by the UK pack: its emergency flow takes no ALL_NON_MANDATORY objection', async () => {
    // Prepare
    const stack = setUp();
    const patientId = 'P-UK-1';
    await stack.service.registerPatient(
      caller(UK_ORG),
      patientId,
      { identifiers: [{ system: 'NHS_NUMBER', value: '9990000018' }] },
      DIGEST,
    );
    const uk = { org: UK_ORG, patientId, outcome: 'ALLOW' as const };
    await appendDecision(stack, { ...uk, recipientId: 'gp-riverside', category: 'GP', flow: 'gp-direct-care' });
    await appendDecision(stack, { ...uk, recipientId: 'a-and-e', category: 'EMERGENCY_CARE', flow: 'emergency' });

    // Act
    const notified = await object(stack, UK_ORG, patientId, 'ALL_NON_MANDATORY');

    // Assess: the UK pack's switch sets the due date, as before
    expect(recipients(notified)).toEqual(['gp-riverside']);
    expect(notified.map(dueDays)).toEqual([7]);
  });
});

describe("a Swedish patient's notifications are due by the SE pack (reviews.md §7)", () => {
  it('se-default has no notification.dueDays switch: the default 30 days, not the UK pack’s 7', async () => {
    // Prepare
    const stack = setUp();
    await swedishPatientWithReleases(stack, 'PN-1');

    // Act
    const notified = await object(stack, SE_ORG, 'PN-1', 'ALL_NON_MANDATORY');

    // Assess
    expect(notified.map(dueDays)).toEqual([30, 30]);
  });

  it("an SE pack with the switch sets it, and the org's choice of pack is the one read", async () => {
    // Prepare: a Swedish pack carrying notification.dueDays (12), named by the org for SE
    const withSwitch: LoadedPolicy = {
      ...UK_PACK,
      id: 'se-custom',
      document: {
        ...UK_PACK.document,
        jurisdictions: ['SE'],
        switches: { ...UK_PACK.document.switches, 'notification.dueDays': 12 } as never,
      },
    };
    const stack = setUp(new PolicyCatalogue([UK_PACK, SE_PACK, withSwitch]));
    stack.registry.putOrganisation({
      org: SE_ORG,
      name: SE_ORG,
      patientLogs: PATIENT_LOGS,
      createdAt: AT,
      packs: { SE: 'se-custom' },
    });
    await swedishPatientWithReleases(stack, 'PN-1');

    // Act
    const notified = await object(stack, SE_ORG, 'PN-1', 'SE_VARDGIVARE');

    // Assess
    expect(notified.map(dueDays)).toEqual([12]);
  });
});

describe('a review outcome for a Swedish patient is due by the SE pack too (reviews.md §2–§3)', () => {
  it('a contested release overturned opens DECISION_OVERTURNED due in 30 days, a UK one in the UK pack’s 7', async () => {
    // Prepare: one release each for a Swedish and a UK patient, each contested
    const stack = setUp();
    const [swedishRelease] = await swedishPatientWithReleases(stack, 'PN-1');
    await stack.service.registerPatient(
      caller(UK_ORG),
      'P-UK-2',
      { identifiers: [{ system: 'NHS_NUMBER', value: '9990000018' }] },
      DIGEST,
    );
    const ukRelease = await appendDecision(stack, {
      org: UK_ORG,
      patientId: 'P-UK-2',
      outcome: 'ALLOW',
      recipientId: 'gp-riverside',
      category: 'GP',
      flow: 'gp-direct-care',
    });
    const deps = { ...stack, packs: PACKS, notificationDueDays: 7 };

    // Act
    const [swedish, uk] = await Promise.all([
      overturned(deps, SE_ORG, 'PN-1', swedishRelease!),
      overturned(deps, UK_ORG, 'P-UK-2', ukRelease.receipt),
    ]);

    // Assess
    expect(swedish.map((n) => [n.trigger, dueDays(n)])).toEqual([['DECISION_OVERTURNED', 30]]);
    expect(uk.map((n) => [n.trigger, dueDays(n)])).toEqual([['DECISION_OVERTURNED', 7]]);
  });
});

async function overturned(
  deps: ReviewNotificationDeps & Pick<RecordsStack, 'pseudonymiser'>,
  org: string,
  patientId: string,
  release: Receipt,
) {
  const review = { kind: 'CONTEST', patientId, decision: { outcome: 'ALLOW', receipt: release } } as ReviewCase;
  const at = {
    org,
    origin: originOf(org, patientId),
    actor: caller(org),
    patientIndexKey: await patientIndexKey(deps.pseudonymiser, org, patientId),
  };
  const toOpen = await notificationsToOpen({ review, outcome: 'OVERTURNED', at }, deps);
  return toOpen.opened({ ...release, entryId: 'E-review-decided' });
}
