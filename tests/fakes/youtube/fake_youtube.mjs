// SPDX-License-Identifier: Apache-2.0
// Contract fake of the YouTube Data API v3 commentThreads.list, over real HTTP.
// Follows developers.google.com/youtube/v3/docs/commentThreads/list and /docs/errors: the key
// parameter is checked (400 API_KEY_INVALID), part is required and limited to id, snippet and
// replies, exactly one filter is allowed, maxResults is 1..100, order is time or relevance,
// textFormat is html or plainText, pageToken must be one this server issued; each call costs 1
// unit and a spent quota answers 403 quotaExceeded. Threads are ordered newest first.
// Usage: node fake_youtube.mjs --key KEY --channel UC... --data comment_threads.json; prints
// "PORT <n>". Controls (JSON): POST /_control/comment {id, videoId, text, author, publishedAt,
// parentId}, POST /_control/edit {id, text, updatedAt}, POST /_control/quota {remaining},
// POST /_control/page_size {size}, POST /_control/fail {status, count, retry_after},
// GET /_control/report.
import http from 'node:http';
import fs from 'node:fs';

const args = process.argv.slice(2);
const option = (name) => {
    const at = args.indexOf(name);
    return at >= 0 ? args[at + 1] : undefined;
};
const apiKey = option('--key');
const channel = option('--channel');
const sample = JSON.parse(fs.readFileSync(option('--data'), 'utf8'));
let threads = sample.items.filter((item) => item.snippet.channelId === channel);
let quotaRemaining = Number(option('--quota') ?? 1000000);
let pageSize = 100;
let failures = { status: 0, count: 0, retry_after: undefined };
const report = { calls: 0, requests: [] };

function googleError(response, code, reason, message, extra = {}) {
    response.writeHead(code, { 'Content-Type': 'application/json; charset=UTF-8' });
    response.end(JSON.stringify({
        error: { code, message, errors: [{ message, domain: extra.domain ?? 'youtube.parameter', reason }], ...extra.body },
    }));
}

function comment(body, parentId) {
    const time = body.publishedAt ?? new Date().toISOString();
    const snippet = {
        channelId: channel, videoId: body.videoId, textDisplay: body.text, textOriginal: body.text,
        authorDisplayName: body.author ?? '@someone', authorProfileImageUrl: 'https://yt3.ggpht.com/a/default-user',
        authorChannelUrl: `http://www.youtube.com/${body.author ?? '@someone'}`,
        authorChannelId: { value: 'UC' + (body.author ?? 'someone').replace(/\W/g, '').padEnd(22, '0') },
        canRate: true, viewerRating: 'none', likeCount: 0, publishedAt: time, updatedAt: time,
    };
    if (parentId) snippet.parentId = parentId;
    return { kind: 'youtube#comment', etag: `"${body.id}"`, id: body.id, snippet };
}

function addComment(body) {
    if (body.parentId) {
        const thread = threads.find((t) => t.id === body.parentId);
        if (!thread) return false;
        thread.replies ??= { comments: [] };
        thread.replies.comments.push(comment(body, body.parentId));
        thread.snippet.totalReplyCount = thread.replies.comments.length;
        return true;
    }
    threads.push({
        kind: 'youtube#commentThread', etag: `"${body.id}"`, id: body.id,
        snippet: { channelId: channel, videoId: body.videoId, topLevelComment: comment(body), canReply: true,
                   totalReplyCount: 0, isPublic: true },
    });
    return true;
}

function editComment(body) {
    for (const thread of threads) {
        for (const c of [thread.snippet.topLevelComment, ...(thread.replies?.comments ?? [])]) {
            if (c.id !== body.id) continue;
            c.snippet.textDisplay = body.text;
            c.snippet.textOriginal = body.text;
            c.snippet.updatedAt = body.updatedAt ?? new Date().toISOString();
            return true;
        }
    }
    return false;
}

function ordered() {
    return [...threads].sort((a, b) => Date.parse(b.snippet.topLevelComment.snippet.publishedAt) -
                                       Date.parse(a.snippet.topLevelComment.snippet.publishedAt));
}

