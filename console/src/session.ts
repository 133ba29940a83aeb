/**
 * The signed-in session: the API signer, and what the person's scopes allow, learned by asking
 * (a 403 `forbidden_scope` means not allowed) so the console never shows a control that would fail.
 */
import { Api } from './api.ts';
import type { ConsoleConfig } from './config.ts';
import type { Identity } from './store.ts';

export type Capability = 'audit' | 'records' | 'reviews' | 'notifications';

export interface Session {
  readonly api: Api;
  readonly config: ConsoleConfig;
  readonly can: ReadonlySet<Capability>;
}

/** One cheap request per capability; allowed unless the gatekeeper refuses the scope or lacks the endpoint. */
const PROBES: Record<Capability, (api: Api) => Promise<{ status: number }>> = {
  audit: (api) => api.request('GET', '/v1/audit/checkpoints'),
  // A patient id nobody registers: 404 when reading is allowed, 403 when it is not.
  records: (api) => api.request('GET', '/v1/patients/console-scope-probe/records'),
  reviews: (api) => api.request('POST', '/v1/reviews/search', { limit: 1 }),
  notifications: (api) => api.request('POST', '/v1/notifications/search', { limit: 1 }),
};

export class NotEnrolledError extends Error {}

export async function openSession(identity: Identity, config: ConsoleConfig): Promise<Session> {
  const api = new Api(identity, config.audience);
  const answers = await Promise.all(
    (Object.keys(PROBES) as Capability[]).map(async (name) => [name, (await PROBES[name](api)).status] as const),
  );
  if (answers.some(([, status]) => status === 401)) {
    throw new NotEnrolledError('The gatekeeper does not (yet) accept this key: ask your admin to enrol it.');
  }
  const can = new Set(
    answers.filter(([, status]) => status !== 403 && status !== 404 && status !== 405).map(([n]) => n),
  );
  // The records probe's patient does not exist: 404 is the allowed answer there.
  if (answers.find(([name]) => name === 'records')?.[1] === 404) can.add('records');
  return { api, config, can };
}
