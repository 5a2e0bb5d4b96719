// The page's shell: who is signed in, the router (#/calendar, #/now, #/swaps, #/reports,
// #/audit), the language switch and the live event stream that keeps the open view current.
import { get, setCsrf, showError, ApiError } from './api.js';
import { h, clear, debounce } from './dom.js';
import { t, lang, languages, setLang, translate } from './i18n.js';
import { dialogOpen } from './dialog.js';
import * as calendar from './calendar.js';
import * as now from './now.js';
import * as swaps from './swaps.js';
import * as reports from './reports.js';
import * as audit from './audit.js';

const views = { calendar, now, swaps, reports, audit };
const teamKey = 'switchboard.team';

// What every view gets: the session, the teams, and the team picked last.
const ctx = {
  session: null,
  teams: [],
  team: null,
  people: [],
  teamInfo(id) { return this.teams.find((x) => x.id === id) || null; },
  setTeam(id) {
    this.team = id;
    try { localStorage.setItem(teamKey, id); } catch { /* storage may be off */ }
  },
  personName(id) {
    const p = this.people.find((x) => x.id === id);
    return p ? p.name : id;
  },
  // A <select> of the teams that switches the team of every view.
  teamPicker(onChange) {
    const select = h('select', { name: 'team', onchange: () => { this.setTeam(select.value); onChange(); } },
      this.teams.map((x) => h('option', { value: x.id, selected: x.id === this.team }, x.id)));
    const id = 'team-pick';
    select.id = id;
    return h('div', { class: 'field inline' }, h('label', { for: id }, t('team.label')), select);
  },
};

let active = null; // {name, view}

function listOf(data) {
  return Array.isArray(data) ? data : (data && data.items) || [];
}

async function boot() {
  fillLanguages();
  translate();
  try {
    ctx.session = await get('/session');
  } catch (error) {
    showSignedOut(error);
    return;
  }
  setCsrf(ctx.session.csrf_token);
  const form = document.getElementById('signout');
  form.querySelector('input[name=csrf_token]').value = ctx.session.csrf_token;
  form.hidden = false;
  document.getElementById('who').textContent = `${ctx.session.name} · ${t(`role.${ctx.session.role}`)}`;
  try {
    const [teams, people] = await Promise.all([get('/teams'), get('/people').catch(() => [])]);
    ctx.teams = listOf(teams);
    ctx.people = listOf(people);
  } catch (error) {
    showError(error);
  }
  let kept = null;
  try { kept = localStorage.getItem(teamKey); } catch { /* storage may be off */ }
  const mine = (ctx.session.managed_teams || [])[0] || (ctx.session.teams || [])[0];
  ctx.team = [kept, mine].find((x) => x && ctx.teamInfo(x)) || (ctx.teams[0] && ctx.teams[0].id) || null;
  window.addEventListener('hashchange', route);
  route();
  listen();
}

function showSignedOut(error) {
  const main = clear(document.getElementById('view'));
  const signedOut = error instanceof ApiError && error.status === 401;
  main.append(h('section', { class: 'card signed-out' },
    h('h1', {}, signedOut ? t('signin.title') : t('error.title')),
    h('p', {}, signedOut ? t('signin.how') : String(error.message))));
}

function fillLanguages() {
  const select = document.getElementById('lang');
  clear(select);
  for (const code of languages()) {
    select.append(h('option', { value: code, selected: code === lang() }, t(`lang.${code}`)));
  }
  select.onchange = () => {
    setLang(select.value);
    fillLanguages();
    translate();
    const live = document.getElementById('live');
    live.textContent = t(`live.${live.dataset.state}`);
    if (ctx.session) document.getElementById('who').textContent = `${ctx.session.name} · ${t(`role.${ctx.session.role}`)}`;
    if (active) route();
    document.getElementById('lang').focus();
  };
}

function route() {
  const name = (location.hash.match(/^#\/(\w+)/) || [])[1];
  if (!views[name]) {
    // The hashchange this causes routes again.
    location.replace('#/calendar');
    return;
  }
  document.querySelectorAll('nav.tabs a').forEach((a) => {
    if (a.dataset.view === name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  });
  const notice = document.getElementById('notice');
  clear(notice).hidden = true;
  const main = clear(document.getElementById('view'));
  document.title = `${t(`nav.${name}`)} · switchboard`;
  const view = views[name].mount(main, ctx);
  active = { name, view };
}

// Reloads the open view's data shortly after a change, once for a burst of changes; a dialog
// that is open is left alone (the person is typing), and the view reloads when it closes.
let changedKinds = new Set();

const reloadLater = debounce(() => {
  if (!active) return;
  if (dialogOpen()) {
    document.getElementById('dialog').addEventListener('close', () => reloadLater(), { once: true });
    return;
  }
  const kinds = changedKinds;
  changedKinds = new Set();
  // A view says which kinds of change it shows ("item", "rota", "page"); others leave it be.
  const wanted = active.view.kinds;
  if (!wanted || kinds.has('*') || wanted.some((k) => kinds.has(k))) active.view.reload();
}, 400);

function reloadSoon(kind) {
  changedKinds.add(kind || '*');
  reloadLater();
}

function listen() {
  const live = document.getElementById('live');
  const state = (s) => {
    live.dataset.state = s;
    live.textContent = t(`live.${s}`);
  };
  if (!window.EventSource) return;
  const source = new EventSource('/api/v1/events');
  source.addEventListener('open', () => state('on'));
  source.addEventListener('error', () => state('off'));
  source.addEventListener('change', (event) => {
    let kind = '*';
    try { kind = JSON.parse(event.data).kind || '*'; } catch { /* an unknown change: reload */ }
    reloadSoon(kind);
  });
}

boot().catch(showError);
