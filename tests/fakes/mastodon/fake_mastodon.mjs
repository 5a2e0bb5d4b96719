// SPDX-License-Identifier: Apache-2.0
// Contract fake of a Mastodon server: instance discovery, the notifications list with its Link
// pagination and rate-limit headers, and the streaming websocket; on one loopback port.
//
// Follows docs.joinmastodon.org (mastodon/documentation content/en/): methods/instance.md
// (v1 urls.streaming_api, v2 configuration.urls.streaming), methods/notifications.md (GET
// /api/v1/notifications: max_id, since_id, min_id, limit default 40 max 80, types[],
// exclude_types[], Link rel="next"/"prev"), methods/streaming.md (websocket /api/v1/streaming
// ?stream=..., token by Authorization header, access_token parameter or Sec-WebSocket-Protocol;
// messages {"stream": [...], "event": ..., "payload": "<JSON as a string>"}; the `user` stream
// carries notification, status.update and delete, `user:notification` only notification),
// api/rate-limits.md (X-RateLimit-Limit/Remaining/Reset, 429) and api/guidelines.md (ids are
// strings; order them by length, then lexically). Entities follow entities/Status.md,
// entities/Account.md and entities/Notification.md. A wrong or missing token gets 401
// {"error": "The access token is invalid"} as Doorkeeper answers.
//
// Usage: node fake_mastodon.mjs --token T [--scopes "read:notifications read:statuses"]
// The token's scopes are checked as Mastodon does: the notifications list needs read or
// read:notifications (else 403 "This action is outside the authorized scopes"), the user
// stream read or read:statuses (else 401 "Access token does not have the required scopes").
// Prints "listening <port>". Control (for tests), JSON bodies:
//   POST /_control/mention {acct, text, visibility?, in_reply_to_id?, language?, created_at?}
//        → {notification_id, status_id}; pushed to open streams
//   POST /_control/edit {status_id, text}      an edit: status.update to `user` streams
//   POST /_control/delete {status_id}          a deletion: delete to `user` streams
//   POST /_control/drop                        closes every stream connection
//   POST /_control/refuse {on}                 refuse new stream connections (503) while on
//   POST /_control/rate_limit {count, reset}   the next `count` API requests get 429, with
//                                              X-RateLimit-Reset = reset (ISO 8601)
//   GET  /_control/requests                    API requests seen: {method, path, query, status}
//   GET  /_control/connections                 {open, opened, attempts (refused included)}
import http from 'node:http';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const require = createRequire(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../js/package.json'));
const { WebSocketServer } = require('ws');

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const token = option('--token', 'fake-token');
const scopes = new Set(option('--scopes', 'read:notifications read:statuses').split(/\s+/));
const hasScope = (...any) => any.some((scope) => scopes.has(scope));
const domain = 'social.example';

let port = 0;
let nextStatus = 113500000000000000n;
let nextNotification = 34975000n;
const statuses = new Map(); // id → status
const notifications = []; // oldest first
const requests = [];
let refuse = false;
let rateLimited = { count: 0, reset: '' };
let remaining = 300;
let opened = 0;
let attempts = 0; // upgrade requests, refused ones included

const brand = {
  id: '109000000000000001', username: 'brand', acct: 'brand', display_name: 'Brand',
  url: `https://${domain}/@brand`,
};

// api/guidelines.md: ids are strings; longer is newer, equal lengths compare lexically.
const compareIds = (a, b) => (a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0);

const escapeHtml = (text) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const account = (acct) => {
  const [username, host] = acct.split('@');
  return {
    id: String(100000000000000000n + BigInt(acct.length * 7919 + acct.charCodeAt(0))),
    username, acct, display_name: username, locked: false, bot: false, discoverable: true,
    group: false, created_at: '2022-08-27T00:00:00.000Z', note: '',
    url: `https://${host ?? domain}/@${username}`,
    avatar: `https://${domain}/avatars/original/missing.png`,
    avatar_static: `https://${domain}/avatars/original/missing.png`,
    header: `https://${domain}/headers/original/missing.png`,
    header_static: `https://${domain}/headers/original/missing.png`,
    followers_count: 0, following_count: 0, statuses_count: 1, last_status_at: '2026-11-20',
    emojis: [], fields: [],
  };
};

const content = (text) =>
  `<p><span class="h-card" translate="no"><a href="${brand.url}" class="u-url mention">@<span>brand</span></a></span> ${escapeHtml(text)}</p>`;

const send = (res, status, body, headers = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
};

const readBody = (req) =>
  new Promise((resolve) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => resolve(data));
  });

// Doorkeeper reads the token from the Authorization header or the access_token parameter.
const tokenOf = (req, url) => {
  const auth = req.headers.authorization ?? '';
  if (auth.startsWith('Bearer ')) return auth.slice(7);
  return url.searchParams.get('access_token') ?? req.headers['sec-websocket-protocol'] ?? null;
};

// ---- streaming ----------------------------------------------------------------------------
const wss = new WebSocketServer({ noServer: true });
const streams = new Set(); // {socket, stream}
const userStreams = new Set(['user', 'user:notification']);

