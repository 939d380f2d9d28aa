// The interval objects of the last 15 minutes, as the server's history keeps
// them, and the chart series taken from them.
const WINDOW_S = 15 * 60;

const HOOKS = [['ingress', 'received'], ['egress', 'sent']];

export class History {
    constructor() {
        this.points = [];
    }

    // Adds an interval (or final) object; ignores one already held (the
    // stream may repeat what the history had) and starts over on a new run.
    add(obj) {
        const last = this.points.at(-1);
        if (last) {
            if (obj.elapsed_s < last.elapsed_s && obj.timestamp > last.timestamp) this.points = [];
            else if (obj.elapsed_s <= last.elapsed_s) return false;
        }
        this.points.push(obj);
        const oldest = obj.elapsed_s - WINDOW_S;
        while (this.points.length > 0 && this.points[0].elapsed_s < oldest) this.points.shift();
        return true;
    }

    x() {
        return this.points.map((p) => Date.parse(p.timestamp) / 1000);
    }

    // Per interface and hook: hooks.<hook>.<field> (pps or bps), as the JSON has it.
    throughput(field) {
        const series = new Map();
        this.points.forEach((p, i) => {
            for (const iface of p.interfaces ?? []) {
                for (const [hook, word] of HOOKS) {
                    if (!counts(p.direction, hook)) continue;
                    const label = `${iface.name} ${word}`;
                    if (!series.has(label)) series.set(label, new Array(this.points.length).fill(null));
                    series.get(label)[i] = iface.hooks?.[hook]?.[field] ?? null;
                }
            }
        });
        return [...series].map(([label, values]) => ({ label, values }));
    }

    directions(field) {
        const names = ['inbound', 'outbound', 'internal', 'other'];
        if (!this.points.some((p) => p.directions)) return [];
        return names.map((name) => ({ label: name, values: this.points.map((p) => p.directions?.[name]?.[field] ?? null) }));
    }

    // Packets per second of each traffic class between two consecutive
    // intervals: the JSON's protocol counts are cumulative, so this is their
    // exact change divided by the elapsed time between the two objects.
    protocolMix() {
        const classes = new Set();
        for (const p of this.points) for (const name of Object.keys(p.protocols ?? {})) classes.add(name);
        return [...classes].sort().map((name) => ({
            label: name,
            values: this.points.map((p, i) => {
                const prev = this.points[i - 1];
                if (!prev) return null;
                const dt = p.elapsed_s - prev.elapsed_s;
                if (dt <= 0) return null;
                return ((p.protocols?.[name]?.packets ?? 0) - (prev.protocols?.[name]?.packets ?? 0)) / dt;
            }),
        }));
    }
}

function counts(direction, hook) {
    if (direction === 'ingress') return hook === 'ingress';
    if (direction === 'egress') return hook === 'egress';
    return true;
}
