import { describe, expect, it } from 'vitest';
import { formatCompact, formatCount, formatScore } from './format.js';

describe('formats', () => {
  it('groups thousands and shows a dash for nothing', () => {
    expect(formatCount(51154)).toBe('51,154');
    expect(formatCount(null)).toBe('–');
    expect(formatCompact(4556537)).toBe('4.6M');
  });

  it('gives scores four significant digits, tiny ones as exponents', () => {
    expect(formatScore(0.013339536)).toBe('0.01334');
    expect(formatScore(0.000974)).toBe('9.740e-4');
    expect(formatScore(0)).toBe('0');
  });
});
