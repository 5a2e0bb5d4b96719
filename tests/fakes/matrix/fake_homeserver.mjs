// SPDX-License-Identifier: Apache-2.0
// A contract fake of a Matrix homeserver: the client-server endpoints switchboard uses, with
// real /sync long polls, per-device txnId idempotency, edits, redactions and switchable 429s.
// Every request body, response and served event is checked against the spec's schemas; a
// violation answers 400 M_BAD_JSON and is recorded for the tests. A timeline limit makes /sync
// cut rooms short (limited, with prev_batch) for /messages to fill; an answer can be held back
// to stage a client crash after the server did the work. Control endpoints under
// /_control let a test inject events and read what the bot did. Prints "PORT <n>" when ready.
import http from 'node:http';
import { findRoute, validateContent, validateError, validateEvent, validateRequest, validateResponse } from './spec_validator.mjs';

const serverName = 'localhost';
const prefix = '/_matrix/client/v3';

const users = new Map(); // user id → { password }
const tokens = new Map(); // access token → { user, device }
const rooms = new Map(); // room id → { members:Set, invited:Map(user → invite event), events:[], state:[] }
const accountData = new Map(); // user → Map(type → content)
const stream = []; // { pos, kind: 'event'|'invite'|'account_data', room, user, event }
const transactions = new Map(); // device + path → [status, body]
const waiters = new Set();
const violations = [];
const requests = [];
let rateLimits = []; // { match, count, retry_after_ms, header }
let timelineLimit = 0;
let holds = []; // { match, ms }: the next matching request is done but its answer waits
const heldRequests = []; // { method, path } of answers held back, for tests to wait on // events per room in an incremental /sync; 0: no limit
let counter = 0;

const nextId = (sigil) => `${sigil}${(++counter).toString(36)}x${Date.now().toString(36)}:${serverName}`;

function record(problem) {
  if (!problem) return false;
  violations.push(problem);
  process.stderr.write(`fake homeserver: spec violation: ${problem}\n`);
  return true;
}

function push(entry) {
  entry.pos = stream.length + 1;
  stream.push(entry);
  for (const wake of [...waiters]) wake();
}

function addEvent(roomId, sender, type, content, extra = {}) {
  const room = rooms.get(roomId);
  const event = { type, content, sender, event_id: nextId('$'), origin_server_ts: Date.now(), room_id: roomId, unsigned: {}, ...extra };
  if (!event.unsigned?.redacted_because) record(validateEvent(event));
  room.events.push(event);
  if (event.state_key !== undefined) room.state = room.state.filter((s) => !(s.type === type && s.state_key === event.state_key)).concat([event]);
  push({ kind: 'event', room: roomId, event });
  return event;
}

function makeRoom(roomId, creator) {
  const id = roomId ?? nextId('!');
  rooms.set(id, { members: new Set(), invited: new Map(), events: [], state: [] });
  addEvent(id, creator, 'm.room.create', { room_version: '11', creator }, { state_key: '' });
  join(id, creator);
  return id;
}

function join(roomId, user) {
  const room = rooms.get(roomId);
  room.invited.delete(user);
  room.members.add(user);
  addEvent(roomId, user, 'm.room.member', { membership: 'join' }, { state_key: user });
}

function invite(roomId, inviter, invitee, isDirect) {
  const room = rooms.get(roomId);
  const content = { membership: 'invite', ...(isDirect ? { is_direct: true } : {}) };
  const event = addEvent(roomId, inviter, 'm.room.member', content, { state_key: invitee });
  room.invited.set(invitee, event);
  push({ kind: 'invite', room: roomId, user: invitee, event });
}

function leave(roomId, user, reason) {
  const room = rooms.get(roomId);
  room.invited.delete(user);
  room.members.delete(user);
  addEvent(roomId, user, 'm.room.member', { membership: 'leave', ...(reason ? { reason } : {}) }, { state_key: user });
}

const strip = ({ room_id, ...rest }) => rest; // events in /sync carry no room_id

