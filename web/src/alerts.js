// The alerts panel: active alerts and the log of alert events (start,
// update, end), each with its explain line, as `event: alert` sends them.
import { exact } from './format.js';

const LOG_LIMIT = 200;

function keyText(key) {
    if (!key || typeof key !== 'object') return '';
    return Object.entries(key).map(([k, v]) => `${k.replace(/_/g, ' ')} ${v}`).join(', ');
}

// "sources 10.0.0.1 (1 200 pkt/s), ...": the first contributors of each list.
function contributorsText(top) {
    if (!top || typeof top !== 'object') return '';
    return Object.entries(top).filter(([, list]) => Array.isArray(list) && list.length > 0)
        .map(([kind, list]) => `${kind}: ${list.slice(0, 3).map((c) => `${c.name} (${exact(c.pps)} pkt/s)`).join(', ')}`)
        .join(' · ');
}

function identity(a) {
    return `${a.rule}\n${JSON.stringify(a.key ?? null)}`;
}

function describe(a) {
    const name = a.name || a.rule || 'alert';
    const key = keyText(a.key);
    const baseline = a.baseline !== undefined ? ` (baseline ${exact(a.baseline)})` : '';
    return `${name}${key ? ` [${key}]` : ''}: ${a.metric ?? ''} ${exact(a.value)} > ${exact(a.threshold)}${baseline}`;
}

export class AlertsPanel {
    constructor(activeList, logList, count, learning) {
        this.learning = learning;
        this.activeList = activeList;
        this.logList = logList;
        this.count = count;
        this.active = new Map();
    }

    event(a) {
        if (a.state === 'end') this.active.delete(identity(a));
        else this.active.set(identity(a), a);
        this.renderActive();
        const li = document.createElement('li');
        li.className = `alert-${a.state}`;
        const head = document.createElement('div');
        head.className = 'alert-head';
        head.textContent = `${a.timestamp ?? ''} ${a.state ?? ''} — ${describe(a)}`;
        li.append(head);
        if (a.explain) {
            const explain = document.createElement('div');
            explain.className = 'explain';
            explain.textContent = a.explain;
            li.append(explain);
        }
        const top = contributorsText(a.top);
        if (top) {
            const contributors = document.createElement('div');
            contributors.className = 'contributors';
            contributors.textContent = top;
            li.append(contributors);
        }
        this.logList.prepend(li);
        while (this.logList.children.length > LOG_LIMIT) this.logList.lastElementChild.remove();
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
        const learning = (section.learning ?? []).map((l) => `${l.rule}: learning its baseline, ${exact(l.remaining_s)} s left`);
        this.learning.replaceChildren(...learning.map((text) => {
            const li = document.createElement('li');
            li.textContent = text;
            return li;
        }));
    }

    renderActive() {
        const items = [...this.active.values()].map((a) => {
            const li = document.createElement('li');
            li.textContent = `${describe(a)}${a.since ? `, since ${a.since}` : ''}`;
            if (a.explain) {
                const explain = document.createElement('div');
                explain.className = 'explain';
                explain.textContent = a.explain;
                li.append(explain);
            }
            return li;
        });
        this.activeList.replaceChildren(...items);
        this.count.textContent = String(items.length);
    }
}
