import { escapeHtml } from './html-escape';

/**
 * Charts as inline SVG, drawn here rather than by a charting library: a report must be one file that
 * opens in any browser without scripts or network, and two chart shapes are a few dozen lines each.
 * Geometry uses plain numbers (pixels); every figure printed comes from exact money text.
 */

export interface Bar {
  readonly label: string;
  readonly value: number;
  readonly text: string;
}

const FONT = 'font-family="system-ui, sans-serif" font-size="12"';

const emptyChart = (id: string, title: string, note: string, width: number): string =>
  `<svg id="${id}" role="img" aria-label="${escapeHtml(title)}" class="chart empty" width="${width}" height="80" viewBox="0 0 ${width} 80" xmlns="http://www.w3.org/2000/svg">` +
  `<rect x="0.5" y="0.5" width="${width - 1}" height="79" fill="none" stroke="#ccc" stroke-dasharray="4 3"/>` +
  `<text x="${width / 2}" y="44" text-anchor="middle" fill="#666" ${FONT}>${escapeHtml(note)}</text></svg>`;

/** One horizontal bar per label, longest first as given. */
export const horizontalBarChart = (options: {
  readonly id: string;
  readonly title: string;
  readonly bars: readonly Bar[];
  readonly emptyNote: string;
  readonly width?: number;
}): string => {
  const width = options.width ?? 720;
  if (options.bars.length === 0) return emptyChart(options.id, options.title, options.emptyNote, width);
  const labelWidth = 200;
  const textWidth = 110;
  const row = 24;
  const height = options.bars.length * row + 10;
  const largest = Math.max(...options.bars.map((bar) => Math.abs(bar.value)), 1e-9);
  const span = width - labelWidth - textWidth;
  const rows = options.bars.map((bar, index) => {
    const y = 5 + index * row;
    const length = Math.max(1, (Math.abs(bar.value) / largest) * span);
    return (
      `<g class="bar"><text x="${labelWidth - 8}" y="${y + 16}" text-anchor="end" ${FONT}>${escapeHtml(bar.label)}</text>` +
      `<rect x="${labelWidth}" y="${y + 3}" width="${length.toFixed(1)}" height="${row - 8}" fill="${bar.value < 0 ? '#c0504d' : '#4f81bd'}"><title>${escapeHtml(`${bar.label}: ${bar.text}`)}</title></rect>` +
      `<text x="${(labelWidth + length + 6).toFixed(1)}" y="${y + 16}" ${FONT}>${escapeHtml(bar.text)}</text></g>`
    );
  });
  return `<svg id="${options.id}" role="img" aria-label="${escapeHtml(options.title)}" class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">${rows.join('')}</svg>`;
};

export interface Series {
  readonly name: string;
  readonly color: string;
}

export interface Bucket {
  readonly label: string;
  /** Per series: the credits (drawn up) and debits (drawn down, as a negative number). */
  readonly values: ReadonlyMap<string, { readonly credits: number; readonly debits: number }>;
}

/** Stacked columns per bucket: credits above the axis, debits below, one colour per series. */
export const divergingStackedColumns = (options: {
  readonly id: string;
  readonly title: string;
  readonly series: readonly Series[];
  readonly buckets: readonly Bucket[];
  readonly emptyNote: string;
  readonly width?: number;
}): string => {
  const width = options.width ?? 720;
  if (options.buckets.length === 0) return emptyChart(options.id, options.title, options.emptyNote, width);
  const height = 300;
  const left = 60;
  const bottom = 40;
  const plotHeight = height - bottom - 10;
  let up = 0;
  let down = 0;
  for (const bucket of options.buckets) {
    let credits = 0;
    let debits = 0;
    for (const value of bucket.values.values()) {
      credits += value.credits;
      debits += value.debits;
    }
    up = Math.max(up, credits);
    down = Math.min(down, debits);
  }
  const range = up - down || 1;
  const scale = plotHeight / range;
  const axisY = 10 + up * scale;
  const slot = (width - left - 10) / options.buckets.length;
  const barWidth = Math.max(2, slot * 0.7);
  const labelEvery = Math.max(1, Math.ceil(options.buckets.length / 12));
  const parts: string[] = [
    `<line x1="${left}" x2="${width - 10}" y1="${axisY.toFixed(1)}" y2="${axisY.toFixed(1)}" stroke="#333"/>`,
    `<text x="${left - 6}" y="14" text-anchor="end" ${FONT}>${escapeHtml(up.toFixed(0))}</text>`,
    `<text x="${left - 6}" y="${height - bottom}" text-anchor="end" ${FONT}>${escapeHtml(down.toFixed(0))}</text>`,
  ];
  options.buckets.forEach((bucket, index) => {
    const x = left + index * slot + (slot - barWidth) / 2;
    let top = axisY;
    let base = axisY;
    for (const series of options.series) {
      const value = bucket.values.get(series.name);
      if (value === undefined) continue;
      const tip = `${bucket.label} ${series.name}: +${value.credits.toFixed(2)} / ${value.debits.toFixed(2)}`;
      if (value.credits > 0) {
        const h = value.credits * scale;
        top -= h;
        parts.push(
          `<rect class="segment" x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}" fill="${series.color}"><title>${escapeHtml(tip)}</title></rect>`,
        );
      }
      if (value.debits < 0) {
        const h = -value.debits * scale;
        parts.push(
          `<rect class="segment" x="${x.toFixed(1)}" y="${base.toFixed(1)}" width="${barWidth.toFixed(1)}" height="${h.toFixed(1)}" fill="${series.color}" opacity="0.75"><title>${escapeHtml(tip)}</title></rect>`,
        );
        base += h;
      }
    }
    if (index % labelEvery === 0)
      parts.push(
        `<text x="${(x + barWidth / 2).toFixed(1)}" y="${height - bottom + 16}" text-anchor="middle" ${FONT}>${escapeHtml(bucket.label)}</text>`,
      );
  });
  const perRow = 4;
  const legend = options.series
    .map((series, index) => {
      const x = left + (index % perRow) * 160;
      const y = height + 6 + Math.floor(index / perRow) * 18;
      return (
        `<g class="legend"><rect x="${x}" y="${y}" width="10" height="10" fill="${series.color}"/>` +
        `<text x="${x + 14}" y="${y + 9}" ${FONT}>${escapeHtml(series.name)}</text></g>`
      );
    })
    .join('');
  const fullHeight = height + 8 + Math.ceil(options.series.length / perRow) * 18;
  return `<svg id="${options.id}" role="img" aria-label="${escapeHtml(options.title)}" class="chart" width="${width}" height="${fullHeight}" viewBox="0 0 ${width} ${fullHeight}" xmlns="http://www.w3.org/2000/svg">${parts.join('')}${legend}</svg>`;
};
