/** Order statistics for small samples of timings. */
export interface Spread {
  readonly samples: number;
  readonly median: number;
  readonly p25: number;
  readonly p75: number;
  readonly min: number;
  readonly max: number;
}

export function spread(values: number[], digits = 2): Spread {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number) => {
    const position = q * (sorted.length - 1);
    const low = Math.floor(position);
    const high = Math.ceil(position);
    return sorted[low] + (sorted[high] - sorted[low]) * (position - low);
  };
  return {
    samples: sorted.length,
    median: round(at(0.5), digits),
    p25: round(at(0.25), digits),
    p75: round(at(0.75), digits),
    min: round(sorted[0], digits),
    max: round(sorted[sorted.length - 1], digits),
  };
}

/** Ratios of paired samples (same round, run back to back), summarized. */
export function pairedRatios(numerators: number[], denominators: number[]): Spread {
  return spread(numerators.map((value, i) => value / denominators[i]), 3);
}

export function round(value: number, digits = 2): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
