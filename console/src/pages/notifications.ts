/** Notifications (reviews.md §3, §5): due and overdue per recipient; mark sent or not required. */
import { field, h, show, statusMessage, table } from '../dom.ts';
import { collect } from '../queues.ts';
import type { Session } from '../session.ts';

interface Notification {
  readonly notificationId: string;
  readonly patientId: string;
  readonly recipientId: string;
  readonly recipientName?: string;
  readonly trigger: string;
  /** Receipts of the earlier releases this recipient is to be told about. */
  readonly releases: readonly unknown[];
  readonly status: string;
  readonly dueAt: string;
}

const CHANNELS = ['EMAIL', 'LETTER', 'API', 'PHONE'];
const NOT_REQUIRED = ['RECIPIENT_ALREADY_ERASED', 'DISPROPORTIONATE_EFFORT', 'MANDATORY_DISCLOSURE'];
const QUEUE_MAX = 1000;

export async function notificationsPage(root: Element, session: Session): Promise<void> {
  const { items: notifications, more } = await collect<Notification>(
    session.api,
    '/v1/notifications/search',
    { status: 'DUE' },
    QUEUE_MAX,
  );
  // Reading the queue needs audit:read or records:write; closing one needs records:write.
  const mayClose = session.can.has('closeNotifications');
  const now = new Date().toISOString();
  const byRecipient = [...notifications].sort(
    (a, b) => a.recipientId.localeCompare(b.recipientId) || a.dueAt.localeCompare(b.dueAt),
  );
  const message = h('div', { 'aria-live': 'polite' });
  show(
    root,
    h('h1', { tabindex: -1 }, 'Notifications'),
    message,
    more ? statusMessage(`The ${QUEUE_MAX} most pressing due notifications are shown; more are due.`) : null,
    mayClose ? null : statusMessage('You may read this list; marking a notification needs records staff.'),
    byRecipient.length === 0
      ? statusMessage('No notifications are due.')
      : table(
          ['recipient', 'patient', 'trigger', 'releases', 'due', ...(mayClose ? ['action'] : [])],
          byRecipient.map((n) => [
            n.recipientName ? `${n.recipientName} (${n.recipientId})` : n.recipientId,
            n.patientId,
            n.trigger,
            n.releases.length,
            `${n.dueAt.slice(0, 10)}${n.dueAt < now ? ' (overdue)' : ''}`,
            ...(mayClose ? [actions(session, n, message, () => void notificationsPage(root, session))] : []),
          ]),
          'Due notifications by recipient',
        ),
  );
}

function actions(session: Session, n: Notification, message: Element, reload: () => void): HTMLElement {
  const channel = h(
    'select',
    { name: 'channel', id: `channel-${n.notificationId}` },
    ...CHANNELS.map((c) => h('option', { value: c }, c)),
  );
  const reason = h(
    'select',
    { name: 'reasonCode', id: `reason-${n.notificationId}` },
    ...NOT_REQUIRED.map((c) => h('option', { value: c }, c)),
  );
  const send = (path: string, body: Record<string, string>) => {
    const full = { requestId: `console-${crypto.randomUUID()}`, recordedBy: session.api.identity.clientId, ...body };
    void session.api
      .request<{ code?: string }>('POST', `/v1/notifications/${encodeURIComponent(n.notificationId)}/${path}`, full)
      .then((answer) => {
        if (answer.status === 200) reload();
        else
          message.replaceChildren(statusMessage(`Not recorded: ${answer.status} ${answer.body.code ?? ''}`, 'error'));
      });
  };
  return h(
    'div',
    { class: 'actions' },
    field('Channel', channel),
    h(
      'button',
      {
        type: 'button',
        onclick: () => send('sent', { at: new Date().toISOString(), channel: channel.value }),
        'aria-label': `Mark sent to ${n.recipientId}`,
      },
      'Mark sent',
    ),
    field('Reason', reason),
    h(
      'button',
      {
        type: 'button',
        onclick: () => send('not-required', { reasonCode: reason.value }),
        'aria-label': `Mark not required for ${n.recipientId}`,
      },
      'Not required',
    ),
  );
}
