// Percentiles and medians over plain arrays: a soak interval holds a few thousand numbers at most.

/** The p-th percentile (nearest rank) of `values`; NaN when empty. */
export function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const median = (values) => percentile(values, 50);

export const max = (values) => (values.length === 0 ? NaN : values.reduce((a, b) => (b > a ? b : a)));

export const min = (values) => (values.length === 0 ? NaN : values.reduce((a, b) => (b < a ? b : a)));

/** A number for a table cell: rounded to `digits`, '—' when there is none. */
export const fmt = (value, digits = 0) => (Number.isFinite(value) ? Number(value.toFixed(digits)) : '—');
