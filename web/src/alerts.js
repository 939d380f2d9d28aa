// The alerts panel: active alerts and the log of alert events (start,
// update, end), each with its explain line, as `event: alert` sends them.
import { exact } from './format.js';

const LOG_LIMIT = 200;

function keyText(key) {
    if (!key || typeof key !== 'object') return '';
    return Object.entries(key).map(([k, v]) => `${k.replace(/_/g, ' ')} ${v}`).join(', ');
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
    constructor(activeList, logList, count) {
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
        this.logList.prepend(li);
        while (this.logList.children.length > LOG_LIMIT) this.logList.lastElementChild.remove();
    }

    // Interval objects list the active alerts: they are the truth after a
    // reconnect that missed an event.
    fromInterval(list) {
        if (!Array.isArray(list)) return;
        this.active = new Map(list.map((a) => [identity(a), a]));
        this.renderActive();
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
