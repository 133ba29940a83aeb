/**
 * Patient: subject access (GET /v1/patients/{id}/disclosures), every disclosure with its receipt
 * and the notifications sent, printable as an A4 report (the print stylesheet hides the console).
 */
import { field, h, show, statusMessage, table } from '../dom.ts';
import type { Session } from '../session.ts';

interface Disclosure {
  readonly time: string;
  readonly recipient: { id: string; name?: string; category: string };
  readonly purpose: string;
  readonly decision: string;
  readonly reasonCodes: readonly string[];
  readonly receipt: { origin: string; index: number; entryId: string };
}

interface Notification {
  readonly recipientId: string;
  readonly recipientName?: string;
  readonly trigger: string;
  readonly status: string;
  readonly dueAt: string;
  readonly channel?: string;
  readonly sentAt?: string;
  readonly closedAt?: string;
}

export function patientPage(root: Element, session: Session): void {
  const patientId = h('input', { name: 'patientId', required: true });
  const report = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'card no-print', role: 'search', 'aria-label': 'Find a patient' },
    field('Patient id', patientId),
    h('button', { type: 'submit' }, 'Show disclosures'),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void load(session, patientId.value.trim(), report);
  });
  show(root, h('h1', { tabindex: -1, class: 'no-print' }, 'Patient: subject access'), form, report);
}

async function load(session: Session, patientId: string, out: Element): Promise<void> {
  out.replaceChildren(statusMessage('Loading…'));
  const answer = await session.api.request<{
    disclosures?: Disclosure[];
    notifications?: Notification[];
    code?: string;
  }>('GET', `/v1/patients/${encodeURIComponent(patientId)}/disclosures`);
  if (answer.status !== 200) {
    out.replaceChildren(
      statusMessage(
        answer.status === 404
          ? 'No patient with this id.'
          : `The gatekeeper answered ${answer.status} ${answer.body.code ?? ''}`,
        'error',
      ),
    );
    return;
  }
  const disclosures = answer.body.disclosures ?? [];
  const notifications = answer.body.notifications ?? [];
  out.replaceChildren(
    h(
      'article',
      { class: 'report', 'aria-labelledby': 'report-h' },
      h('h2', { id: 'report-h' }, `Disclosures of the records of patient ${patientId}`),
      h(
        'p',
        {},
        `Prepared ${new Date().toISOString().slice(0, 10)} for a subject access response. Each receipt can be proven against the signed audit log.`,
      ),
      table(
        ['date', 'recipient', 'category', 'purpose', 'decision', 'reasons', 'receipt'],
        disclosures.map((d) => [
          d.time.slice(0, 10),
          d.recipient.name ?? d.recipient.id,
          d.recipient.category,
          d.purpose,
          d.decision,
          d.reasonCodes.join(', '),
          `${d.receipt.origin} #${d.receipt.index}`,
        ]),
        `${disclosures.length} disclosures`,
      ),
      h('h3', {}, 'Recipients notified of changes to these records'),
      notifications.length === 0
        ? h('p', {}, 'None.')
        : table(
            ['recipient', 'why', 'status', 'when'],
            notifications.map((n) => [n.recipientName ?? n.recipientId, n.trigger, n.status, notifiedWhen(n)]),
            'Recipients told of changes (UK GDPR Art 19)',
          ),
    ),
    h('button', { type: 'button', class: 'no-print', onclick: () => window.print() }, 'Print the report'),
  );
}

/** Sent: when and how; closed otherwise: when; still due: by when. */
function notifiedWhen(n: Notification): string {
  if (n.status === 'SENT')
    return `${(n.sentAt ?? n.closedAt ?? '').slice(0, 10)}${n.channel ? ` by ${n.channel}` : ''}`;
  if (n.closedAt) return n.closedAt.slice(0, 10);
  return `due by ${n.dueAt.slice(0, 10)}`;
}
