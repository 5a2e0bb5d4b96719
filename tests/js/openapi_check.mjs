// SPDX-License-Identifier: Apache-2.0
// Checks the REST API against its OpenAPI 3.1 document: the document's shape, every traced
// response body against the schema for its route and status, every documented route exercised,
// and the binary's route table equal to the document's paths.
//
// node openapi_check.mjs --document bot/api/openapi.json --trace api_trace.jsonl --routes EXE
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { importClient } from "./engines.mjs";

const { default: Ajv2020 } = await importClient("ajv", "ajv/dist/2020.js");
const { default: addFormats } = await importClient("ajv-formats");

const args = {};
for (let i = 2; i < process.argv.length; i += 2) args[process.argv[i].replace(/^--/, "")] = process.argv[i + 1];
for (const name of ["document", "trace", "routes"])
  if (!args[name]) {
    console.error(`usage: openapi_check.mjs --document F --trace F --routes EXE (missing --${name})`);
    process.exit(2);
  }

const failures = [];
const fail = (message) => failures.push(message);
const methods = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

const document = JSON.parse(readFileSync(args.document, "utf8"));

// The document's shape as OpenAPI 3.1 asks for it.
function checkShape() {
  if (!/^3\.1\.\d+$/.test(document.openapi ?? "")) fail(`openapi is ${document.openapi}, not 3.1.x`);
  if (typeof document.info?.title !== "string" || typeof document.info?.version !== "string")
    fail("info needs a title and a version");
  if (typeof document.paths !== "object") fail("paths is missing");
  const schemes = document.components?.securitySchemes ?? {};
  for (const requirement of document.security ?? [])
    for (const name of Object.keys(requirement))
      if (!schemes[name]) fail(`security names an unknown scheme ${name}`);
  const operationIds = new Set();
  for (const [path, item] of Object.entries(document.paths ?? {})) {
    if (!path.startsWith("/")) fail(`path ${path} does not start with /`);
    const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const [method, operation] of Object.entries(item)) {
      if (!methods.includes(method)) {
        fail(`${path}: ${method} is not an HTTP method`);
        continue;
      }
      const where = `${method.toUpperCase()} ${path}`;
      if (!operation.responses || Object.keys(operation.responses).length === 0)
        fail(`${where}: no responses`);
      for (const [status, response] of Object.entries(operation.responses ?? {})) {
        if (!/^([1-5][0-9X]{2}|default)$/.test(status)) fail(`${where}: bad status ${status}`);
        const resolved = resolve(response);
        if (typeof resolved?.description !== "string") fail(`${where} ${status}: no description`);
      }
      if (operation.operationId) {
        if (operationIds.has(operation.operationId)) fail(`${where}: operationId ${operation.operationId} twice`);
        operationIds.add(operation.operationId);
      }
      const declared = (operation.parameters ?? []).map(resolve).filter((p) => p.in === "path").map((p) => p.name);
      for (const name of templated)
        if (!declared.includes(name)) fail(`${where}: path parameter {${name}} is not declared`);
      for (const parameter of (operation.parameters ?? []).map(resolve)) {
        if (!["query", "header", "path", "cookie"].includes(parameter.in)) fail(`${where}: parameter ${parameter.name} in ${parameter.in}`);
        if (parameter.in === "path" && parameter.required !== true) fail(`${where}: path parameter ${parameter.name} must be required`);
      }
      for (const requirement of operation.security ?? [])
        for (const name of Object.keys(requirement))
          if (!schemes[name]) fail(`${where}: unknown security scheme ${name}`);
    }
  }
}

