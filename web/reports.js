// Reports: time to claim and to resolve (median and p90) per week, per source and per person,
// items per hour of the week, and fairness of the on-call load. Each chart is a plain SVG with
// the numbers beside it in a table, and every section can be downloaded as CSV.
import { get, query, errorText } from './api.js';
import { h, clear } from './dom.js';
import { t } from './i18n.js';
import { dateKey, addDays, duration } from './time.js';

export function mount(main, ctx) {
  const zone = () => (ctx.teamInfo(ctx.team) || {}).timezone || 'UTC';
  let to = dateKey(new Date(), zone());
  let from = addDays(to, -27);
  const head = h('div', { class: 'view-head' });
  const body = h('div', { class: 'view-body reports' });
  main.append(h('h1', { class: 'view-title' }, t('nav.reports')), head, body);

  function renderHead() {
    const fromInput = h('input', { type: 'date', name: 'from', value: from, id: 'report-from' });
    const toInput = h('input', { type: 'date', name: 'to', value: to, id: 'report-to' });
    const form = h('form', { class: 'toolbar' },
      ctx.teamPicker(() => load()),
      h('div', { class: 'field inline' }, h('label', { for: 'report-from' }, t('calendar.from')), fromInput),
      h('div', { class: 'field inline' }, h('label', { for: 'report-to' }, t('calendar.to')), toInput),
      h('button', { type: 'submit' }, t('report.show')));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      from = fromInput.value || from;
      to = toInput.value || to;
      load();
    });
    clear(head).append(form);
  }

  const params = () => ({ team: ctx.team, from, to: addDays(to, 1) });
  const csv = (section) => h('a', { class: 'csv', href: `/api/v1/reports.csv${query({ section, ...params() })}`, download: `${section}.csv` },
    t('report.csv'));

  async function load() {
    renderHead();
    let report;
    try {
      report = await get(`/reports${query(params())}`);
    } catch (error) {
      clear(body).append(h('p', { class: 'error-text' }, errorText(error)));
      return;
    }
    clear(body).append(
      timingSection('weeks', report.weeks || []),
      timingSection('sources', report.sources || []),
      timingSection('people', report.people || []),
      hoursSection(report.hours || []),
      fairnessSection(report.fairness || []));
  }

  function section(name, ...content) {
    return h('section', { class: 'card report', 'aria-labelledby': `report-${name}` },
      h('div', { class: 'section-head' }, h('h2', { id: `report-${name}` }, t(`report.${name}`)), csv(name)),
      ...content);
  }

  function timingSection(name, rows) {
    if (!rows.length) return section(name, h('p', { class: 'muted' }, t('report.empty')));
    const max = Math.max(1, ...rows.flatMap((r) => [r.claim?.p90 || 0, r.resolve?.p90 || 0]));
    return section(name,
      h('div', { class: 'chart-pair' },
        barChart(t('report.claim'), rows.map((r) => ({ label: r.name || r.person_name || r.key, median: r.claim?.median, p90: r.claim?.p90 })), max, 'claim'),
        barChart(t('report.resolve'), rows.map((r) => ({ label: r.name || r.person_name || r.key, median: r.resolve?.median, p90: r.resolve?.p90 })), max, 'resolve')),
      h('div', { class: 'table-scroll' }, h('table', { class: 'list numbers' },
        h('thead', {}, h('tr', {},
          [t(`report.key.${name}`), t('report.items'), t('report.claimMedian'), t('report.claimP90'), t('report.resolveMedian'), t('report.resolveP90')]
            .map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, rows.map((r) => h('tr', {},
          h('th', { scope: 'row' }, r.name || r.person_name || r.key), h('td', {}, r.items),
          h('td', {}, duration(r.claim?.median)), h('td', {}, duration(r.claim?.p90)),
          h('td', {}, duration(r.resolve?.median)), h('td', {}, duration(r.resolve?.p90))))))));
  }

  // Horizontal bars: the p90 light, the median dark over it.
  function barChart(title, rows, max, kind) {
    const rowH = 22;
    const labelW = 110;
    const width = 420;
    const barW = width - labelW - 70;
    const height = rows.length * rowH + 8;
    const scale = (v) => Math.max(0, ((v || 0) / max) * barW);
    return h('figure', { class: 'chart' },
      h('figcaption', {}, title, h('span', { class: 'chart-key' },
        h('span', { class: ['swatch', `bar-${kind}`, 'p90'], 'aria-hidden': 'true' }), 'p90 ',
        h('span', { class: ['swatch', `bar-${kind}`], 'aria-hidden': 'true' }), t('report.median'))),
      h('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-label': title, class: 'bars' },
        rows.map((r, i) => h('g', { transform: `translate(0 ${i * rowH + 4})` },
          h('text', { x: labelW - 6, y: rowH / 2 + 4, 'text-anchor': 'end', class: 'label' }, String(r.label).slice(0, 16)),
          h('rect', { x: labelW, y: 2, width: scale(r.p90), height: rowH - 6, class: ['bar', `bar-${kind}`, 'p90'] }),
          h('rect', { x: labelW, y: 5, width: scale(r.median), height: rowH - 12, class: ['bar', `bar-${kind}`] }),
          h('text', { x: labelW + scale(r.p90) + 4, y: rowH / 2 + 4, class: 'value' }, duration(r.median)),
          h('title', {}, `${r.label}: ${t('report.median')} ${duration(r.median)}, p90 ${duration(r.p90)}`)))));
  }

  function hoursSection(hours) {
    const grid = Array.from({ length: 7 }, () => Array(24).fill(0));
    for (const x of hours) {
      const day = typeof x.weekday === 'number' ? x.weekday : ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].indexOf(String(x.weekday).slice(0, 3).toLowerCase());
      if (day >= 0 && day < 7 && x.hour >= 0 && x.hour < 24) grid[day][x.hour] += x.items || 0;
    }
    const max = Math.max(1, ...grid.flat());
    const days = t('report.weekdays').split(',');
    const cell = 16;
    const left = 34;
    const top = 14;
    const svg = h('svg', { viewBox: `0 0 ${left + 24 * cell + 2} ${top + 7 * cell + 2}`, role: 'img', 'aria-label': t('report.hours'), class: 'heat' },
      Array.from({ length: 24 }, (_, hour) => (hour % 3 === 0
        ? h('text', { x: left + hour * cell + 2, y: 10, class: 'label small' }, String(hour)) : null)),
      grid.map((row, day) => h('g', {},
        h('text', { x: 0, y: top + day * cell + 12, class: 'label small' }, days[day]),
        row.map((n, hour) => h('rect', {
          x: left + hour * cell, y: top + day * cell, width: cell - 2, height: cell - 2,
          class: ['heat-cell', `heat-${n === 0 ? 0 : Math.min(5, Math.ceil((n / max) * 5))}`],
        }, h('title', {}, `${days[day]} ${hour}:00 – ${n}`))))));
    return section('hours', h('figure', { class: 'chart heat-chart' }, svg,
      h('figcaption', { class: 'muted small' }, t('report.hoursHint', { zone: zone() }))),
    h('details', {}, h('summary', {}, t('report.numbers')),
      h('div', { class: 'table-scroll' }, h('table', { class: 'list numbers compact' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, ''), Array.from({ length: 24 }, (_, hr) => h('th', { scope: 'col' }, String(hr))))),
        h('tbody', {}, grid.map((row, day) => h('tr', {}, h('th', { scope: 'row' }, days[day]), row.map((n) => h('td', {}, n)))))))));
  }

  function fairnessSection(rows) {
    if (!rows.length) return section('fairness', h('p', { class: 'muted' }, t('report.empty')));
    const max = Math.max(1, ...rows.map((r) => r.on_call_hours || 0));
    const rowH = 22;
    const labelW = 110;
    const width = 420;
    const barW = width - labelW - 60;
    const svg = h('svg', { viewBox: `0 0 ${width} ${rows.length * rowH + 8}`, role: 'img', 'aria-label': t('report.fairness'), class: 'bars' },
      rows.map((r, i) => h('g', { transform: `translate(0 ${i * rowH + 4})` },
        h('text', { x: labelW - 6, y: rowH / 2 + 4, 'text-anchor': 'end', class: 'label' }, r.person_name || r.person),
        h('rect', { x: labelW, y: 3, width: ((r.on_call_hours || 0) / max) * barW, height: rowH - 8, class: 'bar bar-fair' }),
        h('text', { x: labelW + ((r.on_call_hours || 0) / max) * barW + 4, y: rowH / 2 + 4, class: 'value' }, `${Math.round(r.on_call_hours || 0)} h`))));
    return section('fairness', h('figure', { class: 'chart' }, h('figcaption', {}, t('report.onCallHours')), svg),
      h('div', { class: 'table-scroll' }, h('table', { class: 'list numbers' },
        h('thead', {}, h('tr', {}, [t('calendar.person'), t('report.onCallHours'), t('report.shifts'), t('report.evening'), t('report.weekend'), t('report.holiday')]
          .map((c) => h('th', { scope: 'col' }, c)))),
        h('tbody', {}, rows.map((r) => h('tr', {},
          h('th', { scope: 'row' }, r.person_name || r.person), h('td', {}, Math.round((r.on_call_hours || 0) * 10) / 10),
          h('td', {}, r.shifts ?? 0), h('td', {}, r.evening_shifts ?? 0), h('td', {}, r.weekend_shifts ?? 0), h('td', {}, r.holiday_shifts ?? 0)))))));
  }

  load();
  return { reload: load, kinds: ['item', 'rota'] };
}
