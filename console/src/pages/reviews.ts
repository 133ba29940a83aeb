/**
 * Reviews (reviews.md §5): the queue, overdue first as the gatekeeper orders it; a case with the
 * original decision and its reasons; deciding with role and justification (§2).
 */
import { field, h, show, statusMessage, table } from '../dom.ts';
import { collect } from '../queues.ts';
import type { ReviewerRole, Session } from '../session.ts';

interface ReviewCase {
  readonly reviewId: string;
  readonly kind: 'REFER' | 'RETROSPECTIVE' | 'CONTEST';
  readonly status: string;
  readonly patientId: string;
  readonly dueAt: string;
  /** Open past dueAt, as the gatekeeper computes it (its clock, not this browser's). */
  readonly overdue?: boolean;
  readonly decision?: {
    outcome: string;
    reasonCodes: string[];
    explanations?: string[];
    recipientId?: string;
    purpose?: string;
  };
}

const OUTCOMES: Record<ReviewCase['kind'], readonly string[]> = {
  REFER: ['APPROVED', 'REJECTED'],
  RETROSPECTIVE: ['UPHELD', 'NOT_UPHELD'],
  CONTEST: ['UPHELD', 'OVERTURNED'],
};

const QUEUE_MAX = 1000;
const ROLE_LABELS: Record<ReviewerRole, string> = { CALDICOTT_GUARDIAN: 'Caldicott Guardian', DPO: 'DPO' };

export async function reviewsPage(root: Element, session: Session): Promise<void> {
  const { items: reviews, more } = await collect<ReviewCase>(
    session.api,
    '/v1/reviews/search',
    { status: 'OPEN' },
    QUEUE_MAX,
  );
  const now = new Date().toISOString();
  show(
    root,
    h('h1', { tabindex: -1 }, 'Reviews'),
    more ? statusMessage(`The ${QUEUE_MAX} most pressing open cases are shown; more are open.`) : null,
    session.reviewerRoles.length === 0
      ? statusMessage('You may read the queue; deciding a case needs a Caldicott Guardian or DPO key.')
      : null,
    reviews.length === 0
      ? statusMessage('No open review cases.')
      : table(
          ['case', 'kind', 'patient', 'recipient', 'due', ''],
          reviews.map((r) => [
            r.reviewId,
            r.kind,
            r.patientId,
            r.decision?.recipientId ?? '',
            `${r.dueAt.slice(0, 16).replace('T', ' ')}${(r.overdue ?? r.dueAt < now) ? ' (overdue)' : ''}`,
            h(
              'button',
              {
                type: 'button',
                class: 'link',
                onclick: () => void casePage(root, session, r.reviewId),
                'aria-label': `Open case ${r.reviewId}`,
              },
              'Open',
            ),
          ]),
          'Open cases, overdue first',
        ),
  );
}

async function casePage(root: Element, session: Session, reviewId: string): Promise<void> {
  const review = await session.api.ok<ReviewCase>('GET', `/v1/reviews/${encodeURIComponent(reviewId)}`);
  const decision = review.decision;
  show(
    root,
    h('h1', { tabindex: -1 }, `Review ${review.reviewId}`),
    h('p', {}, h('a', { href: '#/reviews' }, 'Back to the queue')),
    h(
      'p',
      {},
      `${review.kind} for patient ${review.patientId}${decision?.recipientId ? `, release to ${decision.recipientId}` : ''}, status ${review.status}, due ${review.dueAt}.`,
    ),
    decision
      ? h(
          'section',
          { 'aria-labelledby': 'orig-h' },
          h('h2', { id: 'orig-h' }, `Original decision: ${decision.outcome}`),
          table(
            ['reason', 'explanation'],
            decision.reasonCodes.map((code, i) => [code, decision.explanations?.[i] ?? '']),
          ),
        )
      : null,
    review.status === 'OPEN' && session.reviewerRoles.length > 0 ? decideForm(session, review) : null,
  );
}

function decideForm(session: Session, review: ReviewCase): HTMLElement {
  const outcome = h(
    'select',
    { name: 'outcome' },
    ...OUTCOMES[review.kind].map((value) => h('option', { value }, value)),
  );
  // Only the role the gatekeeper registered for this person: any other would be refused (reviews.md §2).
  const role = h(
    'select',
    { name: 'role' },
    ...session.reviewerRoles.map((value) => h('option', { value }, ROLE_LABELS[value])),
  );
  const justification = h('textarea', { name: 'justification', required: true, maxlength: 4000, rows: 4 });
  // An approval may carry conditions the recipient is held to (obligation REVIEWER_CONDITIONS).
  const conditions = h('textarea', { name: 'conditions', maxlength: 4000, rows: 3 });
  const mayCondition = review.kind !== 'RETROSPECTIVE';
  const submit = h('button', { type: 'submit' }, 'Record the decision');
  const message = h('div', { 'aria-live': 'polite' });
  const form = h(
    'form',
    { class: 'card', 'aria-labelledby': 'decide-h' },
    h('h2', { id: 'decide-h' }, 'Decide'),
    field('Outcome', outcome),
    field('Your role', role),
    field('Justification (kept with the case, never logged)', justification),
    mayCondition ? field('Conditions of an approval (optional, kept with the case, never logged)', conditions) : null,
    submit,
    message,
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const body = {
      requestId: `console-${crypto.randomUUID()}`,
      outcome: outcome.value,
      role: role.value,
      justification: justification.value,
      ...(mayCondition && conditions.value.trim() ? { conditions: conditions.value } : {}),
    };
    void session.api
      .request<{ code?: string }>('POST', `/v1/reviews/${encodeURIComponent(review.reviewId)}/decide`, body)
      .then((answer) => {
        if (answer.status !== 200) {
          message.replaceChildren(statusMessage(`Not recorded: ${answer.status} ${answer.body.code ?? ''}`, 'error'));
          return;
        }
        // A case is decided once: a second press would only be refused (409).
        submit.disabled = true;
        message.replaceChildren(statusMessage(`Decided: ${outcome.value}.`));
      });
  });
  return form;
}
