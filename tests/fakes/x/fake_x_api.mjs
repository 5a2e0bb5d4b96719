// SPDX-License-Identifier: Apache-2.0
// A contract fake of X API v2's mentions timeline, GET /2/users/:id/mentions, after
// docs.x.com x-api/posts/timelines (introduction, quickstart/user-mention-quickstart and the API
// reference), fundamentals/edit-posts and fundamentals/rate-limits. App-only bearer auth (401
// with the problem body X sends), since_id / until_id / max_results (5..100) /
// pagination_token, the default and requested fields, expansions=author_id, x-rate-limit-*
// headers on every answer and 429 once spent. Edits follow X's model: each edit is a new post id
// whose edit_history_tweet_ids starts with the original's id; a timeline shows the latest
// version only. Control endpoints under /_control let a test add posts and edits, switch on
// 429s and 503s, and read the requests. Prints "PORT <n>" when ready.
import http from 'node:http';

const bearerToken = process.env.FAKE_X_BEARER || 'AAAAAAAAAAAAAAAAAAAAAFakeBearerToken';
const users = new Map([['2244994945', { id: '2244994945', name: 'Brand', username: 'brand' }]]);
const posts = []; // every version, in id order
const requests = [];
let nextId = 1860000000000000000n;
let rateLimited = { count: 0, reset: 0 };
let serverErrors = 0;
let remaining = 450;
let windowReset = null; // epoch seconds of the window's end; null: 15 minutes from now

const problem = (status, title, detail, type = 'about:blank') => ({ title, type, status, detail });

function send(res, status, body, headers = {}) {
  const text = JSON.stringify(body);
  const reset = rateLimited.count > 0 ? rateLimited.reset : windowReset ?? Math.floor(Date.now() / 1000) + 900;
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(text), 'x-rate-limit-limit': '450', 'x-rate-limit-remaining': String(remaining), 'x-rate-limit-reset': String(reset), ...headers });
  res.end(text);
}

function invalid(res, parameter, value, message) {
  send(res, 400, {
    errors: [{ parameters: { [parameter]: [value] }, message }],
    title: 'Invalid Request',
    detail: 'One or more parameters to your request was invalid.',
    type: 'https://api.twitter.com/2/problems/invalid-request',
  });
}

const known = ['since_id', 'until_id', 'max_results', 'pagination_token', 'start_time', 'end_time', 'expansions', 'tweet.fields', 'user.fields', 'media.fields', 'place.fields', 'poll.fields'];
const tweetFields = ['article', 'attachments', 'author_id', 'card_uri', 'community_id', 'context_annotations', 'conversation_id', 'created_at', 'display_text_range', 'edit_controls', 'edit_history_tweet_ids', 'entities', 'geo', 'id', 'in_reply_to_user_id', 'lang', 'media_metadata', 'non_public_metrics', 'note_tweet', 'organic_metrics', 'possibly_sensitive', 'promoted_metrics', 'public_metrics', 'referenced_tweets', 'reply_settings', 'scopes', 'source', 'text', 'withheld'];
const userFields = ['created_at', 'description', 'entities', 'id', 'location', 'most_recent_tweet_id', 'name', 'pinned_tweet_id', 'profile_image_url', 'protected', 'public_metrics', 'url', 'username', 'verified', 'verified_type', 'withheld'];
const expansionsKnown = ['attachments.media_keys', 'attachments.poll_ids', 'author_id', 'edit_history_tweet_ids', 'entities.mentions.username', 'geo.place_id', 'in_reply_to_user_id', 'referenced_tweets.id', 'referenced_tweets.id.author_id'];
const isId = (text) => /^[0-9]{1,19}$/.test(text);

