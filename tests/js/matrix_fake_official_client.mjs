// SPDX-License-Identifier: Apache-2.0
// Checks switchboard's fake homeserver with Matrix's own client library (matrix-js-sdk, pinned):
// login, sync, a message, a reaction, an edit, a redaction, and a 429 retried on the same txnId.
// Usage: node matrix_fake_official_client.mjs <path to fake_homeserver.mjs>
import { spawn } from 'node:child_process';
import assert from 'node:assert/strict';
import { importClient } from './engines.mjs';

const sdk = await importClient('matrix-js-sdk');

sdk.logger?.setLevel?.('error');
const fakePath = process.argv[2];
const fake = spawn(process.execPath, [fakePath], { stdio: ['ignore', 'pipe', 'inherit'] });
const port = await new Promise((resolve, reject) => {
  let text = '';
  fake.stdout.on('data', (chunk) => {
    text += chunk;
    const match = text.match(/PORT (\d+)/);
    if (match) resolve(Number(match[1]));
  });
  fake.on('exit', (code) => reject(new Error(`the fake exited with ${code}`)));
});
const base = `http://127.0.0.1:${port}`;
const control = async (path, body) => {
  const response = await fetch(`${base}/_control/${path}`, body === undefined ? {} : {
    method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
  });
  assert.equal(response.status, 200, `control ${path}`);
  return response.json();
};

let client;
const timeout = setTimeout(() => {
  console.error('matrix-js-sdk check timed out');
  fake.kill('SIGTERM');
  process.exit(1);
}, 60_000);

try {
  await control('user', { user_id: '@alice:localhost', password: 'wonderland' });

  const anonymous = sdk.createClient({ baseUrl: base });
  const login = await anonymous.login('m.login.password', {
    identifier: { type: 'm.id.user', user: 'alice' },
    password: 'wonderland',
  });
  assert.equal(login.user_id, '@alice:localhost');
  assert.ok(login.access_token && login.device_id);

  client = sdk.createClient({ baseUrl: base, accessToken: login.access_token, userId: login.user_id, deviceId: login.device_id });
  const prepared = new Promise((resolve) => client.on(sdk.ClientEvent.Sync, (state) => {
    if (state === 'PREPARED') resolve();
  }));
  await client.startClient({ initialSyncLimit: 10 });
  await prepared;

  const { room_id: roomId } = await client.createRoom({ name: 'care', preset: 'private_chat' });
  const waitFor = (predicate) => new Promise((resolve) => {
    const check = () => { if (predicate()) { clearInterval(timer); resolve(); } };
    const timer = setInterval(check, 50);
    check();
  });
  // The room arrives through a /sync long poll.
  await waitFor(() => client.getRoom(roomId));

  const message = await client.sendEvent(roomId, 'm.room.message', {
    msgtype: 'm.text', body: 'card', format: 'org.matrix.custom.html', formatted_body: '<b>card</b>',
  });
  assert.match(message.event_id, /^\$/);

  const reaction = await client.sendEvent(roomId, 'm.reaction', {
    'm.relates_to': { rel_type: 'm.annotation', event_id: message.event_id, key: '✋' },
  });
  assert.match(reaction.event_id, /^\$/);

  const edit = await client.sendEvent(roomId, 'm.room.message', {
    msgtype: 'm.text', body: '* card (claimed)',
    'm.new_content': { msgtype: 'm.text', body: 'card (claimed)' },
    'm.relates_to': { rel_type: 'm.replace', event_id: message.event_id },
  });
  const redaction = await client.redactEvent(roomId, reaction.event_id, undefined, { reason: 'oops' });
  assert.match(redaction.event_id, /^\$/);

  // A 429 with Retry-After: the library waits and retries with the same transaction id.
  await control('rate_limit', { path_contains: '/send/', method: 'PUT', count: 1, retry_after_header: 1, retry_after_ms: 1000 });
  const started = Date.now();
  const retried = await client.sendEvent(roomId, 'm.room.message', { msgtype: 'm.text', body: 'after the limit' });
  assert.match(retried.event_id, /^\$/);
  assert.ok(Date.now() - started >= 900, 'the library waited for the advertised delay');

  const report = await control('report');
  const sends = report.requests.filter((r) => r.method === 'PUT' && r.path.includes('/send/') && r.body?.body === 'after the limit');
  assert.equal(sends.length, 2, 'one refused attempt and one retry');
  assert.equal(sends[0].path, sends[1].path, 'the retry reused the transaction id');

  await waitFor(() => client.getRoom(roomId)?.getLiveTimeline().getEvents().some((e) => e.getId() === retried.event_id));
  const view = await control(`room_view?room_id=${encodeURIComponent(roomId)}`);
  const card = view.messages.find((m) => m.event_id === message.event_id);
  assert.equal(card.current.body, 'card (claimed)', 'the edit applies');
  assert.ok(view.events.find((e) => e.event_id === reaction.event_id).unsigned.redacted_because, 'the reaction is redacted');
  assert.ok(edit.event_id);

  assert.deepEqual(report.violations, [], 'matrix-js-sdk and the fake agree with the spec schemas');
  console.log('matrix-js-sdk check passed');
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  clearTimeout(timeout);
  client?.stopClient();
  fake.kill('SIGTERM');
}
process.exit(process.exitCode ?? 0);
