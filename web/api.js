// Talks to /api/v1: JSON in and out, the CSRF header on every change, and problem+json errors
// turned into messages a person can act on (the server's detail and the field concerned).
import { h, clear } from './dom.js';
import { t } from './i18n.js';

const base = '/api/v1';
let csrfToken = '';

export function setCsrf(token) {
  csrfToken = token || '';
}

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.field = problem.field || '';
    this.problem = problem;
  }
}

// api('GET', '/teams') → {data, etag, status, next}; throws ApiError.
export async function api(method, path, body, { ifMatch } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = csrfToken;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (ifMatch) headers['If-Match'] = ifMatch;
  let response;
  try {
    response = await fetch(base + path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, { detail: t('error.network') });
  }
  const type = response.headers.get('Content-Type') || '';
  let data = null;
  if (response.status !== 204) {
    const text = await response.text();
    if (text && (type.includes('json'))) {
      try { data = JSON.parse(text); } catch { data = null; }
    }
  }
  if (!response.ok) {
    throw new ApiError(response.status, data && typeof data === 'object' ? data : { title: response.statusText });
  }
  return { data, etag: response.headers.get('ETag'), status: response.status };
}

export const get = (path) => api('GET', path).then((r) => r.data);

// A query string from an object, leaving out empty values.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? `?${s}` : '';
}

// Shows a message in the page's notice area (role="alert" for errors, so screen readers say it).
export function notify(message, kind = 'error') {
  const box = document.getElementById('notice');
  if (!box) return;
  clear(box);
  box.className = `notice notice-${kind}`;
  box.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  box.append(h('span', {}, message),
    h('button', { type: 'button', class: 'link', onclick: () => { clear(box); box.hidden = true; } }, t('action.dismiss')));
  box.hidden = false;
}

// The text of an error for a person: the server's detail and the field it concerns.
export function errorText(error) {
  if (error instanceof ApiError) {
    let text = error.message;
    if (error.field) text += ` (${t('error.field')}: ${error.field})`;
    if (error.status === 401) text = t('error.signedOut');
    if (error.status === 403 && !error.problem.detail) text = t('error.forbidden');
    return text;
  }
  return String(error && error.message ? error.message : error);
}

export function showError(error) {
  notify(errorText(error), 'error');
}
