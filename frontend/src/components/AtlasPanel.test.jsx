import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { communityColour } from '../lib/palette.js';
import { calledPaths, mockApi } from '../test/api.js';
import { FakeEventSource, fakeEventSource } from '../test/eventSource.js';
import { REFETCH_MIN_MS } from '../hooks/useGraphGeneration.js';
import { RECHECK_MS } from '../hooks/useRecheckingApi.js';
import { AtlasPanel } from './AtlasPanel.jsx';

afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

const NODES = [
  {
    login: 'alpha',
    name: 'Alpha',
    audience: 900,
    community: 0,
    x: -0.5,
    y: 0.1,
    game: 'Chess',
    language: 'en',
  },
  {
    login: 'bravo',
    name: 'Bravo',
    audience: 700,
    community: 1,
    x: 0.6,
    y: -0.2,
    game: 'Fortnite',
    language: 'fr',
  },
  {
    login: 'charlie',
    name: 'Charlie',
    audience: 500,
    community: 0,
    x: -0.4,
    y: 0.3,
    game: 'Chess',
    language: 'fr',
  },
  { login: 'delta', name: 'Delta', audience: 300, community: 1, x: 0.5, y: 0.0, game: null, language: 'en' },
  { login: 'echo', name: 'Echo', audience: 40, community: -1, x: 1, y: 1, game: 'Art', language: 'en' },
];
const LINKS = [
  { source: 'alpha', target: 'charlie', shared: 120, jaccard: 0.12, weight: 120 },
  { source: 'bravo', target: 'delta', shared: 80, jaccard: 0.09, weight: 80 },
  { source: 'alpha', target: 'bravo', shared: 12, jaccard: 0.01, weight: 12 },
];
const COMMUNITIES = [
  { id: 0, size: 2, label: 'Alpha, Charlie · Chess', top_games: [], languages: [] },
  { id: 1, size: 2, label: 'Bravo, Delta · Fortnite', top_games: [], languages: [] },
];

function atlas(extra = {}) {
  return {
    nodes: NODES,
    links: LINKS,
    communities: COMMUNITIES,
    modularity: 0.41,
    min_shared: 7,
    version: 'v1',
    computed_at: '2026-12-01T09:12:03Z',
    stale: false,
    ...extra,
  };
}

const OVERLAP = {
  streamer: 'alpha',
  audience: 900,
  channels: [
    { login: 'charlie', name: 'Charlie', shared: 120, jaccard: 0.1176, share: 0.1333, lift: 2.5 },
    { login: 'bravo', name: 'Bravo', shared: 12, jaccard: 0.0126, share: 0.0133, lift: 0.4 },
    { login: 'zulu', name: 'Zulu', shared: 3, jaccard: 0.003, share: 0.0033, lift: 1.25 },
  ],
  version: 'v1',
  computed_at: '2026-12-01T09:12:03Z',
  stale: false,
};

function routes(extra = {}) {
  return {
    '/atlas': () => atlas(),
    '/overlap/alpha': (url) => ({ ...OVERLAP, metric: url.searchParams.get('metric') }),
    ...extra,
  };
}

/** The card's rows: [name, value] as shown. */
function cardRows() {
  const list = screen.getByRole('list', { name: 'Channels in common' });
  return within(list)
    .getAllByRole('listitem')
    .map((row) => [
      within(row).getByRole('link').textContent,
      row.querySelector('.overlap-value').textContent,
    ]);
}

const handle = () => window.__TWITCHGRAPH__.atlas;

