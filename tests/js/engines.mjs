// SPDX-License-Identifier: Apache-2.0
// Which of the pinned test clients this Node.js can run, read from each package's own
// `engines.node`. Debian bookworm ships Node 18; matrix-js-sdk and playwright-core ask for 20.
// A test whose client needs a newer Node skips (exit 77, ctest's SKIP_RETURN_CODE) and says
// which Node it needs instead of failing on a syntax error deep inside the library.
//
//   import { importClient } from './engines.mjs';  const sdk = await importClient('matrix-js-sdk');
//   node engines.mjs            lists the installed clients this Node cannot run (for install-deps)
//   node engines.mjs --check V R  prints yes or no: whether Node version V satisfies range R
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const skipCode = 77;
const here = path.dirname(fileURLToPath(import.meta.url));
const modules = path.join(here, 'node_modules');

function triple(text) {
  const parts = String(text).replace(/^v/, '').split('.').map((part) => Number.parseInt(part, 10));
  return [0, 1, 2].map((i) => (Number.isFinite(parts[i]) ? parts[i] : 0));
}

function atLeast(version, minimum) {
  for (let i = 0; i < 3; ++i) {
    if (version[i] !== minimum[i]) return version[i] > minimum[i];
  }
  return true;
}

// The range shapes npm packages use for Node: ">=20", ">= 18.18.0", ">=18 || >=20", "*".
// A shape this does not know counts as satisfied: npm itself only warns about engines, and
// the test then shows what really happens.
export function satisfies(version, range) {
  if (typeof range !== 'string' || range.trim() === '' || range.trim() === '*') return true;
  const wanted = triple(version);
  return range.split('||').some((alternative) => {
    const match = alternative.trim().match(/^>=\s*v?(\d+(?:\.\d+){0,2})$/);
    return match === null || atLeast(wanted, triple(match[1]));
  });
}

export function enginesOf(name, folder = modules) {
  try {
    const manifest = JSON.parse(readFileSync(path.join(folder, name, 'package.json'), 'utf8'));
    return { installed: true, version: manifest.version, node: manifest.engines?.node };
  } catch {
    return { installed: false };
  }
}

// Why `name` cannot run here, or null when it can.
export function refusal(name, nodeVersion = process.version, folder = modules) {
  const engines = enginesOf(name, folder);
  if (!engines.installed) return `${name} is not installed (scripts/install-deps.sh test runs npm ci in tests/js)`;
  if (satisfies(nodeVersion, engines.node)) return null;
  return `${name} ${engines.version} needs Node.js ${engines.node}; this is ${nodeVersion}`;
}

export function skip(reason) {
  console.log(`SKIP: ${reason}`);
  process.exit(skipCode);
}

// Imports a test client (or one of its files, `specifier`) from tests/js/node_modules, or skips
// the test when this Node cannot run it. A bare specifier resolves from this file's folder.
export async function importClient(name, specifier = name) {
  const reason = refusal(name);
  if (reason !== null) skip(reason);
  return import(specifier);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === '--check') {
    console.log(satisfies(process.argv[3], process.argv[4]) ? 'yes' : 'no');
  } else {
    const manifest = JSON.parse(readFileSync(path.join(here, 'package.json'), 'utf8'));
    for (const name of Object.keys(manifest.dependencies ?? {})) {
      const engines = enginesOf(name);
      if (engines.installed && !satisfies(process.version, engines.node)) {
        console.log(`${name} ${engines.version} (Node.js ${engines.node})`);
      }
    }
  }
}