function syncResponse(user, since) {
  const response = { next_batch: `s${stream.length}`, rooms: { join: {}, invite: {}, leave: {} }, account_data: { events: [] } };
  const joinedRoom = (id) => (response.rooms.join[id] ??= { timeline: { events: [], limited: false, prev_batch: `p${since}` }, state: { events: [] } });
  if (since === 0) {
    for (const [id, room] of rooms) {
      if (room.members.has(user)) {
        const entry = joinedRoom(id);
        entry.state.events = room.state.map(strip);
        entry.timeline.events = room.events.slice(-20).map(strip);
      }
      if (room.invited.has(user)) response.rooms.invite[id] = { invite_state: { events: inviteState(id, user) } };
    }
    for (const [type, content] of accountData.get(user) ?? []) response.account_data.events.push({ type, content });
    return response;
  }
  const timelines = new Map(); // room → stream entries, so a cut can name its position
  for (const entry of stream.slice(since)) {
    const room = rooms.get(entry.room);
    if (entry.kind === 'event' && room?.members.has(user)) {
      joinedRoom(entry.room);
      timelines.set(entry.room, [...(timelines.get(entry.room) ?? []), entry]);
    }
    if (entry.kind === 'invite' && entry.user === user && room.invited.has(user))
      response.rooms.invite[entry.room] = { invite_state: { events: inviteState(entry.room, user) } };
    if (entry.kind === 'account_data' && entry.user === user) response.account_data.events.push(entry.event);
  }
  for (const [id, entries] of timelines) {
    // Like a real server with a small timeline limit: the newest events, limited, and a
    // prev_batch token from which /messages pages back into the rest.
    const kept = timelineLimit > 0 && entries.length > timelineLimit ? entries.slice(-timelineLimit) : entries;
    const timeline = response.rooms.join[id].timeline;
    timeline.events = kept.map((entry) => strip(entry.event));
    timeline.limited = kept.length < entries.length;
    timeline.prev_batch = `s${kept[0].pos - 1}`;
  }
  return response;
}

function inviteState(roomId, user) {
  const room = rooms.get(roomId);
  const member = room.invited.get(user);
  const create = room.state.find((s) => s.type === 'm.room.create');
  return [create, member].filter(Boolean).map(({ type, state_key, content, sender }) => ({ type, state_key, content, sender }));
}

function hasNews(user, since) {
  return stream.slice(since).some((e) =>
    (e.kind === 'event' && rooms.get(e.room)?.members.has(user)) || (e.kind !== 'event' && e.user === user));
}

class Failure {
  constructor(status, errcode, error, extra = {}, headers = {}) {
    Object.assign(this, { status, body: { errcode, error, ...extra }, headers });
  }
}

const readBody = (req) => new Promise((resolve) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
});

