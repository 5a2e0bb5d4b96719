// SPDX-License-Identifier: Apache-2.0
// Contract fake of the ntfy publish API and the Pushover messages and receipts API, plus a
// sink for signed page webhooks, on one loopback port.
//
// Follows https://docs.ntfy.sh/publish/ (JSON publishing, actions, priorities, errors) and
// https://pushover.net/api and https://pushover.net/api/receipts (limits, emergency priority,
// receipts, cancel). It refuses what those services refuse, so a request the fake accepts is
// one the services would accept.
//
// Usage: node fake_push.mjs [--ntfy-token T] [--pushover-token T] [--webhook-secret S]
// Prints "listening <port>". Control (for tests):
//   GET  /_control/messages               everything accepted, by service
//   POST /_control/fail {service,status,count}   answer the next `count` requests with `status`
//   POST /_control/ack {receipt}          acknowledge an emergency message, as a user in the app
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const ntfyToken = option('--ntfy-token');
const pushoverToken = option('--pushover-token');
const webhookSecret = option('--webhook-secret');

const received = { ntfy: [], pushover: [], webhook: [] };
const failures = { ntfy: [], pushover: [], webhook: [] };
const receipts = new Map();

const send = (res, status, body, headers = {}) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

const injected = (service, res) => {
  const next = failures[service].shift();
  if (next === undefined) return false;
  if (service === 'ntfy') send(res, next, { code: next * 100 + 1, http: next, error: 'injected failure' });
  else if (service === 'pushover') send(res, next, { status: 0, errors: ['injected failure'], request: id() });
  else send(res, next, { error: 'injected failure' });
  return true;
};

const id = () => randomBytes(8).toString('hex');

// ---- ntfy -------------------------------------------------------------------------------------
const ntfyError = (res, http, code, error) => send(res, http, { code, http, error, link: 'https://ntfy.sh/docs/publish/' });
const topicPattern = /^[-_A-Za-z0-9]{1,64}$/;
const actionKinds = new Set(['view', 'broadcast', 'http', 'copy']);

