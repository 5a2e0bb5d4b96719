// SPDX-License-Identifier: Apache-2.0
// A contract fake of Meta for the meta source: the Graph API reads an Instagram @mention needs,
// and Meta's webhook sender (subscription handshake and signed deliveries).
//
// Followed docs:
// - Graph API errors: developers.facebook.com/docs/graph-api/guides/error-handling
// - GET /{ig-user-id}?fields=mentioned_comment.comment_id({id}){fields}:
//   developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/mentioned_comment
// - GET /{ig-user-id}?fields=mentioned_media.media_id({id}){fields}: .../ig-user/mentioned_media
// - Verification and X-Hub-Signature-256: developers.facebook.com/docs/graph-api/webhooks/getting-started
//
// Prints "PORT <n>" once listening on 127.0.0.1 (port 0 unless given as argv[2]).
// Control (JSON in, JSON out):
//   POST /_control/token      {token}                 the one access token the Graph accepts
//   POST /_control/comment    {ig_user_id, comment_id, text, timestamp, media_id, permalink}
//   POST /_control/media      {ig_user_id, media_id, caption, username, timestamp, permalink}
//   POST /_control/fail       {count, status, code, message}  the next count Graph calls fail
//   POST /_control/verify     {url, mode, token, challenge}   Meta's handshake GET
//   POST /_control/deliver    {url, secret, body, signature_body, signature}
//        body: an object (serialised and escaped as Meta does) or a string (sent as is);
//        signature_body: sign these bytes instead; signature: send this header verbatim
//        (null: no header). Answers {status, body}.
//   GET  /_control/report     {requests: [{path, fields}]}
//   POST /_control/reset      {}  forgets everything above, for the next test
import http from 'node:http';
import crypto from 'node:crypto';

function freshState() {
  return {
    token: 'page-token',
    comments: new Map(), // `${ig}/${comment}` -> object
    media: new Map(),    // `${ig}/${media}` -> object
    failures: [],
    requests: [],
  };
}
let state = freshState();

function send(res, status, body, type = 'application/json') {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

function fbtrace() {
  return crypto.randomBytes(8).toString('base64url');
}

function graphError(res, status, code, message, type = 'OAuthException', subcode) {
  const error = { message, type, code, fbtrace_id: fbtrace() };
  if (subcode !== undefined) error.error_subcode = subcode;
  send(res, status, { error });
}

// Meta escapes non-ASCII characters (and '/') before signing, so the signature is over the
// escaped bytes: a receiver must verify the raw body, never a re-serialisation.
function metaSerialise(object) {
  return JSON.stringify(object)
    .replace(/\//g, '\\/')
    .replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function readBody(req) {
  return new Promise((resolve) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  });
}

function request(url, method, headers, body) {
  return new Promise((resolve) => {
    const req = http.request(url, { method, headers }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () =>
        resolve({
          status: res.statusCode,
          content_type: res.headers['content-type'] || '',
          body: Buffer.concat(chunks).toString('utf8'),
        }));
    });
    req.on('error', (e) => resolve({ status: 0, body: String(e) }));
    if (body !== undefined) req.write(body);
    req.end();
  });
}

const commentFields = new Set(['id', 'like_count', 'media', 'text', 'timestamp']);
const mediaFields = new Set(['id', 'caption', 'comments_count', 'like_count', 'media_type',
  'media_url', 'owner', 'permalink', 'timestamp', 'username']);
const expandableMediaFields = new Set(['id', 'permalink', 'caption', 'timestamp', 'username',
  'media_type', 'media_url']);

// "id,text,media{id,permalink}" -> [['id'], ['text'], ['media', 'id,permalink']]
function splitFields(text) {
  const out = [];
  let depth = 0, start = 0;
  for (let i = 0; i <= text.length; ++i) {
    const c = text[i];
    if (c === '{') depth++;
    if (c === '}') depth--;
    if ((c === ',' && depth === 0) || i === text.length) {
      const part = text.slice(start, i);
      const brace = part.indexOf('{');
      out.push(brace < 0 ? [part] : [part.slice(0, brace), part.slice(brace + 1, -1)]);
      start = i + 1;
    }
  }
  return out.filter(([name]) => name.length > 0);
}

function pick(object, fields, allowed, node, res) {
  const result = {};
  for (const [name, sub] of splitFields(fields)) {
    if (!allowed.has(name)) {
      graphError(res, 400, 100, `(#100) Tried accessing nonexisting field (${name}) on node type (${node})`);
      return null;
    }
    if (name === 'media') {
      const media = { id: object.media_id };
      if (sub) {
        for (const [m] of splitFields(sub)) {
          if (!expandableMediaFields.has(m)) {
            graphError(res, 400, 100, `(#100) Tried accessing nonexisting field (${m}) on node type (ShadowIGMedia)`);
            return null;
          }
          if (m === 'permalink') media.permalink = object.permalink;
        }
      }
      result.media = media;
    } else if (object[name] !== undefined) {
      result[name] = object[name];
    }
  }
  return result;
}

