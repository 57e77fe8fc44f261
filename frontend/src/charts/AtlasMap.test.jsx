import { fireEvent, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { communityColour } from '../lib/palette.js';
import { AtlasMap, fitTransform, mapLayout } from './AtlasMap.jsx';

const NODES = [
  {
    login: 'alpha',
    name: 'Alpha',
    audience: 900,
    community: 0,
    x: -0.5,
    y: 0,
    game: 'Chess',
    language: 'en',
  },
  { login: 'bravo', name: 'Bravo', audience: 100, community: 3, x: 0.5, y: 0, game: null, language: 'fr' },
  { login: 'lonely', name: 'Lonely', audience: 10, community: -1, x: 1, y: 1, game: null, language: 'fr' },
];
const LINKS = [{ source: 'alpha', target: 'bravo', shared: 20, jaccard: 0.02, weight: 20 }];

function renderMap(props = {}) {
  return render(
    <AtlasMap
      nodes={NODES}
      links={LINKS}
      width={600}
      height={400}
      description="Map of 3 channels"
      communityLabel={(id) => `Community ${id}`}
      {...props}
    />,
  );
}

const handle = () => window.__TWITCHGRAPH__.atlas;

describe('AtlasMap', () => {
  it('fits the linked channels to the canvas and colours each by its community', () => {
    renderMap();
    expect(screen.getByRole('application', { name: 'Map of 3 channels' })).toHaveAttribute('tabindex', '0');
    for (const name of ['Zoom in', 'Zoom out', 'Fit', 'Download PNG'])
      expect(screen.getByRole('button', { name })).toBeTruthy();
    const nodes = handle().nodes();
    expect(nodes.map((n) => [n.login, n.colour])).toEqual(
      NODES.map((n) => [n.login, communityColour(n.community)]),
    );
    // The two linked channels span the width (less the padding), centred; the unlinked one lies outside.
    const [alpha, bravo] = nodes;
    expect(alpha.y).toBeCloseTo(200, 5);
    expect(alpha.x + bravo.x).toBeCloseTo(600, 5);
    expect(bravo.x - alpha.x).toBeGreaterThan(500);
    expect(alpha.r).toBeGreaterThan(bravo.r); // area by audience
  });

  it('selects the channel clicked, and zooms from the keyboard', async () => {
    const user = userEvent.setup();
    const onSelect = vi.fn();
    renderMap({ onSelect });
    const canvas = screen.getByRole('application');
    const spot = handle().position('bravo');
    fireEvent.click(canvas, { clientX: spot.x + 1, clientY: spot.y - 1 });
    expect(onSelect).toHaveBeenCalledWith('bravo');
    fireEvent.click(canvas, { clientX: 5, clientY: 5 });
    expect(onSelect).toHaveBeenCalledTimes(1);

    canvas.focus();
    await user.keyboard('++');
    expect(handle().zoom()).toBeCloseTo(1.69, 5);
    await user.keyboard('0');
    expect(handle().zoom()).toBeCloseTo(1, 5);
  });

  it('shows a hovered channel: name, audience, community and game', () => {
    renderMap();
    const spot = handle().position('alpha');
    fireEvent.pointerMove(screen.getByRole('application'), { clientX: spot.x, clientY: spot.y });
    const tooltip = document.querySelector('.graph-tooltip');
    expect(tooltip).toHaveTextContent('Alpha900 chatters Community 0Chess · en');
  });

  it('saves the canvas as a PNG', async () => {
    const user = userEvent.setup();
    const toBlob = vi
      .spyOn(HTMLCanvasElement.prototype, 'toBlob')
      .mockImplementation((done) => done(new Blob(['png'], { type: 'image/png' })));
    URL.createObjectURL = () => 'blob:png';
    URL.revokeObjectURL = () => {};
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    try {
      renderMap();
      await user.click(screen.getByRole('button', { name: 'Download PNG' }));
    } finally {
      delete URL.createObjectURL;
      delete URL.revokeObjectURL;
    }
    expect(toBlob).toHaveBeenCalled();
    expect(click.mock.contexts[0].download).toBe('twitchgraph-atlas.png');
  });

  it('fits the channels a filter keeps', () => {
    const layout = mapLayout(NODES, LINKS, 10);
    const all = fitTransform(layout, 600, 400);
    const onlyAlpha = fitTransform(layout, 600, 400, new Set(['bravo', 'lonely']));
    expect(onlyAlpha.applyX(-0.5)).toBeCloseTo(300, 5);
    expect(all.applyX(-0.5)).toBeLessThan(100);
  });
});