describe('AtlasPanel', () => {
  it('draws the map and lists the communities with their colours and sizes, biggest first', async () => {
    window.history.replaceState(null, '', '/?panel=atlas');
    mockApi(routes());
    render(<AtlasPanel />);
    const map = await screen.findByRole('application', { name: /Map of 5 channels and 3 links/ });
    expect(map.tagName).toBe('CANVAS');
    expect(screen.getByText(/share at least 7 chatters/)).toBeTruthy();
    expect(screen.getByText(/known bots are left out/)).toBeTruthy();
    const legend = screen.getByRole('list', { name: 'Legend: community colours' });
    const buttons = within(legend).getAllByRole('button');
    expect(buttons.map((b) => b.textContent)).toEqual([
      'Alpha, Charlie · Chess2',
      'Bravo, Delta · Fortnite2',
      'Not linked1',
    ]);
    expect(buttons.map((b) => b.querySelector('.swatch').style.background)).toEqual(
      [0, 1, -1].map((id) => hexToRgb(communityColour(id))),
    );
    expect(screen.getByTestId('atlas-summary')).toHaveTextContent(
      '5 channels, 3 links, 2 communities (modularity 0.41); computed Dec 1, 09:12:03 UTC.',
    );
    // The test handle: every channel with its community's colour.
    expect(
      handle()
        .nodes()
        .map(({ login, colour }) => [login, colour]),
    ).toEqual(NODES.map((node) => [node.login, communityColour(node.community)]));
    // The server's threshold is shown as the input's value.
    expect(screen.getByRole('spinbutton', { name: 'Min. shared chatters' })).toHaveValue(7);
  });

  it("shows the selected channel's card, its bars the overlap answer, by the chosen metric", async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=atlas&channel=alpha');
    const fetchMock = mockApi(routes());
    render(<AtlasPanel />);
    const card = await screen.findByRole('article', { name: 'Alpha' });
    await within(card).findByRole('list', { name: 'Channels in common' });
    expect(within(card).getByText('900 chatters')).toBeTruthy();
    expect(within(card).getByText('Alpha, Charlie · Chess')).toBeTruthy();
    expect(cardRows()).toEqual([
      ['Charlie', '120'],
      ['Bravo', '12'],
      ['Zulu', '3'],
    ]);
    expect(calledPaths(fetchMock)).toContain('/overlap/alpha?limit=10&metric=shared');
    // Bars in proportion to the values.
    const widths = [...card.querySelectorAll('.overlap-bar > span')].map((bar) =>
      parseFloat(bar.style.width),
    );
    expect(widths[0]).toBe(100);
    expect(widths[1]).toBeCloseTo(10, 5);

    await user.selectOptions(within(card).getByRole('combobox', { name: 'Order by' }), 'share');
    expect(window.location.search).toBe('?panel=atlas&channel=alpha&metric=share');
    await waitFor(() => expect(cardRows()[0]).toEqual(['Charlie', '13.3%']));
    expect(cardRows()).toEqual([
      ['Charlie', '13.3%'],
      ['Bravo', '1.3%'],
      ['Zulu', '0.3%'],
    ]);
    expect(calledPaths(fetchMock)).toContain('/overlap/alpha?limit=10&metric=share');

    const explorer = within(card).getByRole('link', { name: 'Open in the explorer' });
    expect(explorer).toHaveAttribute('href', '?panel=explorer&streamer=alpha');

    // A row selects its channel (on the map too).
    await user.click(within(card).getByRole('link', { name: 'Charlie' }));
    expect(new URLSearchParams(window.location.search).get('channel')).toBe('charlie');
    expect(handle().selected()).toBe('charlie');
  });

  it('dims the channels the filters leave out and keeps the filters in the URL', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=atlas');
    mockApi(routes());
    render(<AtlasPanel />);
    await screen.findByRole('application', { name: /Map of 5 channels/ });
    const dimmed = () =>
      handle()
        .nodes()
        .filter((node) => node.dimmed)
        .map((node) => node.login);
    expect(dimmed()).toEqual([]);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Language' }), 'fr');
    expect(window.location.search).toBe('?panel=atlas&language=fr');
    expect(dimmed()).toEqual(['alpha', 'delta', 'echo']);
    expect(screen.getByTestId('atlas-summary')).toHaveTextContent('(2 match the filters)');

    await user.selectOptions(screen.getByRole('combobox', { name: 'Game' }), 'Chess');
    expect(dimmed()).toEqual(['alpha', 'bravo', 'delta', 'echo']);

    await user.selectOptions(screen.getByRole('combobox', { name: 'Language' }), '');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Game' }), '');
    const legend = screen.getByRole('list', { name: 'Legend: community colours' });
    const bravoDelta = within(legend).getByRole('button', { name: /Bravo, Delta/ });
    await user.click(bravoDelta);
    expect(window.location.search).toBe('?panel=atlas&community=1');
    expect(bravoDelta).toHaveAttribute('aria-pressed', 'true');
    expect(dimmed()).toEqual(['alpha', 'charlie', 'echo']);
    await user.click(bravoDelta);
    expect(window.location.search).toBe('?panel=atlas');
    expect(dimmed()).toEqual([]);
  });

  it('asks for the atlas the URL describes, and puts every option changed into the URL', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=atlas&min_shared=5&weight=jaccard&include_bots=1');
    const fetchMock = mockApi(
      routes({ '/atlas': (url) => atlas({ min_shared: Number(url.searchParams.get('min_shared') ?? 7) }) }),
    );
    render(<AtlasPanel />);
    await screen.findByRole('application', { name: /Map of 5 channels/ });
    expect(calledPaths(fetchMock)).toContain('/atlas?min_shared=5&weight=jaccard&include_bots=1');
    expect(screen.getByRole('combobox', { name: 'Link weight' })).toHaveValue('jaccard');
    expect(screen.getByRole('checkbox', { name: 'Include bots' })).toBeChecked();
    expect(screen.getByRole('spinbutton', { name: 'Min. shared chatters' })).toHaveValue(5);
    expect(screen.getByText(/bots are counted too/)).toBeTruthy();

    await user.selectOptions(screen.getByRole('combobox', { name: 'Link weight' }), 'lift');
    await user.click(screen.getByRole('checkbox', { name: 'Include bots' }));
    expect(window.location.search).toBe('?panel=atlas&min_shared=5&weight=lift');
    const input = screen.getByRole('spinbutton', { name: 'Min. shared chatters' });
    await user.clear(input);
    await user.type(input, '12');
    await waitFor(() => expect(window.location.search).toBe('?panel=atlas&min_shared=12&weight=lift'));
    await waitFor(() => expect(calledPaths(fetchMock)).toContain('/atlas?min_shared=12&weight=lift'));
    // Back to the server's choice: no min_shared asked, the server's shown.
    await user.click(screen.getByRole('button', { name: 'Default' }));
    expect(window.location.search).toBe('?panel=atlas&weight=lift');
    await waitFor(() => expect(calledPaths(fetchMock)).toContain('/atlas?weight=lift'));
    await waitFor(() =>
      expect(screen.getByRole('spinbutton', { name: 'Min. shared chatters' })).toHaveValue(7),
    );
  });

  it('selects a channel found by the search box', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=atlas');
    mockApi(routes());
    render(<AtlasPanel />);
    await screen.findByRole('application', { name: /Map of 5 channels/ });
    await user.type(screen.getByRole('combobox', { name: 'Find a channel' }), 'alp');
    expect(screen.getByRole('option', { name: /Alpha/ })).toBeTruthy();
    await user.keyboard('{Enter}');
    expect(window.location.search).toBe('?panel=atlas&channel=alpha');
    expect(await screen.findByRole('article', { name: 'Alpha' })).toBeTruthy();
    expect(handle().selected()).toBe('alpha');
    // Centred: the channel is in the middle of the map.
    const spot = handle().position('alpha');
    expect(spot.x).toBeCloseTo(400, 0);
    expect(spot.y).toBeCloseTo(280, 0);
  });

  it('says a stale map is being recomputed and asks again until it is current', async () => {
    vi.useFakeTimers();
    fakeEventSource();
    window.history.replaceState(null, '', '/?panel=atlas');
    let stale = true;
    const fetchMock = mockApi(routes({ '/atlas': () => atlas({ stale }) }));
    render(<AtlasPanel />);
    await settle(0);
    expect(screen.getByTestId('stale')).toHaveTextContent(
      'The graph has changed since: the map is being recomputed.',
    );
    const asked = () => calledPaths(fetchMock).filter((p) => p.startsWith('/atlas')).length;
    const before = asked();
    stale = false;
    await settle(RECHECK_MS);
    expect(asked()).toBe(before + 1);
    expect(screen.queryByTestId('stale')).toBeNull();
    await settle(RECHECK_MS * 3);
    expect(asked()).toBe(before + 1);
  });

  it('fetches the map again when the live events say the graph changed, keeping the last one up', async () => {
    vi.useFakeTimers();
    fakeEventSource();
    window.history.replaceState(null, '', '/?panel=atlas&channel=alpha');
    let version = 'v1';
    const fetchMock = mockApi(routes({ '/atlas': () => atlas({ version }) }));
    render(<AtlasPanel />);
    await settle(10);
    const asked = (prefix) => calledPaths(fetchMock).filter((p) => p.startsWith(prefix)).length;
    expect(asked('/atlas')).toBe(1);
    const [source] = FakeEventSource.instances;
    act(() => source.open());
    act(() => source.send('counts', { nodes: 15, edges: 25, version: 'v1' })); // what the server knew
    await settle(REFETCH_MIN_MS * 2);
    expect(asked('/atlas')).toBe(1);
    version = 'v2';
    act(() => source.send('counts', { nodes: 16, edges: 26, version: 'v2' }));
    await settle(10);
    expect(asked('/atlas')).toBe(2);
    expect(asked('/overlap/alpha')).toBe(2); // the card too
    expect(screen.getByRole('region', { name: 'Atlas' })).toHaveAttribute('data-version', 'v2');
    expect(screen.getByRole('application', { name: /Map of 5 channels/ })).toBeTruthy();
  });

  it('says so when there is nothing to map, and shows errors with a retry', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=atlas');
    let fail = true;
    mockApi(
      routes({
        '/atlas': () =>
          fail
            ? { status: 500, body: { error: 'the graph database is unavailable', status: 500 } }
            : atlas({ nodes: [], links: [], communities: [] }),
      }),
    );
    render(<AtlasPanel />);
    expect((await screen.findByRole('alert')).textContent).toMatch(
      /Could not load the atlas\. the graph database is unavailable/,
    );
    fail = false;
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No channel has chatters yet: load some data first.')).toBeTruthy();
  });

  it('downloads the channels as CSV', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=atlas');
    mockApi(routes());
    const blobs = [];
    // jsdom has no object URLs: a stand-in that keeps the blob, removed afterwards.
    URL.createObjectURL = (blob) => {
      blobs.push(blob);
      return 'blob:atlas';
    };
    URL.revokeObjectURL = () => {};
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => {});
    try {
      render(<AtlasPanel />);
      await user.click(await screen.findByRole('button', { name: 'Download CSV' }));
    } finally {
      delete URL.createObjectURL;
      delete URL.revokeObjectURL;
    }
    expect(click).toHaveBeenCalled();
    expect(click.mock.contexts[0].download).toBe('twitchgraph-atlas.csv');
    const text = await new Promise((done) => {
      const reader = new FileReader();
      reader.onload = () => done(reader.result);
      reader.readAsText(blobs[0]);
    });
    expect(text.split('\r\n').slice(0, 2)).toEqual([
      'login,name,audience,community,game,language,x,y',
      'alpha,Alpha,900,0,Chess,en,-0.5,0.1',
    ]);
  });
});