function resolve(node) {
  let current = node;
  for (let depth = 0; current && current.$ref && depth < 10; ++depth) {
    const pointer = current.$ref.replace(/^#\//, "").split("/");
    current = pointer.reduce((object, key) => object?.[key.replace(/~1/g, "/").replace(/~0/g, "~")], document);
    if (current === undefined) fail(`unresolvable $ref ${node.$ref}`);
  }
  return current;
}

checkShape();

// Every component schema compiles under draft 2020-12; response bodies are checked against the
// schema of their route, status and content type.
const ajv = new Ajv2020({ strict: false, allErrors: true });
addFormats(ajv);
ajv.addSchema({ $id: "openapi.json", components: document.components ?? {} });
const validators = new Map();
function validatorFor(schema, key) {
  if (!validators.has(key)) {
    const rewritten = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/'));
    try {
      validators.set(key, ajv.compile(rewritten));
    } catch (error) {
      fail(`${key}: schema does not compile: ${error.message}`);
      validators.set(key, null);
    }
  }
  return validators.get(key);
}
for (const name of Object.keys(document.components?.schemas ?? {}))
  validatorFor({ $ref: `#/components/schemas/${name}` }, `schema ${name}`);

const exercised = new Set();
let checked = 0;
const lines = readFileSync(args.trace, "utf8").split("\n").filter((line) => line.trim());
if (lines.length === 0) fail(`the trace ${args.trace} is empty: did the API tests run?`);
for (const [index, line] of lines.entries()) {
  const exchange = JSON.parse(line);
  const where = `${exchange.test}: ${exchange.method} ${exchange.target} → ${exchange.status}`;
  const mediaType = (exchange.content_type ?? "").split(";")[0].trim();
  if (exchange.path === null) {
    // A path the document does not have: it must be a problem all the same.
    const problem = document.components?.schemas?.Problem;
    if (mediaType !== "application/problem+json") fail(`${where}: an unknown path answered ${mediaType}`);
    else if (problem) {
      const validate = validatorFor({ $ref: "#/components/schemas/Problem" }, "schema Problem");
      if (validate && !validate(exchange.response_body)) fail(`${where}: ${ajv.errorsText(validate.errors)}`);
    }
    continue;
  }
  if (exchange.method.toUpperCase() === "HEAD") {
    // HEAD answers as GET does, without a body.
    const get = document.paths?.[exchange.path]?.get;
    if (!get || !(String(exchange.status) in get.responses)) fail(`${where}: HEAD answers no documented GET status`);
    if (exchange.response_body) fail(`${where}: HEAD answered with a body`);
    continue;
  }
  const operation = document.paths?.[exchange.path]?.[exchange.method.toLowerCase()];
  if (!operation) {
    // 405 answers a documented path with an undocumented method.
    if (exchange.status !== 405 && exchange.status !== 401) fail(`${where}: ${exchange.method} is not documented for ${exchange.path}`);
    continue;
  }
  exercised.add(`${exchange.method.toUpperCase()} ${exchange.path}`);
  const response = resolve(operation.responses[String(exchange.status)] ?? operation.responses.default);
  if (!response) {
    fail(`${where}: status ${exchange.status} is not documented (line ${index + 1})`);
    continue;
  }
  if (!response.content) {
    if (exchange.response_body !== null && exchange.response_body !== "")
      fail(`${where}: a body where the document has none`);
    continue;
  }
  const media = response.content[mediaType];
  if (!media) {
    fail(`${where}: content type ${mediaType} is not documented (${Object.keys(response.content).join(", ")})`);
    continue;
  }
  if (!media.schema) continue;
  const validate = validatorFor(media.schema, `${exchange.method} ${exchange.path} ${exchange.status} ${mediaType}`);
  ++checked;
  if (validate && !validate(exchange.response_body))
    fail(`${where}: the body does not match the schema: ${ajv.errorsText(validate.errors)}\n  ${JSON.stringify(exchange.response_body).slice(0, 400)}`);
}

const documented = new Set();
for (const [path, item] of Object.entries(document.paths ?? {}))
  for (const method of Object.keys(item)) if (methods.includes(method)) documented.add(`${method.toUpperCase()} ${path}`);
for (const route of documented) if (!exercised.has(route)) fail(`${route} is documented but no test exercised it`);

const table = JSON.parse(execFileSync(args.routes, { encoding: "utf8" }));
const served = new Set(table.map((route) => `${route.method} ${route.path}`));
for (const route of served) if (!documented.has(route)) fail(`${route} is served but not documented`);
for (const route of documented) if (!served.has(route)) fail(`${route} is documented but not served`);

if (failures.length) {
  console.error(`${failures.length} problem(s) with the API and its document:`);
  for (const message of failures) console.error(`- ${message}`);
  process.exit(1);
}
console.log(`ok: ${documented.size} routes documented, served and exercised; ${checked} bodies match the document`);
