// Sortable tables with accessible markup: a <caption>, <th scope="col">
// headers holding a button, aria-sort on the sorted column, <th scope="row">
// for the row's name. The sort survives every update.
import { exact, human, protocolName, endpoint } from './format.js';

function element(tag, props = {}, children = []) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(props)) {
        if (k === 'text') el.textContent = v;
        else el.setAttribute(k, v);
    }
    for (const child of children) el.append(child);
    return el;
}

export class SortableTable {
    // columns: [{ key, label, get(row) -> sort value, show(row) -> text,
    // numeric, title(row) -> exact text, wide (hidden on a phone) }]
    constructor(container, caption, columns) {
        this.columns = columns;
        this.sortIndex = columns.findIndex((c) => c.key === 'bytes');
        this.descending = true;
        this.rows = [];
        this.table = element('table', { class: 'sortable' });
        this.table.append(element('caption', { text: caption }));
        const headRow = element('tr');
        this.headers = columns.map((column, index) => {
            const button = element('button', { type: 'button', text: column.label });
            button.addEventListener('click', () => this.sortBy(index));
            const th = element('th', { scope: 'col', 'data-key': column.key }, [button]);
            if (column.numeric) th.classList.add('num');
            if (column.wide) th.classList.add('wide-only');
            headRow.append(th);
            return th;
        });
        this.table.append(element('thead', {}, [headRow]));
        this.body = element('tbody');
        this.table.append(this.body);
        container.append(element('div', { class: 'table-scroll' }, [this.table]));
        this.updateHeaders();
    }

    sortBy(index) {
        if (index === this.sortIndex) this.descending = !this.descending;
        else {
            this.sortIndex = index;
            this.descending = Boolean(this.columns[index].numeric);
        }
        this.updateHeaders();
        this.render(this.rows);
    }

    updateHeaders() {
        this.headers.forEach((th, index) => {
            if (index === this.sortIndex) th.setAttribute('aria-sort', this.descending ? 'descending' : 'ascending');
            else th.removeAttribute('aria-sort');
        });
    }

    render(rows) {
        this.rows = rows;
        const column = this.columns[this.sortIndex];
        const sorted = column ? [...rows].sort((a, b) => compare(column.get(a), column.get(b))) : rows;
        if (column && this.descending) sorted.reverse();
        this.body.replaceChildren(...sorted.map((row) => this.renderRow(row)));
        if (rows.length === 0) {
            this.body.append(element('tr', {}, [element('td', { colspan: this.columns.length, class: 'empty', text: 'none yet' })]));
        }
    }

    renderRow(row) {
        return element('tr', {}, this.columns.map((column, index) => {
            const cell = element(index === 0 ? 'th' : 'td', index === 0 ? { scope: 'row' } : {});
            cell.textContent = column.show(row);
            if (column.numeric) {
                cell.classList.add('num');
                cell.dataset.value = String(column.get(row));
                cell.title = exact(column.get(row));
            }
            if (column.wide) cell.classList.add('wide-only');
            return cell;
        }));
    }
}

function compare(a, b) {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return String(a).localeCompare(String(b), undefined, { numeric: true });
}

function numberColumn(key, label, unit, wide = false) {
    return { key, label, numeric: true, wide, get: (r) => r[key] ?? 0, show: (r) => human(r[key], unit) };
}

// On a phone the 10 s rate stands for the three.
const rateColumns = [numberColumn('bps_2s', 'Rate 2 s', 'bit/s', true), numberColumn('bps_10s', 'Rate 10 s', 'bit/s'),
    numberColumn('bps_40s', 'Rate 40 s', 'bit/s', true)];
const countColumns = [numberColumn('packets', 'Packets', ''), numberColumn('bytes', 'Bytes', 'B')];

export const hostColumns = [
    { key: 'address', label: 'Address', get: (r) => r.address, show: (r) => r.address },
    ...countColumns, ...rateColumns,
];

const flowName = (r) => `${endpoint(r.src, r.sport, r.proto)} → ${endpoint(r.dst, r.dport, r.proto)}`;

export const flowColumns = [
    { key: 'flow', label: 'Flow', get: flowName, show: flowName },
    { key: 'proto', label: 'Protocol', get: (r) => protocolName(r.proto, r.ethertype), show: (r) => protocolName(r.proto, r.ethertype) },
    { key: 'iface', label: 'Interface', wide: true, get: (r) => r.iface, show: (r) => r.iface },
    ...countColumns, ...rateColumns,
];

// top.processes: the local program (command name and pid), what its
// sockets sent and received, its total. On a phone the cgroup, packets and
// the 2 s and 40 s rates give way.
const program = (r) => `${r.comm ?? ''} ${r.pid ?? ''}`;
const countOf = (key, label, part) => ({ key, label, numeric: true, get: (r) => r[part]?.bytes ?? 0, show: (r) => human(r[part]?.bytes, 'B') });
export const processColumns = [
    { key: 'program', label: 'Program', get: program, show: program },
    { key: 'cgroup', label: 'Cgroup', wide: true, get: (r) => r.cgroup ?? '', show: (r) => r.cgroup ?? '' },
    countOf('sent_bytes', 'Sent', 'sent'), countOf('received_bytes', 'Received', 'received'),
    numberColumn('packets', 'Packets', '', true), numberColumn('bytes', 'Bytes', 'B'), ...rateColumns,
];

// top.ports (with alerts): port and protocol, counts, rates.
const portProto = (r) => (typeof (r.proto ?? r.protocol) === 'number' ? protocolName(r.proto ?? r.protocol) : String(r.proto ?? r.protocol ?? ''));
export const portColumns = [
    { key: 'port', label: 'Port', numeric: true, get: (r) => r.port ?? r.dport ?? 0, show: (r) => String(r.port ?? r.dport ?? '') },
    { key: 'proto', label: 'Protocol', get: portProto, show: portProto },
    ...countColumns, ...rateColumns,
];
