// SPDX-License-Identifier: Apache-2.0
// A contract fake of Slack for tests: the Web API methods switchboard uses, apps.connections.open
// and a Socket Mode websocket server, on one loopback port. It rejects what Slack rejects and
// records what it saw; tests drive it through /control/*.
//
// Start: node slack_fake.mjs  → prints {"port": N} on the first line of stdout.
// Tokens: bot "xoxb-fake-bot", app-level "xapp-fake-app". Channels C0CARE and C0OTHER exist;
// users U0ALICE, U0BOB, U0CAROL, U0DAVE (dave@example.org) and the bot U0BOT.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';

const require = createRequire(new URL('../../js/package.json', import.meta.url));
const { WebSocketServer } = require('ws');

const BOT_TOKEN = process.env.SLACK_FAKE_BOT_TOKEN || 'xoxb-fake-bot';
const APP_TOKEN = process.env.SLACK_FAKE_APP_TOKEN || 'xapp-fake-app';
const BOT_USER = 'U0BOT';
const channels = new Set(['C0CARE', 'C0OTHER']);
const users = {
  U0ALICE: 'alice@example.org',
  U0BOB: 'bob@example.org',
  U0CAROL: 'carol@example.org',
  U0DAVE: 'dave@example.org',
  [BOT_USER]: 'bot@example.org',
};

// Methods Slack reads only from a form or the query string: a JSON body's fields go unseen.
const formOnly = new Set(['users.info', 'users.lookupByEmail']);

const state = {
  calls: [],         // every Web API call: {method, args, status, error}
  responses: [],     // posts to response_url: {path, body}
  acks: [],          // envelope ids acked
  badAcks: [],       // acks of envelopes never sent, or acked twice
  opens: 0,          // successful apps.connections.open
  connections: 0,    // websockets accepted
  hellos: 0,
  messages: new Map(), // channel:ts → message
  nextTs: 1700000000000100,
  outage: false,       // answer 503 to every Web API call
  limits: {},          // method → {count, retryAfter}: answer 429 that many times
};
const tickets = new Set();
const sockets = [];    // {ws, id, open}
const pending = new Map(); // envelope id → {envelope, socketId}
let nextTicket = 1;
let nextSocket = 1;
let nextEnvelope = 1;

function parseBody(req, raw) {
  const type = (req.headers['content-type'] || '').split(';')[0].trim();
  if (type === 'application/json') {
    try { return JSON.parse(raw || '{}'); } catch { return null; }
  }
  const out = {};
  for (const [k, v] of new URLSearchParams(raw)) out[k] = v;
  return out;
}