function ntfyPublish(req, res, body) {
  if (ntfyToken !== undefined) {
    const auth = req.headers.authorization ?? '';
    if (!auth) return ntfyError(res, 401, 40101, 'unauthorized');
    if (auth !== `Bearer ${ntfyToken}`) return ntfyError(res, 403, 40301, 'forbidden');
  }
  let message;
  try {
    message = JSON.parse(body);
  } catch {
    return ntfyError(res, 400, 40024, 'invalid request: request body must be message JSON');
  }
  if (typeof message.topic !== 'string' || !topicPattern.test(message.topic))
    return ntfyError(res, 400, 40009, 'invalid request: topic invalid');
  if (message.priority !== undefined && (!Number.isInteger(message.priority) || message.priority < 1 || message.priority > 5))
    return ntfyError(res, 400, 40007, 'invalid request: priority invalid');
  if (message.tags !== undefined && !Array.isArray(message.tags))
    return ntfyError(res, 400, 40024, 'invalid request: tags must be an array');
  if (message.click !== undefined && !/^(https?|mailto|geo):/.test(message.click))
    return ntfyError(res, 400, 40013, 'invalid request: click URL invalid');
  if (message.actions !== undefined) {
    if (!Array.isArray(message.actions) || message.actions.length > 3)
      return ntfyError(res, 400, 40018, 'invalid request: actions invalid, only 3 actions allowed');
    for (const action of message.actions) {
      if (!actionKinds.has(action.action) || typeof action.label !== 'string' || action.label === '')
        return ntfyError(res, 400, 40018, 'invalid request: action invalid');
      if ((action.action === 'view' || action.action === 'http') && !/^https?:\/\//.test(action.url ?? ''))
        return ntfyError(res, 400, 40018, 'invalid request: action URL invalid');
    }
  }
  const stored = {
    id: id(), time: Math.floor(Date.now() / 1000), expires: Math.floor(Date.now() / 1000) + 43200,
    event: 'message', ...message,
  };
  received.ntfy.push({ ...stored, authorization: req.headers.authorization ?? null });
  send(res, 200, stored);
}

// ---- Pushover ---------------------------------------------------------------------------------
const keyPattern = /^[A-Za-z0-9]{30}$/;
const pushoverError = (res, status, field, error) =>
  send(res, status, { [field]: 'invalid', errors: [error], status: 0, request: id() });

function fields(req, body) {
  if ((req.headers['content-type'] ?? '').startsWith('application/json')) return JSON.parse(body);
  return Object.fromEntries(new URLSearchParams(body));
}

function pushoverMessage(req, res, body) {
  let form;
  try {
    form = fields(req, body);
  } catch {
    return pushoverError(res, 400, 'body', 'body could not be parsed');
  }
  if (form.token !== pushoverToken) return pushoverError(res, 400, 'token', 'application token is invalid');
  if (!keyPattern.test(form.user ?? '')) return pushoverError(res, 400, 'user', 'user identifier is not a valid user, group, or subscribed user key');
  if (!form.message) return pushoverError(res, 400, 'message', 'message cannot be blank');
  if (form.message.length > 1024) return pushoverError(res, 400, 'message', 'message is too long, must be 1024 characters or less');
  if ((form.title ?? '').length > 250) return pushoverError(res, 400, 'title', 'title is too long, must be 250 characters or less');
  if ((form.url ?? '').length > 512) return pushoverError(res, 400, 'url', 'url is too long, must be 512 characters or less');
  const priority = Number(form.priority ?? 0);
  if (!Number.isInteger(priority) || priority < -2 || priority > 2) return pushoverError(res, 400, 'priority', 'priority is invalid');
  const answer = { status: 1, request: id() };
  if (priority === 2) {
    const retry = Number(form.retry);
    const expire = Number(form.expire);
    if (!Number.isInteger(retry) || retry < 30) return pushoverError(res, 400, 'retry', 'retry is invalid, must be at least 30 seconds');
    if (!Number.isInteger(expire) || expire > 10800) return pushoverError(res, 400, 'expire', 'expire is invalid, must be 10800 seconds or less');
    answer.receipt = randomBytes(15).toString('hex').slice(0, 30);
    receipts.set(answer.receipt, {
      acknowledged: 0, acknowledged_at: 0, acknowledged_by: '', acknowledged_by_device: '',
      last_delivered_at: Math.floor(Date.now() / 1000), expired: 0,
      expires_at: Math.floor(Date.now() / 1000) + expire, called_back: 0, called_back_at: 0,
      user: form.user, cancelled: false, polls: 0,
    });
  }
  received.pushover.push({ ...form, receipt: answer.receipt ?? null });
  send(res, 200, answer, { 'X-Limit-App-Limit': '10000', 'X-Limit-App-Remaining': '9999' });
}

function pushoverReceipt(req, res, url, receipt) {
  if (url.searchParams.get('token') !== pushoverToken) return pushoverError(res, 400, 'token', 'application token is invalid');
  const state = receipts.get(receipt);
  if (!state) return pushoverError(res, 404, 'receipt', 'receipt not found; may be invalid or expired');
  state.polls += 1;
  const { user, cancelled, polls, ...visible } = state;
  send(res, 200, { status: 1, ...visible, request: id() });
}

function pushoverCancel(req, res, body, receipt) {
  const form = fields(req, body);
  if (form.token !== pushoverToken) return pushoverError(res, 400, 'token', 'application token is invalid');
  const state = receipts.get(receipt);
  if (!state) return pushoverError(res, 404, 'receipt', 'receipt not found; may be invalid or expired');
  state.cancelled = true;
  state.expired = 1;
  send(res, 200, { status: 1, request: id() });
}

// ---- signed page webhook ----------------------------------------------------------------------
function webhook(req, res, body, path) {
  const timestamp = req.headers['x-switchboard-timestamp'] ?? '';
  const signature = req.headers['x-switchboard-signature'] ?? '';
  const expected = 'sha256=' + createHmac('sha256', webhookSecret ?? '').update(`${timestamp}.${body}`).digest('hex');
  const verified = signature.length === expected.length && timingSafeEqual(Buffer.from(signature), Buffer.from(expected));
  if (!verified) return send(res, 401, { error: 'bad signature' });
  received.webhook.push({ path, body: JSON.parse(body) });
  send(res, 200, { ok: true });
}

// ---- routing ----------------------------------------------------------------------------------
const server = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url, 'http://fake');
    const path = url.pathname;
    try {
      if (path === '/_control/messages' && req.method === 'GET') return send(res, 200, { ...received, receipts: Object.fromEntries(receipts) });
      if (path === '/_control/fail' && req.method === 'POST') {
        const { service, status, count } = JSON.parse(body);
        for (let i = 0; i < (count ?? 1); ++i) failures[service].push(status);
        return send(res, 200, { ok: true });
      }
      if (path === '/_control/ack' && req.method === 'POST') {
        const { receipt } = JSON.parse(body);
        const state = receipts.get(receipt);
        if (!state) return send(res, 404, { error: 'no such receipt' });
        Object.assign(state, { acknowledged: 1, acknowledged_at: Math.floor(Date.now() / 1000), acknowledged_by: state.user, acknowledged_by_device: 'phone' });
        return send(res, 200, { ok: true });
      }
      if (path === '/' && req.method === 'POST') return injected('ntfy', res) || ntfyPublish(req, res, body);
      if (path === '/1/messages.json' && req.method === 'POST') return injected('pushover', res) || pushoverMessage(req, res, body);
      let match = path.match(/^\/1\/receipts\/([A-Za-z0-9]+)\.json$/);
      if (match && req.method === 'GET') return pushoverReceipt(req, res, url, match[1]);
      match = path.match(/^\/1\/receipts\/([A-Za-z0-9]+)\/cancel\.json$/);
      if (match && req.method === 'POST') return pushoverCancel(req, res, body, match[1]);
      if (path.startsWith('/hook/') && req.method === 'POST') return injected('webhook', res) || webhook(req, res, body, path);
      send(res, 404, { error: `no route ${req.method} ${path}` });
    } catch (error) {
      send(res, 400, { error: String(error) });
    }
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
