import { escapeHtml } from './html-escape';
import { unitsText } from './money-text';

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

/** Colour-blind-safe pair (Okabe–Ito blue and orange): credits and debits never look alike. */
export const CREDIT_COLOUR = '#0072b2';
export const DEBIT_COLOUR = '#e69f00';

export interface Bucket {
  readonly label: string;
  /** Credits (drawn up, ≥ 0) and debits (drawn down, ≤ 0), in currency units. */
  readonly credits: number;
  readonly debits: number;
  /** The exact figures for the tooltip. */
  readonly tip: string;
}

/** Round tick values (1, 2 or 5 × 10^n apart) covering [low, high] with about `wanted` steps. */
export const niceTicks = (low: number, high: number, wanted = 6): readonly number[] => {
  const span = high - low || Math.max(Math.abs(high), 1);
  const rough = span / wanted;
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = [1, 2, 5, 10].map((m) => m * power).find((candidate) => candidate >= rough) ?? 10 * power;
  const ticks: number[] = [];
  for (let tick = Math.floor(low / step) * step; tick <= high + step * 1e-9; tick += step)
    ticks.push(Math.round(tick / step) * step);
  if (ticks[ticks.length - 1]! < high) ticks.push(ticks[ticks.length - 1]! + step);
  return ticks.length >= 2 ? ticks : [ticks[0] ?? 0, (ticks[0] ?? 0) + step];
};

/** Every n-th label so that at most `most` are drawn and each has `room` pixels: never overlapping. */
export const labelStride = (count: number, slot: number, room: number, most: number): number =>
  Math.max(1, Math.ceil(count / most), Math.ceil(room / Math.max(slot, 1e-9)));

/** One column per bucket: credits above the zero line in blue, debits below it in orange, with a legend. */
export const creditDebitColumns = (options: {
  readonly id: string;
  readonly title: string;
  readonly buckets: readonly Bucket[];
  readonly emptyNote: string;
  /** Label of the y-axis, naming the currency unit. */
  readonly unitLabel: string;
  readonly width?: number;
}): string => {
  const width = options.width ?? 720;
  if (options.buckets.length === 0) return emptyChart(options.id, options.title, options.emptyNote, width);
  const top = 30;
  const left = 90;
  const right = 10;
  const plotHeight = 240;
  const labelBand = 50;
  const up = Math.max(0, ...options.buckets.map((bucket) => bucket.credits));
  const down = Math.min(0, ...options.buckets.map((bucket) => bucket.debits));
  const ticks = niceTicks(down, up);
  const low = ticks[0]!;
  const high = ticks[ticks.length - 1]!;
  const scale = plotHeight / (high - low || 1);
  const yOf = (value: number): number => top + (high - value) * scale;
  const step = ticks.length > 1 ? ticks[1]! - ticks[0]! : 1;
  const tickDecimals = step >= 1 ? 0 : Math.min(6, Math.ceil(-Math.log10(step)));
  const plotRight = width - right;
  const slot = (plotRight - left) / options.buckets.length;
  const barWidth = Math.max(1, slot * 0.7);
  // A rotated date label needs about 14 px across; upright ones would need their whole width.
  const stride = labelStride(options.buckets.length, slot, 16, 10);
  const parts: string[] = [
    `<text class="axis-title" x="14" y="${top + plotHeight / 2}" transform="rotate(-90 14 ${top + plotHeight / 2})" text-anchor="middle" ${FONT}>${escapeHtml(options.unitLabel)}</text>`,
  ];
  for (const tick of ticks) {
    const y = yOf(tick).toFixed(1);
    parts.push(
      `<line class="grid" x1="${left}" x2="${plotRight}" y1="${y}" y2="${y}" stroke="#e4e4e4"/>`,
      `<line x1="${left - 5}" x2="${left}" y1="${y}" y2="${y}" stroke="#333"/>`,
      `<text class="y-tick" x="${left - 8}" y="${(yOf(tick) + 4).toFixed(1)}" text-anchor="end" ${FONT}>${escapeHtml(unitsText(tick, tickDecimals))}</text>`,
    );
  }
  parts.push(
    `<line x1="${left}" x2="${left}" y1="${top}" y2="${top + plotHeight}" stroke="#333"/>`,
    `<line class="zero" x1="${left}" x2="${plotRight}" y1="${yOf(0).toFixed(1)}" y2="${yOf(0).toFixed(1)}" stroke="#333"/>`,
  );
  const labelY = top + plotHeight + 8;
  options.buckets.forEach((bucket, index) => {
    const x = left + index * slot + (slot - barWidth) / 2;
    if (bucket.credits > 0)
      parts.push(
        `<rect class="segment credit" x="${x.toFixed(1)}" y="${yOf(bucket.credits).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(bucket.credits * scale).toFixed(1)}" fill="${CREDIT_COLOUR}"><title>${escapeHtml(bucket.tip)}</title></rect>`,
      );
    if (bucket.debits < 0)
      parts.push(
        `<rect class="segment debit" x="${x.toFixed(1)}" y="${yOf(0).toFixed(1)}" width="${barWidth.toFixed(1)}" height="${(-bucket.debits * scale).toFixed(1)}" fill="${DEBIT_COLOUR}"><title>${escapeHtml(bucket.tip)}</title></rect>`,
      );
    if (index % stride === 0) {
      const centre = (x + barWidth / 2).toFixed(1);
      parts.push(
        `<line x1="${centre}" x2="${centre}" y1="${top + plotHeight}" y2="${top + plotHeight + 4}" stroke="#333"/>`,
        `<text class="x-label" x="${centre}" y="${labelY}" transform="rotate(-45 ${centre} ${labelY})" text-anchor="end" dominant-baseline="middle" ${FONT}>${escapeHtml(bucket.label)}</text>`,
      );
    }
  });
  const legend = [
    ['Credits (to accounts)', CREDIT_COLOUR, 'credit'],
    ['Debits (from accounts)', DEBIT_COLOUR, 'debit'],
  ]
    .map(
      ([name, colour, kind], index) =>
        `<g class="legend ${kind}"><rect x="${left + index * 200}" y="8" width="12" height="12" fill="${colour}"/>` +
        `<text x="${left + index * 200 + 17}" y="18" ${FONT}>${escapeHtml(name!)}</text></g>`,
    )
    .join('');
  const height = top + plotHeight + labelBand + 20;
  return `<svg id="${options.id}" role="img" aria-label="${escapeHtml(options.title)}" class="chart" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">${legend}${parts.join('')}</svg>`;
};
