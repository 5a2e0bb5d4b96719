// SPDX-License-Identifier: Apache-2.0
// A contract fake of a Bluesky PDS, for the XRPC methods the poller uses:
// com.atproto.server.createSession, com.atproto.server.refreshSession and
// app.bsky.notification.listNotifications, shaped after their lexicons in bluesky-social/atproto
// (lexicons/com/atproto/server/*.json, lexicons/app/bsky/notification/listNotifications.json).
// Errors use the XRPC error body {"error": name, "message": text}: AuthenticationRequired for
// a missing or wrong credential, ExpiredToken for an expired access or revoked refresh token,
// InvalidToken for a token of the wrong kind, InvalidRequest for bad parameters, and 429
// RateLimitExceeded with the PDS's RateLimit-* headers. Control endpoints under /_control let a
// test add notifications, expire tokens and switch on 429s. Prints "PORT <n>" when ready.
import http from 'node:http';
import crypto from 'node:crypto';

const account = {
  did: process.env.FAKE_BSKY_DID || 'did:plc:brand7example4account',
  handle: process.env.FAKE_BSKY_HANDLE || 'brand.bsky.social',
  password: process.env.FAKE_BSKY_PASSWORD || 'abcd-efgh-ijkl-mnop',
};
const accessTokens = new Map(); // token → { expired }
const refreshTokens = new Map(); // token → { revoked }
const notifications = []; // newest first
const requests = [];
let rateLimited = { count: 0, reset: 0 };
let serverErrors = 0;
let sequence = 0;
let clockMs = Date.parse('2026-11-20T10:00:00.000Z');
const stats = { sessions_created: 0, refreshes: 0 };

const token = (kind) => `eyJ0eXAiOiJhdCtqd3QifQ.${Buffer.from(JSON.stringify({ scope: kind, n: ++sequence })).toString('base64url')}.${crypto.randomBytes(16).toString('base64url')}`;
const rkey = () => (BigInt(Date.parse('2026-01-01')) * 1000n + BigInt(++sequence)).toString(32).padStart(13, '2');
const cid = () => 'bafyrei' + crypto.randomBytes(26).toString('hex').slice(0, 52);

function send(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  const limit = { 'RateLimit-Limit': '3000', 'RateLimit-Remaining': '2999', 'RateLimit-Reset': String(Math.floor(Date.now() / 1000) + 300), 'RateLimit-Policy': '3000;w=300' };
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), ...limit, ...headers });
  res.end(text);
}
const xrpcError = (res, status, error, message, headers) => send(res, status, { error, message }, headers);

function bearer(req) {
  const header = req.headers.authorization || '';
  return header.startsWith('Bearer ') ? header.slice(7) : null;
}

function newSession() {
  const access = token('com.atproto.access');
  const refresh = token('com.atproto.refresh');
  accessTokens.set(access, { expired: false });
  refreshTokens.set(refresh, { revoked: false });
  return { accessJwt: access, refreshJwt: refresh, handle: account.handle, did: account.did, active: true };
}

// Checks the access token as the PDS's auth verifier does; answers and returns false if bad.
function authorised(req, res) {
  const given = bearer(req);
  if (!given) return xrpcError(res, 401, 'AuthenticationRequired', 'Authentication Required'), false;
  if (refreshTokens.has(given)) return xrpcError(res, 400, 'InvalidToken', 'Bad token scope'), false;
  const known = accessTokens.get(given);
  if (!known) return xrpcError(res, 401, 'InvalidToken', 'Malformed token'), false;
  if (known.expired) return xrpcError(res, 400, 'ExpiredToken', 'Token has expired'), false;
  return true;
}

function createSession(req, res, body) {
  let input;
  try { input = JSON.parse(body); } catch { return xrpcError(res, 400, 'InvalidRequest', 'Request body is not valid JSON'); }
  if (!input || typeof input !== 'object' || Array.isArray(input)) return xrpcError(res, 400, 'InvalidRequest', 'Input must be an object');
  for (const key of ['identifier', 'password'])
    if (typeof input[key] !== 'string') return xrpcError(res, 400, 'InvalidRequest', `Input must have the property "${key}"`);
  const identifier = input.identifier.toLowerCase();
  if ((identifier !== account.handle && identifier !== account.did) || input.password !== account.password)
    return xrpcError(res, 401, 'AuthenticationRequired', 'Invalid identifier or password');
  stats.sessions_created++;
  send(res, 200, newSession());
}

function refreshSession(req, res) {
  const given = bearer(req);
  if (!given) return xrpcError(res, 401, 'AuthenticationRequired', 'Authentication Required');
  if (accessTokens.has(given)) return xrpcError(res, 400, 'InvalidToken', 'Bad token scope');
  const known = refreshTokens.get(given);
  if (!known) return xrpcError(res, 401, 'InvalidToken', 'Malformed token');
  if (known.revoked) return xrpcError(res, 400, 'ExpiredToken', 'Token has been revoked');
  known.revoked = true; // refresh tokens rotate: each is good for one refresh
  stats.refreshes++;
  send(res, 200, newSession());
}