function send(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function authenticate(req) {
  const header = req.headers.authorization ?? '';
  const token = header.startsWith('Bearer ') ? header.slice(7) : null;
  if (!token) throw new Failure(401, 'M_MISSING_TOKEN', 'Missing access token');
  const session = tokens.get(token);
  if (!session) throw new Failure(401, 'M_UNKNOWN_TOKEN', 'Unrecognised access token', { soft_logout: false });
  return session;
}

function requireRoom(id, user) {
  const room = rooms.get(id);
  if (!room) throw new Failure(404, 'M_NOT_FOUND', `Unknown room ${id}`);
  if (user && !room.members.has(user)) throw new Failure(403, 'M_FORBIDDEN', `${user} is not in room ${id}`);
  return room;
}

async function clientApi(req, res, rawPath, query, body) {
  const segments = rawPath.split('/').filter(Boolean).map(decodeURIComponent);
  const method = req.method;
  // Asked for by matrix-js-sdk at start; their API files are not in the copied spec subset.
  if (rawPath === '/pushrules/') return { global: { override: [], content: [], room: [], sender: [], underride: [] } };
  if (rawPath === '/capabilities') return { capabilities: {} };
  const route = findRoute(method, rawPath);
  if (!route) throw new Failure(404, 'M_UNRECOGNIZED', `Unrecognized request ${method} ${rawPath}`);
  if (body !== undefined && record(validateRequest(route, body))) throw new Failure(400, 'M_BAD_JSON', violations.at(-1));

  if (rawPath === '/login' && method === 'GET') return { flows: [{ type: 'm.login.password' }] };
  if (rawPath === '/login') {
    if (body.type !== 'm.login.password') throw new Failure(400, 'M_UNKNOWN', 'Bad login type.');
    let user = body.identifier?.user ?? body.user ?? '';
    if (!user.startsWith('@')) user = `@${user}:${serverName}`;
    if (users.get(user)?.password !== body.password) throw new Failure(403, 'M_FORBIDDEN', 'Invalid username or password');
    const device = body.device_id ?? `DEV${++counter}`;
    const token = `syt_${counter}_${Math.random().toString(36).slice(2)}`;
    tokens.set(token, { user, device });
    return { user_id: user, access_token: token, device_id: device };
  }

  const session = authenticate(req);
  const me = session.user;
  const idempotent = async (compute) => {
    const key = `${session.device}\n${rawPath}`;
    if (transactions.has(key)) return transactions.get(key);
    const result = await compute();
    transactions.set(key, result);
    return result;
  };

  if (rawPath === '/account/whoami') return { user_id: me, device_id: session.device, is_guest: false };
  if (segments[0] === 'user' && segments[2] === 'filter' && method === 'POST') return { filter_id: `f${++counter}` };
  if (rawPath === '/joined_rooms') return { joined_rooms: [...rooms].filter(([, r]) => r.members.has(me)).map(([id]) => id) };

  if (rawPath === '/sync') {
    const since = query.get('since') ? Number(query.get('since').slice(1)) : 0;
    const timeout = Number(query.get('timeout') ?? 0);
    if (since > 0 && timeout > 0 && !hasNews(me, since)) {
      await new Promise((resolve) => {
        const wake = () => { if (hasNews(me, since)) done(); };
        const done = () => { waiters.delete(wake); clearTimeout(timer); resolve(); };
        const timer = setTimeout(done, timeout);
        waiters.add(wake);
        req.on('close', () => { if (!res.writableEnded) done(); });
      });
    }
    return syncResponse(me, since);
  }

  if (segments[0] === 'user' && segments[2] === 'account_data') {
    if (segments[1] !== me) throw new Failure(403, 'M_FORBIDDEN', 'Cannot access account data of other users');
    const type = segments[3];
    const data = accountData.get(me) ?? new Map();
    accountData.set(me, data);
    if (method === 'GET') {
      if (!data.has(type)) throw new Failure(404, 'M_NOT_FOUND', 'Account data not found');
      return data.get(type);
    }
    data.set(type, body);
    push({ kind: 'account_data', user: me, event: { type, content: body } });
    return {};
  }

  if (rawPath === '/createRoom') {
    const id = makeRoom(undefined, me);
    if (body.name) addEvent(id, me, 'm.room.name', { name: body.name }, { state_key: '' });
    for (const user of body.invite ?? []) invite(id, me, user, body.is_direct === true);
    return { room_id: id };
  }
  if (segments[0] === 'join') {
    const room = requireRoom(segments[1]);
    if (!room.invited.has(me) && !room.members.has(me)) throw new Failure(403, 'M_FORBIDDEN', 'You are not invited to this room.');
    if (!room.members.has(me)) join(segments[1], me);
    return { room_id: segments[1] };
  }

  if (segments[0] === 'rooms') {
    const roomId = segments[1];
    const action = segments[2];
    if (action === 'join') {
      const room = requireRoom(roomId);
      if (!room.invited.has(me) && !room.members.has(me)) throw new Failure(403, 'M_FORBIDDEN', 'You are not invited to this room.');
      if (!room.members.has(me)) join(roomId, me);
      return { room_id: roomId };
    }
    if (action === 'leave') {
      const room = requireRoom(roomId);
      if (!room.invited.has(me) && !room.members.has(me)) throw new Failure(403, 'M_FORBIDDEN', 'You are not in this room.');
      leave(roomId, me, body?.reason);
      return {};
    }
    if (action === 'invite') {
      requireRoom(roomId, me);
      invite(roomId, me, body.user_id, false);
      return {};
    }
    if (action === 'send') {
      const [type] = [segments[3]];
      return idempotent(async () => {
        const room = requireRoom(roomId, me);
        if (record(validateContent(type, body))) throw new Failure(400, 'M_BAD_JSON', violations.at(-1));
        const relates = body['m.relates_to'];
        if (type === 'm.reaction' && relates?.rel_type === 'm.annotation') {
          const duplicate = room.events.some((e) => e.type === 'm.reaction' && e.sender === me && !e.unsigned?.redacted_because &&
            e.content['m.relates_to']?.event_id === relates.event_id && e.content['m.relates_to']?.key === relates.key);
          if (duplicate) throw new Failure(400, 'M_DUPLICATE_ANNOTATION', 'Cannot send duplicate annotation');
        }
        if (relates?.rel_type === 'm.thread') {
          const root = room.events.find((e) => e.event_id === relates.event_id);
          if (root?.content?.['m.relates_to']?.rel_type) throw new Failure(400, 'M_UNKNOWN', 'Cannot start threads from an event with a relation');
        }
        const event = addEvent(roomId, me, type, body);
        return { event_id: event.event_id };
      });
    }
    if (action === 'redact') {
      const target = segments[3];
      return idempotent(async () => {
        const room = requireRoom(roomId, me);
        const original = room.events.find((e) => e.event_id === target);
        if (!original) throw new Failure(404, 'M_NOT_FOUND', 'Event not found');
        const redaction = addEvent(roomId, me, 'm.room.redaction', { redacts: target, ...(body?.reason ? { reason: body.reason } : {}) }, { redacts: target });
        original.content = {};
        original.unsigned = { ...original.unsigned, redacted_because: strip(redaction) };
        return { event_id: redaction.event_id };
      });
    }
    if (action === 'messages') return roomMessages(requireRoom(roomId, me), query);
    if (action === 'joined_members') {
      const room = requireRoom(roomId, me);
      return { joined: Object.fromEntries([...room.members].map((u) => [u, {}])) };
    }
  }
  throw new Failure(404, 'M_UNRECOGNIZED', `The fake does not implement ${method} ${rawPath}`);
}

// GET /rooms/{roomId}/messages over the stream positions that /sync tokens name: "sN" sits
// after stream entry N. Only dir=b, the direction the bot uses to fill gaps, is served.
function roomMessages(room, query) {
  const dir = query.get('dir');
  if (dir !== 'b' && dir !== 'f') throw new Failure(400, 'M_INVALID_PARAM', 'dir must be "b" or "f"');
  if (dir === 'f') throw new Failure(400, 'M_UNRECOGNIZED', 'The fake serves only dir=b');
  const position = (name) => {
    const token = query.get(name);
    if (token === null) return null;
    if (!/^s\d+$/.test(token)) throw new Failure(400, 'M_INVALID_PARAM', `Unknown ${name} token`);
    return Number(token.slice(1));
  };
  const limitText = query.get('limit');
  if (limitText !== null && !/^\d+$/.test(limitText)) throw new Failure(400, 'M_INVALID_PARAM', 'limit must be an integer');
  const limit = Math.min(Number(limitText ?? 10), 1000);
  let types = null;
  if (query.get('filter') !== null) {
    try {
      types = JSON.parse(query.get('filter')).types ?? null;
    } catch {
      throw new Failure(400, 'M_INVALID_PARAM', 'filter is not JSON');
    }
  }
  const from = position('from') ?? stream.length;
  const to = position('to') ?? 0;
  const candidates = stream.filter((e) => e.kind === 'event' && rooms.get(e.room) === room && e.pos <= from && e.pos > to &&
    (!types || types.includes(e.event.type))).reverse();
  const chunk = candidates.slice(0, limit);
  const answer = { start: `s${from}`, chunk: chunk.map((e) => e.event) };
  if (candidates.length > chunk.length) answer.end = `s${chunk.at(-1).pos - 1}`;
  for (const event of answer.chunk) if (!event.unsigned?.redacted_because) record(validateEvent(event));
  return answer;
}

// The room as a person sees it: every message with its latest edit applied, redactions applied.
function roomView(roomId) {
  const room = rooms.get(roomId);
  const messages = [];
  for (const event of room.events) {
    if (event.type !== 'm.room.message' && event.type !== 'm.reaction') continue;
    if (event.content['m.relates_to']?.rel_type === 'm.replace') continue;
    const edits = room.events.filter((e) => e.sender === event.sender && !e.unsigned?.redacted_because &&
      e.content['m.relates_to']?.rel_type === 'm.replace' && e.content['m.relates_to']?.event_id === event.event_id);
    const latest = edits.at(-1);
    messages.push({ ...event, current: latest ? { ...latest.content['m.new_content'], ...(event.content['m.relates_to'] ? { 'm.relates_to': event.content['m.relates_to'] } : {}) } : event.content, edits: edits.length });
  }
  return { room_id: roomId, members: [...room.members], invited: [...room.invited.keys()], messages, events: room.events };
}

async function control(req, res, rawPath, query, body) {
  switch (rawPath) {
    case '/_control/user':
      users.set(body.user_id, { password: body.password });
      if (body.access_token) tokens.set(body.access_token, { user: body.user_id, device: body.device_id ?? 'PRESET' });
      return {};
    case '/_control/room': {
      const id = makeRoom(body.room_id, body.creator);
      for (const user of body.members ?? []) if (user !== body.creator) join(id, user);
      if (body.encrypted) addEvent(id, body.creator, 'm.room.encryption', { algorithm: 'm.megolm.v1.aes-sha2' }, { state_key: '' });
      return { room_id: id };
    }
    case '/_control/join':
      join(body.room_id, body.user_id);
      return {};
    case '/_control/send': {
      if (record(validateContent(body.type, body.content))) throw new Failure(400, 'M_BAD_JSON', violations.at(-1));
      const extra = body.state_key !== undefined ? { state_key: body.state_key } : {};
      return { event_id: addEvent(body.room_id, body.sender, body.type, body.content, extra).event_id };
    }
    case '/_control/invite':
      invite(body.room_id, body.inviter, body.invitee, body.is_direct === true);
      return {};
    case '/_control/account_data':
      (accountData.get(body.user_id) ?? accountData.set(body.user_id, new Map()).get(body.user_id)).set(body.type, body.content);
      push({ kind: 'account_data', user: body.user_id, event: { type: body.type, content: body.content } });
      return {};
    case '/_control/rate_limit':
      rateLimits.push({ match: body.path_contains, method: body.method, count: body.count ?? 1, retry_after_ms: body.retry_after_ms, header: body.retry_after_header });
      return {};
    case '/_control/sync_timeline_limit':
      timelineLimit = body.limit ?? 0;
      return {};
    case '/_control/hold_answer':
      holds.push({ match: body.path_contains, method: body.method, ms: body.ms ?? 5000, count: 1 });
      return {};
    case '/_control/held':
      return { held: heldRequests };
    case '/_control/revoke':
      for (const [token, session] of tokens) if (session.user === body.user_id) tokens.delete(token);
      return {};
    case '/_control/room_view':
      return roomView(query.get('room_id'));
    case '/_control/rooms':
      return { rooms: [...rooms.keys()].map(roomView) };
    case '/_control/account_data_of':
      return Object.fromEntries(accountData.get(query.get('user_id')) ?? []);
    case '/_control/report':
      return { violations, requests };
  }
  throw new Failure(404, 'M_UNRECOGNIZED', `no control endpoint ${rawPath}`);
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://localhost');
  const raw = await readBody(req);
  let body;
  if (raw.length) {
    try {
      body = JSON.parse(raw);
    } catch {
      return send(res, 400, { errcode: 'M_NOT_JSON', error: 'Content not JSON.' });
    }
  }
  try {
    if (url.pathname === '/.well-known/matrix/client')
      return send(res, 200, { 'm.homeserver': { base_url: `http://127.0.0.1:${server.address().port}` } });
    if (url.pathname === '/_matrix/client/versions') return send(res, 200, { versions: ['v1.11', 'v1.12'], unstable_features: {} });
    if (url.pathname.startsWith('/_control/')) return send(res, 200, await control(req, res, url.pathname, url.searchParams, body));
    if (!url.pathname.startsWith(prefix)) throw new Failure(404, 'M_UNRECOGNIZED', 'Unrecognized request');
    const rawPath = url.pathname.slice(prefix.length);
    requests.push({ method: req.method, path: decodeURIComponent(rawPath), query: url.search, body });
    const limit = rateLimits.find((l) => l.count > 0 && rawPath.includes(l.match) && (!l.method || l.method === req.method));
    if (limit) {
      limit.count -= 1;
      const headers = limit.header !== undefined ? { 'Retry-After': String(limit.header) } : {};
      throw new Failure(429, 'M_LIMIT_EXCEEDED', 'Too many requests', limit.retry_after_ms !== undefined ? { retry_after_ms: limit.retry_after_ms } : {}, headers);
    }
    const answer = await clientApi(req, res, rawPath, url.searchParams, body);
    const hold = holds.find((h) => h.count > 0 && decodeURIComponent(rawPath).includes(h.match) && (!h.method || h.method === req.method));
    if (hold) {
      // The work is done and recorded; only the answer is late, as when a client dies first.
      hold.count -= 1;
      heldRequests.push({ method: req.method, path: decodeURIComponent(rawPath), answer });
      await new Promise((resolve) => setTimeout(resolve, hold.ms));
    }
    const problem = validateResponse(findRoute(req.method, rawPath), answer);
    if (record(problem)) throw new Failure(500, 'M_UNKNOWN', problem);
    if (rawPath === '/sync')
      for (const room of Object.values(answer.rooms.join))
        for (const event of room.timeline.events) if (!event.unsigned?.redacted_because) record(validateEvent({ ...event, room_id: '!served:localhost' }));
    send(res, 200, answer);
  } catch (failure) {
    if (!(failure instanceof Failure)) {
      process.stderr.write(`fake homeserver: ${failure.stack}\n`);
      failure = new Failure(500, 'M_UNKNOWN', String(failure));
    }
    record(validateError(failure.body));
    send(res, failure.status, failure.body, failure.headers);
  }
});

server.listen(Number(process.env.FAKE_MATRIX_PORT ?? 0), '127.0.0.1', () => {
  process.stdout.write(`PORT ${server.address().port}\n`);
});
process.on('SIGTERM', () => process.exit(0));
