/**
 * The signed-in session: the API signer, and what the person's scopes allow, learned by asking
 * (a 403 `forbidden_scope` means not allowed) so the console never shows a control that would fail.
 */
import { Api } from './api.ts';
import type { ConsoleConfig } from './config.ts';
import type { Identity } from './store.ts';

/**
 * `reviews` and `notifications` are reading the queues (`audit:read` may); `closeNotifications`
 * is marking one sent or not required (`records:write`). Deciding a review is per role: `roles`.
 */
export type Capability = 'audit' | 'records' | 'reviews' | 'notifications' | 'closeNotifications';
export type ReviewerRole = 'CALDICOTT_GUARDIAN' | 'DPO';
const REVIEWER_ROLES: readonly ReviewerRole[] = ['CALDICOTT_GUARDIAN', 'DPO'];

export interface Session {
  readonly api: Api;
  readonly config: ConsoleConfig;
  readonly can: ReadonlySet<Capability>;
  /** The roles this person may decide reviews in (reviews.md §2: the registered displayRole). */
  readonly reviewerRoles: readonly ReviewerRole[];
}

/**
 * The id of a case or notification that does not exist: random per sign-in, so no one can create
 * one under it beforehand and have a probe act on it. A write probe passes the scope check (and,
 * for a decision, the role check) and stops at "no such case" (404); refused, it is a 403.
 */
const absentId = () => `console-scope-probe-${crypto.randomUUID()}`;

/** One cheap request per capability; allowed when the answer is not a refusal of the scope. */
const PROBES: Record<Capability, (api: Api) => Promise<{ status: number }>> = {
  audit: (api) => api.request('GET', '/v1/audit/checkpoints'),
  // A patient id nobody registers: 404 when reading is allowed, 403 when it is not.
  records: (api) => api.request('GET', `/v1/patients/${absentId()}/records`),
  reviews: (api) => api.request('POST', '/v1/reviews/search', { limit: 1 }),
  notifications: (api) => api.request('POST', '/v1/notifications/search', { limit: 1 }),
  closeNotifications: (api) =>
    api.request('POST', `/v1/notifications/${absentId()}/sent`, {
      requestId: absentId(),
      at: new Date().toISOString(),
      channel: 'EMAIL',
      recordedBy: api.identity.clientId,
    }),
};

/** 404 is the allowed answer of the probes that name something absent. */
const ALLOWED_WHEN_ABSENT: ReadonlySet<Capability> = new Set(['records', 'closeNotifications']);

const decideProbe = (api: Api, role: ReviewerRole) =>
  api.request('POST', `/v1/reviews/${absentId()}/decide`, {
    requestId: absentId(),
    outcome: 'REJECTED',
    role,
    justification: 'Console sign-in: may this person decide in this role? (no such case)',
  });

export class NotEnrolledError extends Error {}

export async function openSession(identity: Identity, config: ConsoleConfig): Promise<Session> {
  const api = new Api(identity, config.audience);
  const [answers, roleAnswers] = await Promise.all([
    Promise.all(
      (Object.keys(PROBES) as Capability[]).map(async (name) => [name, (await PROBES[name](api)).status] as const),
    ),
    Promise.all(REVIEWER_ROLES.map(async (role) => [role, (await decideProbe(api, role)).status] as const)),
  ]);
  if ([...answers, ...roleAnswers].some(([, status]) => status === 401)) {
    throw new NotEnrolledError('The gatekeeper does not (yet) accept this key: ask your admin to enrol it.');
  }
  const allowed = (name: Capability, status: number) =>
    ALLOWED_WHEN_ABSENT.has(name) ? status === 404 : status !== 403 && status !== 404 && status !== 405;
  const can = new Set(answers.filter(([name, status]) => allowed(name, status)).map(([name]) => name));
  const reviewerRoles = roleAnswers.filter(([, status]) => status === 404).map(([role]) => role);
  return { api, config, can, reviewerRoles };
}
