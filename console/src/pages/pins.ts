/**
 * The verifier keys this person trusts to sign checkpoints, pinned in this browser. Until some are
 * pinned nothing is verified; pinning the keys the gatekeeper publishes is trust on first use, and
 * the page says so, so an auditor can compare them with the keys published out of band.
 */
import { h } from '../dom.ts';
import { pinVkeys, pinnedVkeys } from '../store.ts';
import type { Session } from '../session.ts';

export async function pinsPanel(session: Session, changed: () => void): Promise<HTMLElement> {
  const pinned = await pinnedVkeys();
  const panel = h(
    'section',
    { class: 'card', 'aria-labelledby': 'pins-h' },
    h('h2', { id: 'pins-h' }, 'Pinned verifier keys'),
  );
  if (pinned.length > 0) {
    panel.append(h('ul', { class: 'vkeys' }, ...pinned.map((vkey) => h('li', {}, h('code', {}, vkey)))));
    return panel;
  }
  const { vkeys } = await session.api.ok<{ vkeys: string[] }>('GET', '/v1/audit/checkpoints');
  panel.append(
    h(
      'p',
      {},
      'No keys are pinned in this browser yet, so nothing can be verified. The gatekeeper publishes these; compare them with the keys your organisation published before you pin them.',
    ),
    h('ul', { class: 'vkeys' }, ...vkeys.map((vkey) => h('li', {}, h('code', {}, vkey)))),
    h('button', { type: 'button', onclick: () => void pinVkeys(vkeys).then(changed) }, 'Pin these keys'),
  );
  return panel;
}
