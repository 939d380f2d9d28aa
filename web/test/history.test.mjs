// The history behind the charts: duplicates dropped, 15 minutes kept, series exact.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { History } from '../src/history.js';

function interval(elapsed, packets, extra = {}) {
    return {
        elapsed_s: elapsed,
        timestamp: new Date(Date.UTC(2026, 0, 1, 0, 0, elapsed)).toISOString(),
        direction: 'both',
        protocols: { tcp: { packets, bytes: packets * 100 }, udp: { packets: 2 * packets, bytes: 0 } },
        interfaces: [{ name: 'eth0', hooks: { ingress: { bps: elapsed * 10, pps: 1 }, egress: { bps: 5, pps: 2 } } }],
        ...extra,
    };
}

test('a point the stream repeats after the history is not added twice', () => {
    const h = new History();
    assert.equal(h.add(interval(1, 10)), true);
    assert.equal(h.add(interval(2, 20)), true);
    assert.equal(h.add(interval(2, 20)), false);
    assert.equal(h.points.length, 2);
});

test('only the last 15 minutes are kept', () => {
    const h = new History();
    for (let t = 1; t <= 1000; t++) h.add(interval(t, t));
    assert.equal(h.points[0].elapsed_s, 100);
    assert.equal(h.points.length, 901);
});

test('throughput series are the JSON values, per interface and hook', () => {
    const h = new History();
    h.add(interval(1, 10));
    h.add(interval(2, 30));
    assert.deepEqual(h.throughput('bps'), [
        { label: 'eth0 received', values: [10, 20] },
        { label: 'eth0 sent', values: [5, 5] },
    ]);
    h.add(interval(3, 40, { direction: 'ingress' }));
    assert.deepEqual(h.throughput('pps').map((s) => s.values), [[1, 1, 1], [2, 2, null]]);
});

test('protocol mix: the change of the cumulative counts over the elapsed time', () => {
    const h = new History();
    h.add(interval(1, 10));
    h.add(interval(3, 30));
    assert.deepEqual(h.protocolMix(), [
        { label: 'tcp', values: [null, 10] },
        { label: 'udp', values: [null, 20] },
    ]);
});
