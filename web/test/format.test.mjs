// Numbers read as 3 significant digits with a unit; exact() keeps every digit for titles.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { duration, exact, endpoint, fillPercent, human, localTime, protocolName, utcTitle } from '../src/format.js';

const plain = (text) => text.replace(/\u202f/g, '');

test('exact keeps every digit of the JSON value', () => {
    for (const json of ['0', '7', '999', '1000', '9150', '882524', '6829600.605', '0.5', '1441360',
        '18446744073709', '402351.096', '-1234.5']) {
        const value = JSON.parse(json);
        assert.equal(plain(exact(value)), json);
    }
    assert.equal(exact(1234567), '1\u202f234\u202f567');
    assert.equal(exact(1234.567), '1\u202f234.567');
    assert.equal(exact(undefined), '–');
});

test('endpoints and protocol names', () => {
    assert.equal(endpoint('10.0.0.1', 80, 6), '10.0.0.1:80');
    assert.equal(endpoint('fd00::1', 443, 17), '[fd00::1]:443');
    assert.equal(endpoint('10.0.0.1', 0, 1), '10.0.0.1');
    assert.equal(protocolName(6), 'TCP');
    assert.equal(protocolName(47), 'GRE');
    assert.equal(protocolName(99), 'IP proto 99');
    assert.equal(protocolName(0, '0x0806'), 'ARP');
});

test('flow-table fill as a percentage of the integer counts', () => {
    assert.equal(fillPercent(12, 8192), '0.1 %');
    assert.equal(fillPercent(8192, 8192), '100.0 %');
    assert.equal(fillPercent(0, 65536), '0.0 %');
    assert.equal(fillPercent(1, 3), '33.3 %');
    assert.equal(fillPercent(5, 0), '–'); // tables not known yet
    assert.equal(fillPercent(undefined, 8192), '–');
});

test('human: three significant digits, an SI prefix, the unit', () => {
    assert.equal(human(113117538.364, 'bit/s'), '113 Mbit/s');
    assert.equal(human(66009.433, 'pkt/s'), '66.0 kpkt/s');
    assert.equal(human(24507.558, 'pkt/s'), '24.5 kpkt/s');
    assert.equal(human(1234567890, 'B'), '1.23 GB');
    assert.equal(human(7, 'pkt/s'), '7 pkt/s'); // small integers as they are
    assert.equal(human(999, 'B'), '999 B');
    assert.equal(human(1000, 'B'), '1.00 kB');
    assert.equal(human(12.3456, 'pkt/s'), '12.3 pkt/s');
    assert.equal(human(0.5, 'pkt/s'), '0.500 pkt/s');
    assert.equal(human(0, 'bit/s'), '0 bit/s');
    assert.equal(human(2000), '2.00 k');
    assert.equal(human(18446744073709551615, 'B'), '18.4 EB'); // a uint64 counter's largest
    assert.equal(human(undefined, 'B'), '–');
    assert.equal(human(null), '–');
});

test('human: rounding up to 1000 moves to the next prefix', () => {
    assert.equal(human(999.96, 'pkt/s'), '1.00 kpkt/s');
    assert.equal(human(999960, 'bit/s'), '1.00 Mbit/s');
    assert.equal(human(999.4, 'pkt/s'), '999 pkt/s');
    assert.equal(human(-1500, 'B'), '-1.50 kB');
});

test('human never shows more than 4 significant digits', () => {
    for (let v = 0.001; v < 1.8e19; v *= 1.37) {
        const digits = human(v).replace(/[^0-9]/g, '').replace(/^0+/, '');
        assert.ok(digits.length <= 4, `${v} -> ${human(v)}`);
    }
});

test('times: local in the text, UTC in the title', () => {
    const iso = '2026-12-04T13:52:07.123Z';
    assert.equal(utcTitle(iso), '2026-12-04 13:52:07 UTC');
    const t = new Date(iso);
    const pad = (n) => String(n).padStart(2, '0');
    assert.equal(localTime(iso), `${pad(t.getHours())}:${pad(t.getMinutes())}:${pad(t.getSeconds())}`);
    assert.equal(localTime('not a time'), '–');
});

test('durations, with no-break spaces', () => {
    const spaced = (text) => text.replace(/\u00a0/g, ' ');
    assert.equal(spaced(duration(4.9)), '4 s');
    assert.equal(spaced(duration(192.3)), '3 min 12 s');
    assert.equal(spaced(duration(7500)), '2 h 05 min');
    assert.ok(!duration(7500).includes(' '));
    assert.equal(duration(undefined), '–');
});
