// The netmon-xdp dashboard: history (with the server's alert log) on open,
// then one update per interval pushed over Server-Sent Events (no polling).
// Numbers read as 3 significant digits with a unit (format.js); the JSON's
// exact value is each element's data-value and title.
import './style.css';
import { getJson, readStream, token, Unauthorized } from './api.js';
import { duration, exact, fillPercent, human, localTime, utcTitle, zoneName } from './format.js';
import { History } from './history.js';
import { TimeChart } from './charts.js';
import { SortableTable, hostColumns, flowColumns, portColumns, processColumns } from './tables.js';
import { AlertsPanel } from './alerts.js';

const $ = (id) => document.getElementById(id);

const history = new History();
const charts = {
    bps: new TimeChart($('chart-bps'), { title: 'Bits per second, per interface', unit: 'bit/s' }),
    pps: new TimeChart($('chart-pps'), { title: 'Packets per second, per interface', unit: 'pkt/s' }),
    protocols: new TimeChart($('chart-protocols'), { title: 'Protocol mix (packets/s, stacked)', unit: 'pkt/s', stacked: true }),
    directions: new TimeChart($('chart-directions'), { title: 'Directions (bits/s)', unit: 'bit/s' }),
};
const tables = {
    sources: new SortableTable($('table-sources'), 'Top sources', hostColumns),
    destinations: new SortableTable($('table-destinations'), 'Top destinations', hostColumns),
    flows: new SortableTable($('table-flows'), 'Top flows', flowColumns),
    ports: new SortableTable($('table-ports'), 'Top destination ports', portColumns),
    processes: new SortableTable($('table-processes'), 'Top processes (local programs)', processColumns),
};
const alerts = new AlertsPanel($('alerts-active'), $('alerts-log'), $('alerts-active-count'), $('alerts-learning'));
// Alerts start and end as markers on every chart.
alerts.onMarkers = (markers) => {
    for (const chart of Object.values(charts)) chart.setMarkers(markers);
};

function field(obj, path) {
    return path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
}

function setStatus(text, isError = false) {
    $('status').textContent = text;
    $('status').classList.toggle('error', isError);
}

function showFigures(obj) {
    for (const el of document.querySelectorAll('[data-field]')) {
        const value = field(obj, el.dataset.field);
        el.textContent = human(value, el.dataset.unit ?? '');
        el.title = exact(value);
        el.dataset.value = value === undefined ? '' : String(value);
    }
    // The one figure shown as a percentage; data-value keeps the JSON's ratio.
    const table = obj.flow_table;
    $('fill').textContent = table
        ? `${fillPercent(table.fullest_table, table.table_capacity)} of ${human(table.table_capacity)}`
        : '–';
    $('fill').title = table ? `${exact(table.fullest_table)} of ${exact(table.table_capacity)} flows` : '';
    $('fill').classList.toggle('warning', (obj.flows?.overflow?.packets ?? 0) > 0);
    // The userspace table full (--max-active-flows): new flows in no flow.
    const refused = obj.flows?.refused?.packets ?? 0;
    $('active-flows').classList.toggle('warning', refused > 0);
    if (refused > 0)
        $('active-flows').title = `table full at ${exact(obj.flows.max_active)} flows: ` +
            `${exact(refused)} packets of new flows refused (raise --max-active-flows)`;
    const names = (obj.interfaces ?? []).map((i) => i.name + (i.gone ? ' (gone)' : '')).join(', ');
    $('meta-source').textContent = `${obj.source ?? ''} ${names}`;
    $('meta-type').textContent = `· ${obj.type} at`;
    $('meta-time').textContent = `${localTime(obj.timestamp)} ${zoneName(obj.timestamp)}`;
    $('meta-time').title = utcTitle(obj.timestamp);
    $('meta-time').dateTime = obj.timestamp ?? '';
    $('meta-rest').textContent = `· running ${duration(obj.elapsed_s)}` + (obj.filter ? ` · filter ${obj.filter}` : '');
    $('zone').textContent = `${zoneName(obj.timestamp)}, UTC on hover`;
}

