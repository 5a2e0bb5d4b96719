// Times in a team's zone: every time on the page is shown, and entered, in the team's zone, so a
// manager abroad plans the shifts the team actually works.
import { lang } from './i18n.js';

const partsCache = new Map();

function partsFormatter(zone) {
  let f = partsCache.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', second: '2-digit', weekday: 'short',
    });
    partsCache.set(zone, f);
  }
  return f;
}

// The wall clock of an instant in a zone: {year, month, day, hour, minute, second, weekday}.
export function wall(date, zone) {
  const out = {};
  for (const p of partsFormatter(zone).formatToParts(date)) {
    if (p.type === 'weekday') out.weekday = p.value;
    else if (p.type !== 'literal') out[p.type] = Number(p.value);
  }
  if (out.hour === 24) out.hour = 0;
  return out;
}

// Minutes east of UTC in a zone at an instant.
export function offsetMinutes(date, zone) {
  const w = wall(date, zone);
  const asUtc = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);
  return Math.round((asUtc - Math.floor(date.getTime() / 1000) * 1000) / 60000);
}

// The instant of a wall-clock time in a zone (the earlier one when the clock goes back).
export function fromWall(year, month, day, hour, minute, zone) {
  const guess = Date.UTC(year, month - 1, day, hour, minute);
  let instant = guess - offsetMinutes(new Date(guess), zone) * 60000;
  instant = guess - offsetMinutes(new Date(instant), zone) * 60000;
  return new Date(instant);
}

const pad = (n) => String(n).padStart(2, '0');

// "2026-11-28" of an instant in a zone.
export function dateKey(date, zone) {
  const w = wall(date, zone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}`;
}

// ISO 8601 with the zone's offset, as the API wants it: 2026-11-28T09:00:00+01:00.
export function isoInZone(date, zone) {
  const w = wall(date, zone);
  const off = offsetMinutes(date, zone);
  const sign = off < 0 ? '-' : '+';
  const abs = Math.abs(off);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

// The value of an <input type="datetime-local"> for an instant in a zone.
export function toLocalInput(date, zone) {
  const w = wall(date, zone);
  return `${w.year}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}`;
}

// The instant an <input type="datetime-local"> value means in a zone, or null.
export function fromLocalInput(value, zone) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value || '');
  if (!m) return null;
  return fromWall(+m[1], +m[2], +m[3], +m[4], +m[5], zone);
}

// Adds whole days to a "YYYY-MM-DD" key.
export function addDays(key, days) {
  const [y, m, d] = key.split('-').map(Number);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

// 0 = Monday … 6 = Sunday of a "YYYY-MM-DD" key.
export function weekdayIndex(key) {
  const [y, m, d] = key.split('-').map(Number);
  return (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
}

export function browserZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

// "Berlin" for "Europe/Berlin".
export function zoneCity(zone) {
  return zone.split('/').pop().replace(/_/g, ' ');
}

function hm(date, zone) {
  return new Intl.DateTimeFormat(lang(), { timeZone: zone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(date);
}

function dayHm(date, zone) {
  return new Intl.DateTimeFormat(lang(), {
    timeZone: zone, weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit',
    hourCycle: 'h23',
  }).format(date);
}

// A time in the team's zone, and in the browser's when that differs:
// "09:00 Berlin (03:00 your time)".
export function showTime(iso, zone, { withDay = false, yourTime = 'your time' } = {}) {
  if (!iso) return '';
  const date = new Date(iso);
  const fmt = withDay ? dayHm : hm;
  let text = `${fmt(date, zone)} ${zoneCity(zone)}`;
  const mine = browserZone();
  if (offsetMinutes(date, mine) !== offsetMinutes(date, zone)) text += ` (${fmt(date, mine)} ${yourTime})`;
  return text;
}

// Only the clock in the team's zone, for the compact grid.
export function clock(iso, zone) {
  return hm(new Date(iso), zone);
}

export function dayLabel(key, opts = { weekday: 'short', day: 'numeric', month: 'short' }) {
  const [y, m, d] = key.split('-').map(Number);
  return new Intl.DateTimeFormat(lang(), { ...opts, timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

// "3 h 20 min" from seconds.
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  return `${Math.round(h / 24)} d`;
}