// The watched source: the viewers of the last D processed days (other channels than the chatters' map).
const WATCHED_NODES = [
  { ...NODES[1], audience: 60, community: 0, x: 0.2, y: 0.1 },
  { ...NODES[3], audience: 40, community: 0, x: 0.3, y: 0.2 },
];
const PROCESSED = ['2026-05-06', '2026-05-07', '2026-05-08'];

function watchedAtlas(days) {
  return atlas({
    nodes: WATCHED_NODES,
    links: [{ source: 'bravo', target: 'delta', shared: 9, jaccard: 0.1, weight: 9 }],
    communities: [{ id: 0, size: 2, label: `Bravo, Delta · ${days} days`, top_games: [], languages: [] }],
    min_shared: 2,
  });
}

function health(dates) {
  return {
    sanity: dates.length ? 'ok' : 'unknown',
    last_day: dates.at(-1) ?? null,
    viewers_last_day: 0,
    viewers_change: null,
    days: dates.map((date) => ({ date, sanity: 'ok' })),
  };
}

/** Routes whose /atlas answers the chatters' map or the watched one for ?days=. */
function sourceRoutes({ processed = PROCESSED, extra = {} } = {}) {
  return routes({
    '/atlas': (url) =>
      url.searchParams.get('source') === 'watched'
        ? watchedAtlas(Number(url.searchParams.get('days')))
        : atlas(),
    '/pipeline/health': () => health(processed),
    ...extra,
  });
}