const broadcast = (event, payload, only = null) => {
  for (const s of streams) {
    if (only && !only.includes(s.stream)) continue;
    s.socket.send(JSON.stringify({ stream: [s.stream], event, payload }));
  }
};

const refuseUpgrade = (socket, status, text, body) => {
  const json = JSON.stringify(body);
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`);
};

const upgrade = (req, socket, head) => {
  const url = new URL(req.url, `http://127.0.0.1:${port}`);
  if (url.pathname !== '/api/v1/streaming') return refuseUpgrade(socket, 404, 'Not Found', { error: 'Not Found' });
  attempts += 1;
  if (refuse) return refuseUpgrade(socket, 503, 'Service Unavailable', { error: 'Service Unavailable' });
  const given = tokenOf(req, url);
  if (given === null) return refuseUpgrade(socket, 401, 'Unauthorized', { error: 'Missing access token' });
  if (given !== token) return refuseUpgrade(socket, 401, 'Unauthorized', { error: 'Invalid access token' });
  const stream = url.searchParams.get('stream');
  const needed = stream === 'user:notification' ? ['read', 'read:notifications'] : ['read', 'read:statuses'];
  if (!hasScope(...needed))
    return refuseUpgrade(socket, 401, 'Unauthorized', { error: 'Access token does not have the required scopes' });
  if (stream !== null && !userStreams.has(stream) && !stream.startsWith('public') && !stream.startsWith('hashtag'))
    return refuseUpgrade(socket, 400, 'Bad Request', { error: 'Unknown stream type' });
  wss.handleUpgrade(req, socket, head, (ws) => {
    const entry = { socket: ws, stream: stream ?? 'user' };
    streams.add(entry);
    opened += 1;
    ws.on('close', () => streams.delete(entry));
    ws.on('error', () => streams.delete(entry));
  });
};

// ---- REST ---------------------------------------------------------------------------------
const instanceV1 = () => ({
  uri: domain, title: 'Fake Mastodon', short_description: '', description: '', email: '',
  version: '4.3.0', urls: { streaming_api: `ws://127.0.0.1:${port}` },
  stats: { user_count: 1, status_count: statuses.size, domain_count: 1 },
  languages: ['en'], registrations: false, approval_required: false, invites_enabled: false,
});
const instanceV2 = () => ({
  domain, title: 'Fake Mastodon', version: '4.3.0', source_url: 'https://github.com/mastodon/mastodon',
  description: '', languages: ['en'],
  configuration: {
    urls: { streaming: `ws://127.0.0.1:${port}`, status: null },
    statuses: { max_characters: 500, max_media_attachments: 4, characters_reserved_per_url: 23 },
  },
  registrations: { enabled: false, approval_required: false, message: null },
  contact: { email: '', account: null }, rules: [],
});

const rateHeaders = () => {
  const reset = new Date(Date.now() + 5 * 60 * 1000).toISOString();
  return { 'X-RateLimit-Limit': '300', 'X-RateLimit-Remaining': String(remaining), 'X-RateLimit-Reset': reset };
};

const integer = (text) => (text !== null && /^\d+$/.test(text) ? Number(text) : null);

function listNotifications(url, res) {
  const p = url.searchParams;
  const types = p.getAll('types[]');
  const excluded = p.getAll('exclude_types[]');
  let limit = integer(p.get('limit')) ?? 40;
  if (limit < 1) limit = 40;
  limit = Math.min(limit, 80);
  const maxId = p.get('max_id');
  const sinceId = p.get('since_id');
  const minId = p.get('min_id');
  let pool = notifications.filter(
    (n) => (types.length === 0 || types.includes(n.type)) && !excluded.includes(n.type),
  );
  if (maxId) pool = pool.filter((n) => compareIds(n.id, maxId) < 0);
  if (sinceId) pool = pool.filter((n) => compareIds(n.id, sinceId) > 0);
  let page;
  if (minId) {
    // min_id: the page immediately newer than min_id, returned newest first.
    pool = pool.filter((n) => compareIds(n.id, minId) > 0).sort((a, b) => compareIds(a.id, b.id));
    page = pool.slice(0, limit).reverse();
  } else {
    page = pool.sort((a, b) => compareIds(b.id, a.id)).slice(0, limit);
  }
  const headers = rateHeaders();
  if (page.length > 0) {
    // Mastodon's pagination links keep the filters and the limit.
    const keep = new URLSearchParams();
    for (const t of types) keep.append('types[]', t);
    for (const t of excluded) keep.append('exclude_types[]', t);
    if (p.get('limit')) keep.set('limit', p.get('limit'));
    const link = (key, id) => {
      const q = new URLSearchParams(keep);
      q.set(key, id);
      return `<http://127.0.0.1:${port}/api/v1/notifications?${q.toString()}>`;
    };
    headers.Link = `${link('max_id', page[page.length - 1].id)}; rel="next", ${link('min_id', page[0].id)}; rel="prev"`;
  }
  send(res, 200, page, headers);
}

