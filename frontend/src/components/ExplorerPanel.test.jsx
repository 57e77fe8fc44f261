import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { calledPaths, mockApi, neighbourhood } from '../test/api.js';
import { FakeEventSource, fakeEventSource, openSources } from '../test/eventSource.js';
import { CHATTER_ORDER, ExplorerPanel } from './ExplorerPanel.jsx';

afterEach(() => vi.unstubAllGlobals());

const alpha = { id: 'Stream:alpha', label: 'Stream', name: 'Alpha', login: 'alpha', followers: 5000 };
const chess = { id: 'Game:Chess', label: 'Game', name: 'Chess' };
const en = { id: 'Language:en', label: 'Language', name: 'en' };
const viewer = { id: 'User:viewer_one', label: 'User', name: 'viewer_one', login: 'viewer_one' };
const bob = { id: 'User:bob', label: 'User', name: 'bob', login: 'bob' };
const echo = { id: 'Stream:echo', label: 'Stream', name: 'Echo', login: 'echo', followers: 12000 };

const ALPHA = neighbourhood(alpha, [
  { type: 'SPEAKS', direction: 'out', total: 1, nodes: [en] },
  { type: 'PLAYS', direction: 'out', total: 1, nodes: [chess] },
  { type: 'VIP', direction: 'in', total: 1, nodes: [viewer] },
  { type: 'CHATTER', direction: 'in', total: 3, limit: 2, nodes: [viewer, bob] },
]);
const VIEWER = neighbourhood(viewer, [{ type: 'VIP', direction: 'out', total: 2, nodes: [echo, alpha] }]);
const ALPHA_CHATTERS_2 = neighbourhood(alpha, [
  {
    type: 'CHATTER',
    direction: 'in',
    total: 3,
    limit: 2,
    page: 2,
    nodes: [{ id: 'User:carol', label: 'User', name: 'carol', login: 'carol' }],
  },
]);

const IN_COMMON = ['Echo', 'Foxtrot', 'Golf', 'Hotel', 'India', 'Juliett'].map((name, i) => ({
  login: name.toLowerCase(),
  name,
  shared: 100 - i * 10,
  jaccard: 0.1,
  share: 0.25 - i * 0.04,
  lift: 2,
}));

function routes() {
  return {
    '/neighbourhood/alpha?limit=60': ALPHA,
    '/neighbourhood/Stream%3Aalpha?limit=2&page=2&type=CHATTER': ALPHA_CHATTERS_2,
    '/neighbourhood/User%3Aviewer_one?limit=30': VIEWER,
    '/neighbourhood/nobody?limit=60': { status: 404, body: { error: 'no streamer or user', status: 404 } },
    '/search': (url) => ({
      streamers:
        url.searchParams.get('q') === 'al'
          ? [{ id: 'Stream:alpha', login: 'alpha', name: 'Alpha', followers: 5000 }]
          : [],
    }),
    '/overlap/alpha': (url) => ({
      streamer: 'alpha',
      audience: 400,
      metric: url.searchParams.get('metric'),
      channels: IN_COMMON.slice(0, Number(url.searchParams.get('limit'))),
      version: '1',
      computed_at: '2026-12-01T09:12:03Z',
      stale: false,
    }),
    '/top-streamers-by-followers/6': {
      streamers: [{ name: 'Echo' }, { name: 'Alpha' }],
      followers: [{ followers: 12000 }, { followers: 5000 }],
    },
  };
}

const nodeButtons = () =>
  within(screen.getByRole('complementary', { name: 'Nodes of the graph' }))
    .getAllByRole('button')
    .filter((b) => b.dataset.nodeId)
    .map((b) => b.dataset.nodeId);

