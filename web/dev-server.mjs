// A stand-in for `netmon-xdp --http` while working on the page: serves the
// built page and the API (snapshot, history, stream) from a JSON Lines file
// written by `netmon-xdp ... --json`, one interval per second.
//   node build.mjs && node dev-server.mjs run.jsonl [--port 8099] [--token T]
// Development only: the real server is user/http (docs/web.md).
import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const file = args.find((a, i) => !a.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
if (!file) {
    console.error('usage: node dev-server.mjs RUN.jsonl [--port N] [--token T]');
    process.exit(2);
}
const port = Number(option('--port', 8099));
const secret = option('--token', null);
const page = readFileSync(join(dirname(fileURLToPath(import.meta.url)), 'dist', 'index.html'));
const objects = readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));

const sent = []; // what the "monitor" has produced so far
const clients = new Set();
let next = 0;
let timer = null; // the "run" starts with the first request, so a page opened late misses nothing
const tick = () => {
    if (next >= objects.length) return;
    const obj = objects[next++];
    const id = sent.push(obj);
    const event = obj.type === 'alert' ? 'alert' : obj.type;
    for (const res of clients) res.write(`id: ${id}\nevent: ${event}\ndata: ${JSON.stringify(obj)}\n\n`);
};

const withoutTop = ({ top, flow_list, ...rest }) => rest;

createServer((req, res) => {
    timer ??= setInterval(tick, 1000);
    if (secret && req.headers.authorization !== `Bearer ${secret}`) {
        res.writeHead(401, { 'WWW-Authenticate': 'Bearer' }).end('unauthorized\n');
        return;
    }
    const intervals = sent.filter((o) => o.type !== 'alert');
    const json = (body) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(body));
    if (req.url === '/') res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(page);
    else if (req.url === '/api/v1/snapshot') {
        if (intervals.length === 0) res.writeHead(404).end();
        else json(intervals.at(-1));
    } else if (req.url === '/api/v1/history') {
        json({ interval_s: intervals[0]?.interval_s ?? 1, points: intervals.map(withoutTop),
            alert_events: sent.filter((o) => o.type === 'alert').slice(-1000) });
    } else if (req.url === '/api/v1/stream') {
        res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store' });
        res.write('retry: 1000\n\n');
        clients.add(res);
        req.on('close', () => clients.delete(res));
    } else res.writeHead(404).end();
}).listen(port, '127.0.0.1', () => console.log(`http://127.0.0.1:${port}/ serving ${file}`));
