// SPDX-License-Identifier: Apache-2.0
// Checks the Slack contract fake with Slack's own Node clients: if @slack/web-api and
// @slack/socket-mode see it as they see Slack, tests against it mean something.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { importClient } from './engines.mjs';

const { WebClient, ErrorCode } = await importClient('@slack/web-api');
const { SocketModeClient } = await importClient('@slack/socket-mode');

const fakePath = new URL('../fakes/slack/slack_fake.mjs', import.meta.url).pathname;
const fake = spawn(process.execPath, [fakePath], { stdio: ['pipe', 'pipe', 'inherit'] });
const [line] = await once(fake.stdout, 'data');
const { port } = JSON.parse(String(line).split('\n')[0]);
const base = `http://127.0.0.1:${port}`;
const slackApiUrl = `${base}/api/`;

async function control(path, body) {
  const res = await fetch(base + '/control/' + path, {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body || {}),
  });
  return res.json();
}
const until = async (what, predicate, ms = 10000) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await predicate()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('timed out waiting for ' + what);
};
const slackError = async (promise) => {
  try { await promise; } catch (e) { return e; }
  throw new Error('expected an error');
};

let failures = 0;
async function check(name, body) {
  try { await body(); console.log('ok   ' + name); } catch (e) { failures++; console.log('FAIL ' + name + ': ' + (e.stack || e)); }
}

const quiet = { logLevel: 'error', retryConfig: { retries: 0 } };
const web = new WebClient('xoxb-fake-bot', { slackApiUrl, ...quiet });

await check('web-api: auth.test answers like Slack', async () => {
  const r = await web.auth.test();
  assert.equal(r.ok, true);
  assert.equal(r.user_id, 'U0BOT');
});
await check('web-api: chat.postMessage with blocks, then chat.update and a thread reply', async () => {
  const posted = await web.chat.postMessage({
    channel: 'C0CARE', text: 'fallback',
    blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*hi*' } },
      { type: 'actions', elements: [{ type: 'button', action_id: 'claim', value: '1', text: { type: 'plain_text', text: 'Claim' } }] }],
  });
  assert.equal(posted.ok, true);
  assert.match(posted.ts, /^\d{10}\.\d{6}$/);
  const updated = await web.chat.update({ channel: posted.channel, ts: posted.ts, text: 'claimed' });
  assert.equal(updated.ok, true);
  const reply = await web.chat.postMessage({ channel: 'C0CARE', thread_ts: posted.ts, text: 'note' });
  assert.equal(reply.ok, true);
});
await check('web-api: conversations.open and users.lookupByEmail', async () => {
  const im = await web.conversations.open({ users: 'U0BOB' });
  assert.equal(im.channel.id, 'DU0BOB');
  const user = await web.users.lookupByEmail({ email: 'bob@example.org' });
  assert.equal(user.user.id, 'U0BOB');
  const missing = await slackError(web.users.lookupByEmail({ email: 'nobody@example.org' }));
  assert.equal(missing.data.error, 'users_not_found');
});
await check('web-api: unknown channel, malformed blocks and over-long text are platform errors', async () => {
  for (const [args, error] of [
    [{ channel: 'C0NOPE', text: 'x' }, 'channel_not_found'],
    [{ channel: 'C0CARE', text: 'x', blocks: [{ type: 'section' }] }, 'invalid_blocks'],
    [{ channel: 'C0CARE', text: 'x', blocks: [{ type: 'actions', elements: [{ type: 'button', text: { type: 'mrkdwn', text: 'no' } }] }] }, 'invalid_blocks'],
    [{ channel: 'C0CARE', text: 'x'.repeat(40001) }, 'msg_too_long'],
  ]) {
    const e = await slackError(web.chat.postMessage(args));
    assert.equal(e.code, ErrorCode.PlatformError);
    assert.equal(e.data.error, error);
  }
  const e = await slackError(web.chat.update({ channel: 'C0CARE', ts: '1.000001', text: 'x' }));
  assert.equal(e.data.error, 'message_not_found');
});
await check('web-api: a wrong or missing token is refused', async () => {
  const wrong = new WebClient('xoxb-wrong', { slackApiUrl, ...quiet });
  assert.equal((await slackError(wrong.auth.test())).data.error, 'invalid_auth');
  const none = new WebClient(undefined, { slackApiUrl, ...quiet });
  assert.equal((await slackError(none.auth.test())).data.error, 'not_authed');
});
await check('web-api: HTTP 429 with Retry-After is seen as a rate limit and retried after it', async () => {
  await control('faults', { limit: { method: 'chat.postMessage', count: 1, retry_after: 1 } });
  const strict = new WebClient('xoxb-fake-bot', { slackApiUrl, ...quiet, rejectRateLimitedCalls: true });
  const e = await slackError(strict.chat.postMessage({ channel: 'C0CARE', text: 'x' }));
  assert.equal(e.code, ErrorCode.RateLimitedError);
  assert.equal(e.retryAfter, 1);
  await control('faults', { limit: { method: 'chat.postMessage', count: 1, retry_after: 1 } });
  const patient = new WebClient('xoxb-fake-bot', { slackApiUrl, logLevel: 'error', retryConfig: { retries: 1, factor: 1, minTimeout: 10, maxTimeout: 10 } });
  const started = Date.now();
  const r = await patient.chat.postMessage({ channel: 'C0CARE', text: 'after the wait' });
  assert.equal(r.ok, true);
  assert.ok(Date.now() - started >= 900, 'waited for Retry-After');
});
await check('web-api: an outage is an HTTP error, not a platform answer', async () => {
  await control('faults', { outage: true });
  const e = await slackError(web.auth.test());
  assert.equal(e.code, ErrorCode.HTTPError);
  assert.equal(e.statusCode, 503);
  await control('faults', { outage: false });
});

