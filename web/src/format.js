// How numbers and times read on the page: three significant digits with an
// SI prefix and a unit ("113 Mbit/s", "24.5 kpkt/s", "1.23 GB"), so a wall
// screen reads at a glance. The JSON's exact value stays on the element
// (data-value, and exact() in its title) for whoever needs every digit.
const GROUP = '\u202f'; // narrow no-break space
const PREFIXES = ['', 'k', 'M', 'G', 'T', 'P', 'E'];

// Every digit of the JSON value, grouped by three: for titles (hover).
export function exact(value) {
    if (value === undefined || value === null) return '–';
    const text = String(value);
    const [whole, fraction] = text.split('.');
    const sign = whole.startsWith('-') ? '-' : '';
    const digits = sign ? whole.slice(1) : whole;
    const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, GROUP);
    return sign + grouped + (fraction !== undefined ? `.${fraction}` : '');
}

// [mantissa text, prefix]: integers below 1000 as they are, anything else
// to 3 significant digits, moving to the next prefix when rounding reaches
// 1000 (999.96 k is "1.00 M", never "1000 k").
function scaled(value) {
    const abs = Math.abs(value);
    if (Number.isInteger(value) && abs < 1000) return [String(value), ''];
    if (abs < 1) return [value.toPrecision(3), ''];
    let step = Math.min(Math.floor(Math.log10(abs) / 3), PREFIXES.length - 1);
    let text = (value / 1000 ** step).toPrecision(3);
    if (Math.abs(Number(text)) >= 1000 && step < PREFIXES.length - 1) {
        step += 1;
        text = (value / 1000 ** step).toPrecision(3);
    }
    return [text, PREFIXES[step]];
}

// "113 Mbit/s", "7 pkt/s", "1.23 GB"; unit '' gives "1.23 M". '–' when unknown.
export function human(value, unit = '') {
    if (value === undefined || value === null || !Number.isFinite(Number(value))) return '–';
    const [text, prefix] = scaled(Number(value));
    if (!unit) return `${text}${prefix ? ` ${prefix}` : ''}`;
    return `${text} ${prefix}${unit}`;
}

// A flow table's fill from its integer counts, one decimal like the text
// view: "0.1 %". The JSON's exact ratio stays in the element's data-value.
export function fillPercent(entries, capacity) {
    if (entries == null || !capacity) return '–';
    return `${((100 * entries) / capacity).toFixed(1)} %`;
}

// Chart axes: the same short form without the unit (the title names it).
export function si(value) {
    if (value == null) return '';
    return human(value);
}

// Times are shown in the browser's time zone (as the chart axes are),
// with the UTC instant for the title: "14:52:07" / "2026-12-04 13:52:07 UTC".
export function localTime(iso) {
    const t = new Date(iso);
    if (Number.isNaN(t.getTime())) return '–';
    return t.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
}

export function utcTitle(iso) {
    const t = new Date(iso);
    if (Number.isNaN(t.getTime())) return '';
    return `${t.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '')} UTC`;
}

// How long a run has been going: "45 s", "3 min 12 s", "2 h 05 min", with
// no-break spaces so a line never ends between a number and its unit.
export function duration(seconds) {
    if (seconds == null || !Number.isFinite(seconds)) return '–';
    const s = Math.floor(seconds);
    const pad = (n) => String(n).padStart(2, '0');
    let text = `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
    if (s < 60) text = `${s} s`;
    else if (s < 3600) text = `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
    return text.replace(/ /g, '\u00a0');
}

// The zone's short name ("CET", "GMT+1"), said once in the header.
export function zoneName(iso) {
    const parts = new Intl.DateTimeFormat([], { timeZoneName: 'short' }).formatToParts(new Date(iso));
    return parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
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
