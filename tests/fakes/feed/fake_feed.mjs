// SPDX-License-Identifier: Apache-2.0
// Contract fake of a site publishing an RSS 2.0 and an Atom 1.0 feed, over real HTTP.
// Follows RFC 9110 conditional requests: a strong ETag and Last-Modified on every 200; 304 when
// If-None-Match matches, or (only without If-None-Match) when If-Modified-Since is not older than
// the feed. Usage: node fake_feed.mjs --rss FILE --atom FILE; prints "PORT <n>".
// Controls (JSON): POST /_control/add {feed: "rss"|"atom", id, title, link, text, date},
// POST /_control/fail {status, count, retry_after}, GET /_control/report.
import http from 'node:http';
import fs from 'node:fs';

const args = process.argv.slice(2);
const option = (name) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
};

// Whole seconds: HTTP dates have no finer resolution.
let clock = Date.UTC(2026, 10, 23, 10, 0, 0);
const feeds = {
    rss: { path: '/feed.rss', type: 'application/rss+xml', body: fs.readFileSync(option('--rss'), 'utf8'),
           version: 1, modified: clock },
    atom: { path: '/feed.atom', type: 'application/atom+xml', body: fs.readFileSync(option('--atom'), 'utf8'),
            version: 1, modified: clock },
};
const report = { requests: { rss: 0, atom: 0 }, not_modified: 0, headers: [] };
let failures = { status: 0, count: 0, retry_after: undefined };

const escape = (text) => String(text ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function addEntry(entry) {
    const feed = feeds[entry.feed];
    if (!feed) return false;
    clock += 1000;
    const date = entry.date ? new Date(entry.date) : new Date(clock);
    let xml;
    if (entry.feed === 'rss') {
        xml = `<item><title>${escape(entry.title)}</title>` +
              (entry.link ? `<link>${escape(entry.link)}</link>` : '') +
              `<description>${escape(entry.text)}</description>` +
              `<pubDate>${date.toUTCString()}</pubDate>` +
              (entry.id ? `<guid isPermaLink="false">${escape(entry.id)}</guid>` : '') + `</item>\n    `;
        const at = feed.body.indexOf('<item>');
        feed.body = at >= 0 ? feed.body.slice(0, at) + xml + feed.body.slice(at)
                            : feed.body.replace('</channel>', xml + '</channel>');
    } else {
        xml = `<entry><title>${escape(entry.title)}</title>` +
              (entry.link ? `<link href="${escape(entry.link)}"/>` : '') +
              (entry.id ? `<id>${escape(entry.id)}</id>` : '') +
              `<updated>${date.toISOString()}</updated><summary>${escape(entry.text)}</summary></entry>\n  `;
        const at = feed.body.indexOf('<entry>');
        feed.body = at >= 0 ? feed.body.slice(0, at) + xml + feed.body.slice(at)
                            : feed.body.replace('</feed>', xml + '</feed>');
    }
    feed.version += 1;
    feed.modified = clock;
    return true;
}

function json(response, status, body) {
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
}

function readBody(request) {
    return new Promise((resolve) => {
        let text = '';
        request.on('data', (chunk) => { text += chunk; });
        request.on('end', () => resolve(text));
    });
}

function serveFeed(name, feed, request, response) {
    report.requests[name] += 1;
    report.headers.push({ feed: name, 'if-none-match': request.headers['if-none-match'] ?? null,
                          'if-modified-since': request.headers['if-modified-since'] ?? null });
    if (failures.count > 0) {
        failures.count -= 1;
        const headers = { 'Content-Type': 'text/plain' };
        if (failures.retry_after !== undefined) headers['Retry-After'] = String(failures.retry_after);
        response.writeHead(failures.status, headers);
        response.end('failing on purpose');
        return;
    }
    const etag = `"${name}-v${feed.version}"`;
    const lastModified = new Date(feed.modified).toUTCString();
    const validators = { ETag: etag, 'Last-Modified': lastModified };
    const ifNoneMatch = request.headers['if-none-match'];
    const ifModifiedSince = request.headers['if-modified-since'];
    let notModified = false;
    if (ifNoneMatch !== undefined) {
        notModified = ifNoneMatch.split(',').map((tag) => tag.trim()).some((tag) => tag === etag || tag === '*');
    } else if (ifModifiedSince !== undefined) {
        const since = Date.parse(ifModifiedSince);
        notModified = !Number.isNaN(since) && feed.modified <= since;
    }
    if (notModified) {
        report.not_modified += 1;
        response.writeHead(304, validators);
        response.end();
        return;
    }
    response.writeHead(200, { ...validators, 'Content-Type': `${feed.type}; charset=utf-8` });
    response.end(request.method === 'HEAD' ? undefined : feed.body);
}

const server = http.createServer(async (request, response) => {
    const url = new URL(request.url, 'http://fake');
    if (url.pathname.startsWith('/_control/')) {
        const body = request.method === 'POST' ? JSON.parse((await readBody(request)) || '{}') : {};
        if (url.pathname === '/_control/add')
            return addEntry(body) ? json(response, 200, { ok: true }) : json(response, 400, { error: 'unknown feed' });
        if (url.pathname === '/_control/fail') {
            failures = { status: body.status ?? 503, count: body.count ?? 1, retry_after: body.retry_after };
            return json(response, 200, { ok: true });
        }
        if (url.pathname === '/_control/report') return json(response, 200, report);
        return json(response, 404, { error: 'unknown control' });
    }
    for (const [name, feed] of Object.entries(feeds)) {
        if (url.pathname !== feed.path) continue;
        if (request.method !== 'GET' && request.method !== 'HEAD') {
            response.writeHead(405, { Allow: 'GET, HEAD' });
            return response.end();
        }
        return serveFeed(name, feed, request, response);
    }
    response.writeHead(404, { 'Content-Type': 'text/plain' });
    response.end('not found');
});

server.listen(0, '127.0.0.1', () => {
    console.log(`PORT ${server.address().port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