async function api(req, res, url) {
  const entry = { method: req.method, path: url.pathname, query: Object.fromEntries([...url.searchParams.keys()].map((k) => [k, url.searchParams.getAll(k).join(',')])) };
  requests.push(entry);
  const reply = (status, body, headers) => {
    entry.status = status;
    send(res, status, body, headers);
  };
  if (url.pathname === '/api/v1/instance' && req.method === 'GET') return reply(200, instanceV1());
  if (url.pathname === '/api/v2/instance' && req.method === 'GET') return reply(200, instanceV2());
  if (url.pathname === '/api/v1/streaming/health') {
    entry.status = 200;
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    return res.end('OK');
  }
  if (url.pathname === '/api/v1/streaming') return reply(404, { error: 'Not Found' }); // same host
  if (url.pathname === '/api/v1/notifications' && req.method === 'GET') {
    if (tokenOf(req, url) !== token) return reply(401, { error: 'The access token is invalid' });
    if (!hasScope('read', 'read:notifications'))
      return reply(403, { error: 'This action is outside the authorized scopes' });
    if (rateLimited.count > 0) {
      rateLimited.count -= 1;
      return reply(429, { error: 'Too many requests' }, {
        'X-RateLimit-Limit': '300', 'X-RateLimit-Remaining': '0', 'X-RateLimit-Reset': rateLimited.reset,
      });
    }
    remaining = Math.max(0, remaining - 1);
    entry.status = 200;
    return listNotifications(url, res);
  }
  return reply(404, { error: 'Record not found' });
}

// ---- control ------------------------------------------------------------------------------
function mention(body) {
  const id = String(++nextStatus);
  const author = account(body.acct ?? 'fan@elsewhere.example');
  const status = {
    id, created_at: body.created_at ?? new Date().toISOString(),
    in_reply_to_id: body.in_reply_to_id ?? null, in_reply_to_account_id: body.in_reply_to_id ? brand.id : null,
    sensitive: false, spoiler_text: body.spoiler_text ?? '', visibility: body.visibility ?? 'public',
    language: body.language ?? 'en',
    uri: `https://${author.url.split('/')[2]}/users/${author.username}/statuses/${id}`,
    url: `${author.url}/${id}`, replies_count: 0, reblogs_count: 0, favourites_count: 0,
    edited_at: null, favourited: false, reblogged: false, muted: false, bookmarked: false,
    content: content(body.text ?? ''), filtered: [], reblog: null, account: author,
    media_attachments: [], mentions: [{ id: brand.id, username: brand.username, url: brand.url, acct: brand.acct }],
    tags: [], emojis: [], card: null, poll: null,
  };
  statuses.set(id, status);
  const notification = { id: String(++nextNotification), type: 'mention', created_at: status.created_at, account: author, status };
  notifications.push(notification);
  broadcast('notification', JSON.stringify(notification));
  return { notification_id: notification.id, status_id: id };
}

async function control(req, res, url) {
  const text = req.method === 'POST' ? await readBody(req) : '';
  let body = {};
  try {
    body = text ? JSON.parse(text) : {};
  } catch {
    return send(res, 400, { error: 'control bodies are JSON' });
  }
  switch (url.pathname) {
    case '/_control/mention':
      return send(res, 200, mention(body));
    case '/_control/edit': {
      const status = statuses.get(body.status_id);
      if (!status) return send(res, 404, { error: 'Record not found' });
      status.content = content(body.text ?? '');
      status.edited_at = new Date().toISOString();
      broadcast('status.update', JSON.stringify(status), ['user']);
      return send(res, 200, {});
    }
    case '/_control/delete': {
      if (!statuses.delete(body.status_id)) return send(res, 404, { error: 'Record not found' });
      // Mastodon removes the notifications of a deleted status with it.
      for (let i = notifications.length - 1; i >= 0; i -= 1)
        if (notifications[i].status?.id === body.status_id) notifications.splice(i, 1);
      broadcast('delete', body.status_id, ['user']);
      return send(res, 200, {});
    }
    case '/_control/drop':
      for (const s of streams) s.socket.terminate();
      streams.clear();
      return send(res, 200, {});
    case '/_control/refuse':
      refuse = Boolean(body.on);
      return send(res, 200, {});
    case '/_control/rate_limit':
      rateLimited = { count: body.count ?? 1, reset: body.reset ?? new Date(Date.now() + 60000).toISOString() };
      return send(res, 200, {});
    case '/_control/requests':
      return send(res, 200, requests);
    case '/_control/connections':
      return send(res, 200, { open: streams.size, opened, attempts });
    default:
      return send(res, 404, { error: 'unknown control' });
  }
}

const server = http.createServer((req, res) => {
  const url = new URL(req.url, `http://127.0.0.1:${port}`);
  const handler = url.pathname.startsWith('/_control/') ? control : api;
  handler(req, res, url).catch((e) => send(res, 500, { error: String(e) }));
});
server.on('upgrade', upgrade);
server.listen(0, '127.0.0.1', () => {
  port = server.address().port;
  console.log(`listening ${port}`);
});
process.on('SIGTERM', () => process.exit(0));