const drawnLogins = () =>
  handle()
    .nodes()
    .map((node) => node.login)
    .sort();

const COMMUNITY_0 = {
  ...COMMUNITIES[0],
  top_games: [{ name: 'Chess', channels: 2 }],
  languages: [
    { name: 'en', channels: 1 },
    { name: 'fr', channels: 1 },
  ],
  channels: [
    { login: 'alpha', name: 'Alpha', audience: 900, game: 'Chess', language: 'en' },
    { login: 'charlie', name: 'Charlie', audience: 500, game: 'Chess', language: 'fr' },
  ],
  bridges: [{ login: 'alpha', name: 'Alpha', weight: 12, communities: [1] }],
  version: 'v1',
  computed_at: '2026-12-01T09:12:03Z',
  stale: false,
};

describe('AtlasPanel: the audience source', () => {
  it('switches to the viewers of the last D days: the map, the heading and the URL follow', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=atlas');
    const fetchMock = mockApi(sourceRoutes());
    render(<AtlasPanel />);
    await screen.findByRole('application', { name: /Map of 5 channels/ });
    const chatters = screen.getByRole('radio', { name: 'Chatters (snapshot + stream)' });
    const watched = screen.getByRole('radio', { name: /Watched, last 7 days/ });
    const slider = screen.getByRole('slider', { name: 'Days of viewer profiling' });
    expect(chatters).toBeChecked();
    expect(slider).toBeDisabled();
    expect(calledPaths(fetchMock)).not.toContain('/pipeline/health'); // chatters need no processed days

    await user.click(watched);
    expect(window.location.search).toBe('?panel=atlas&source=watched&days=7');
    await screen.findByRole('application', { name: /Map of 2 channels and 1 links/ });
    expect(calledPaths(fetchMock)).toContain('/atlas?source=watched&days=7');
    expect(drawnLogins()).toEqual(['bravo', 'delta']);
    expect(screen.getByText(/distinct viewers seen in it in the last 7 processed days/)).toBeTruthy();
    expect(screen.getByText(/share at least 2 viewers/)).toBeTruthy();
    expect(screen.getByRole('spinbutton', { name: 'Min. shared viewers' })).toHaveValue(2);
    expect(screen.getByRole('combobox', { name: 'Link weight' })).toHaveDisplayValue('Shared viewers');
    expect(screen.getByTestId('atlas-window')).toHaveTextContent(
      '; viewers of 3 processed days, May 6 to May 8 (7 asked, only 3 processed so far)',
    );
    expect(screen.getByRole('region', { name: 'Atlas' })).toHaveAttribute('data-source', 'watched/7');

    // The slider: the URL and the map follow once it stands still.
    expect(slider).toBeEnabled();
    fireEvent.change(slider, { target: { value: '2' } });
    expect(screen.getByRole('radio', { name: /Watched, last 2 days/ })).toBeChecked();
    await waitFor(() => expect(window.location.search).toBe('?panel=atlas&source=watched&days=2'));
    await screen.findByRole('list', { name: 'Legend: community colours' });
    await waitFor(() => expect(screen.getByRole('button', { name: /Bravo, Delta · 2 days/ })).toBeTruthy());
    expect(calledPaths(fetchMock)).toContain('/atlas?source=watched&days=2');
    expect(screen.getByTestId('atlas-window')).toHaveTextContent(
      '; viewers of 2 processed days, May 7 to May 8',
    );
    expect(screen.getByTestId('atlas-window')).not.toHaveTextContent('asked');

    // Back to the chatters: source and days leave the URL, the chatters' map comes back.
    await user.click(screen.getByRole('radio', { name: 'Chatters (snapshot + stream)' }));
    expect(window.location.search).toBe('?panel=atlas');
    await screen.findByRole('application', { name: /Map of 5 channels/ });
    expect(screen.queryByTestId('atlas-window')).toBeNull();
  });

  it('opens on the window the URL names, and asks the channel card for the same audiences', async () => {
    window.history.replaceState(null, '', '/?panel=atlas&source=watched&days=30&channel=bravo');
    const fetchMock = mockApi(
      sourceRoutes({
        extra: {
          '/overlap/bravo': (url) => ({
            ...OVERLAP,
            streamer: 'bravo',
            audience: 60,
            channels: [OVERLAP.channels[0]],
            metric: url.searchParams.get('metric'),
          }),
        },
      }),
    );
    render(<AtlasPanel />);
    const card = await screen.findByRole('article', { name: 'Bravo' });
    await within(card).findByRole('list', { name: 'Channels in common' });
    expect(calledPaths(fetchMock)).toContain('/atlas?source=watched&days=30');
    expect(calledPaths(fetchMock)).toContain('/overlap/bravo?limit=10&metric=shared&source=watched&days=30');
    expect(within(card).getByText('60 viewers')).toBeTruthy();
    expect(within(card).getByRole('combobox', { name: 'Order by' })).toHaveDisplayValue('Shared viewers');
    expect(within(card).getByText('Viewers seen in both channels in those days.')).toBeTruthy();
    expect(screen.getByRole('slider', { name: 'Days of viewer profiling' })).toHaveValue('30');
  });

  it('says plainly that no day has been processed, and what to run, instead of an empty map', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=atlas&source=watched&days=5');
    mockApi(
      sourceRoutes({
        processed: [],
        extra: { '/atlas': () => atlas({ nodes: [], links: [], communities: [] }) },
      }),
    );
    render(<AtlasPanel />);
    const message = await screen.findByTestId('atlas-no-days');
    expect(message).toHaveTextContent('No day of viewer profiling has been processed yet');
    expect(message).toHaveTextContent('twitchgraph process-day SAMPLEDIR --all');
    expect(screen.queryByRole('application')).toBeNull();
    await user.click(screen.getByRole('button', { name: 'Map the chatters instead' }));
    expect(window.location.search).toBe('?panel=atlas');
  });

  it('with processed days but no viewer in the window, says that', async () => {
    window.history.replaceState(null, '', '/?panel=atlas&source=watched&days=1');
    mockApi(sourceRoutes({ extra: { '/atlas': () => atlas({ nodes: [], links: [], communities: [] }) } }));
    render(<AtlasPanel />);
    expect(
      await screen.findByText('No channel had viewers in the last processed day of viewer profiling.'),
    ).toBeTruthy();
    expect(screen.queryByTestId('atlas-no-days')).toBeNull();
  });
});

