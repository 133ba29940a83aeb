/**
 * The console's entry point: sign-in or the signed-in shell, and a hash router over the pages of
 * console.md §2. Navigation shows only the pages the person's scopes allow.
 */
import { loadConfig, type ConsoleConfig } from './config.ts';
import { h, show, statusMessage } from './dom.ts';
import { auditPage } from './pages/audit.ts';
import { notificationsPage } from './pages/notifications.ts';
import { overviewPage } from './pages/overview.ts';
import { patientPage } from './pages/patient.ts';
import { policyPage, policyUnavailable } from './pages/policy.ts';
import { reviewsPage } from './pages/reviews.ts';
import { signInPage } from './pages/signin.ts';
import { NotEnrolledError, openSession, type Capability, type Session } from './session.ts';
import { forgetIdentity, loadIdentity, saveIdentity, type Identity } from './store.ts';

interface Route {
  readonly path: string;
  readonly label: string;
  readonly needs?: Capability;
  readonly render: (main: Element, session: Session) => Promise<void> | void;
}

const ROUTES: readonly Route[] = [
  { path: 'overview', label: 'Overview', render: overviewPage },
  { path: 'audit', label: 'Audit log', needs: 'audit', render: auditPage },
  { path: 'patient', label: 'Patient', needs: 'records', render: patientPage },
  { path: 'reviews', label: 'Reviews', needs: 'reviews', render: reviewsPage },
  { path: 'notifications', label: 'Notifications', needs: 'notifications', render: notificationsPage },
  {
    path: 'policy',
    label: 'Policy',
    render: (main) => policyPage(main).catch((error: unknown) => policyUnavailable(main, error)),
  },
];

const main = document.getElementById('main')!;
const nav = document.getElementById('nav')!;
const who = document.getElementById('who')!;

async function start(notice?: string): Promise<void> {
  const config = await loadConfig();
  const identity = await loadIdentity();
  if (!identity) return signIn(config, notice);
  // A key made here and not yet confirmed enrolled: show its enrolment again rather than a new form.
  if (!identity.active) return signIn(config, notice, identity);
  try {
    const session = await openSession(identity, config);
    shell(session);
  } catch (error) {
    if (!(error instanceof NotEnrolledError)) throw error;
    if (identity.source === 'enrolled') {
      // Never throw away a key the admin may be enrolling right now: it cannot be made again.
      const pending = { ...identity, active: false };
      await saveIdentity(pending);
      return signIn(config, error.message, pending);
    }
    await forgetIdentity();
    signIn(config, error.message);
  }
}

function signIn(config: ConsoleConfig, notice?: string, pending?: Identity): void {
  nav.replaceChildren();
  who.replaceChildren();
  signInPage(main, config, () => void start(), notice, pending);
}

function shell(session: Session): void {
  const routes = ROUTES.filter((route) => route.needs === undefined || session.can.has(route.needs));
  const { clientId, org, source } = session.api.identity;
  who.replaceChildren(
    h('span', {}, `${clientId} (${org})${source === 'key-file' ? ' · local demo key' : ''}`),
    h(
      'button',
      { type: 'button', class: 'link', onclick: () => void forgetIdentity().then(() => start()) },
      'Sign out',
    ),
  );
  nav.replaceChildren(
    h(
      'ul',
      {},
      ...routes.map((route) => h('li', {}, h('a', { href: `#/${route.path}`, 'data-route': route.path }, route.label))),
    ),
  );
  const render = () => void route(session, routes);
  window.onhashchange = render;
  render();
}

async function route(session: Session, routes: readonly Route[]): Promise<void> {
  const path = location.hash.replace(/^#\//, '').split('/')[0] || 'overview';
  const current = routes.find((candidate) => candidate.path === path) ?? routes[0]!;
  for (const link of nav.querySelectorAll('a')) {
    if (link.dataset['route'] === current.path) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  document.title = `${current.label} · Gatekeeper console`;
  show(main, statusMessage('Loading…'));
  try {
    await current.render(main, session);
  } catch (error) {
    show(
      main,
      h('h1', { tabindex: -1 }, current.label),
      statusMessage(`This page could not load: ${(error as Error).message}`, 'error'),
    );
  }
}

void start().catch((error: unknown) =>
  show(main, h('h1', {}, 'The console could not start'), statusMessage(String(error), 'error')),
);