function graph(req, res, url) {
  const match = url.pathname.match(/^\/v\d+\.\d+\/(\d+)$/);
  const fields = url.searchParams.get('fields') || '';
  state.requests.push({ path: url.pathname, fields });
  let token = url.searchParams.get('access_token');
  const auth = req.headers.authorization || '';
  if (!token && /^(Bearer|OAuth) /.test(auth)) token = auth.split(' ')[1];
  if (!token)
    return graphError(res, 400, 104, 'An access token is required to request this resource.');
  if (token !== state.token)
    return graphError(res, 400, 190, 'Invalid OAuth access token - Cannot parse access token');
  if (state.failures.length > 0) {
    const f = state.failures.shift();
    return graphError(res, f.status, f.code, f.message, 'OAuthException');
  }
  if (!match || req.method !== 'GET')
    return graphError(res, 400, 100, 'Unsupported request - method type: ' + req.method.toLowerCase(),
      'GraphMethodException');
  const ig = match[1];
  const comment = fields.match(/^mentioned_comment\.comment_id\(([^)]+)\)(?:\{(.*)\})?$/);
  const media = fields.match(/^mentioned_media\.media_id\(([^)]+)\)(?:\{(.*)\})?$/);
  if (comment) {
    const found = state.comments.get(`${ig}/${comment[1]}`);
    if (!found)
      return graphError(res, 400, 100, `Unsupported get request. Object with ID '${comment[1]}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 'GraphMethodException', 33);
    const picked = pick(found, comment[2] || 'id', commentFields, 'ShadowIGComment', res);
    if (picked) send(res, 200, { mentioned_comment: picked, id: ig });
    return;
  }
  if (media) {
    const found = state.media.get(`${ig}/${media[1]}`);
    if (!found)
      return graphError(res, 400, 100, `Unsupported get request. Object with ID '${media[1]}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, 'GraphMethodException', 33);
    const picked = pick(found, media[2] || 'id', mediaFields, 'ShadowIGMedia', res);
    if (picked) send(res, 200, { mentioned_media: picked, id: ig });
    return;
  }
  graphError(res, 400, 100, '(#100) The fields parameter names no field this fake serves', 'OAuthException');
}

async function control(req, res, url) {
  const name = url.pathname.slice('/_control/'.length);
  const input = req.method === 'POST' ? JSON.parse((await readBody(req)) || '{}') : {};
  switch (name) {
    case 'token':
      state.token = input.token;
      return send(res, 200, {});
    case 'comment':
      state.comments.set(`${input.ig_user_id}/${input.comment_id}`, { ...input, id: input.comment_id });
      return send(res, 200, {});
    case 'media':
      state.media.set(`${input.ig_user_id}/${input.media_id}`, { ...input, id: input.media_id });
      return send(res, 200, {});
    case 'fail':
      for (let i = 0; i < (input.count ?? 1); ++i)
        state.failures.push({ status: input.status ?? 500, code: input.code ?? 2,
          message: input.message ?? 'An unexpected error has occurred. Please retry your request later.' });
      return send(res, 200, {});
    case 'verify': {
      const target = new URL(input.url);
      if (input.mode !== undefined) target.searchParams.set('hub.mode', input.mode);
      if (input.challenge !== undefined) target.searchParams.set('hub.challenge', input.challenge);
      if (input.token !== undefined) target.searchParams.set('hub.verify_token', input.token);
      return send(res, 200, await request(target, 'GET', {}));
    }
    case 'deliver': {
      const body = typeof input.body === 'string' ? input.body : metaSerialise(input.body);
      const signed = input.signature_body ?? body;
      const headers = { 'Content-Type': 'application/json', 'User-Agent': 'facebookexternalua' };
      if (input.signature !== null) {
        headers['X-Hub-Signature-256'] = input.signature ??
          'sha256=' + crypto.createHmac('sha256', input.secret).update(signed, 'utf8').digest('hex');
        headers['X-Hub-Signature'] =
          'sha1=' + crypto.createHmac('sha1', input.secret ?? '').update(signed, 'utf8').digest('hex');
      }
      return send(res, 200, await request(input.url, 'POST', headers, body));
    }
    case 'report':
      return send(res, 200, { requests: state.requests });
    case 'reset':
      state = freshState();
      return send(res, 200, {});
    default:
      return send(res, 404, { error: 'unknown control ' + name });
  }
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, 'http://127.0.0.1');
  try {
    if (url.pathname.startsWith('/_control/')) return await control(req, res, url);
    return graph(req, res, url);
  } catch (e) {
    send(res, 500, { error: String(e) });
  }
});

server.listen(Number(process.argv[2] || 0), '127.0.0.1', () => {
  console.log(`PORT ${server.address().port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
