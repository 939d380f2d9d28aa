// Numbers are shown exactly as the JSON has them: digits grouped, never rounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { exact, endpoint, fillPercent, protocolName } from '../src/format.js';

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
