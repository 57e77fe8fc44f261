import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DayTimeline } from './DayTimeline.jsx';

const TZ = process.env.TZ;
beforeEach(() => {
  process.env.TZ = 'UTC';
});
afterEach(() => {
  if (TZ === undefined) delete process.env.TZ;
  else process.env.TZ = TZ;
});

const WINDOWS = [
  { start: '2026-05-09T20:00:00Z', channel: 'alpha', game: 'Chess', minutes: 5 },
  { start: '2026-05-09T20:05:00Z', channel: 'alpha', game: 'Chess', minutes: 5 },
  { start: '2026-05-09T20:10:00Z', channel: 'alpha', game: 'Chess', minutes: 5 },
  { start: '2026-05-09T08:00:00Z', channel: 'beta', game: null, minutes: 5 },
];
// Longer stretches, so that no bar is at its minimum visible width.
const LONG = [
  { start: '2026-05-09T20:00:00Z', channel: 'alpha', game: 'Chess', minutes: 60 },
  { start: '2026-05-09T21:00:00Z', channel: 'alpha', game: 'Chess', minutes: 30 },
  { start: '2026-05-09T08:00:00Z', channel: 'beta', game: null, minutes: 30 },
];

describe('DayTimeline', () => {
  it('draws a lane per channel and a bar per stretch, lengths in proportion to the minutes', () => {
    const { container } = render(<DayTimeline date="2026-05-09" windows={LONG} login="viewer1" />);
    expect(
      screen.getByRole('group', { name: /Timeline of viewer1's 2 stretches of watching on 2026-05-09/ }),
    ).toBeTruthy();
    const labels = [...container.querySelectorAll('.lane-label')].map((t) => t.textContent);
    expect(labels).toEqual(['alpha', 'beta']); // most watched first
    const alpha = container.querySelector('rect[data-channel="alpha"]');
    const beta = container.querySelector('rect[data-channel="beta"]');
    expect(Number(alpha.getAttribute('width')) / Number(beta.getAttribute('width'))).toBeCloseTo(3, 5);
    expect(alpha.getAttribute('data-minutes')).toBe('90');
    expect(alpha.getAttribute('fill')).not.toBe(beta.getAttribute('fill'));
    // 08:00 is a third of the day: beta starts a third of the way along the axis.
    const axisStart = Number(container.querySelector('.lane').getAttribute('x'));
    const axisWidth = Number(container.querySelector('.lane').getAttribute('width'));
    expect((Number(beta.getAttribute('x')) - axisStart) / axisWidth).toBeCloseTo(8 / 24, 5);
    expect(Number(alpha.getAttribute('y'))).toBeLessThan(Number(beta.getAttribute('y')));
  });

  it('names each bar, and shows the game in a tooltip on hover and on keyboard focus', async () => {
    const user = userEvent.setup();
    render(<DayTimeline date="2026-05-09" windows={WINDOWS} login="viewer1" />);
    const bar = screen.getByRole('img', { name: 'alpha, Chess: 20:00–20:15, 15 min' });
    expect(screen.queryByRole('tooltip')).toBeNull();
    await user.tab();
    expect(screen.getByRole('img', { name: 'beta, no game: 08:00–08:05, 5 min' })).toHaveFocus();
    expect(screen.getByRole('tooltip')).toHaveTextContent('betaNo game08:00–08:05 · 5 min');
    await user.tab();
    expect(bar).toHaveFocus();
    expect(screen.getByRole('tooltip')).toHaveTextContent('alphaChess20:00–20:15 · 15 min');
    fireEvent.blur(bar);
    expect(screen.queryByRole('tooltip')).toBeNull();
    fireEvent.mouseEnter(bar);
    expect(screen.getByRole('tooltip')).toHaveTextContent('Chess');
  });

  it('draws the day and its times in the zone it is given, whatever the browser’s', () => {
    // The browser is in UTC here; the server's day 2026-05-09 in Paris runs from 22:00 UTC the day before.
    const { container } = render(
      <DayTimeline date="2026-05-09" windows={LONG} login="viewer1" timeZone="Europe/Paris" />,
    );
    expect(screen.getByRole('img', { name: 'alpha, Chess: 22:00–23:30, 1 h 30 min' })).toBeTruthy();
    expect(screen.getByRole('img', { name: 'beta, no game: 10:00–10:30, 30 min' })).toBeTruthy();
    const ticks = [...container.querySelectorAll('.axis text')].map((t) => t.textContent);
    expect(ticks[0]).toBe('00:00');
    // 10:00 in Paris is 10 hours into the Paris day.
    const axisStart = Number(container.querySelector('.lane').getAttribute('x'));
    const axisWidth = Number(container.querySelector('.lane').getAttribute('width'));
    const beta = container.querySelector('rect[data-channel="beta"]');
    expect((Number(beta.getAttribute('x')) - axisStart) / axisWidth).toBeCloseTo(10 / 24, 5);
  });
});
