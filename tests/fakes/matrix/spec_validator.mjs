// SPDX-License-Identifier: Apache-2.0
// Validates bodies and events against the Matrix spec's own YAML schemas (copied into tests/data).
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// The test-only npm packages live in tests/js, pinned by its lockfile.
const require = createRequire(path.join(here, '../../js/package.json'));
const yaml = require('js-yaml');
const Ajv2020 = require('ajv/dist/2020').default;
const addFormats = require('ajv-formats').default;

export const specRoot = path.join(here, '../../data/matrix-spec/data');
const apiDir = path.join(specRoot, 'api/client-server');
const eventDir = path.join(specRoot, 'event-schemas/schema');

const fileCache = new Map();
function loadYaml(file) {
  if (!fileCache.has(file)) fileCache.set(file, yaml.load(readFileSync(file, 'utf8')));
  return fileCache.get(file);
}

function pointer(doc, fragment) {
  let node = doc;
  for (const part of fragment.replace(/^\//, '').split('/').filter(Boolean))
    node = node?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  return node;
}

// Inlines every $ref (relative files and in-file pointers); a reference back into a file that is
// already being inlined becomes an open schema, so recursion ends.
function inline(node, file, chain) {
  if (Array.isArray(node)) return node.map((child) => inline(child, file, chain));
  if (node === null || typeof node !== 'object') return node;
  if (typeof node.$ref === 'string') {
    const [target, fragment] = node.$ref.split('#');
    const targetFile = target ? path.resolve(path.dirname(file), target) : file;
    const key = targetFile + '#' + (fragment ?? '');
    if (chain.includes(key)) return {};
    let resolved = loadYaml(targetFile);
    if (fragment) resolved = pointer(resolved, fragment);
    const rest = { ...node };
    delete rest.$ref;
    const inlined = inline(resolved, targetFile, [...chain, key]);
    return Object.keys(rest).length ? { allOf: [inlined, inline(rest, file, chain)] } : inlined;
  }
  const out = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$schema' || key === '$id' || key === 'example' || key === 'examples') continue;
    if (key.startsWith('x-')) continue;
    out[key] = inline(value, file, chain);
  }
  return out;
}

const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
for (const format of ['mx-room-id', 'mx-event-id', 'mx-user-id', 'mx-server-name', 'mx-mxc-uri', 'int64', 'mx-room-alias', 'mx-unpadded-base64'])
  ajv.addFormat(format, true);

const compiled = new Map();
function compile(key, schema) {
  if (!compiled.has(key)) compiled.set(key, ajv.compile(schema));
  return compiled.get(key);
}

function describe(validate) {
  return (validate.errors ?? []).slice(0, 4).map((e) => `${e.instancePath || '/'} ${e.message}`).join('; ');
}

// Routes of the client-server API: method + path template → request and 200 response schemas.
const routes = [];
for (const name of readdirSync(apiDir).filter((f) => f.endsWith('.yaml'))) {
  const file = path.join(apiDir, name);
  const doc = loadYaml(file);
  for (const [template, methods] of Object.entries(doc.paths ?? {})) {
    const clean = template.trim();
    const regex = new RegExp('^' + clean.replace(/\{[^}]+\}/g, '[^/]+') + '$');
    for (const [method, operation] of Object.entries(methods)) {
      const request = operation.requestBody?.content?.['application/json']?.schema;
      const response = operation.responses?.['200']?.content?.['application/json']?.schema;
      routes.push({ method: method.toUpperCase(), template: clean, regex, request, response, file });
    }
  }
}
// Specific templates first: "/rooms/{roomId}/state" must not shadow longer ones.
routes.sort((a, b) => b.template.length - a.template.length);

export function findRoute(method, rawPath) {
  return routes.find((r) => r.method === method && r.regex.test(rawPath));
}

export function validateRequest(route, body) {
  if (!route?.request) return null;
  const validate = compile(route.file + route.template + route.method + ':req', inline(route.request, route.file, []));
  return validate(body) ? null : `request body of ${route.method} ${route.template}: ${describe(validate)}`;
}

export function validateResponse(route, body) {
  if (!route?.response) return null;
  const validate = compile(route.file + route.template + route.method + ':res', inline(route.response, route.file, []));
  return validate(body) ? null : `response of ${route.method} ${route.template}: ${describe(validate)}`;
}

const errorFile = path.join(apiDir, 'definitions/errors/error.yaml');
export function validateError(body) {
  const validate = compile('error', inline(loadYaml(errorFile), errorFile, []));
  return validate(body) ? null : `error body: ${describe(validate)}`;
}

// An event in its full client form (with room_id) against its type's schema; msgtype-specific
// schemas such as m.room.message$m.text are checked too.
export function validateEvent(event) {
  const problems = [];
  for (const name of [event.type, `${event.type}$${event.content?.msgtype}`]) {
    const file = path.join(eventDir, `${name}.yaml`);
    let schema;
    try {
      schema = loadYaml(file);
    } catch {
      continue;
    }
    const validate = compile('event:' + name, inline(schema, file, []));
    if (!validate(event)) problems.push(`event ${event.type} (${name}): ${describe(validate)}`);
  }
  return problems.length ? problems.join(' | ') : null;
}

// An event's content alone, as a client sends it to /send.
export function validateContent(type, content) {
  return validateEvent({
    type,
    content,
    event_id: '$check',
    sender: '@check:localhost',
    origin_server_ts: 0,
    room_id: '!check:localhost',
  });
}
