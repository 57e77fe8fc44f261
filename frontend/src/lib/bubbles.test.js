import { describe, expect, it } from 'vitest';
import { packBubbles } from './bubbles.js';

const ROWS = [0.1, 0.05, 0.04, 0.025, 0.02, 0.012, 0.01, 0.004, 0.003, 0.001].map((value, i) => ({
  name: `row${i}`,
  value,
}));

describe('packBubbles', () => {
  it('gives each row a circle whose area is in proportion to its value', () => {
    const { circles } = packBubbles(ROWS, { width: 400, minRadius: 0 });
    expect(circles.map((c) => c.row)).toEqual(ROWS);
    const area = (c) => Math.PI * c.r * c.r;
    for (const circle of circles) {
      expect(area(circle) / area(circles[0])).toBeCloseTo(circle.row.value / ROWS[0].value, 6);
    }
  });

  it('packs them without overlaps, inside the width and the height it gives', () => {
    for (const width of [390, 640, 1000]) {
      const { circles, height } = packBubbles(ROWS, { width, maxHeight: 300, minRadius: 0 });
      expect(height).toBeLessThanOrEqual(300);
      for (const { x, y, r } of circles) {
        expect(x - r).toBeGreaterThanOrEqual(-0.01);
        expect(x + r).toBeLessThanOrEqual(width + 0.01);
        expect(y - r).toBeGreaterThanOrEqual(-0.01);
        expect(y + r).toBeLessThanOrEqual(height + 0.01);
      }
      for (let i = 0; i < circles.length; i += 1) {
        for (let j = i + 1; j < circles.length; j += 1) {
          const [a, b] = [circles[i], circles[j]];
          expect(Math.hypot(a.x - b.x, a.y - b.y)).toBeGreaterThanOrEqual(a.r + b.r - 0.5);
        }
      }
    }
  });

  it('is the same picture for the same rows, and fills its width', () => {
    const first = packBubbles(ROWS, { width: 500 });
    expect(packBubbles(ROWS, { width: 500 })).toEqual(first);
    const left = Math.min(...first.circles.map((c) => c.x - c.r));
    const right = Math.max(...first.circles.map((c) => c.x + c.r));
    const bottom = Math.max(...first.circles.map((c) => c.y + c.r));
    // Wider than tall is fitted to the width; either way one side touches its bound.
    expect(right - left > 500 - 4 || bottom > first.height - 4).toBe(true);
  });

  it('keeps a zero score visible, and draws nothing for no rows', () => {
    const { circles } = packBubbles(
      [
        { name: 'a', value: 1 },
        { name: 'b', value: 0 },
      ],
      { width: 300, minRadius: 1.5 },
    );
    expect(circles[1].r).toBe(1.5);
    expect(packBubbles([], { width: 300 })).toEqual({ width: 300, height: 0, circles: [] });
  });
});