function send(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

// The checks Slack applies to blocks, as far as the bot's cards reach.
function blocksError(blocks) {
  if (blocks === undefined) return null;
  if (typeof blocks === 'string') {
    try { blocks = JSON.parse(blocks); } catch { return 'invalid_blocks_format'; }
  }
  if (!Array.isArray(blocks)) return 'invalid_blocks_format';
  if (blocks.length > 50) return 'invalid_blocks';
  const text = (t, kinds, max) => t && typeof t === 'object' && kinds.includes(t.type) &&
    typeof t.text === 'string' && t.text.length >= 1 && t.text.length <= max;
  for (const b of blocks) {
    if (!b || typeof b !== 'object') return 'invalid_blocks';
    if (b.block_id !== undefined && (typeof b.block_id !== 'string' || b.block_id.length > 255))
      return 'invalid_blocks';
    if (b.type === 'section') {
      if (b.text === undefined && b.fields === undefined) return 'invalid_blocks';
      if (b.text !== undefined && !text(b.text, ['plain_text', 'mrkdwn'], 3000)) return 'invalid_blocks';
    } else if (b.type === 'context') {
      if (!Array.isArray(b.elements) || b.elements.length < 1 || b.elements.length > 10) return 'invalid_blocks';
      for (const e of b.elements) if (!text(e, ['plain_text', 'mrkdwn'], 3000)) return 'invalid_blocks';
    } else if (b.type === 'actions') {
      if (!Array.isArray(b.elements) || b.elements.length < 1 || b.elements.length > 25) return 'invalid_blocks';
      const ids = new Set();
      for (const e of b.elements) {
        if (e.type !== 'button' || !text(e.text, ['plain_text'], 75)) return 'invalid_blocks';
        if (e.action_id !== undefined) {
          if (typeof e.action_id !== 'string' || e.action_id.length > 255 || ids.has(e.action_id)) return 'invalid_blocks';
          ids.add(e.action_id);
        }
        if (e.value !== undefined && (typeof e.value !== 'string' || e.value.length > 2000)) return 'invalid_blocks';
        if (e.style !== undefined && !['primary', 'danger'].includes(e.style)) return 'invalid_blocks';
      }
    } else if (b.type === 'divider' || b.type === 'header') {
      // accepted as they are
    } else {
      return 'invalid_blocks';
    }
  }
  return null;
}

function channelOf(id) {
  if (typeof id !== 'string' || id === '') return null;
  if (channels.has(id)) return id;
  if (id.startsWith('D') && users[id.slice(1)]) return id;
  if (users[id]) return 'D' + id; // a user id posts to the app's DM with that user
  return null;
}

function newTs() {
  const n = state.nextTs++;
  const s = String(n);
  return s.slice(0, 10) + '.' + s.slice(10);
}

const methods = {
  'auth.test': () => ({ ok: true, url: 'https://fake.slack.test/', team: 'Fake', user: 'switchboard', team_id: 'T0FAKE', user_id: BOT_USER, bot_id: 'B0BOT' }),
  'chat.postMessage': (a) => {
    const channel = channelOf(a.channel);
    if (!a.channel) return { ok: false, error: 'channel_not_found' };
    if (!channel) return { ok: false, error: 'channel_not_found' };
    const err = blocksError(a.blocks);
    if (err) return { ok: false, error: err };
    if (!a.text && !a.blocks) return { ok: false, error: 'no_text' };
    if (typeof a.text === 'string' && a.text.length > 40000) return { ok: false, error: 'msg_too_long' };
    if (a.thread_ts && !state.messages.has(channel + ':' + a.thread_ts)) return { ok: false, error: 'thread_not_found' };
    const ts = newTs();
    const message = { type: 'message', subtype: 'bot_message', text: a.text || '', ts, bot_id: 'B0BOT', blocks: a.blocks };
    state.messages.set(channel + ':' + ts, message);
    return { ok: true, channel, ts, message };
  },
  'chat.update': (a) => {
    const channel = channelOf(a.channel);
    if (!channel || channel !== a.channel) return { ok: false, error: 'channel_not_found' };
    if (!a.ts) return { ok: false, error: 'invalid_arguments' };
    const key = channel + ':' + a.ts;
    if (!state.messages.has(key)) return { ok: false, error: 'message_not_found' };
    const err = blocksError(a.blocks);
    if (err) return { ok: false, error: err };
    if (typeof a.text === 'string' && a.text.length > 40000) return { ok: false, error: 'msg_too_long' };
    const message = { ...state.messages.get(key), text: a.text || '', blocks: a.blocks };
    state.messages.set(key, message);
    return { ok: true, channel, ts: a.ts, text: a.text || '', message };
  },
  'chat.postEphemeral': (a) => {
    const channel = channelOf(a.channel);
    if (!channel) return { ok: false, error: 'channel_not_found' };
    if (!a.user) return { ok: false, error: 'invalid_arguments' };
    if (!users[a.user]) return { ok: false, error: 'user_not_in_channel' };
    const err = blocksError(a.blocks);
    if (err) return { ok: false, error: err };
    if (!a.text && !a.blocks) return { ok: false, error: 'no_text' };
    return { ok: true, message_ts: newTs() };
  },
  'conversations.open': (a) => {
    if (!a.users && !a.channel) return { ok: false, error: 'users_list_not_supplied' };
    const list = String(a.users || '').split(',').filter(Boolean);
    if (list.length === 0) return { ok: false, error: 'users_list_not_supplied' };
    if (list.length > 1) return { ok: false, error: 'method_not_supported_for_channel_type' };
    if (!users[list[0]]) return { ok: false, error: 'user_not_found' };
    return { ok: true, channel: { id: 'D' + list[0] } };
  },
  'users.info': (a) => !a.user ? { ok: false, error: 'user_not_found' } : users[a.user]
    ? { ok: true, user: { id: a.user, name: a.user.toLowerCase(), deleted: false, is_bot: a.user === BOT_USER, profile: { email: users[a.user] } } }
    : { ok: false, error: 'user_not_found' },
  'users.lookupByEmail': (a) => {
    if (!a.email) return { ok: false, error: 'invalid_arguments' };
    const id = Object.keys(users).find((u) => users[u] === a.email);
    return id ? { ok: true, user: { id, name: id.toLowerCase(), deleted: false, profile: { email: a.email } } }
              : { ok: false, error: 'users_not_found' };
  },
  'reactions.add': (a) => {
    const channel = channelOf(a.channel);
    if (!channel) return { ok: false, error: 'channel_not_found' };
    if (!a.name) return { ok: false, error: 'invalid_name' };
    if (!state.messages.has(channel + ':' + a.timestamp)) return { ok: false, error: 'message_not_found' };
    return { ok: true };
  },
};

function webApi(req, res, method, raw) {
  if (req.method !== 'POST' && req.method !== 'GET') return send(res, 405, { ok: false, error: 'invalid_post_type' });
  const args = req.method === 'GET' ? Object.fromEntries(new URL(req.url, 'http://x').searchParams) : parseBody(req, raw);
  const record = (status, body) => {
    state.calls.push({ method, args, status, error: body.ok ? null : body.error, ts: body.ts ?? null });
    return send(res, status, body, status === 429 ? { 'Retry-After': String(body.retryAfter ?? 1) } : {});
  };
  if (state.outage) {
    state.calls.push({ method, args, status: 503, error: 'outage' });
    res.writeHead(503, { 'Content-Type': 'text/html' });
    return res.end('<html>Service Unavailable</html>');
  }
  const limit = state.limits[method] || state.limits['*'];
  if (limit && limit.count > 0) {
    limit.count--;
    state.calls.push({ method, args, status: 429, error: 'ratelimited' });
    return send(res, 429, { ok: false, error: 'ratelimited' }, { 'Retry-After': String(limit.retryAfter) });
  }
  if (args === null) return record(200, { ok: false, error: 'invalid_json' });
  const auth = req.headers.authorization || '';
  const bearer = auth.startsWith('Bearer ') ? auth.slice(7) : null;
  if (method === 'apps.connections.open') {
    if (!bearer) return record(200, { ok: false, error: 'not_authed' });
    if (bearer !== APP_TOKEN) return record(200, { ok: false, error: bearer.startsWith('xoxb-') ? 'not_allowed_token_type' : 'invalid_auth' });
    const ticket = String(nextTicket++);
    tickets.add(ticket);
    state.opens++;
    // Slack hands out wss:// URLs; with a certificate the fake does too (see tlsServer below).
    const url = tlsServer
      ? `wss://localhost:${tlsServer.address().port}/link/?ticket=${ticket}`
      : `ws://127.0.0.1:${server.address().port}/link/?ticket=${ticket}`;
    return record(200, { ok: true, url });
  }
  const token = bearer ?? args.token;
  if (!token) return record(200, { ok: false, error: 'not_authed' });
  if (token !== BOT_TOKEN) return record(200, { ok: false, error: token.startsWith('xapp-') ? 'not_allowed_token_type' : 'invalid_auth' });
  const handler = methods[method];
  if (!handler) return record(200, { ok: false, error: 'unknown_method' });
  const json = (req.headers['content-type'] || '').startsWith('application/json');
  const seen = formOnly.has(method) && json && req.method === 'POST'
    ? Object.fromEntries(new URL(req.url, 'http://x').searchParams) : args;
  return record(200, handler(seen));
}

// The newest connection that said hello; one asked to refresh still serves until it closes.
function liveSocket() {
  for (const retiredToo of [false, true])
    for (let i = sockets.length - 1; i >= 0; i--)
      if (sockets[i].open && sockets[i].hello && (retiredToo || !sockets[i].retired)) return sockets[i];
  return null;
}

function sendEnvelope(socket, envelope) {
  pending.set(envelope.envelope_id, { envelope, socketId: socket.id });
  socket.ws.send(JSON.stringify(envelope));
}

// Slack redelivers what was not acked, on whichever connection is open.
function redeliverUnacked() {
  const socket = liveSocket();
  if (!socket) return;
  for (const [id, entry] of pending) {
    const still = sockets.find((s) => s.id === entry.socketId && s.open);
    if (still) continue;
    const envelope = { ...entry.envelope };
    if (envelope.type === 'events_api') {
      envelope.retry_attempt = (envelope.retry_attempt || 0) + 1;
      envelope.retry_reason = 'timeout';
    }
    pending.delete(id);
    envelope.envelope_id = 'env-' + nextEnvelope++;
    sendEnvelope(socket, envelope);
  }
}

async function control(req, res, path, raw) {
  const body = raw ? JSON.parse(raw) : {};
  switch (path) {
    case '/control/state':
      return send(res, 200, {
        calls: state.calls, responses: state.responses, acks: state.acks, badAcks: state.badAcks,
        opens: state.opens, connections: state.connections, hellos: state.hellos,
        open_sockets: sockets.filter((s) => s.open).length, pending: pending.size,
      });
    case '/control/faults':
      if ('outage' in body) state.outage = !!body.outage;
      if (body.limit) state.limits[body.limit.method || '*'] = { count: body.limit.count, retryAfter: body.limit.retry_after ?? 1 };
      if (body.clear_limits) state.limits = {};
      return send(res, 200, { ok: true });
    case '/control/envelope': {
      // {type, payload, accepts_response_payload?}; events_api payloads get an event_id if missing.
      const socket = liveSocket();
      if (!socket) return send(res, 409, { ok: false, error: 'no connected socket' });
      const envelope = {
        envelope_id: body.envelope_id || 'env-' + nextEnvelope++,
        type: body.type, payload: body.payload,
        accepts_response_payload: body.accepts_response_payload ?? body.type !== 'events_api',
      };
      if (body.type === 'events_api') { envelope.retry_attempt = body.retry_attempt ?? 0; envelope.retry_reason = ''; }
      sendEnvelope(socket, envelope);
      return send(res, 200, { ok: true, envelope_id: envelope.envelope_id, socket: socket.id });
    }
    case '/control/disconnect': {
      // {reason}: "warning" | "refresh_requested" | "link_disabled" send the frame; "terminate"
      // drops the TCP connection with no close frame, as a network failure would.
      const socket = liveSocket();
      if (!socket) return send(res, 409, { ok: false, error: 'no connected socket' });
      if (body.reason === 'terminate') { socket.ws.terminate(); return send(res, 200, { ok: true }); }
      socket.ws.send(JSON.stringify({ type: 'disconnect', reason: body.reason, debug_info: { host: 'fake-applink' } }));
      if (body.reason === 'refresh_requested' || body.reason === 'warning') socket.retired = true;
      if (body.reason === 'link_disabled') setTimeout(() => socket.ws.close(1000), 50);
      return send(res, 200, { ok: true, socket: socket.id });
    }
    default:
      return send(res, 404, { ok: false, error: 'unknown control' });
  }
}

const server = http.createServer((req, res) => {
  let raw = '';
  req.setEncoding('utf8');
  req.on('data', (c) => { raw += c; });
  req.on('end', () => {
    const url = new URL(req.url, 'http://fake');
    if (url.pathname.startsWith('/api/')) return webApi(req, res, url.pathname.slice(5), raw);
    if (url.pathname.startsWith('/response/')) {
      let parsed = null;
      try { parsed = JSON.parse(raw); } catch { /* recorded as null */ }
      state.responses.push({ path: url.pathname, body: parsed });
      res.writeHead(parsed ? 200 : 400, { 'Content-Type': 'text/plain' });
      return res.end(parsed ? 'ok' : 'invalid_payload');
    }
    if (url.pathname.startsWith('/control/')) return control(req, res, url.pathname, raw).catch((e) => send(res, 500, { error: String(e) }));
    return send(res, 404, { ok: false, error: 'not found' });
  });
});

const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (req, socket, head) => {
  const url = new URL(req.url, 'http://fake');
  const ticket = url.searchParams.get('ticket');
  if (url.pathname !== '/link/' || !tickets.has(ticket)) {
    socket.write('HTTP/1.1 401 Unauthorized\r\n\r\n');
    return socket.destroy();
  }
  tickets.delete(ticket); // a URL is good for one connection
  wss.handleUpgrade(req, socket, head, (ws) => {
    state.connections++;
    const entry = { ws, id: nextSocket++, open: true, hello: false, retired: false };
    sockets.push(entry);
    ws.on('message', (data) => {
      let frame;
      try { frame = JSON.parse(String(data)); } catch { state.badAcks.push({ frame: String(data) }); return; }
      if (!frame.envelope_id) { state.badAcks.push(frame); return; }
      if (!pending.has(frame.envelope_id)) { state.badAcks.push(frame); return; }
      pending.delete(frame.envelope_id);
      state.acks.push(frame.envelope_id);
    });
    ws.on('close', () => { entry.open = false; redeliverUnacked(); });
    ws.send(JSON.stringify({
      type: 'hello', num_connections: sockets.filter((s) => s.open).length,
      debug_info: { host: 'fake-applink', build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: 'A0FAKE' },
    }));
    entry.hello = true;
    state.hellos++;
    redeliverUnacked();
  });
});

