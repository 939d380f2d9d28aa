// Sortable tables with accessible markup: a <caption>, <th scope="col">
// headers holding a button, aria-sort on the sorted column, <th scope="row">
// for the row's name. The sort survives every update.
import { exact, protocolName, endpoint } from './format.js';

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
    // columns: [{ key, label, get(row) -> sort value, show(row) -> text, numeric }]
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
            }
            return cell;
        }));
    }
}

function compare(a, b) {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    return String(a).localeCompare(String(b), undefined, { numeric: true });
}

function numberColumn(key, label) {
    return { key, label, numeric: true, get: (r) => r[key] ?? 0, show: (r) => exact(r[key]) };
}

const rateColumns = [numberColumn('bps_2s', 'bit/s 2 s'), numberColumn('bps_10s', 'bit/s 10 s'),
    numberColumn('bps_40s', 'bit/s 40 s')];
const countColumns = [numberColumn('packets', 'Packets'), numberColumn('bytes', 'Bytes')];

export const hostColumns = [
    { key: 'address', label: 'Address', get: (r) => r.address, show: (r) => r.address },
    ...countColumns, ...rateColumns,
];

const flowName = (r) => `${endpoint(r.src, r.sport, r.proto)} → ${endpoint(r.dst, r.dport, r.proto)}`;

export const flowColumns = [
    { key: 'flow', label: 'Flow', get: flowName, show: flowName },
    { key: 'proto', label: 'Protocol', get: (r) => protocolName(r.proto, r.ethertype), show: (r) => protocolName(r.proto, r.ethertype) },
    { key: 'iface', label: 'Interface', get: (r) => r.iface, show: (r) => r.iface },
    ...countColumns, ...rateColumns,
];

// top.ports (with alerts): port and protocol, counts, rates.
const portProto = (r) => (typeof (r.proto ?? r.protocol) === 'number' ? protocolName(r.proto ?? r.protocol) : String(r.proto ?? r.protocol ?? ''));
export const portColumns = [
    { key: 'port', label: 'Port', numeric: true, get: (r) => r.port ?? r.dport ?? 0, show: (r) => String(r.port ?? r.dport ?? '') },
    { key: 'proto', label: 'Protocol', get: portProto, show: portProto },
    ...countColumns, ...rateColumns,
];
