/**
 * The readable reports of `notifications`, `patient restrict|lift-restriction|erase` (reviews.md
 * §3–§5, policy-uk.md §9.8): what records staff read must say whom to tell, about which releases,
 * by when, and how a notification was closed, and mark the overdue ones.
 */
import { describe, expect, it } from 'vitest';
import {
  formatNotification,
  notificationTable,
  type NotificationRow,
} from '../../../cli/commands/notification-report.ts';
import { formatErasure, formatRestriction, patientReport } from '../../../cli/commands/patient-report.ts';

const NOW = Date.parse('2026-12-05T12:00:00.000Z');
const NOW_ISO = new Date(NOW).toISOString();
const receipt = (index: number) => ({ origin: 'gatekeeper.local/demo/p3', index });

function notification(fields: Partial<NotificationRow> = {}): NotificationRow {
  return {
    notificationId: 'ntf-1',
    patientId: 'MRN-1',
    recipientId: 'gp-riverside',
    recipientName: 'Riverside Surgery',
    recipientCategory: 'GP',
    trigger: 'RESTRICTION_PLACED',
    triggerEntry: receipt(9),
    status: 'DUE',
    openedAt: '2026-11-01T12:00:00.000Z',
    dueAt: '2026-12-01T12:00:00.000Z',
    releases: [receipt(3), receipt(5)],
    ...fields,
  };
}

describe('notificationTable', () => {
  it('one line per notification in the order given, overdue ones marked, a reason shown with NOT_REQUIRED', () => {
    // Act
    const lines = notificationTable(
      [
        notification(),
        notification({ notificationId: 'ntf-2', dueAt: '2026-12-31T12:00:00.000Z' }),
        notification({ notificationId: 'ntf-3', status: 'NOT_REQUIRED', reasonCode: 'MANDATORY_DISCLOSURE' }),
      ],
      NOW,
    );

    // Assess
    expect(lines[0]).toMatch(/^ +STATUS +DUE +PATIENT +RECIPIENT +TRIGGER +RELEASES +NOTIFICATION$/u);
    expect(lines[1]).toMatch(
      /^ {2}! +DUE +2026-12-01 +MRN-1 +Riverside Surgery \(gp-riverside\) +RESTRICTION_PLACED +2 +ntf-1$/u,
    );
    expect(lines[2]).toMatch(/^ {5}DUE +2026-12-31 .* ntf-2$/u);
    // Closed notifications are never overdue, whatever their due date.
    expect(lines[3]).toMatch(/^ {5}NOT_REQUIRED \(MANDATORY_DISCLOSURE\) .* ntf-3$/u);
  });

  it('says so when there are none', () => {
    // Act / Assess
    expect(notificationTable([], NOW)).toEqual(['  No notifications.']);
  });
});

describe('formatNotification', () => {
  it('a sent notification: channel, who recorded it, the receipt and every release', () => {
    // Act
    const report = formatNotification(
      notification({
        status: 'SENT',
        channel: 'LETTER',
        sentAt: '2026-12-02T09:00:00.000Z',
        closedAt: '2026-12-02T09:05:00.000Z',
        closedBy: { clientId: 'demo-records', recordedBy: 'staff-3' },
      }),
      receipt(12),
    );

    // Assess
    expect(report.split('\n')).toEqual([
      'Notification  ntf-1',
      'Status        SENT by LETTER at 2026-12-02T09:00:00.000Z',
      'Recipient     Riverside Surgery (gp-riverside), GP',
      'Patient       MRN-1',
      'Trigger       RESTRICTION_PLACED (gatekeeper.local/demo/p3 #9)',
      'Opened        2026-11-01T12:00:00.000Z',
      'Closed        2026-12-02T09:05:00.000Z by staff-3 (demo-records)',
      'Receipt       gatekeeper.local/demo/p3 #12',
      '',
      'Releases the recipient is told about',
      '  gatekeeper.local/demo/p3 #3',
      '  gatekeeper.local/demo/p3 #5',
    ]);
  });

  it('a notification closed as not required shows its reason', () => {
    // Act / Assess
    expect(
      formatNotification(notification({ status: 'NOT_REQUIRED', reasonCode: 'DISPROPORTIONATE_EFFORT' })),
    ).toContain('Status        NOT_REQUIRED (DISPROPORTIONATE_EFFORT)');
  });
});

describe('patient reports', () => {
  const restriction = {
    restrictionId: 'res-1',
    ground: 'OBJECTION_PENDING',
    objectionId: 'obj-1',
    episodeIds: ['EP-1', 'EP-2'],
    requestedBy: 'PATIENT',
    at: '2026-12-01T10:00:00.000Z',
    recordedBy: 'staff-1',
  };

  it('a placement names what it covers and the notifications it opened', () => {
    // Act
    const report = formatRestriction('MRN-1', { restriction, receipt: receipt(7), notifications: [notification()] });

    // Assess
    expect(report).toContain('Restriction  res-1 (OBJECTION_PENDING) IN FORCE');
    expect(report).toContain('Covers       episodes EP-1, EP-2');
    expect(report).toContain('Objection    obj-1');
    expect(report).toContain('Receipt      gatekeeper.local/demo/p3 #7');
    expect(report).toMatch(/Notifications opened \(UK GDPR Art 19\)\n.*STATUS.*\n.*RESTRICTION_PLACED +2 +ntf-1/u);
  });

  it('a lift says when the patient was told; a lift opens no notifications, so lists none', () => {
    // Act
    const report = formatRestriction('MRN-1', {
      restriction: {
        ...restriction,
        liftedAt: '2026-12-03T10:00:00.000Z',
        liftedBy: 'staff-2',
        liftReason: 'OBJECTION_DECIDED',
        patientInformedAt: '2026-12-02T10:00:00.000Z',
      },
      receipt: receipt(8),
    });

    // Assess
    expect(report).toContain('Restriction  res-1 (OBJECTION_PENDING) LIFTED');
    expect(report).toContain('Lifted       2026-12-03T10:00:00.000Z by staff-2 (OBJECTION_DECIDED)');
    expect(report).toContain('Informed     2026-12-02T10:00:00.000Z');
    expect(report).not.toContain('Notifications opened');
  });

  it('an erasure lists the notifications it opened, or says there are none', () => {
    // Act
    const none = formatErasure({ patientId: 'MRN-1', erasedAt: NOW_ISO, receipt: receipt(4), notifications: [] });
    const some = patientReport('erase', 'MRN-1', {
      patientId: 'MRN-1',
      erasedAt: NOW_ISO,
      receipt: receipt(4),
      notifications: [notification({ trigger: 'ERASED' })],
    });

    // Assess
    expect(none).toContain(`Erased       MRN-1 at ${NOW_ISO}`);
    expect(none).toMatch(/Notifications opened \(UK GDPR Art 19\)\n {2}No notifications\./u);
    expect(some).toMatch(/ERASED +2 +ntf-1$/mu);
    expect(patientReport('records', 'MRN-1', {})).toBeUndefined();
  });
});