// With SLACK_FAKE_TLS_CERT and SLACK_FAKE_TLS_KEY set, Socket Mode runs over TLS only, as at
// Slack: a plain websocket upgrade is refused, so a client that skips TLS fails the test.
let tlsServer = null;
if (process.env.SLACK_FAKE_TLS_CERT && process.env.SLACK_FAKE_TLS_KEY) {
  const upgrade = server.listeners('upgrade')[0];
  server.removeAllListeners('upgrade');
  server.on('upgrade', (req, socket) => {
    socket.write('HTTP/1.1 426 Upgrade Required\r\n\r\n');
    socket.destroy();
  });
  tlsServer = https.createServer({
    cert: readFileSync(process.env.SLACK_FAKE_TLS_CERT),
    key: readFileSync(process.env.SLACK_FAKE_TLS_KEY),
  });
  tlsServer.on('upgrade', (req, socket, head) => {
    state.tlsConnections = (state.tlsConnections ?? 0) + 1;
    upgrade(req, socket, head);
  });
}

const listening = tlsServer
  ? new Promise((resolve) => tlsServer.listen(0, '127.0.0.1', resolve))
  : Promise.resolve();
listening.then(() => server.listen(0, '127.0.0.1', () => {
  process.stdout.write(JSON.stringify({ port: server.address().port }) + '\n');
}));
process.stdin.on('end', () => process.exit(0)); // the test that started us has gone
process.stdin.resume();