describe('AtlasPanel: the community card', () => {
  it("opens from the channel card's community, shows it on the map, and lists its channels and bridges", async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=atlas&channel=alpha&min_shared=5');
    const fetchMock = mockApi(
      routes({
        '/atlas': () => atlas({ min_shared: 5 }),
        '/communities/0': COMMUNITY_0,
        '/communities/1': {
          ...COMMUNITY_0,
          ...COMMUNITIES[1],
          channels: [{ login: 'bravo', name: 'Bravo', audience: 700, game: 'Fortnite', language: 'fr' }],
          bridges: [],
        },
      }),
    );
    render(<AtlasPanel />);
    const card = await screen.findByRole('article', { name: 'Alpha' });
    await user.click(within(card).getByRole('button', { name: 'Alpha, Charlie · Chess' }));
    expect(window.location.search).toBe('?panel=atlas&channel=alpha&min_shared=5&community=0');
    const community = await screen.findByRole('article', { name: 'Alpha, Charlie · Chess' });
    expect(calledPaths(fetchMock)).toContain('/communities/0?min_shared=5');
    // The map shows that community: the others dimmed, its legend entry pressed.
    expect(
      handle()
        .nodes()
        .filter((node) => node.dimmed)
        .map((node) => node.login),
    ).toEqual(['bravo', 'delta', 'echo']);
    const legend = screen.getByRole('list', { name: 'Legend: community colours' });
    expect(within(legend).getByRole('button', { name: /Alpha, Charlie/ })).toHaveAttribute(
      'aria-pressed',
      'true',
    );

    expect(await within(community).findByTestId('community-games')).toHaveTextContent('Chess (2)');
    expect(within(community).getByTestId('community-languages')).toHaveTextContent('en (1), fr (1)');
    const channels = within(community).getByRole('list', { name: 'Its channels' });
    expect(
      within(channels)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Alpha900 chatters', 'Charlie500 chatters']);
    const bridges = within(community).getByRole('list', { name: 'Bridges to other communities' });
    const [bridge] = within(bridges).getAllByRole('listitem');
    expect(within(bridge).getByRole('link', { name: 'Alpha' })).toBeTruthy();
    expect(bridge.querySelector('.bridge-weight').textContent).toBe('12');

    // A channel of the community selects it; a community a bridge reaches opens that one.
    await user.click(within(channels).getByRole('link', { name: 'Charlie' }));
    expect(new URLSearchParams(window.location.search).get('channel')).toBe('charlie');
    expect(handle().selected()).toBe('charlie');
    await user.click(within(bridge).getByRole('link', { name: 'Bravo, Delta · Fortnite' }));
    expect(new URLSearchParams(window.location.search).get('community')).toBe('1');
    const other = await screen.findByRole('article', { name: 'Bravo, Delta · Fortnite' });
    expect(await within(other).findByText('No link leaves this community.')).toBeTruthy();

    // Closing it shows every community again.
    await user.click(within(other).getByRole('button', { name: 'Close the community card' }));
    expect(new URLSearchParams(window.location.search).get('community')).toBeNull();
    expect(screen.queryByRole('article', { name: /Bravo, Delta/ })).toBeNull();
    expect(
      handle()
        .nodes()
        .some((node) => node.dimmed),
    ).toBe(false);
  });

  it('asks for the community with the map’s own source, and not at all for one the map has not', async () => {
    window.history.replaceState(null, '', '/?panel=atlas&source=watched&days=3&community=0');
    const fetchMock = mockApi(sourceRoutes({ extra: { '/communities/0': COMMUNITY_0 } }));
    const { unmount } = render(<AtlasPanel />);
    const community = await screen.findByRole('article', { name: 'Bravo, Delta · 3 days' });
    await within(community).findByRole('list', { name: 'Its channels' });
    expect(calledPaths(fetchMock)).toContain('/communities/0?source=watched&days=3');
    unmount();

    window.history.replaceState(null, '', '/?panel=atlas&community=7');
    const second = mockApi(routes());
    render(<AtlasPanel />);
    const card = await screen.findByRole('article', { name: 'Community 7' });
    expect(card).toHaveTextContent('This map has no community 7');
    expect(calledPaths(second).filter((path) => path.startsWith('/communities'))).toEqual([]);
  });

  it('a new partition (another window, weight or threshold) drops the community filter', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=atlas&community=0');
    mockApi(sourceRoutes({ extra: { '/communities/0': COMMUNITY_0 } }));
    render(<AtlasPanel />);
    await screen.findByRole('article', { name: 'Alpha, Charlie · Chess' });
    await user.selectOptions(screen.getByRole('combobox', { name: 'Link weight' }), 'jaccard');
    expect(window.location.search).toBe('?panel=atlas&weight=jaccard');
    await user.click(screen.getByRole('button', { name: /Alpha, Charlie/ }));
    expect(window.location.search).toBe('?panel=atlas&weight=jaccard&community=0');
    await user.click(screen.getByRole('radio', { name: /Watched/ }));
    expect(window.location.search).toBe('?panel=atlas&weight=jaccard&source=watched&days=7');
  });
});

