// SPDX-License-Identifier: Apache-2.0
// The guard in engines.mjs: which Node versions satisfy the engine ranges packages declare, and
// the reason and exit code a test gets when its client needs a newer Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { refusal, satisfies, skipCode } from './engines.mjs';

const guard = path.join(path.dirname(fileURLToPath(import.meta.url)), 'engines.mjs');

test('the ranges the pinned clients declare', () => {
  assert.equal(satisfies('v18.20.4', '>=20.0.0'), false);
  assert.equal(satisfies('v18.20.4', '>=20'), false);
  assert.equal(satisfies('v18.20.4', '>= 18'), true);
  assert.equal(satisfies('v20.0.0', '>=20.0.0'), true);
  assert.equal(satisfies('v20.20.2', '>=20'), true);
  assert.equal(satisfies('v19.9.0', '>=18.18.0 || >=20'), true);
  assert.equal(satisfies('v18.17.1', '>=18.18.0 || >=20'), false);
  assert.equal(satisfies('v18.17.1', undefined), true);
  assert.equal(satisfies('v18.17.1', '*'), true);
});

test('a range of another shape does not keep a test from running', () => {
  assert.equal(satisfies('v18.20.4', '^20.1.0'), true);
  assert.equal(satisfies('v18.20.4', 'a hostile <script> string'), true);
});

test('a client that needs a newer Node is refused with both versions named', () => {
  const modules = fs.mkdtempSync(path.join(os.tmpdir(), 'switchboard-engines-'));
  try {
    fs.mkdirSync(path.join(modules, 'future-client'));
    fs.writeFileSync(path.join(modules, 'future-client', 'package.json'),
      JSON.stringify({ name: 'future-client', version: '3.1.0', engines: { node: '>=99' } }));
    assert.equal(refusal('future-client', 'v18.20.4', modules),
      'future-client 3.1.0 needs Node.js >=99; this is v18.20.4');
    assert.equal(refusal('future-client', 'v99.0.0', modules), null);
    assert.match(refusal('absent-client', 'v20.0.0', modules), /absent-client is not installed .*npm ci/);
  } finally {
    fs.rmSync(modules, { recursive: true, force: true });
  }
});

test('a skipped test exits with ctest\'s skip code and says why', () => {
  const run = spawnSync(process.execPath, ['--input-type=module', '-e',
    `import { importClient } from ${JSON.stringify(guard)}; await importClient('no-such-client-here');`],
  { encoding: 'utf8' });
  assert.equal(run.status, skipCode);
  assert.match(run.stdout, /^SKIP: no-such-client-here is not installed/);
});

test('--check answers on the command line', () => {
  const run = spawnSync(process.execPath, [guard, '--check', 'v18.20.4', '>=20'], { encoding: 'utf8' });
  assert.equal(run.stdout.trim(), 'no');
});
