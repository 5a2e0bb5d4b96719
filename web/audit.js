// The audit log, newest first, a page at a time (the API's cursor).
import { get, query, errorText } from './api.js';
import { h, clear } from './dom.js';
import { t } from './i18n.js';

export function mount(main) {
  const pageSize = 50;
  let cursors = [null]; // the cursor of each page seen, so "newer" can go back
  let index = 0;
  const body = h('div', { class: 'view-body' });
  main.append(h('h1', { class: 'view-title' }, t('nav.audit')), body);

  async function load() {
    let data;
    try {
      data = await get(`/audit${query({ limit: pageSize, cursor: cursors[index] })}`);
    } catch (error) {
      clear(body).append(h('p', { class: 'error-text' }, errorText(error)));
      return;
    }
    const rows = data.items || [];
    cursors = cursors.slice(0, index + 1);
    if (data.next_cursor) cursors.push(data.next_cursor);
    const nav = h('div', { class: 'toolbar pager' },
      h('button', { type: 'button', disabled: index === 0, onclick: () => { index = 0; load(); } }, t('audit.newest')),
      h('button', { type: 'button', disabled: index === 0, onclick: () => { index -= 1; load(); } }, t('audit.newer')),
      h('span', { class: 'muted' }, t('audit.page', { n: index + 1 })),
      h('button', { type: 'button', disabled: !data.next_cursor, onclick: () => { index += 1; load(); } }, t('audit.older')));
    clear(body).append(nav, rows.length
      ? h('div', { class: 'table-scroll' }, h('table', { class: 'list audit' },
        h('thead', {}, h('tr', {}, [t('audit.at'), t('audit.actor'), t('audit.via'), t('audit.action'), t('audit.detail')].map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, rows.map((r) => h('tr', {},
          h('td', { class: 'nowrap' }, h('time', { datetime: r.at }, new Date(r.at).toLocaleString())),
          h('td', {}, r.actor_name || r.actor || ''), h('td', {}, r.via || ''),
          h('td', {}, h('code', {}, r.action || '')),
          h('td', { class: 'detail' }, typeof r.detail === 'string' ? r.detail : JSON.stringify(r.detail)))))))
      : h('p', { class: 'muted' }, t('audit.empty')));
  }

  load();
  // Live changes only matter on the newest page.
  return { reload: () => { if (index === 0) load(); }, kinds: ['rota'] };
}