function listNotifications(req, res, query) {
  if (!authorised(req, res)) return;
  if (rateLimited.count > 0) {
    rateLimited.count--;
    return xrpcError(res, 429, 'RateLimitExceeded', 'Rate Limit Exceeded', { 'RateLimit-Remaining': '0', 'RateLimit-Reset': String(rateLimited.reset) });
  }
  if (serverErrors > 0) {
    serverErrors--;
    return xrpcError(res, 502, 'UpstreamFailure', 'Upstream Failure');
  }
  for (const key of query.keys())
    if (!['limit', 'cursor', 'reasons', 'priority', 'seenAt'].includes(key)) return xrpcError(res, 400, 'InvalidRequest', `Unexpected parameter: ${key}`);
  let limit = 50;
  if (query.has('limit')) {
    limit = Number(query.get('limit'));
    if (!Number.isInteger(limit)) return xrpcError(res, 400, 'InvalidRequest', 'limit must be an integer');
    if (limit < 1) return xrpcError(res, 400, 'InvalidRequest', 'limit can not be less than 1');
    if (limit > 100) return xrpcError(res, 400, 'InvalidRequest', 'limit can not be greater than 100');
  }
  const reasons = query.getAll('reasons');
  let list = notifications.filter((n) => reasons.length === 0 || reasons.includes(n.reason));
  // The app view's cursor is the sort time of the last item of the page: older items follow.
  if (query.has('cursor')) {
    const cursor = Date.parse(query.get('cursor'));
    if (Number.isNaN(cursor)) return xrpcError(res, 400, 'InvalidRequest', 'Malformed cursor');
    list = list.filter((n) => Date.parse(n.indexedAt) < cursor);
  }
  const page = list.slice(0, limit);
  const body = { notifications: page, priority: false };
  if (page.length === limit && list.length > limit) body.cursor = page[page.length - 1].indexedAt;
  send(res, 200, body);
}

// Adds one notification at the top, as the app view indexes a new post.
function addNotification(input) {
  const author = { did: 'did:plc:author' + (++sequence).toString(36), handle: 'someone.bsky.social', ...(input.author || {}) };
  const reason = input.reason || 'mention';
  clockMs += 1000;
  const indexedAt = input.indexedAt || new Date(clockMs).toISOString();
  const postUri = `at://${author.did}/app.bsky.feed.post/${rkey()}`;
  const ourPost = input.reply_parent || `at://${account.did}/app.bsky.feed.post/${rkey()}`;
  let uri = postUri;
  let record;
  if (reason === 'like' || reason === 'repost') {
    uri = `at://${author.did}/app.bsky.feed.${reason}/${rkey()}`;
    record = { $type: `app.bsky.feed.${reason}`, subject: { uri: ourPost, cid: cid() }, createdAt: indexedAt };
  } else if (reason === 'follow') {
    uri = `at://${author.did}/app.bsky.graph.follow/${rkey()}`;
    record = { $type: 'app.bsky.graph.follow', subject: account.did, createdAt: indexedAt };
  } else {
    record = { $type: 'app.bsky.feed.post', text: input.text || '', createdAt: input.createdAt || indexedAt, langs: input.langs || ['en'] };
    if (reason === 'reply') record.reply = { root: { uri: ourPost, cid: cid() }, parent: { uri: ourPost, cid: cid() } };
    if (reason === 'quote') record.embed = { $type: 'app.bsky.embed.record', record: { uri: ourPost, cid: cid() } };
    if (reason === 'mention') record.facets = [{ index: { byteStart: 0, byteEnd: account.handle.length + 1 }, features: [{ $type: 'app.bsky.richtext.facet#mention', did: account.did }] }];
  }
  const notification = {
    uri, cid: cid(),
    author: { did: author.did, handle: author.handle, displayName: author.displayName || '', viewer: { muted: false, blockedBy: false }, labels: [], createdAt: '2024-05-01T00:00:00.000Z', indexedAt: '2024-05-01T00:00:00.000Z' },
    reason, record, isRead: false, indexedAt, labels: [],
  };
  if (reason !== 'mention' && reason !== 'follow') notification.reasonSubject = ourPost;
  notifications.unshift(notification);
  notifications.sort((a, b) => Date.parse(b.indexedAt) - Date.parse(a.indexedAt));
  return notification;
}

function control(path, input, res) {
  switch (path) {
    case 'notify': return send(res, 200, { notifications: (Array.isArray(input) ? input : [input]).map(addNotification) });
    case 'expire_access': for (const t of accessTokens.values()) t.expired = true; return send(res, 200, {});
    case 'revoke_refresh': for (const t of refreshTokens.values()) t.revoked = true; return send(res, 200, {});
    case 'rate_limit': rateLimited = { count: input.count ?? 1, reset: input.reset }; return send(res, 200, {});
    case 'server_error': serverErrors = input.count ?? 1; return send(res, 200, {});
    case 'report': return send(res, 200, { requests, ...stats });
    default: return send(res, 404, { error: 'unknown control' });
  }
}

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => { body += chunk; });
  req.on('end', () => {
    const url = new URL(req.url, 'http://localhost');
    if (url.pathname.startsWith('/_control/')) {
      let input = {};
      try { input = body ? JSON.parse(body) : {}; } catch { return send(res, 400, { error: 'bad json' }); }
      return control(url.pathname.slice('/_control/'.length), input, res);
    }
    requests.push({ method: req.method, path: url.pathname, query: url.search });
    const methods = {
      '/xrpc/com.atproto.server.createSession': ['POST', () => createSession(req, res, body)],
      '/xrpc/com.atproto.server.refreshSession': ['POST', () => refreshSession(req, res)],
      '/xrpc/app.bsky.notification.listNotifications': ['GET', () => listNotifications(req, res, url.searchParams)],
    };
    const method = methods[url.pathname];
    if (!method) return xrpcError(res, 501, 'MethodNotImplemented', 'Method Not Implemented');
    if (req.method !== method[0]) return xrpcError(res, 400, 'InvalidRequest', `Incorrect HTTP method (${req.method}) expected ${method[0]}`);
    method[1]();
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`PORT ${server.address().port}\n`);
});
process.on('SIGTERM', () => { server.close(); process.exit(0); });