await check('socket-mode: connects, receives and acks envelopes, reconnects on refresh_requested', async () => {
  const client = new SocketModeClient({ appToken: 'xapp-fake-app', logLevel: 'error', clientOptions: { slackApiUrl } });
  const seen = [];
  client.on('slack_event', async ({ ack, type, body }) => { await ack(); seen.push({ type, body }); });
  await client.start();
  await until('hello', async () => (await control('state')).hellos >= 1);
  const event = { type: 'event_callback', event_id: 'Ev1', event: { type: 'reaction_added', user: 'U0BOB', reaction: 'raised_hand', item: { type: 'message', channel: 'C0CARE', ts: '1.000001' } } };
  await control('envelope', { type: 'events_api', payload: event });
  await control('envelope', { type: 'interactive', payload: { type: 'block_actions', user: { id: 'U0BOB' }, actions: [{ action_id: 'claim', value: '1' }] } });
  await until('two envelopes', async () => seen.length === 2);
  assert.equal(seen[0].type, 'events_api');
  assert.equal(seen[0].body.event_id, 'Ev1');
  await until('two acks', async () => (await control('state')).acks.length === 2);
  await control('disconnect', { reason: 'refresh_requested' });
  await until('a second connection', async () => { const s = await control('state'); return s.opens === 2 && s.hellos === 2; });
  await control('envelope', { type: 'slash_commands', payload: { command: '/switchboard', text: 'who', user_id: 'U0BOB', channel_id: 'C0CARE' } });
  await until('the third envelope', async () => seen.length === 3);
  assert.equal(seen[2].type, 'slash_commands');
  const state = await control('state');
  assert.equal(state.acks.length, 3);
  assert.deepEqual(state.badAcks, []);
  await client.disconnect();
});
await check('socket-mode: a wrong app-level token stops the client', async () => {
  const client = new SocketModeClient({ appToken: 'xapp-wrong', logLevel: 'error', clientOptions: { slackApiUrl, retryConfig: { retries: 0 } } });
  const e = await slackError(client.start());
  assert.match(String(e.message || e), /invalid_auth/);
});

fake.kill();
if (failures) { console.log(`${failures} check(s) failed`); process.exit(1); }
console.log('all checks passed');
process.exit(0);
