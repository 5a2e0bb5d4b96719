// The calendar: one row per layer, one column per day (a week or a month), in the team's zone.
// Coverage windows, holidays, absences, overrides, swaps, substitutes and gaps each have a colour
// and a word, so nothing depends on colour alone. A span opens a dialog to record an absence or
// an override; an absence opens one to change or end it.
import { api, get, query, notify, showError, errorText, ApiError } from './api.js';
import { h, clear } from './dom.js';
import { t } from './i18n.js';
import { openDialog, closeDialog, setDialogBody, field, markField } from './dialog.js';
import {
  dateKey, addDays, weekdayIndex, fromWall, showTime, clock, dayLabel, zoneCity, browserZone,
  toLocalInput, fromLocalInput, isoInZone, offsetMinutes,
} from './time.js';

const modeKey = 'switchboard.calendar.mode';
const reasons = ['rotation', 'override', 'swap', 'substitute', 'gap'];

export function mount(main, ctx) {
  let mode = 'week';
  try { mode = localStorage.getItem(modeKey) === 'month' ? 'month' : 'week'; } catch { /* storage may be off */ }
  let anchor = null; // a "YYYY-MM-DD" in the team's zone
  let team = null;
  let rota = null;

  const head = h('div', { class: 'view-head' });
  const body = h('div', { class: 'view-body' });
  main.append(h('h1', { class: 'view-title' }, t('nav.calendar')), head, body);

  function zone() {
    return (rota && rota.timezone) || (team && team.timezone) || 'UTC';
  }

  function range() {
    if (mode === 'month') {
      const first = `${anchor.slice(0, 7)}-01`;
      const [y, m] = first.split('-').map(Number);
      const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
      return [first, next];
    }
    const monday = addDays(anchor, -weekdayIndex(anchor));
    return [monday, addDays(monday, 7)];
  }

  function step(direction) {
    if (mode === 'month') {
      const [y, m] = anchor.split('-').map(Number);
      const month = m + direction;
      const year = y + Math.floor((month - 1) / 12);
      const mm = ((month - 1) % 12 + 12) % 12 + 1;
      anchor = `${year}-${String(mm).padStart(2, '0')}-01`;
    } else {
      anchor = addDays(anchor, 7 * direction);
    }
    load();
  }

  function renderHead() {
    clear(head);
    if (!ctx.team) {
      head.append(h('p', {}, t('team.none')));
      return;
    }
    const [from, to] = range();
    const title = mode === 'month'
      ? dayLabel(from, { month: 'long', year: 'numeric' })
      : `${dayLabel(from, { day: 'numeric', month: 'short' })} – ${dayLabel(addDays(to, -1), { day: 'numeric', month: 'short', year: 'numeric' })}`;
    const modeButton = (m) => h('button', {
      type: 'button', class: 'toggle', 'aria-pressed': String(mode === m),
      onclick: () => { mode = m; try { localStorage.setItem(modeKey, m); } catch { /* off */ } load(); },
    }, t(`calendar.${m}`));
    const zoneNote = h('p', { class: 'zone-note' }, t('calendar.zone', { zone: zone() }));
    if (offsetMinutes(new Date(), browserZone()) !== offsetMinutes(new Date(), zone())) {
      zoneNote.append(' ', t('calendar.yourZone', { zone: browserZone() }));
    }
    head.append(
      h('div', { class: 'toolbar' },
        ctx.teamPicker(() => { anchor = null; load(); }),
        h('div', { class: 'group', role: 'group', 'aria-label': t('calendar.viewLabel') }, modeButton('week'), modeButton('month')),
        h('div', { class: 'group', role: 'group', 'aria-label': t('calendar.navLabel') },
          h('button', { type: 'button', onclick: () => step(-1), 'aria-label': t('calendar.prev') }, '‹'),
          h('button', { type: 'button', onclick: () => { anchor = dateKey(new Date(), zone()); load(); } }, t('calendar.today')),
          h('button', { type: 'button', onclick: () => step(1), 'aria-label': t('calendar.next') }, '›'))),
      h('h2', { class: 'range-title', 'aria-live': 'polite' }, title),
      zoneNote);
  }

  async function load() {
    if (!ctx.team) { renderHead(); return; }
    try {
      team = await get(`/teams/${encodeURIComponent(ctx.team)}`);
      if (!anchor) anchor = dateKey(new Date(), team.timezone || 'UTC');
      const [from, to] = range();
      rota = await get(`/teams/${encodeURIComponent(ctx.team)}/rota${query({ from, to })}`);
      renderHead();
      renderGrid(from, to);
    } catch (error) {
      renderHead();
      clear(body).append(h('p', { class: 'error-text' }, errorText(error)));
    }
  }

  function dayBounds(key) {
    const [y, m, d] = key.split('-').map(Number);
    const [ny, nm, nd] = addDays(key, 1).split('-').map(Number);
    return [fromWall(y, m, d, 0, 0, zone()), fromWall(ny, nm, nd, 0, 0, zone())];
  }

  function overlapping(list, start, end) {
    return list.filter((x) => new Date(x.start) < end && (x.end ? new Date(x.end) > start : true));
  }

  // The spans of the rota, with gaps the server listed only under "gaps" added as gap spans.
  function allSpans() {
    const spans = [...(rota.spans || [])];
    for (const gap of rota.gaps || []) {
      const known = spans.some((s) => s.reason === 'gap' && s.layer === gap.layer && s.start === gap.start);
      if (!known) spans.push({ ...gap, reason: 'gap', person: null, person_name: null });
    }
    return spans.sort((a, b) => new Date(a.start) - new Date(b.start));
  }

  // One person on two layers at once: the second layer has no second pair of hands, which is
  // a gap in all but name (a substitute or a swap can cause it).
  function doubleDuty(spans) {
    const found = [];
    const people = spans.filter((x) => x.person && x.reason !== 'gap');
    for (let i = 0; i < people.length; i += 1) {
      for (let j = i + 1; j < people.length; j += 1) {
        const a = people[i];
        const b = people[j];
        if (a.person !== b.person || a.layer === b.layer) continue;
        const start = Math.max(new Date(a.start), new Date(b.start));
        const end = Math.min(new Date(a.end), new Date(b.end));
        if (start >= end) continue;
        a.alsoOn = b.layer;
        b.alsoOn = a.layer;
        found.push({ person: a.person, name: a.person_name || a.person, layers: [a.layer, b.layer],
          start: new Date(start).toISOString(), end: new Date(end).toISOString(), span: a });
      }
    }
    return found;
  }

  function clipLabel(item, start, end) {
    const from = new Date(item.start) < start ? '00:00' : clock(item.start, zone());
    const to = !item.end || new Date(item.end) >= end ? '24:00' : clock(item.end, zone());
    return `${from}–${to}`;
  }

  function windowName(name) {
    return String(name || '').replace(/_/g, ' ');
  }

  function spanText(span) {
    if (span.reason === 'gap') return t('reason.gap');
    return span.person_name || span.person || '?';
  }

  function spanTitle(span) {
    const parts = [t(`reason.${span.reason}`), `${showTime(span.start, zone(), { withDay: true, yourTime: t('time.yours') })} – ${showTime(span.end, zone(), { withDay: true, yourTime: t('time.yours') })}`];
    if (span.person_name) parts.unshift(span.person_name);
    if (span.substitutes_for_name || span.substitutes_for) parts.push(t('calendar.for', { name: span.substitutes_for_name || span.substitutes_for }));
    if (span.why) parts.push(span.why);
    return parts.join(' · ');
  }

  // Which span had the keyboard focus, so a reload (a change made elsewhere) gives it back.
  function focusKey() {
    const el = document.activeElement;
    if (!el || !body.contains(el) || !el.classList.contains('span')) return null;
    const cell = el.closest('td');
    return { date: cell.dataset.date, layer: cell.dataset.layer || '', index: [...cell.querySelectorAll('button.span')].indexOf(el) };
  }

  function restoreFocus(key) {
    if (!key) return;
    const selector = key.layer ? `td[data-date="${key.date}"][data-layer="${CSS.escape(key.layer)}"]` : `.absence-row td[data-date="${key.date}"]`;
    const spans = body.querySelectorAll(`${selector} button.span`);
    const el = spans[Math.min(key.index, spans.length - 1)];
    if (el) el.focus();
  }

  function renderGrid(from, to) {
    const focused = focusKey();
    clear(body);
    const days = [];
    for (let d = from; d < to; d = addDays(d, 1)) days.push(d);
    const holidays = new Map((rota.holidays || []).map((x) => [x.date, x.name]));
    const layers = rota.layers && rota.layers.length ? rota.layers : (team.layers || []).map((l) => l.name);
    const spans = allSpans();
    const doubles = doubleDuty(spans);
    const today = dateKey(new Date(), zone());

    const headRow = h('tr', {}, h('th', { scope: 'col', class: 'corner' }, t('calendar.layer')),
      days.map((d) => {
        const holiday = holidays.get(d);
        const weekend = weekdayIndex(d) >= 5;
        return h('th', { scope: 'col', class: ['day', weekend && 'weekend', holiday && 'holiday', d === today && 'today'], dataset: { date: d } },
          h('span', { class: 'day-name' }, dayLabel(d, mode === 'month' ? { weekday: 'short', day: 'numeric' } : { weekday: 'short', day: 'numeric', month: 'short' })),
          holiday ? h('span', { class: 'holiday-name', title: holiday }, holiday) : null);
      }));

    const rows = [];
    // Coverage windows: when someone must be on call at all.
    rows.push(h('tr', { class: 'windows-row' }, h('th', { scope: 'row' }, t('calendar.windows')),
      days.map((d) => {
        const [s, e] = dayBounds(d);
        return h('td', {}, overlapping(rota.windows || [], s, e).map((w) =>
          h('span', { class: 'chip window', title: `${w.window}: ${spanTitle({ ...w, reason: 'rotation' }).split(' · ').slice(1).join(' · ')}` },
            mode === 'month' ? windowName(w.window) : `${windowName(w.window)} ${clipLabel(w, s, e)}`)));
      })));
    for (const layer of layers) {
      rows.push(h('tr', {}, h('th', { scope: 'row' }, layer),
        days.map((d) => {
          const [s, e] = dayBounds(d);
          let here = overlapping(spans.filter((x) => x.layer === layer), s, e);
          // A month's cells are narrow: one entry per person and kind a day is enough there.
          if (mode === 'month') {
            const seen = new Set();
            here = here.filter((x) => {
              const key = `${x.person}|${x.reason}|${x.substitutes_for || ''}`;
              if (seen.has(key)) return false;
              seen.add(key);
              return true;
            });
          }
          return h('td', { class: [holidays.has(d) && 'holiday', weekdayIndex(d) >= 5 && 'weekend'], dataset: { date: d, layer } },
            here.map((span) => h('button', {
              type: 'button', class: ['span', `r-${span.reason}`, span.alsoOn && 'double'],
              title: span.alsoOn ? `${spanTitle(span)} · ${t('calendar.double', { layer: span.alsoOn })}` : spanTitle(span),
              onclick: () => spanDialog(span),
            },
            mode === 'week' ? h('span', { class: 'span-time' }, clipLabel(span, s, e)) : null,
            h('span', { class: 'span-who' }, spanText(span)),
            span.reason !== 'rotation' && span.reason !== 'gap' ? h('span', { class: 'span-tag' }, t(`tag.${span.reason}`)) : null,
            span.alsoOn ? h('span', { class: 'double-tag' }, `⚠ ${t('calendar.double', { layer: span.alsoOn })}`) : null)));
        })));
    }
    // Absences: who is away, whatever their layer.
    rows.push(h('tr', { class: 'absence-row' }, h('th', { scope: 'row' }, t('calendar.absences')),
      days.map((d) => {
        const [s, e] = dayBounds(d);
        return h('td', { dataset: { date: d } }, overlapping((rota.absences || []).filter((a) => a.state !== 'cancelled'), s, e).map((a) =>
          h('button', {
            type: 'button', class: 'span r-absence',
            title: `${a.person_name || a.person} · ${t(`absence.${a.reason}`)} · ${showTime(a.start, zone(), { withDay: true, yourTime: t('time.yours') })} – ${a.end ? showTime(a.end, zone(), { withDay: true, yourTime: t('time.yours') }) : t('absence.untilBack')}`,
            onclick: () => absenceDialog(a.id),
          }, h('span', { class: 'span-who' }, a.person_name || a.person), h('span', { class: 'span-tag' }, t(`absence.${a.reason}`)))));
      })));

    const table = h('table', { class: ['cal', `cal-${mode}`], vars: { '--days': String(days.length) } },
      h('caption', { class: 'sr-only' }, t('calendar.caption', { team: ctx.team })),
      h('thead', {}, headRow), h('tbody', {}, rows));
    const scroller = h('div', { class: 'grid-scroll', role: 'region', tabindex: '0', 'aria-label': t('calendar.gridLabel') }, table);
    body.append(scroller, legend(), gapList(doubles));
    // Today in view: a month is wider than most screens.
    const todayHead = table.querySelector('th.today');
    if (todayHead) {
      const corner = table.querySelector('th.corner');
      scroller.scrollLeft = Math.max(0, todayHead.offsetLeft - (corner ? corner.offsetWidth : 0) - 4);
    }
    restoreFocus(focused);
  }

  function legend() {
    const items = [...reasons.map((r) => [`r-${r}`, t(`reason.${r}`)]), ['r-absence', t('legend.absence')],
      ['holiday', t('legend.holiday')], ['window', t('legend.window')]];
    return h('section', { class: 'legend', 'aria-label': t('legend.title') },
      h('h2', { class: 'sr-only' }, t('legend.title')),
      h('ul', {}, items.map(([cls, label]) => h('li', {}, h('span', { class: ['swatch', cls], 'aria-hidden': 'true' }), label))));
  }

  function gapList(doubles) {
    const gaps = allSpans().filter((s) => s.reason === 'gap');
    const section = h('section', { class: 'gaps' }, h('h2', {}, t('calendar.gapsTitle')));
    const range = (x) => `${showTime(x.start, zone(), { withDay: true, yourTime: t('time.yours') })} – ${showTime(x.end, zone(), { withDay: true, yourTime: t('time.yours') })}`;
    if (doubles.length) {
      section.append(h('ul', { class: 'doubles' }, doubles.map((d) => h('li', { class: 'gap-item' },
        h('button', { type: 'button', class: 'link', onclick: () => spanDialog(d.span) }, range(d)),
        h('span', { class: 'why' }, ` — ${t('calendar.doubleLine', { name: d.name, a: d.layers[0], b: d.layers[1] })}`)))));
    }
    if (!gaps.length && !doubles.length) {
      section.append(h('p', { class: 'ok-text' }, t('calendar.noGaps')));
      return section;
    }
    if (!gaps.length) return section;
    section.append(h('ul', {}, gaps.map((g) => h('li', { class: 'gap-item' },
      h('button', { type: 'button', class: 'link', onclick: () => spanDialog(g) },
        `${g.layer} · ${windowName(g.window)} · ${showTime(g.start, zone(), { withDay: true, yourTime: t('time.yours') })} – ${showTime(g.end, zone(), { withDay: true, yourTime: t('time.yours') })}`),
      g.why ? h('span', { class: 'why' }, ` — ${g.why}`) : null))));
    return section;
  }

  function when(label, iso) {
    return h('div', { class: 'fact' }, h('dt', {}, label), h('dd', {}, iso ? showTime(iso, zone(), { withDay: true, yourTime: t('time.yours') }) : t('absence.untilBack')));
  }

  // A time field's label says which zone it is in: the team's, not necessarily the browser's.
  function inZone(label) {
    return `${label} (${zoneCity(zone())})`;
  }

  function timeInput(name, iso) {
    return h('input', { type: 'datetime-local', name, value: iso ? toLocalInput(new Date(iso), zone()) : '' });
  }

  function readTime(form, name, required) {
    const value = form.elements[name].value;
    if (!value) return required ? undefined : null;
    const instant = fromLocalInput(value, zone());
    return instant ? isoInZone(instant, zone()) : undefined;
  }

  function spanDialog(span) {
    const facts = h('dl', { class: 'facts' },
      h('div', { class: 'fact' }, h('dt', {}, t('calendar.layer')), h('dd', {}, span.layer)),
      h('div', { class: 'fact' }, h('dt', {}, t('calendar.kind')), h('dd', {}, h('span', { class: ['chip', `r-${span.reason}`] }, t(`reason.${span.reason}`)))),
      span.person ? h('div', { class: 'fact' }, h('dt', {}, t('calendar.person')), h('dd', {}, span.person_name || span.person)) : null,
      span.substitutes_for ? h('div', { class: 'fact' }, h('dt', {}, t('calendar.substitutesFor')), h('dd', {}, span.substitutes_for_name || span.substitutes_for)) : null,
      span.window ? h('div', { class: 'fact' }, h('dt', {}, t('calendar.window')), h('dd', {}, windowName(span.window))) : null,
      when(t('calendar.from'), span.start), when(t('calendar.to'), span.end),
      span.why ? h('div', { class: 'fact why' }, h('dt', {}, t('calendar.why')), h('dd', {}, span.why)) : null);
    const parts = [facts];
    if (span.person) parts.push(absenceForm(span));
    parts.push(overrideForm(span));
    openDialog(span.reason === 'gap' ? t('calendar.gapTitle', { layer: span.layer }) : `${span.person_name || span.person} · ${span.layer}`, ...parts);
  }

  function absenceForm(span) {
    const form = h('form', { class: 'stack', 'aria-labelledby': 'absence-form-title' },
      h('h3', { id: 'absence-form-title' }, t('absence.addFor', { name: span.person_name || span.person })),
      field(t('absence.reason'), h('select', { name: 'reason' },
        ['sick', 'vacation', 'other'].map((r) => h('option', { value: r }, t(`absence.${r}`))))),
      h('div', { class: 'two' },
        field(inZone(t('calendar.from')), timeInput('start', span.start)),
        field(inZone(t('calendar.to')), timeInput('end', span.end), t('absence.endHint'))),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('absence.save'))));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const start = readTime(form, 'start', true);
      if (!start) { markField(form, 'start'); notify(t('form.startNeeded')); return; }
      const body = { person: span.person, reason: form.elements.reason.value, start };
      const end = readTime(form, 'end', false);
      if (end) body.end = end;
      await submit(form, () => api('POST', '/absences', body), t('absence.saved'));
    });
    return form;
  }

  function overrideForm(span) {
    const members = new Set();
    for (const l of team.layers || []) for (const m of l.members || []) members.add(m);
    for (const p of ctx.people) members.add(p.id);
    const options = [...members].filter((p) => p !== span.person);
    const form = h('form', { class: 'stack', 'aria-labelledby': 'override-form-title' },
      h('h3', { id: 'override-form-title' }, t('override.title')),
      field(t('override.who'), h('select', { name: 'person' },
        options.map((p) => h('option', { value: p }, ctx.personName(p))))),
      h('div', { class: 'two' },
        field(inZone(t('calendar.from')), timeInput('start', span.start)),
        field(inZone(t('calendar.to')), timeInput('end', span.end))),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'primary' }, t('override.save'))));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      const start = readTime(form, 'start', true);
      const end = readTime(form, 'end', true);
      if (!start || !end) { markField(form, start ? 'end' : 'start'); notify(t('form.bothNeeded')); return; }
      const body = { team: ctx.team, layer: span.layer, person: form.elements.person.value, start, end };
      await submit(form, () => api('POST', '/overrides', body), t('override.saved'));
    });
    return form;
  }

  // Sends a change; on success closes the dialog and reloads, on failure shows the server's
  // detail and marks the field it names.
  async function submit(form, send, done) {
    const buttons = form.querySelectorAll('button');
    buttons.forEach((b) => { b.disabled = true; });
    try {
      await send();
      closeDialog();
      notify(done, 'ok');
      load();
    } catch (error) {
      showError(error);
      if (error instanceof ApiError) markField(form, error.field);
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  }

  async function absenceDialog(id) {
    let current;
    try {
      current = await api('GET', `/absences/${id}`);
    } catch (error) {
      showError(error);
      return;
    }
    openDialog(t('absence.editTitle'), ...absenceEditor(id, current));
  }

  function absenceEditor(id, { data, etag }) {
    const a = data;
    const facts = h('dl', { class: 'facts' },
      h('div', { class: 'fact' }, h('dt', {}, t('calendar.person')), h('dd', {}, a.person_name || a.person)),
      h('div', { class: 'fact' }, h('dt', {}, t('absence.state')), h('dd', {}, a.state || '')),
      when(t('calendar.from'), a.start), when(t('calendar.to'), a.end));
    const form = h('form', { class: 'stack' },
      field(t('absence.reason'), h('select', { name: 'reason' },
        ['sick', 'vacation', 'other'].map((r) => h('option', { value: r, selected: r === a.reason }, t(`absence.${r}`))))),
      h('div', { class: 'two' },
        field(inZone(t('calendar.from')), timeInput('start', a.start)),
        field(inZone(t('calendar.to')), timeInput('end', a.end), t('absence.endHint'))),
      h('div', { class: 'actions' },
        h('button', { type: 'submit', class: 'primary' }, t('absence.update')),
        h('button', { type: 'button', class: 'danger', onclick: () => remove() }, t('absence.remove'))));
    const reloadAfterConflict = async (error) => {
      if (error instanceof ApiError && error.status === 412) {
        try {
          setDialogBody(...absenceEditor(id, await api('GET', `/absences/${id}`)));
          notify(t('error.conflict'), 'error');
        } catch (again) { showError(again); }
        return true;
      }
      return false;
    };
    const run = async (send, done) => {
      try {
        await send();
        closeDialog();
        notify(done, 'ok');
        load();
      } catch (error) {
        if (await reloadAfterConflict(error)) return;
        showError(error);
        if (error instanceof ApiError) markField(form, error.field);
      }
    };
    const remove = () => run(() => api('DELETE', `/absences/${id}`, undefined, { ifMatch: etag }), t('absence.removed'));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const start = readTime(form, 'start', true);
      if (!start) { markField(form, 'start'); notify(t('form.startNeeded')); return; }
      const body = { reason: form.elements.reason.value, start, end: readTime(form, 'end', false) };
      run(() => api('PATCH', `/absences/${id}`, body, { ifMatch: etag }), t('absence.updated'));
    });
    return [facts, form];
  }

  load();
  return { reload: load, kinds: ['rota'] };
}
