import { h, s } from './dom.js';

/** Hand-made SVG charts: no library, scales to its container (viewBox), labelled for screen readers. */

export interface Point {
  x: number;
  y: number;
  label?: string;
}
export interface Series {
  name: string;
  color: string;
  points: Point[];
  dashed?: boolean;
}
export interface Band {
  from: number;
  to: number;
  label: string;
  color: string;
}
export interface Threshold {
  y: number;
  label: string;
  color: string;
}
export interface Marker {
  x: number;
  label: string;
}

export interface LineChartOptions {
  title: string;
  summary: string;
  series: Series[];
  yMin: number;
  yMax: number;
  xMin?: number;
  xMax?: number;
  xFormat: (x: number) => string;
  yTicks?: number[];
  xTicks?: number[];
  bands?: Band[];
  thresholds?: Threshold[];
  markers?: Marker[];
  width?: number;
  height?: number;
}

const PAD = { left: 44, right: 110, top: 14, bottom: 30 };

function ticks(min: number, max: number, count: number): number[] {
  return Array.from({ length: count + 1 }, (_, i) => min + ((max - min) * i) / count);
}

export function lineChart(o: LineChartOptions): HTMLElement {
  const W = o.width ?? 720;
  const H = o.height ?? 260;
  const xs = o.series.flatMap((se) => se.points.map((p) => p.x)).concat((o.markers ?? []).map((m) => m.x));
  let xMin = o.xMin ?? Math.min(...xs);
  let xMax = o.xMax ?? Math.max(...xs);
  if (!Number.isFinite(xMin) || !Number.isFinite(xMax)) [xMin, xMax] = [0, 1];
  if (xMax === xMin) [xMin, xMax] = [xMin - 1, xMax + 1];
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const X = (x: number) => PAD.left + ((x - xMin) / (xMax - xMin)) * iw;
  const Y = (y: number) =>
    PAD.top + ih - ((Math.min(Math.max(y, o.yMin), o.yMax) - o.yMin) / (o.yMax - o.yMin)) * ih;

  const svg = s('svg', {
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-label': `${o.title}. ${o.summary}`,
    class: 'chart',
  });
  svg.append(s('title', {}, o.title));
  for (const b of o.bands ?? []) {
    const y1 = Y(b.to);
    const y2 = Y(b.from);
    svg.append(
      s('rect', {
        x: PAD.left,
        y: y1,
        width: iw,
        height: Math.max(0, y2 - y1),
        fill: b.color,
        class: 'band',
      }),
      s('text', { x: PAD.left + iw + 6, y: (y1 + y2) / 2 + 4, class: 'band-label' }, b.label),
    );
  }
  for (const t of o.yTicks ?? ticks(o.yMin, o.yMax, 4)) {
    svg.append(
      s('line', { x1: PAD.left, x2: PAD.left + iw, y1: Y(t), y2: Y(t), class: 'grid' }),
      s('text', { x: PAD.left - 6, y: Y(t) + 4, 'text-anchor': 'end', class: 'tick' }, String(Math.round(t))),
    );
  }
  for (const x of o.xTicks ?? ticks(xMin, xMax, 4)) {
    svg.append(s('text', { x: X(x), y: H - 8, 'text-anchor': 'middle', class: 'tick' }, o.xFormat(x)));
  }
  // Threshold labels are pushed apart so that close lines (DBP 90, SpO₂ 92) stay readable.
  let lastLabelY = -Infinity;
  for (const t of [...(o.thresholds ?? [])].sort((a, b) => b.y - a.y)) {
    const labelY = Math.max(Y(t.y) + 4, lastLabelY + 13);
    lastLabelY = labelY;
    svg.append(
      s('line', {
        x1: PAD.left,
        x2: PAD.left + iw,
        y1: Y(t.y),
        y2: Y(t.y),
        stroke: t.color,
        class: 'threshold',
      }),
      s('text', { x: PAD.left + iw + 6, y: labelY, fill: t.color, class: 'threshold-label' }, t.label),
    );
  }
  for (const m of o.markers ?? []) {
    svg.append(
      s('line', { x1: X(m.x), x2: X(m.x), y1: PAD.top, y2: PAD.top + ih, class: 'marker' }),
      s('text', { x: X(m.x) + 4, y: PAD.top + 12, class: 'marker-label' }, m.label),
    );
  }
  for (const se of o.series) {
    const pts = [...se.points].sort((a, b) => a.x - b.x);
    if (pts.length > 1) {
      svg.append(
        s('polyline', {
          points: pts.map((p) => `${X(p.x)},${Y(p.y)}`).join(' '),
          fill: 'none',
          stroke: se.color,
          'stroke-width': 2.5,
          'stroke-dasharray': se.dashed ? '6 4' : undefined,
        }),
      );
    }
    for (const p of pts) {
      svg.append(
        s(
          'circle',
          { cx: X(p.x), cy: Y(p.y), r: 4.5, fill: se.color },
          s('title', {}, p.label ?? `${se.name}: ${p.y}`),
        ),
      );
    }
  }
  const legend = h(
    'ul',
    { class: 'legend', 'aria-hidden': 'true' },
    o.series.map((se) =>
      h('li', {}, h('span', { class: 'swatch', style: `background:${se.color}` }), se.name),
    ),
  );
  return h('figure', { class: 'chart-figure' }, svg as unknown as Node, legend, h('figcaption', {}, o.title));
}

