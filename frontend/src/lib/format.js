/** Number formats shared by the panels (one locale, so tests and screenshots agree). */

const COUNT = new Intl.NumberFormat('en-US');
const COMPACT = new Intl.NumberFormat('en-US', { notation: 'compact', maximumFractionDigits: 1 });

/** 1234567 -> "1,234,567"; null -> "–". */
export function formatCount(value) {
  return value === null || value === undefined ? '–' : COUNT.format(value);
}

/** 1234567 -> "1.2M". */
export function formatCompact(value) {
  return value === null || value === undefined ? '–' : COMPACT.format(value);
}

/** A score in [0, 1] with four significant digits; tiny ones in exponent form. */
export function formatScore(value) {
  if (value === null || value === undefined) return '–';
  if (value === 0) return '0';
  return Math.abs(value) < 0.001 ? value.toExponential(3) : value.toPrecision(4);
}
