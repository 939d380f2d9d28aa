// The HTTP API of `netmon-xdp --http` (docs/web.md): every request carries the
// bearer token when the tab has one, and a 401 becomes Unauthorized so the
// page can ask for it.
import { SseParser } from './sse.js';

const TOKEN_KEY = 'netmon-xdp.token';

export class Unauthorized extends Error {}

export const token = {
    get: () => sessionStorage.getItem(TOKEN_KEY),
    set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
    clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

function headers(extra) {
    const h = { ...extra };
    const t = token.get();
    if (t) h.Authorization = `Bearer ${t}`;
    return h;
}

async function checked(response, path) {
    if (response.status === 401) throw new Unauthorized(path);
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
    return response;
}

// The JSON at path, or null when the server has none (yet): 404, or 503
// before the first interval closed.
export async function getJson(path) {
    const response = await fetch(path, { headers: headers({ Accept: 'application/json' }), cache: 'no-store' });
    if (response.status === 404 || response.status === 503) return null;
    return (await checked(response, path)).json();
}

// Reads /api/v1/stream until it ends; calls onEvent for each event.
// Returns the parser's state (last event id, retry) for the reconnect.
export async function readStream(onEvent, { lastEventId, signal }) {
    const extra = { Accept: 'text/event-stream' };
    if (lastEventId != null) extra['Last-Event-ID'] = lastEventId;
    const path = '/api/v1/stream';
    const response = await checked(await fetch(path, { headers: headers(extra), cache: 'no-store', signal }), path);
    const parser = new SseParser(onEvent);
    parser.lastEventId = lastEventId ?? null;
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.push(value);
    }
    return { lastEventId: parser.lastEventId, retryMs: parser.retryMs };
}