export interface Bar {
  label: string;
  /** 0–1, or null when suppressed or not derivable. */
  value: number | null;
  low?: number | null;
  high?: number | null;
  note?: string;
}

/** Rates as bars with their 95 % interval as error bars; a suppressed bar says so in words, never a number. */
export function rateBars(title: string, bars: Bar[], color: string): HTMLElement {
  const W = 520;
  const rowH = 34;
  const H = PAD.top + bars.length * rowH + 24;
  const left = 130;
  const iw = W - left - 44;
  const X = (v: number) => left + v * iw;
  const svg = s('svg', { viewBox: `0 0 ${W} ${H}`, role: 'img', class: 'chart', 'aria-label': title });
  svg.append(s('title', {}, title));
  for (const t of [0, 0.25, 0.5, 0.75, 1]) {
    svg.append(
      s('line', { x1: X(t), x2: X(t), y1: PAD.top - 4, y2: H - 22, class: 'grid' }),
      s('text', { x: X(t), y: H - 6, 'text-anchor': 'middle', class: 'tick' }, `${t * 100}%`),
    );
  }
  bars.forEach((b, i) => {
    const y = PAD.top + i * rowH;
    svg.append(s('text', { x: left - 8, y: y + 20, 'text-anchor': 'end', class: 'bar-label' }, b.label));
    if (b.value === null) {
      svg.append(s('text', { x: left + 6, y: y + 20, class: 'suppressed-label' }, b.note ?? 'fewer than 11'));
      return;
    }
    const pct = `${Math.round(b.value * 100)}%`;
    const ci =
      b.low != null && b.high != null
        ? ` (95% CI ${Math.round(b.low * 100)}–${Math.round(b.high * 100)}%)`
        : '';
    svg.append(
      s(
        'rect',
        { x: left, y: y + 6, width: Math.max(1, X(b.value) - left), height: rowH - 12, fill: color, rx: 3 },
        s('title', {}, `${b.label}: ${pct}${ci}`),
      ),
    );
    if (b.low != null && b.high != null) {
      const cy = y + rowH / 2;
      svg.append(
        s('line', { x1: X(b.low), x2: X(b.high), y1: cy, y2: cy, class: 'errorbar' }),
        s('line', { x1: X(b.low), x2: X(b.low), y1: cy - 7, y2: cy + 7, class: 'errorbar' }),
        s('line', { x1: X(b.high), x2: X(b.high), y1: cy - 7, y2: cy + 7, class: 'errorbar' }),
      );
    }
    svg.append(
      s('text', { x: Math.min(X(b.high ?? b.value) + 6, W - 36), y: y + 20, class: 'bar-value' }, pct),
    );
  });
  return h('figure', { class: 'chart-figure' }, svg as unknown as Node, h('figcaption', {}, title));
}