describe('ExplorerPanel', () => {
  it('suggests the biggest channels when no streamer is chosen', async () => {
    window.history.replaceState(null, '', '/');
    mockApi(routes());
    render(<ExplorerPanel />);
    const echoLink = await screen.findByRole('link', { name: /Echo/ });
    expect(echoLink).toHaveAttribute('href', '?streamer=Echo');
  });

  it("draws the streamer's neighbourhood from the URL and lists every node", async () => {
    window.history.replaceState(null, '', '/?streamer=alpha');
    mockApi(routes());
    render(<ExplorerPanel />);
    const graph = await screen.findByRole('application', { name: /Graph of 5 nodes and 5 links: Alpha/ });
    expect(graph.tagName).toBe('CANVAS');
    expect(graph).toHaveAttribute('data-node-count', '5');
    expect(nodeButtons().sort()).toEqual([
      'Game:Chess',
      'Language:en',
      'Stream:alpha',
      'User:bob',
      'User:viewer_one',
    ]);
    const legend = screen.getByRole('list', { name: 'Legend: node colours' });
    expect(legend).toHaveTextContent('Streamer1User2Game1Language1');
    const side = screen.getByRole('complementary', { name: 'Nodes of the graph' });
    expect(within(side).getByText('2 of 3 shown')).toBeTruthy();
    const groups = side.querySelector('.groups');
    expect(within(groups).getByText('Chess')).toBeTruthy(); // a one-node group names its member
  });

  it('says in what order the chatter sample comes: most active across channels first', async () => {
    window.history.replaceState(null, '', '/?streamer=alpha');
    mockApi(routes());
    render(<ExplorerPanel />);
    await screen.findByRole('application');
    const side = screen.getByRole('complementary', { name: 'Nodes of the graph' });
    const chatters = side.querySelector('[data-group="CHATTER-in"]');
    expect(within(chatters).getByTestId('chatter-order')).toHaveTextContent(
      'most active across channels first',
    );
    expect(CHATTER_ORDER).toBe('most active across channels first');
    expect(within(chatters).getByRole('button', { name: 'Show 1 more' })).toBeTruthy();
    // Only the chatters have that order: the other groups say nothing of it.
    expect(side.querySelectorAll('[data-testid="chatter-order"]')).toHaveLength(1);
  });

  it('names every link type on the graph in a legend beside the node colours', async () => {
    window.history.replaceState(null, '', '/?streamer=alpha');
    mockApi(routes());
    render(<ExplorerPanel />);
    await screen.findByRole('application');
    const links = screen.getByRole('list', { name: 'Legend: link colours' });
    // The few badges first, the many chatters last; each with how many links it has on the graph.
    expect(links).toHaveTextContent('VIP1Speaks1Plays1Chatter2');
    const samples = [...links.querySelectorAll('li')].map((li) => [
      li.dataset.linkType,
      li.querySelector('line').getAttribute('stroke'),
      li.querySelector('line').getAttribute('stroke-dasharray'),
    ]);
    expect(samples.map(([type]) => type)).toEqual(['VIP', 'SPEAKS', 'PLAYS', 'CHATTER']);
    expect(new Set(samples.map(([, stroke]) => stroke)).size).toBe(4);
    // What a channel is (game, language) dashed, people solid.
    expect(samples.map(([, , dash]) => dash !== null)).toEqual([false, true, true, false]);
  });

  it('refits the view when a node is expanded, after the user had zoomed', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?streamer=alpha');
    mockApi(routes());
    render(<ExplorerPanel />);
    const canvas = await screen.findByRole('application');
    const view = () => window.__TWITCHGRAPH__.explorer.view();
    expect(view().following).toBe(true);
    canvas.focus();
    await user.keyboard('+');
    expect(view().following).toBe(false); // the user's own zoom stops the fit
    const viewerButton = screen.getAllByRole('button').find((b) => b.dataset.nodeId === 'User:viewer_one');
    viewerButton.focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(nodeButtons()).toContain('Stream:echo'));
    await waitFor(() => expect(view().following).toBe(true));
  });

  it("lists the streamer's five channels in common by share, each a link to the atlas", async () => {
    window.history.replaceState(null, '', '/?streamer=alpha');
    const fetchMock = mockApi(routes());
    render(<ExplorerPanel />);
    const section = await screen.findByTestId('channels-in-common');
    const rows = await within(section).findAllByRole('listitem');
    expect(rows.map((row) => row.textContent)).toEqual([
      'Echo25.0%',
      'Foxtrot21.0%',
      'Golf17.0%',
      'Hotel13.0%',
      'India9.0%',
    ]);
    expect(calledPaths(fetchMock)).toContain('/overlap/alpha?limit=5&metric=share');
    expect(within(rows[0]).getByRole('link', { name: 'Echo' })).toHaveAttribute(
      'href',
      '?panel=atlas&channel=echo',
    );
  });

  it('expands a node from the keyboard list and records it in the URL', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?streamer=alpha');
    const fetchMock = mockApi(routes());
    render(<ExplorerPanel />);
    await screen.findByRole('application');
    const viewerButton = screen.getAllByRole('button').find((b) => b.dataset.nodeId === 'User:viewer_one');
    viewerButton.focus();
    await user.keyboard('{Enter}');
    await waitFor(() => expect(nodeButtons()).toContain('Stream:echo'));
    expect(calledPaths(fetchMock)).toContain('/neighbourhood/User:viewer_one?limit=30');
    expect(window.location.search).toBe('?streamer=alpha&expand=User%3Aviewer_one');
    expect(screen.getByRole('application')).toHaveAttribute('data-node-count', '6');
  });

  it('rebuilds the expanded nodes of a link', async () => {
    window.history.replaceState(null, '', '/?streamer=alpha&expand=User%3Aviewer_one');
    mockApi(routes());
    render(<ExplorerPanel />);
    await waitFor(() => expect(nodeButtons()).toContain('Stream:echo'));
  });

  it('shows more of a group on request', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?streamer=alpha');
    mockApi(routes());
    render(<ExplorerPanel />);
    await user.click(await screen.findByRole('button', { name: 'Show 1 more' }));
    await waitFor(() => expect(nodeButtons()).toContain('User:carol'));
    expect(screen.queryByRole('button', { name: /more/ })).toBeNull();
  });

  it('finds a streamer with the search box and the keyboard', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/');
    mockApi(routes());
    render(<ExplorerPanel />);
    await user.type(screen.getByRole('combobox', { name: 'Find a streamer' }), 'al');
    await screen.findByRole('option', { name: /Alpha/ });
    await user.keyboard('{ArrowDown}{Enter}');
    expect(window.location.search).toBe('?streamer=alpha');
  });

  it('says so when nothing is called that', async () => {
    window.history.replaceState(null, '', '/?streamer=nobody');
    mockApi(routes());
    render(<ExplorerPanel />);
    expect(await screen.findByRole('alert')).toHaveTextContent('Nothing in the graph is called “nobody”');
  });

  describe('live chatters', () => {
    const chatters = (channel, logins, fresh = []) => ({
      channel,
      user_id: '1',
      logins,
      new: fresh,
      rate: 1,
    });

    it("adds the open streamer's arriving chatters to the graph, highlighted, and counts them", async () => {
      fakeEventSource();
      window.history.replaceState(null, '', '/?streamer=alpha');
      mockApi(routes());
      render(<ExplorerPanel />);
      await screen.findByRole('application', { name: /Graph of 5 nodes/ });
      const [source] = openSources();
      expect(source.url).toBe('/events');
      act(() => {
        source.open();
        source.send('chatters', chatters('alpha', ['zed', 'bob'], ['zed']));
        source.send('chatters', chatters('echo', ['elsewhere'])); // another channel: not on this graph
        source.send('chatters', chatters('1001', ['by_id'])); // a channel named by id is not matched
      });
      expect(screen.getByRole('application')).toHaveAttribute('data-node-count', '6');
      expect(nodeButtons()).toContain('User:zed');
      expect(nodeButtons()).not.toContain('User:elsewhere');
      expect(window.__TWITCHGRAPH__.explorer.highlighted().sort()).toEqual(['User:bob', 'User:zed']);
      expect(screen.getByTestId('explorer-live')).toHaveTextContent('2 new chatters live');
      const side = screen.getByRole('complementary', { name: 'Nodes of the graph' });
      expect(within(side).getByText('2 of 4 shown')).toBeTruthy(); // zed is a chatter the total did not have
    });

    it('pauses and resumes, and closes its connection when the panel goes', async () => {
      const user = userEvent.setup();
      fakeEventSource();
      window.history.replaceState(null, '', '/?streamer=alpha');
      mockApi(routes());
      const { unmount } = render(<ExplorerPanel />);
      await screen.findByRole('application');
      const [source] = openSources();
      act(() => source.open());
      await user.click(screen.getByRole('button', { name: 'Pause' }));
      expect(screen.getByTestId('explorer-live')).toHaveTextContent('0 new chatters live · paused');
      act(() => source.send('chatters', chatters('alpha', ['zed'])));
      expect(nodeButtons()).not.toContain('User:zed');
      await user.click(screen.getByRole('button', { name: 'Resume' }));
      act(() => source.send('chatters', chatters('alpha', ['zed'])));
      expect(nodeButtons()).toContain('User:zed');
      expect(screen.getByTestId('explorer-live')).toHaveTextContent('1 new chatter live');
      act(() => source.fail({ closed: false }));
      expect(screen.getByTestId('explorer-live')).toHaveTextContent('reconnecting');
      unmount();
      expect(openSources()).toHaveLength(0);
      expect(FakeEventSource.instances).toHaveLength(1);
    });

    it('opens no connection for a user: only channels have chatters', async () => {
      fakeEventSource();
      window.history.replaceState(null, '', '/?streamer=User%3Aviewer_one');
      mockApi({ ...routes(), '/neighbourhood/User%3Aviewer_one?limit=60': VIEWER });
      render(<ExplorerPanel />);
      await screen.findByRole('application');
      expect(FakeEventSource.instances).toHaveLength(0);
      expect(screen.queryByTestId('explorer-live')).toBeNull();
    });
  });
});
