// Numbers are shown exactly as the JSON has them, only with their digits
// grouped for reading: never rounded or converted on the page.
const GROUP = '\u202f'; // narrow no-break space

export function exact(value) {
    if (value === undefined || value === null) return '–';
    const text = String(value);
    const [whole, fraction] = text.split('.');
    const sign = whole.startsWith('-') ? '-' : '';
    const digits = sign ? whole.slice(1) : whole;
    const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, GROUP);
    return sign + grouped + (fraction !== undefined ? `.${fraction}` : '');
}

// A flow table's fill from its integer counts, one decimal like the text
// view: "0.1 %". The JSON's exact ratio stays in the element's data-value.
export function fillPercent(entries, capacity) {
    if (entries == null || !capacity) return '–';
    return `${((100 * entries) / capacity).toFixed(1)} %`;
}

// Axis labels only (charts): short SI values, where exactness is not the point.
export function si(value) {
    if (value == null) return '';
    const abs = Math.abs(value);
    for (const [limit, suffix] of [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']]) {
        if (abs >= limit) return `${+(value / limit).toFixed(2)}${suffix}`;
    }
    return `${+value.toFixed(2)}`;
}

const PROTOCOLS = { 1: 'ICMP', 6: 'TCP', 17: 'UDP', 47: 'GRE', 58: 'ICMPv6', 132: 'SCTP' };

export function protocolName(proto, ethertype) {
    if (proto === 0 || proto === undefined) return ethertype === '0x0806' ? 'ARP' : `non-IP ${ethertype ?? ''}`.trim();
    return PROTOCOLS[proto] ?? `IP proto ${proto}`;
}

export function endpoint(address, port, proto) {
    const hasPorts = proto === 6 || proto === 17 || proto === 132;
    if (!hasPorts) return address;
    return address.includes(':') ? `[${address}]:${port}` : `${address}:${port}`;
}