function showDirections(obj) {
    const directions = obj.directions ?? {};
    const rows = ['inbound', 'outbound', 'internal', 'other'].filter((name) => directions[name]).map((name) => {
        const d = directions[name];
        const tr = document.createElement('tr');
        const th = document.createElement('th');
        th.scope = 'row';
        th.textContent = name;
        tr.append(th);
        for (const [value, unit] of [[d.pps, 'pkt/s'], [d.bps, 'bit/s'], [d.packets, ''], [d.bytes, 'B']]) {
            const td = document.createElement('td');
            td.className = 'num';
            td.textContent = human(value, unit);
            td.title = exact(value);
            td.dataset.value = String(value);
            tr.append(td);
        }
        return tr;
    });
    document.querySelector('#directions tbody').replaceChildren(...rows);
}

function showTop(obj) {
    const top = obj.top;
    if (!top) return;
    tables.sources.render(top.sources ?? []);
    tables.destinations.render(top.destinations ?? []);
    tables.flows.render(top.flows ?? []);
    $('table-ports').hidden = top.ports === undefined;
    tables.ports.render(top.ports ?? []);
    // Only attach with attribution names processes (replay, --no-process: null).
    $('table-processes').hidden = obj.process_attribution == null;
    tables.processes.render(top.processes ?? []);
}

function drawCharts() {
    const x = history.x();
    charts.bps.update(x, history.throughput('bps'));
    charts.pps.update(x, history.throughput('pps'));
    charts.protocols.update(x, history.protocolMix());
    charts.directions.update(x, history.directions('bps'));
}

function showInterval(obj) {
    showFigures(obj);
    showDirections(obj);
    showTop(obj);
    alerts.fromInterval(obj.alerts);
    if (history.add(obj)) drawCharts();
}

let lastEventId = null;
let ended = false; // the final summary arrived: nothing follows it

function onEvent(event) {
    if (event.id != null) lastEventId = event.id;
    let obj;
    try {
        obj = JSON.parse(event.data);
    } catch {
        return; // not ours to show
    }
    if (event.type === 'alert') alerts.event(obj);
    else if (event.type === 'interval' || event.type === 'final') {
        showInterval(obj);
        ended = event.type === 'final';
        setStatus(ended ? 'run ended: final figures' : 'live');
    }
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function askToken(hadToken) {
    token.clear();
    $('dashboard').hidden = true;
    $('token-form').hidden = false;
    if (hadToken) $('token-message').textContent = 'The server refused that token. Enter it again.';
    setStatus('needs a token', true);
    $('token-input').focus();
}

async function loadInitial() {
    const [past, latest] = await Promise.all([getJson('/api/v1/history'), getJson('/api/v1/snapshot')]);
    $('token-form').hidden = true;
    $('dashboard').hidden = false;
    for (const point of past?.points ?? []) history.add(point);
    // The stream resumes where this history ends: an alert that starts
    // between the two requests is not lost.
    if (lastEventId == null && past?.last_event_id != null) lastEventId = String(past.last_event_id);
    // The server's alert log (the last 1,000 events): the log survives a reload.
    alerts.clearLog();
    for (const event of past?.alert_events ?? []) alerts.event(event);
    if (latest) {
        showFigures(latest);
        showDirections(latest);
        showTop(latest);
        alerts.fromInterval(latest.alerts);
        history.add(latest);
    }
    drawCharts();
}

async function run() {
    let retryMs = 2000;
    let loaded = false;
    for (;;) {
        try {
            if (!loaded) {
                await loadInitial();
                loaded = true;
            }
            setStatus('live');
            const state = await readStream(onEvent, { lastEventId });
            lastEventId = state.lastEventId ?? lastEventId;
            retryMs = state.retryMs ?? retryMs;
            if (ended) return;
            setStatus('stream ended, reconnecting…');
        } catch (error) {
            if (error instanceof Unauthorized) {
                askToken(token.get() !== null);
                return;
            }
            setStatus(`${error.message}; retrying…`, true);
        }
        await sleep(retryMs);
    }
}

$('token-form').addEventListener('submit', (event) => {
    event.preventDefault();
    token.set($('token-input').value.trim());
    $('token-input').value = '';
    run();
});

matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => {
    for (const chart of Object.values(charts)) chart.retheme();
});

run();
