// The SSE parser against the event-stream rules, fed in awkward chunks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SseParser } from '../src/sse.js';

function parse(chunks) {
    const events = [];
    const parser = new SseParser((e) => events.push(e));
    for (const chunk of chunks) parser.push(chunk);
    return { events, parser };
}

test('events with id, type and data, split anywhere', () => {
    const text = 'retry: 2000\n\nid: 7\nevent: interval\ndata: {"a":1}\n\n: keep-alive\n\nid: 8\nevent: alert\ndata: {"b":2}\n\n';
    for (let size = 1; size <= text.length; size++) {
        const chunks = [];
        for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
        const { events, parser } = parse(chunks);
        assert.deepEqual(events, [
            { type: 'interval', data: '{"a":1}', id: '7' },
            { type: 'alert', data: '{"b":2}', id: '8' },
        ], `chunk size ${size}`);
        assert.equal(parser.retryMs, 2000);
        assert.equal(parser.lastEventId, '8');
    }
});

test('CRLF and CR line ends, a CRLF split between chunks', () => {
    // A CR at the end of a chunk may be half a CRLF: it counts once the next chunk came.
    const { events } = parse(['id: 1\r\ndata: x\r', '\n\r\nid: 2\rdata: y\r\r', ': next\n']);
    assert.deepEqual(events.map((e) => [e.id, e.data]), [['1', 'x'], ['2', 'y']]);
});

test('multi-line data, default type, no space after the colon, unfinished event held back', () => {
    const { events } = parse(['data:one\ndata: two\n\n', 'data: pending\n']);
    assert.deepEqual(events, [{ type: 'message', data: 'one\ntwo', id: null }]);
});
