// Now: who is on call on each layer and who comes next, the items still waiting (oldest first)
// with claim and resolve, and the pages under way.
import { api, get, query, notify, showError, errorText } from './api.js';
import { h, clear } from './dom.js';
import { t } from './i18n.js';
import { showTime, duration } from './time.js';

export function mount(main, ctx) {
  const head = h('div', { class: 'view-head' });
  const oncall = h('section', { class: 'card', 'aria-labelledby': 'oncall-title' });
  const items = h('section', { class: 'card', 'aria-labelledby': 'items-title' });
  const pages = h('section', { class: 'card', 'aria-labelledby': 'pages-title' });
  main.append(h('h1', { class: 'view-title' }, t('nav.now')), head, h('div', { class: 'now-grid' }, oncall, items, pages));
  head.append(h('div', { class: 'toolbar' }, ctx.teamPicker(() => load())));

  const zone = () => (ctx.teamInfo(ctx.team) || {}).timezone || 'UTC';

  async function load() {
    await Promise.all([loadOncall(), loadItems(), loadPages()]);
  }

  async function loadOncall() {
    clear(oncall).append(h('h2', { id: 'oncall-title' }, t('now.oncall')));
    if (!ctx.team) return;
    try {
      const data = await get(`/teams/${encodeURIComponent(ctx.team)}/oncall`);
      const zone = data.timezone || 'UTC';
      const at = (iso) => showTime(iso, zone, { withDay: true, yourTime: t('time.yours') });
      if (data.window) oncall.append(h('p', { class: 'window-now' }, t('now.window', { window: String(data.window).replace(/_/g, ' ') })));
      else oncall.append(h('p', { class: 'muted' }, t('now.noWindow')));
      const next = data.next || [];
      const layerNames = [...new Set([...(data.layers || []), ...next].map((s) => s.layer))];
      const table = h('table', { class: 'list' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('calendar.layer')), h('th', { scope: 'col' }, t('now.current')), h('th', { scope: 'col' }, t('now.next')))),
        h('tbody', {}, layerNames.map((layer) => {
          const cur = (data.layers || []).find((s) => s.layer === layer);
          const nxt = next.find((s) => s.layer === layer);
          const cell = (span, isNext) => h('td', {}, span ? [
            h('strong', { class: span.reason === 'gap' ? 'gap-text' : '' }, span.reason === 'gap' ? t('reason.gap') : (span.person_name || span.person)),
            span.reason !== 'rotation' && span.reason !== 'gap' ? h('span', { class: ['chip', 'tagged', `r-${span.reason}`] }, t(`reason.${span.reason}`)) : null,
            span.substitutes_for ? h('span', { class: 'muted' }, ` ${t('calendar.for', { name: span.substitutes_for_name || span.substitutes_for })}`) : null,
            h('div', { class: 'muted small' }, isNext ? t('now.from', { time: at(span.start) }) : t('now.until', { time: at(span.end) })),
            span.why ? h('div', { class: 'why small' }, span.why) : null,
          ] : h('span', { class: 'muted' }, '–'));
          return h('tr', {}, h('th', { scope: 'row' }, layer), cell(cur, false), cell(nxt, true));
        })));
      oncall.append(h('div', { class: 'table-scroll' }, table));
    } catch (error) {
      oncall.append(h('p', { class: 'error-text' }, errorText(error)));
    }
  }

  async function act(item, action) {
    try {
      await api('POST', `/items/${item.id}/${action}`, {});
      notify(t(`now.done.${action}`, { id: item.id }), 'ok');
      loadItems();
    } catch (error) {
      showError(error);
    }
  }

  async function loadItems() {
    clear(items).append(h('h2', { id: 'items-title' }, t('now.items')));
    try {
      const data = await get(`/items${query({ state: 'open,claimed,snoozed', team: ctx.team, limit: 200 })}`);
      const list = (data.items || []).slice().sort((a, b) => new Date(a.received_at) - new Date(b.received_at));
      if (!list.length) {
        items.append(h('p', { class: 'ok-text' }, t('now.noItems')));
        return;
      }
      const nowMs = Date.now();
      items.append(h('ul', { class: 'items' }, list.map((item) => h('li', { class: ['item', `s-${item.state}`] },
        h('div', { class: 'item-head' },
          h('span', { class: 'item-id' }, `#${item.id}`),
          h('span', { class: ['chip', `state-${item.state}`] }, t(`state.${item.state}`)),
          item.priority ? h('span', { class: ['chip', `prio-${item.priority}`] }, item.priority) : null,
          h('span', { class: 'muted small' }, t('now.age', { age: duration((nowMs - new Date(item.received_at)) / 1000) }))),
        h('p', { class: 'item-text' }, h('strong', {}, `${item.author || ''}`), item.platform ? ` (${item.platform})` : '', ': ', item.text || ''),
        item.claimed_by ? h('p', { class: 'muted small' }, t('now.claimedBy', { name: item.claimed_by_name || item.claimed_by })) : null,
        item.state === 'snoozed' && item.snoozed_until ? h('p', { class: 'muted small' }, t('now.snoozedUntil', { time: new Date(item.snoozed_until).toLocaleString() })) : null,
        h('div', { class: 'actions' },
          item.state !== 'claimed' ? h('button', { type: 'button', onclick: () => act(item, 'claim') }, t('now.claim', { id: item.id })) : null,
          h('button', { type: 'button', class: 'secondary', onclick: () => act(item, 'resolve') }, t('now.resolve', { id: item.id })),
          item.url ? h('a', { href: item.url, rel: 'noopener noreferrer', target: '_blank' }, t('now.open')) : null)))));
    } catch (error) {
      items.append(h('p', { class: 'error-text' }, errorText(error)));
    }
  }

  async function loadPages() {
    clear(pages).append(h('h2', { id: 'pages-title' }, t('now.pages')));
    try {
      const data = await get('/pages');
      const list = data.items || [];
      if (!list.length) {
        pages.append(h('p', { class: 'muted' }, t('now.noPages')));
        return;
      }
      pages.append(h('ul', { class: 'plain' }, list.map((p) => h('li', { class: 'page-row' },
        h('strong', {}, `#${p.item_id}`), ` → ${p.person_name || p.person || ''} · ${p.method || ''} · `,
        h('span', { class: ['chip', `page-${p.state}`] }, p.state || ''),
        p.created_at ? h('span', { class: 'muted small' }, ` ${t('now.since', { time: showTime(p.created_at, zone(), { yourTime: t('time.yours') }) })}`) : null,
        p.detail ? h('div', { class: 'muted small' }, p.detail) : null))));
    } catch (error) {
      pages.append(h('p', { class: 'error-text' }, errorText(error)));
    }
  }

  load();
  return { reload: load, kinds: ['item', 'page', 'rota'] };
}