describe('AtlasPanel: a channel nobody has been seen in', () => {
  it('says so calmly for a login that is no streamer, without asking /overlap', async () => {
    const errors = vi.spyOn(console, 'error');
    window.history.replaceState(null, '', '/?panel=atlas&channel=nobody');
    const fetchMock = mockApi(
      routes({
        '/search': { streamers: [{ id: 'Stream:nobodyelse', login: 'nobodyelse', name: 'NobodyElse' }] },
      }),
    );
    render(<AtlasPanel />);
    const card = await screen.findByRole('article', { name: 'nobody' });
    expect(await within(card).findByTestId('atlas-unseen')).toHaveTextContent(
      'No chatters seen for nobody yet: no streamer by that name is in the graph.',
    );
    expect(calledPaths(fetchMock)).toContain('/search?q=nobody&limit=50');
    expect(calledPaths(fetchMock).some((path) => path.startsWith('/overlap'))).toBe(false);
    expect(within(card).queryByRole('alert')).toBeNull();
    expect(within(card).queryByRole('link', { name: 'Open in the explorer' })).toBeNull();
    expect(errors).not.toHaveBeenCalled();
  });

  it('says so for a streamer with no chatters, and for a 404 that comes anyway', async () => {
    window.history.replaceState(null, '', '/?panel=atlas&channel=foxtrot');
    let answer = {
      streamer: 'foxtrot',
      audience: 0,
      metric: 'shared',
      channels: [],
      version: 'v1',
      stale: false,
    };
    const fetchMock = mockApi(
      routes({
        '/search': { streamers: [{ id: 'Stream:foxtrot', login: 'foxtrot', name: 'Foxtrot' }] },
        '/overlap/foxtrot': () => answer,
      }),
    );
    const { unmount } = render(<AtlasPanel />);
    const card = await screen.findByRole('article', { name: 'foxtrot' });
    expect(await within(card).findByTestId('atlas-unseen')).toHaveTextContent(
      'No chatters seen for foxtrot yet.',
    );
    expect(calledPaths(fetchMock)).toContain('/overlap/foxtrot?limit=10&metric=shared');
    expect(within(card).getByRole('link', { name: 'Open in the explorer' })).toBeTruthy();
    unmount();

    answer = {
      status: 404,
      body: { error: "no streamer has the login or display name 'foxtrot'", status: 404 },
    };
    render(<AtlasPanel />);
    const again = await screen.findByRole('article', { name: 'foxtrot' });
    expect(await within(again).findByTestId('atlas-unseen')).toHaveTextContent(
      'No chatters seen for foxtrot yet: no streamer by that name is in the graph.',
    );
    expect(within(again).queryByRole('alert')).toBeNull();
  });
});

function hexToRgb(hex) {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

async function settle(ms) {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
}