function mentions(req, res, userId, query) {
  if (req.headers.authorization !== `Bearer ${bearerToken}`)
    return send(res, 401, problem(401, 'Unauthorized', 'Unauthorized'));
  if (rateLimited.count > 0) {
    rateLimited.count--;
    return send(res, 429, problem(429, 'Too Many Requests', 'Too Many Requests'), { 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(rateLimited.reset) });
  }
  if (serverErrors > 0) {
    serverErrors--;
    return send(res, 503, problem(503, 'Service Unavailable', 'Service Unavailable'));
  }
  if (!isId(userId)) return invalid(res, 'id', userId, `The \`id\` query parameter value [${userId}] is not valid`);
  for (const key of query.keys())
    if (!known.includes(key)) return invalid(res, key, query.get(key), `The query parameter [${key}] is not one of [${known.join(',')}]`);
  const lists = { 'tweet.fields': tweetFields, 'user.fields': userFields, expansions: expansionsKnown };
  const asked = {};
  for (const [key, allowed] of Object.entries(lists)) {
    asked[key] = query.has(key) ? query.get(key).split(',') : [];
    for (const value of asked[key])
      if (!allowed.includes(value)) return invalid(res, key, query.get(key), `The \`${key}\` query parameter value [${value}] is not one of [${allowed.join(',')}]`);
  }
  let max = 10;
  if (query.has('max_results')) {
    max = Number(query.get('max_results'));
    if (!Number.isInteger(max) || max < 5 || max > 100) return invalid(res, 'max_results', query.get('max_results'), `The \`max_results\` query parameter value [${query.get('max_results')}] is not between 5 and 100`);
  }
  for (const key of ['since_id', 'until_id'])
    if (query.has(key) && !isId(query.get(key))) return invalid(res, key, query.get(key), `The \`${key}\` query parameter value [${query.get(key)}] is not valid`);
  const user = users.get(userId);
  if (!user)
    return send(res, 200, { errors: [{ value: userId, detail: `Could not find user with id: [${userId}].`, title: 'Not Found Error', resource_type: 'user', parameter: 'id', resource_id: userId, type: 'https://api.twitter.com/2/problems/resource-not-found' }] });
  remaining = Math.max(0, remaining - 1);

  // The latest version of each post that mentions the user, newest first.
  const latest = new Map();
  for (const post of posts) if (post.mentions.includes(user.username)) latest.set(post.edit_history_tweet_ids[0], post);
  let list = [...latest.values()].sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
  if (query.has('since_id')) list = list.filter((p) => BigInt(p.id) > BigInt(query.get('since_id')));
  if (query.has('until_id')) list = list.filter((p) => BigInt(p.id) < BigInt(query.get('until_id')));
  list = list.slice(0, 800); // the timeline reaches back 800 posts at most
  // The token is opaque to clients; here it names the id the next page starts below.
  if (query.has('pagination_token')) {
    const token = query.get('pagination_token');
    const decoded = /^[A-Za-z0-9_-]+$/.test(token) ? Buffer.from(token, 'base64url').toString() : '';
    if (!/^below:[0-9]{1,19}$/.test(decoded)) return invalid(res, 'pagination_token', token, `The \`pagination_token\` query parameter value [${token}] is not valid`);
    list = list.filter((p) => BigInt(p.id) < BigInt(decoded.slice(6)));
  }
  const page = list.slice(0, max);
  if (page.length === 0) return send(res, 200, { meta: { result_count: 0 } });
  // An expansion brings its id field along, as X does.
  const fields = new Set(['id', 'text', 'edit_history_tweet_ids', ...asked['tweet.fields'], ...(asked.expansions.includes('author_id') ? ['author_id'] : [])]);
  const data = page.map((post) => Object.fromEntries(Object.entries(post).filter(([key, value]) => fields.has(key) && value !== undefined)));
  const body = { data, meta: { result_count: page.length, newest_id: page[0].id, oldest_id: page[page.length - 1].id } };
  if (list.length > max) body.meta.next_token = Buffer.from('below:' + page[page.length - 1].id).toString('base64url');
  if (asked.expansions.includes('author_id')) {
    const ufields = new Set(['id', 'name', 'username', ...asked['user.fields']]);
    const authors = [...new Set(page.map((p) => p.author_id))].map((id) => users.get(id));
    body.includes = { users: authors.map((u) => Object.fromEntries(Object.entries(u).filter(([key]) => ufields.has(key)))) };
  }
  send(res, 200, body);
}

function addPost(input) {
  const author = input.author || { id: '9' + String(users.size).padStart(9, '0'), username: 'someone' };
  if (!users.has(author.id)) users.set(author.id, { id: author.id, name: author.name || author.username, username: author.username });
  const id = String(nextId++);
  const post = {
    id, text: input.text || '', author_id: author.id,
    created_at: input.created_at || new Date(Date.parse('2026-11-20T10:00:00.000Z') + posts.length * 1000).toISOString(),
    lang: input.lang || 'en', conversation_id: input.conversation_id || id,
    edit_history_tweet_ids: [id],
    mentions: input.mentions || ['brand'],
  };
  if (input.in_reply_to_user_id) post.in_reply_to_user_id = input.in_reply_to_user_id;
  if (input.replied_to) post.referenced_tweets = [{ type: 'replied_to', id: input.replied_to }];
  posts.push(post);
  return post;
}

function editPost(input) {
  const original = posts.find((p) => p.id === input.id);
  if (!original) return null;
  const versions = posts.filter((p) => p.edit_history_tweet_ids[0] === original.edit_history_tweet_ids[0]);
  const previous = versions[versions.length - 1];
  const id = String(nextId++);
  const edited = { ...previous, id, text: input.text, edit_history_tweet_ids: [...previous.edit_history_tweet_ids, id] };
  posts.push(edited);
  return edited;
}

const visible = (post) => { const { mentions: _unused, ...rest } = post; return rest; };

function control(path, input, res) {
  switch (path) {
    case 'post': return send(res, 200, { posts: (Array.isArray(input) ? input : [input]).map(addPost).map(visible) });
    case 'edit': {
      const edited = editPost(input);
      return edited ? send(res, 200, visible(edited)) : send(res, 404, { error: 'no such post' });
    }
    case 'rate_limit': rateLimited = { count: input.count ?? 1, reset: input.reset }; return send(res, 200, {});
    case 'quota': remaining = input.remaining; windowReset = input.reset; return send(res, 200, {});
    case 'server_error': serverErrors = input.count ?? 1; return send(res, 200, {});
    case 'report': return send(res, 200, { requests });
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
    const match = /^\/2\/users\/([^/]+)\/mentions$/.exec(url.pathname);
    if (!match) return send(res, 404, problem(404, 'Not Found Error', 'Sorry, that page does not exist.', 'https://api.twitter.com/2/problems/resource-not-found'));
    if (req.method !== 'GET') return send(res, 405, problem(405, 'Method Not Allowed', `${req.method} is not allowed here`));
    mentions(req, res, decodeURIComponent(match[1]), url.searchParams);
  });
});

server.listen(0, '127.0.0.1', () => {
  process.stdout.write(`PORT ${server.address().port}\n`);
});
process.on('SIGTERM', () => { server.close(); process.exit(0); });
