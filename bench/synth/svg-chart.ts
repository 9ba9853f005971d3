/** A small self-contained SVG line chart with min–max whiskers (no plotting dependency). */
export interface ChartSeries {
  readonly name: string;
  readonly color: string;
  readonly points: { x: number; y: number; low?: number; high?: number }[];
}

export interface ChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly width?: number;
  readonly height?: number;
}

export function lineChart(series: ChartSeries[], options: ChartOptions): string {
  const width = options.width ?? 560;
  const height = options.height ?? 340;
  const margin = { left: 70, right: 20, top: 40, bottom: 50 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const points = series.flatMap((s) => s.points);
  const xMax = Math.max(...points.map((p) => p.x));
  const yMax = niceCeiling(Math.max(...points.map((p) => p.high ?? p.y)));
  const x = (value: number) => margin.left + (value / xMax) * plotWidth;
  const y = (value: number) => margin.top + plotHeight - (value / yMax) * plotHeight;
  const xTicks = [...new Set(points.map((p) => p.x))].sort((a, b) => a - b);
  const yTicks = [0, 0.25, 0.5, 0.75, 1].map((f) => f * yMax);

  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${escape(options.title)}</text>`,
    `<line x1="${margin.left}" y1="${y(0)}" x2="${margin.left + plotWidth}" y2="${y(0)}" stroke="#333"/>`,
    `<line x1="${margin.left}" y1="${margin.top}" x2="${margin.left}" y2="${y(0)}" stroke="#333"/>`,
    ...yTicks.map((tick) => `<line x1="${margin.left}" y1="${y(tick)}" x2="${margin.left + plotWidth}" y2="${y(tick)}" stroke="#ddd"/>` +
      `<text x="${margin.left - 6}" y="${y(tick) + 4}" text-anchor="end">${format(tick)}</text>`),
    ...xTicks.map((tick) => `<text x="${x(tick)}" y="${y(0) + 18}" text-anchor="middle">${tick}</text>`),
    `<text x="${margin.left + plotWidth / 2}" y="${height - 10}" text-anchor="middle">${escape(options.xLabel)}</text>`,
    `<text transform="translate(16 ${margin.top + plotHeight / 2}) rotate(-90)" text-anchor="middle">${escape(options.yLabel)}</text>`,
  ];
  series.forEach((s, i) => {
    const path = s.points.map((p, j) => `${j === 0 ? 'M' : 'L'}${x(p.x).toFixed(1)},${y(p.y).toFixed(1)}`).join(' ');
    parts.push(`<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
    for (const p of s.points) {
      if (p.low !== undefined && p.high !== undefined) {
        parts.push(`<line x1="${x(p.x)}" y1="${y(p.low)}" x2="${x(p.x)}" y2="${y(p.high)}" stroke="${s.color}"/>`);
      }
      parts.push(`<circle cx="${x(p.x)}" cy="${y(p.y)}" r="3.5" fill="${s.color}"><title>${escape(s.name)}: ${format(p.y)} at ${p.x}</title></circle>`);
    }
    parts.push(`<rect x="${margin.left + 10}" y="${margin.top + 6 + i * 18}" width="12" height="3" fill="${s.color}"/>` +
      `<text x="${margin.left + 28}" y="${margin.top + 11 + i * 18}">${escape(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('\n') + '\n';
}

function niceCeiling(value: number): number {
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 2.5, 5, 10].map((step) => step * magnitude).find((candidate) => candidate >= value) ?? value;
}

function format(value: number): string {
  return value >= 100 ? String(Math.round(value)) : String(Math.round(value * 10) / 10);
}

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