function list(url, response) {
    const q = url.searchParams;
    const key = q.get('key');
    if (!key) return googleError(response, 403, 'forbidden',
        'Method doesn\'t allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.',
        { domain: 'global', body: { status: 'PERMISSION_DENIED' } });
    if (key !== apiKey) return googleError(response, 400, 'badRequest', 'API key not valid. Please pass a valid API key.', {
        domain: 'global',
        body: { status: 'INVALID_ARGUMENT', details: [{ '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
            reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'youtube.googleapis.com' } }] },
    });
    report.calls += 1;
    const logged = Object.fromEntries([...q.entries()].filter(([name]) => name !== 'key'));
    report.requests.push(logged);
    if (quotaRemaining <= 0) return googleError(response, 403, 'quotaExceeded',
        'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.',
        { domain: 'youtube.quota' });
    quotaRemaining -= 1;
    if (failures.count > 0) {
        failures.count -= 1;
        const headers = { 'Content-Type': 'application/json; charset=UTF-8' };
        if (failures.retry_after !== undefined) headers['Retry-After'] = String(failures.retry_after);
        response.writeHead(failures.status, headers);
        return response.end(JSON.stringify({ error: { code: failures.status, message: 'Backend Error',
            errors: [{ message: 'Backend Error', domain: 'global', reason: 'backendError' }] } }));
    }
    const part = q.get('part');
    if (!part) return googleError(response, 400, 'required', 'Required parameter: part', { domain: 'global' });
    const parts = part.split(',');
    const unknown = parts.find((p) => !['id', 'snippet', 'replies'].includes(p));
    if (unknown) return googleError(response, 400, 'unknownPart', `'${unknown}'`);
    const filters = ['allThreadsRelatedToChannelId', 'channelId', 'id', 'videoId'].filter((f) => q.has(f));
    if (filters.length !== 1) return googleError(response, 400, filters.length ? 'incompatibleParameters' : 'missingRequiredParameter',
        'The request must specify exactly one of allThreadsRelatedToChannelId, channelId, id or videoId.');
    if (!q.has('allThreadsRelatedToChannelId')) return googleError(response, 400, 'unsupportedByFake', 'this fake serves allThreadsRelatedToChannelId only');
    if (q.get('allThreadsRelatedToChannelId') !== channel)
        return googleError(response, 404, 'channelNotFound', 'The channel identified by the allThreadsRelatedToChannelId parameter could not be found.', { domain: 'youtube.commentThread' });
    const maxResults = q.has('maxResults') ? Number(q.get('maxResults')) : 20;
    if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > 100)
        return googleError(response, 400, 'invalidParameter', 'Invalid value for maxResults: must be between 1 and 100.');
    if (q.has('order') && !['time', 'relevance'].includes(q.get('order')))
        return googleError(response, 400, 'invalidParameter', `Invalid value '${q.get('order')}' for order.`);
    if (q.has('textFormat') && !['html', 'plainText'].includes(q.get('textFormat')))
        return googleError(response, 400, 'invalidParameter', `Invalid value '${q.get('textFormat')}' for textFormat.`);
    let offset = 0;
    if (q.has('pageToken')) {
        const match = /^page-(\d+)$/.exec(Buffer.from(q.get('pageToken'), 'base64url').toString());
        if (!match) return googleError(response, 400, 'invalidPageToken', 'The request specifies an invalid page token.');
        offset = Number(match[1]);
    }
    const all = ordered();
    const size = Math.min(maxResults, pageSize);
    const items = all.slice(offset, offset + size).map((thread) => {
        const item = { kind: thread.kind, etag: thread.etag, id: thread.id };
        if (parts.includes('snippet')) item.snippet = thread.snippet;
        if (parts.includes('replies') && thread.replies?.comments?.length) item.replies = thread.replies;
        return item;
    });
    const body = { kind: 'youtube#commentThreadListResponse', etag: `"list-${report.calls}"`,
                   pageInfo: { totalResults: items.length, resultsPerPage: size }, items };
    if (offset + size < all.length) body.nextPageToken = Buffer.from(`page-${offset + size}`).toString('base64url');
    response.writeHead(200, { 'Content-Type': 'application/json; charset=UTF-8' });
    response.end(JSON.stringify(body));
}

function json(response, status, body) {
    response.writeHead(status, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify(body));
}

const server = http.createServer((request, response) => {
    let text = '';
    request.on('data', (chunk) => { text += chunk; });
    request.on('end', () => {
        const url = new URL(request.url, 'http://fake');
        const body = text ? JSON.parse(text) : {};
        switch (url.pathname) {
        case '/youtube/v3/commentThreads':
            if (request.method !== 'GET') return googleError(response, 405, 'methodNotAllowed', 'Use GET');
            return list(url, response);
        case '/_control/comment': return addComment(body) ? json(response, 200, { ok: true }) : json(response, 404, { error: 'no such thread' });
        case '/_control/edit': return editComment(body) ? json(response, 200, { ok: true }) : json(response, 404, { error: 'no such comment' });
        case '/_control/quota': quotaRemaining = body.remaining; return json(response, 200, { ok: true });
        case '/_control/page_size': pageSize = body.size; return json(response, 200, { ok: true });
        case '/_control/fail':
            failures = { status: body.status ?? 503, count: body.count ?? 1, retry_after: body.retry_after };
            return json(response, 200, { ok: true });
        case '/_control/report': return json(response, 200, report);
        default: return json(response, 404, { error: 'not found' });
        }
    });
});

server.listen(0, '127.0.0.1', () => console.log(`PORT ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
