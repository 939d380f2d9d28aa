// Time-series charts (uPlot). Each chart is rebuilt when its set of series
// changes (an interface or a protocol class appears) and otherwise only gets
// new data, which is what uPlot is fast at. The time axis is local time, as
// every time on the page; alert starts and ends are drawn as vertical lines.
import uPlot from 'uplot';
import { human, si } from './format.js';

const PALETTE = ['#2f7ed8', '#e4572e', '#17a398', '#f3a712', '#8e5ea2', '#d1495b', '#66a61e', '#7f7f7f',
    '#1b9e77', '#a6761d'];

function cssVar(name) {
    return getComputedStyle(document.documentElement).getPropertyValue(name).trim();
}

export class TimeChart {
    // unit: shown in the legend; stacked: series are drawn on top of each other.
    constructor(container, { title, unit, stacked = false }) {
        this.container = container;
        this.title = title;
        this.unit = unit;
        this.stacked = stacked;
        this.plot = null;
        this.labels = [];
        this.points = 0;
        this.markers = [];
        new ResizeObserver(() => this.resize()).observe(container);
    }

    // x: unix seconds; series: [{ label, values }] (values aligned with x).
    update(x, series) {
        const labels = series.map((s) => s.label);
        this.raw = series.map((s) => s.values);
        if (!this.plot || labels.join('\n') !== this.labels.join('\n')) this.create(labels);
        this.points = x.length;
        this.container.dataset.points = String(x.length);
        this.plot.setData([x, ...this.drawn()]);
        this.countMarkers();
    }

    // markers: [{ t: unix seconds, state: 'start' | 'end' }], oldest first.
    setMarkers(markers) {
        this.markers = markers;
        this.countMarkers();
        this.plot?.redraw(false, false);
    }

    // The markers inside the charted window, for the page test.
    countMarkers() {
        const x = this.plot?.data?.[0] ?? [];
        const inside = x.length ? this.markers.filter((m) => m.t >= x[0] && m.t <= x[x.length - 1]) : [];
        this.container.dataset.markers = String(inside.length);
    }

    drawMarkers(u) {
        const { ctx, bbox } = u;
        const [min, max] = [u.scales.x.min, u.scales.x.max];
        ctx.save();
        ctx.lineWidth = 2 * devicePixelRatio;
        ctx.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
        for (const m of this.markers) {
            if (m.t < min || m.t > max) continue;
            const x = Math.round(u.valToPos(m.t, 'x', true));
            ctx.strokeStyle = m.state === 'start' ? cssVar('--warn') : cssVar('--ok');
            ctx.beginPath();
            ctx.moveTo(x, bbox.top);
            ctx.lineTo(x, bbox.top + bbox.height);
            ctx.stroke();
        }
        ctx.restore();
    }

    // Stacked: each series is drawn as the sum of itself and those after it,
    // so the first is the top; the legend still shows each series' own value.
    drawn() {
        if (!this.stacked) return this.raw;
        const sums = this.raw.map((values) => values.slice());
        for (let i = sums.length - 2; i >= 0; i--) {
            sums[i] = sums[i].map((v, j) => (v == null ? null : v + (sums[i + 1][j] ?? 0)));
        }
        return sums;
    }

    create(labels) {
        this.plot?.destroy();
        this.labels = labels;
        const fg = cssVar('--fg');
        const grid = cssVar('--grid');
        const axis = { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 } };
        const options = {
            title: this.title,
            width: this.width(),
            height: 220,
            cursor: { drag: { x: false, y: false } },
            hooks: { draw: [(u) => this.drawMarkers(u)] },
            scales: { x: { time: true } },
            axes: [axis, { ...axis, size: 60, values: (u, values) => values.map(si) }],
            series: [{}, ...labels.map((label, i) => ({
                label,
                stroke: PALETTE[i % PALETTE.length],
                width: 1.5,
                fill: this.stacked ? `${PALETTE[i % PALETTE.length]}cc` : undefined,
                // The legend shows the point under the cursor, else the latest.
                value: (u, v, seriesIndex, index) => {
                    const values = this.raw[seriesIndex - 1] ?? [];
                    const own = values[index ?? values.length - 1];
                    return own == null ? '–' : human(own, this.unit);
                },
            }))],
        };
        this.plot = new uPlot(options, [[], ...labels.map(() => [])], this.container);
    }

    width() {
        return Math.max(240, this.container.clientWidth);
    }

    resize() {
        if (this.plot) this.plot.setSize({ width: this.width(), height: 220 });
    }

    // Colours come from CSS variables: rebuild on a theme change.
    retheme() {
        if (!this.plot) return;
        const data = this.plot.data;
        this.create(this.labels);
        this.plot.setData(data);
    }
}
