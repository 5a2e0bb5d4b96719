// Swaps: the requests waiting for my answer, my own requests, and a form to ask someone to take
// a shift of mine.
import { api, get, query, notify, showError, errorText, ApiError } from './api.js';
import { h, clear } from './dom.js';
import { t } from './i18n.js';
import { field, markField } from './dialog.js';
import { showTime, toLocalInput, fromLocalInput, isoInZone } from './time.js';

export function mount(main, ctx) {
  const me = ctx.session.person;
  const waiting = h('section', { class: 'card', 'aria-labelledby': 'swaps-waiting' });
  const mine = h('section', { class: 'card', 'aria-labelledby': 'swaps-mine' });
  const request = h('section', { class: 'card', 'aria-labelledby': 'swaps-new' });
  main.append(h('h1', { class: 'view-title' }, t('nav.swaps')), h('div', { class: 'now-grid' }, waiting, mine, request));

  const zoneOf = (teamId) => (ctx.teamInfo(teamId) || {}).timezone || 'UTC';
  const at = (iso, teamId) => showTime(iso, zoneOf(teamId), { withDay: true, yourTime: t('time.yours') });

  async function answer(swap, action) {
    try {
      await api('POST', `/swaps/${swap.id}/${action}`, {});
      notify(t(`swap.done.${action}`, { id: swap.id }), 'ok');
      load();
    } catch (error) {
      showError(error);
    }
  }

  function swapRow(swap, buttons) {
    return h('li', { class: 'swap' },
      h('div', { class: 'item-head' },
        h('span', { class: 'item-id' }, `#${swap.id}`),
        h('span', { class: ['chip', `swap-${swap.state}`] }, t(`swap.state.${swap.state}`))),
      h('p', {}, t('swap.line', {
        from: swap.person_name || swap.person, to: swap.to_person_name || swap.to_person,
        team: swap.team, layer: swap.layer || '',
      })),
      h('p', { class: 'muted small' }, `${at(swap.start, swap.team)} – ${at(swap.end, swap.team)}`),
      buttons.length ? h('div', { class: 'actions' }, buttons) : null);
  }

  async function load() {
    clear(waiting).append(h('h2', { id: 'swaps-waiting' }, t('swap.waiting')));
    clear(mine).append(h('h2', { id: 'swaps-mine' }, t('swap.mine')));
    let list;
    try {
      const data = await get(`/swaps${query({ person: me, limit: 200 })}`);
      list = data.items || [];
    } catch (error) {
      waiting.append(h('p', { class: 'error-text' }, errorText(error)));
      return;
    }
    const forMe = list.filter((s) => s.to_person === me && s.state === 'requested');
    const byMe = list.filter((s) => !forMe.includes(s));
    waiting.append(forMe.length
      ? h('ul', { class: 'plain' }, forMe.map((s) => swapRow(s, [
        h('button', { type: 'button', class: 'primary', onclick: () => answer(s, 'accept') }, t('swap.accept', { id: s.id })),
        h('button', { type: 'button', class: 'secondary', onclick: () => answer(s, 'decline') }, t('swap.decline', { id: s.id }))])))
      : h('p', { class: 'muted' }, t('swap.noneWaiting')));
    mine.append(byMe.length
      ? h('ul', { class: 'plain' }, byMe.map((s) => swapRow(s, s.person === me && s.state === 'requested'
        ? [h('button', { type: 'button', class: 'secondary', onclick: () => answer(s, 'withdraw') }, t('swap.withdraw', { id: s.id }))]
        : [])))
      : h('p', { class: 'muted' }, t('swap.noneMine')));
  }

  function renderForm() {
    clear(request).append(h('h2', { id: 'swaps-new' }, t('swap.new')));
    const teams = ctx.session.teams && ctx.session.teams.length ? ctx.session.teams : ctx.teams.map((x) => x.id);
    const teamSelect = h('select', { name: 'team' }, teams.map((id) => h('option', { value: id, selected: id === ctx.team }, id)));
    const personSelect = h('select', { name: 'to_person' });
    const fillPeople = () => {
      clear(personSelect);
      const info = ctx.teamInfo(teamSelect.value);
      const members = new Set();
      for (const l of (info && info.layers) || []) for (const m of l.members || []) members.add(m);
      if (!members.size) for (const p of ctx.people) members.add(p.id);
      members.delete(me);
      for (const p of members) personSelect.append(h('option', { value: p }, ctx.personName(p)));
    };
    teamSelect.addEventListener('change', fillPeople);
    fillPeople();
    const shift = h('input', { type: 'datetime-local', name: 'shift_at', required: true, value: toLocalInput(new Date(Date.now() + 86400000), zoneOf(teamSelect.value)) });
    const form = h('form', { class: 'stack' },
      field(t('team.label'), teamSelect),
      field(t('swap.toPerson'), personSelect),
      field(t('swap.shiftAt'), shift, t('swap.shiftHint')),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('swap.send'))));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const zone = zoneOf(teamSelect.value);
      const instant = fromLocalInput(shift.value, zone);
      if (!instant) { markField(form, 'shift_at'); notify(t('form.startNeeded')); return; }
      try {
        await api('POST', '/swaps', { team: teamSelect.value, to_person: personSelect.value, shift_at: isoInZone(instant, zone) });
        notify(t('swap.sent'), 'ok');
        load();
      } catch (error) {
        showError(error);
        if (error instanceof ApiError) markField(form, error.field);
      }
    });
    request.append(form);
  }

  renderForm();
  load();
  return { reload: load, kinds: ['rota'] };
}
