// The alerts: the active ones at the top of the page, in colour, and the
// log of alert events (start, update, end) with their explain lines. The
// log starts from the server's (GET /api/v1/history, the last 1,000
// events), so it survives a reload; `event: alert` adds to it.
import { exact, human, localTime, utcTitle } from './format.js';

const LOG_LIMIT = 1000; // as many as the server keeps

const UNITS = { pps: 'pkt/s', bps: 'bit/s', flows: 'flows', sources: 'sources' };

// A rule's value in its metric's unit: share is a percentage.
export function metricValue(metric, value) {
    if (metric === 'share') return value == null ? '–' : `${human(value)} %`;
    return human(value, UNITS[metric] ?? '');
}

function keyText(key) {
    if (!key || typeof key !== 'object') return '';
    return Object.entries(key).map(([k, v]) => `${k.replace(/_/g, ' ')} ${v}`).join(', ');
}

// "sources 10.0.0.1 (1.20 kpkt/s), ...": the first contributors of each list.
function contributorsText(top) {
    if (!top || typeof top !== 'object') return '';
    return Object.entries(top).filter(([, list]) => Array.isArray(list) && list.length > 0)
        .map(([kind, list]) => `${kind}: ${list.slice(0, 3).map((c) => `${c.name} (${human(c.pps, 'pkt/s')})`).join(', ')}`)
        .join(' · ');
}

function identity(a) {
    return `${a.rule}\n${JSON.stringify(a.key ?? null)}`;
}

function describe(a) {
    const name = a.name || a.rule || 'alert';
    const key = keyText(a.key);
    const baseline = a.baseline !== undefined ? ` (baseline ${metricValue(a.metric, a.baseline)})` : '';
    return `${name}${key ? ` [${key}]` : ''}: ${a.metric ?? ''} ${metricValue(a.metric, a.value)} > ${metricValue(a.metric, a.threshold)}${baseline}`;
}

function line(className, text, title) {
    const div = document.createElement('div');
    div.className = className;
    div.textContent = text;
    if (title) div.title = title;
    return div;
}

function timeElement(iso) {
    const time = document.createElement('time');
    time.dateTime = iso ?? '';
    time.textContent = localTime(iso);
    time.title = utcTitle(iso);
    return time;
}

export class AlertsPanel {
    constructor(activeList, logList, count, learning) {
        this.learning = learning;
        this.activeList = activeList;
        this.logList = logList;
        this.count = count;
        this.active = new Map();
        this.seen = new Set(); // events already in the log (history and stream overlap)
        this.markers = []; // { t: unix seconds, state: 'start' | 'end' }
        this.onMarkers = () => {};
    }

    clearLog() {
        this.logList.replaceChildren();
        this.seen.clear();
        this.markers = [];
    }

    event(a) {
        const id = `${a.timestamp}\n${a.state}\n${identity(a)}`;
        if (this.seen.has(id)) return;
        this.seen.add(id);
        if (a.state === 'end') this.active.delete(identity(a));
        else this.active.set(identity(a), a);
        this.renderActive();
        this.logList.prepend(this.logEntry(a));
        while (this.logList.children.length > LOG_LIMIT) this.logList.lastElementChild.remove();
        if (this.seen.size > 2 * LOG_LIMIT) this.seen.clear(); // bounded; repeats are only ever recent
        if (a.state === 'start' || a.state === 'end') {
            this.markers.push({ t: Date.parse(a.timestamp) / 1000, state: a.state, label: a.name || a.rule });
            if (this.markers.length > LOG_LIMIT) this.markers.shift();
            this.onMarkers(this.markers);
        }
    }

    logEntry(a) {
        const li = document.createElement('li');
        li.className = `alert-${a.state}`;
        const head = line('alert-head', '');
        head.append(timeElement(a.timestamp), ` ${a.state ?? ''} — ${describe(a)}`);
        li.append(head);
        if (a.explain) li.append(line('explain', a.explain));
        const top = contributorsText(a.top);
        if (top) li.append(line('contributors', top));
        return li;
    }

    // Interval objects list the active alerts (`alerts.active`) and the
    // baseline rules still learning: the truth after a reconnect that
    // missed an event.
    fromInterval(section) {
        if (!section) return;
        const list = Array.isArray(section) ? section : section.active;
        if (Array.isArray(list)) {
            this.active = new Map(list.map((a) => [identity(a), a]));
            this.renderActive();
        }
        const learning = (section.learning ?? []).map((l) => `${l.rule}: learning its baseline, ${human(l.remaining_s, 's')} left`);
        this.learning.replaceChildren(...learning.map((text) => {
            const li = document.createElement('li');
            li.textContent = text;
            return li;
        }));
    }

    renderActive() {
        const items = [...this.active.values()].map((a) => {
            const li = document.createElement('li');
            li.className = 'alert-active';
            const head = line('alert-head', describe(a), `value ${exact(a.value)}, threshold ${exact(a.threshold)}`);
            if (a.since) head.append(', since ', timeElement(a.since));
            li.append(head);
            if (a.explain) li.append(line('explain', a.explain));
            return li;
        });
        this.activeList.replaceChildren(...items);
        this.count.textContent = String(items.length);
        this.activeList.closest('section')?.classList.toggle('firing', items.length > 0);
    }
}
