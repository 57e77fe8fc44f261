import { render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { TOKEN_KEY } from '../hooks/useOperatorToken.js';
import { calledPaths, mockApi, operatorRoute } from '../test/api.js';
import { DAY_0507, DAY_0509, PROFILE } from '../test/profiles.js';
import { TOP_FAVOURITES } from './ViewerProfile.jsx';
import { ViewerPanel } from './ViewerPanel.jsx';

const TOKEN = 'right-token';
const TZ = process.env.TZ;
beforeEach(() => {
  process.env.TZ = 'UTC';
});
afterEach(() => {
  vi.unstubAllGlobals();
  if (TZ === undefined) delete process.env.TZ;
  else process.env.TZ = TZ;
});

/** The viewer routes of a server whose operator token is `expected` (null: none configured). */
const PROFILED = ['viewer_one', 'viewer_three', 'viewer_two'];

function viewerApi(expected = TOKEN, overrides = {}) {
  return mockApi({
    '/operator/check': operatorRoute(expected, { operator: true }),
    '/viewers': operatorRoute(expected, (url) => ({
      logins: PROFILED.filter((login) => login.startsWith(url.searchParams.get('prefix').toLowerCase())),
    })),
    '/viewers/viewer_one': operatorRoute(expected, PROFILE),
    '/viewers/viewer_one/day/2026-05-09': operatorRoute(expected, DAY_0509),
    '/viewers/viewer_one/day/2026-05-07': operatorRoute(expected, DAY_0507),
    ...overrides,
  });
}

async function signIn(user, token = TOKEN) {
  await user.type(screen.getByLabelText('Operator token'), token);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
}

const card = (name) => document.querySelector(`[data-card="${name}"]`);
const barTitles = (name) => [...card(name).querySelectorAll('svg title')].map((t) => t.textContent);

describe('ViewerPanel', () => {
  it('asks for the operator token first and reads nothing without it', () => {
    window.history.replaceState(null, '', '/?panel=viewer&viewer=viewer_one');
    const fetchMock = viewerApi();
    render(<ViewerPanel />);
    expect(screen.getByRole('heading', { name: 'Operator sign-in' })).toBeTruthy();
    expect(screen.getByText(/Then viewer_one’s profile opens/)).toBeTruthy();
    expect(screen.getByLabelText('Operator token')).toHaveAttribute('type', 'password');
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeDisabled();
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('after sign-in opens the viewer the URL names, sending the token as a Bearer token and never in the URL', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=viewer&viewer=viewer_one');
    let release;
    const held = new Promise((resolve) => {
      release = resolve;
    });
    const fetchMock = viewerApi(TOKEN, {
      '/viewers/viewer_one': operatorRoute(TOKEN, () => held.then(() => PROFILE)),
    });
    render(<ViewerPanel />);
    await signIn(user);
    expect(await screen.findByText('Loading viewer_one’s profile…')).toBeTruthy();
    release();
    expect(await screen.findByTestId('viewer-login')).toHaveTextContent('viewer_one');
    expect(window.sessionStorage.getItem(TOKEN_KEY)).toBe(TOKEN);
    expect(window.location.search).toBe('?panel=viewer&viewer=viewer_one');
    for (const [url, init] of fetchMock.mock.calls) {
      expect(init.headers.Authorization).toBe(`Bearer ${TOKEN}`);
      expect(String(url)).not.toContain(TOKEN);
    }
  });

  it("shows the viewer's eight panels with the API's values", async () => {
    window.history.replaceState(null, '', '/?panel=viewer&viewer=viewer_one');
    window.sessionStorage.setItem(TOKEN_KEY, TOKEN);
    viewerApi();
    render(<ViewerPanel />);
    // 1. name and last analysed date
    expect(await screen.findByTestId('last-analysed')).toHaveTextContent('Sat, May 9, 2026');
    expect(screen.getByTestId('days-on-record')).toHaveTextContent('2');
    expect(screen.getByTestId('total-watch-time')).toHaveTextContent('13 h 20 min');
    // 2-5. favourites, as bars whose tooltips and text alternative carry every value
    expect(barTitles('recent-channels')).toEqual(['alpha: 61.3%', 'beta: 38.8%']);
    expect(barTitles('recent-games')).toEqual(['Chess: 100.0%']);
    expect(barTitles('all-time-channels')).toEqual(['alpha: 12 h 35 min', 'beta: 45 min']);
    expect(barTitles('all-time-games')).toEqual(['Chess: 12 h 40 min', 'Just Chatting: 40 min']);
    expect(
      screen.getByRole('group', { name: 'Recent favourite channels: alpha 61.3%, beta 38.8%.' }),
    ).toBeTruthy();
    // 6. schedules
    expect(screen.getByRole('img', { name: /Workday and weekend schedule: line chart/ })).toBeTruthy();
    expect(
      screen.getByText(
        'Workdays (Mon–Fri): most at 21:00–22:00 (30.5 min). Weekends (Sat–Sun): most at 15:00–16:00 (12.3 min).',
      ),
    ).toBeTruthy();
    const schedule = within(card('schedule')).getByRole('table');
    expect(within(schedule).getAllByRole('row')[22].textContent).toBe('21:0030.5 min0.0 min');
    // 7. heatmap: the days in a calendar and a table
    const heatmap = screen.getByRole('img', {
      name: /Watch time per day: 2 days with watching; the most on Sat, May 9, 2026/,
    });
    expect(heatmap.querySelector('g[data-date="2026-05-08"] rect').getAttribute('fill')).toBe('#e2e8f0');
    // The day panel 8 shows (the latest, by default) is outlined and says so.
    expect(heatmap.querySelector('g[data-date="2026-05-09"] title').textContent).toBe(
      'Sat, May 9, 2026: 8 h 20 min (its schedule is below)',
    );
    expect(heatmap.querySelector('g[data-date="2026-05-09"] rect')).toHaveClass('calendar-selected');
    expect(heatmap.querySelector('g[data-date="2026-05-07"] title').textContent).toBe(
      'Thu, May 7, 2026: 5 h',
    );
    // 8. the latest day by default: its windows as a timeline and a table
    expect(await screen.findByTestId('day-total')).toHaveTextContent(
      '15 min in 2 channels on Sat, May 9, 2026.',
    );
    expect(screen.getByRole('combobox', { name: 'Day' })).toHaveValue('2026-05-09');
    expect(screen.getByRole('img', { name: 'alpha, Chess: 20:00–20:10, 10 min' })).toBeTruthy();
    const windows = within(card('day')).getByRole('table');
    expect(
      within(windows)
        .getAllByRole('row')
        .slice(1)
        .map((row) => row.textContent),
    ).toEqual(['20:00alphaChess5', '20:05alphaChess5', '20:10beta–5']);
  });

  it('keeps only the top favourites and says how many there are', async () => {
    window.history.replaceState(null, '', '/?panel=viewer&viewer=viewer_one');
    window.sessionStorage.setItem(TOKEN_KEY, TOKEN);
    const many = Array.from({ length: 14 }, (_, i) => ({ name: `channel${i}`, minutes: 100 - i }));
    viewerApi(TOKEN, {
      '/viewers/viewer_one': operatorRoute(TOKEN, { ...PROFILE, all_time_channels: many }),
    });
    render(<ViewerPanel />);
    await screen.findByTestId('viewer-login');
    expect(barTitles('all-time-channels')).toHaveLength(TOP_FAVOURITES);
    expect(card('all-time-channels')).toHaveTextContent(`The top ${TOP_FAVOURITES} of 14.`);
  });

  it('picks another day from the list, the calendar or the buttons, and keeps it in the URL', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=viewer&viewer=viewer_one');
    window.sessionStorage.setItem(TOKEN_KEY, TOKEN);
    const fetchMock = viewerApi();
    render(<ViewerPanel />);
    await screen.findByTestId('day-total');
    expect(screen.getByRole('button', { name: 'Later day' })).toBeDisabled();
    await user.selectOptions(screen.getByRole('combobox', { name: 'Day' }), '2026-05-07');
    expect(window.location.search).toBe('?panel=viewer&viewer=viewer_one&day=2026-05-07');
    await waitFor(() =>
      expect(screen.getByTestId('day-total')).toHaveTextContent('5 min in 1 channel on Thu, May 7, 2026.'),
    );
    expect(calledPaths(fetchMock)).toContain('/viewers/viewer_one/day/2026-05-07');
    expect(screen.getByRole('button', { name: 'Earlier day' })).toBeDisabled();
    await user.click(screen.getByRole('button', { name: 'Later day' }));
    expect(window.location.search).toBe('?panel=viewer&viewer=viewer_one&day=2026-05-09');
    // A day of the calendar with a record opens it; one without does nothing.
    const heatmap = screen.getByRole('img', { name: /Watch time per day/ });
    await user.click(heatmap.querySelector('g[data-date="2026-05-08"] rect'));
    expect(window.location.search).toBe('?panel=viewer&viewer=viewer_one&day=2026-05-09');
    await user.click(heatmap.querySelector('g[data-date="2026-05-07"] rect'));
    expect(window.location.search).toBe('?panel=viewer&viewer=viewer_one&day=2026-05-07');
    expect(heatmap.querySelector('g[data-date="2026-05-07"] rect')).toHaveClass('calendar-selected');
    // The keyboard's way: the dates of the table below the calendar are links.
    await user.click(within(card('heatmap')).getByRole('link', { name: '2026-05-09: show its schedule' }));
    expect(window.location.search).toBe('?panel=viewer&viewer=viewer_one&day=2026-05-09');
    expect(within(card('heatmap')).queryByRole('link', { name: /2026-05-08/ })).toBeNull(); // no record
  });

  it('says when there is no record of the viewer on the day the URL names', async () => {
    window.history.replaceState(null, '', '/?panel=viewer&viewer=viewer_one&day=2026-05-08');
    window.sessionStorage.setItem(TOKEN_KEY, TOKEN);
    viewerApi(TOKEN, {
      '/viewers/viewer_one/day/2026-05-08': operatorRoute(TOKEN, {
        status: 404,
        body: { error: 'no record of viewer_one on 2026-05-08', status: 404 },
      }),
    });
    render(<ViewerPanel />);
    expect(
      await screen.findByText('No record of viewer_one on Fri, May 8, 2026: pick another day.'),
    ).toBeTruthy();
    expect(screen.getByRole('option', { name: 'Fri, May 8, 2026 (no record)' }).selected).toBe(true);
  });

  it('shows the API’s message for a bad date', async () => {
    window.history.replaceState(null, '', '/?panel=viewer&viewer=viewer_one&day=yesterday');
    window.sessionStorage.setItem(TOKEN_KEY, TOKEN);
    viewerApi(TOKEN, {
      '/viewers/viewer_one/day/yesterday': operatorRoute(TOKEN, {
        status: 400,
        body: { error: "'yesterday' is not a date (YYYY-MM-DD)", status: 400 },
      }),
    });
    render(<ViewerPanel />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      "Could not load viewer_one’s day. 'yesterday' is not a date (YYYY-MM-DD)",
    );
  });

  it('asks again with a clear message when the server refuses the token (401)', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=viewer&viewer=viewer_one');
    viewerApi();
    render(<ViewerPanel />);
    await signIn(user, 'wrong-token');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The server refused that token (401).');
    expect(window.sessionStorage.getItem(TOKEN_KEY)).toBeNull();
    const input = screen.getByLabelText('Operator token');
    // Refused at sign-in (the check), not at the first lookup: the field is emptied and focused.
    await waitFor(() => expect(input).toHaveValue(''));
    expect(input).toHaveFocus();
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(screen.queryByText('Signed in as the operator')).toBeNull();
    await signIn(user);
    expect(await screen.findByTestId('viewer-login')).toHaveTextContent('viewer_one');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('says viewer pages are disabled on this server, and how to enable them (403)', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=viewer&viewer=viewer_one');
    viewerApi(null);
    render(<ViewerPanel />);
    await signIn(user, 'anything');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Viewer pages are disabled on this server (403).');
    expect(alert).toHaveTextContent('TWITCHGRAPH_OPERATOR_TOKEN');
    expect(within(alert).getByRole('button', { name: 'Try again' })).toBeTruthy();
  });

  it('searches a viewer by login, as a new view without the old day', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=viewer');
    window.sessionStorage.setItem(TOKEN_KEY, TOKEN);
    viewerApi();
    render(<ViewerPanel />);
    expect(screen.getByText('Enter a viewer’s Twitch login to see their profile.')).toBeTruthy();
    const search = screen.getByRole('combobox', { name: 'Viewer login' });
    expect(search).toHaveFocus();
    await user.type(search, '  viewer_one {Enter}');
    expect(window.location.search).toBe('?panel=viewer&viewer=viewer_one');
    expect(await screen.findByTestId('viewer-login')).toHaveTextContent('viewer_one');
  });

  it('says when nobody has that login, and shows other errors with a retry', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=viewer&viewer=nobody');
    window.sessionStorage.setItem(TOKEN_KEY, TOKEN);
    let fail = true;
    viewerApi(TOKEN, {
      '/viewers/nobody': operatorRoute(TOKEN, {
        status: 404,
        body: { error: 'unknown viewer', status: 404 },
      }),
      '/viewers/viewer_one': operatorRoute(TOKEN, () =>
        fail ? { status: 503, body: { error: 'the profile store is unavailable', status: 503 } } : PROFILE,
      ),
    });
    render(<ViewerPanel />);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Could not load a profile for “nobody”. No viewer with this login has been seen',
    );
    expect(within(alert).queryByRole('button')).toBeNull();
    const search = screen.getByRole('combobox', { name: 'Viewer login' });
    await user.clear(search);
    await user.type(search, 'viewer_one{Enter}');
    const failure = await screen.findByRole('alert');
    expect(failure).toHaveTextContent(
      'Could not load viewer_one’s profile. the profile store is unavailable',
    );
    fail = false;
    await user.click(within(failure).getByRole('button', { name: 'Try again' }));
    expect(await screen.findByTestId('viewer-login')).toBeTruthy();
  });

  it('signs out: the token leaves the tab and the sign-in box comes back', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=viewer&viewer=viewer_one');
    window.sessionStorage.setItem(TOKEN_KEY, TOKEN);
    viewerApi();
    render(<ViewerPanel />);
    await screen.findByTestId('viewer-login');
    await user.click(screen.getByRole('button', { name: 'Sign out' }));
    expect(window.sessionStorage.getItem(TOKEN_KEY)).toBeNull();
    expect(screen.getByRole('heading', { name: 'Operator sign-in' })).toBeTruthy();
    expect(screen.getByRole('status')).toHaveTextContent('Signed out.');
    expect(screen.queryByTestId('viewer-login')).toBeNull();
  });

  it('checks the token at sign-in: a wrong one is refused there, before anything is read', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=viewer&viewer=viewer_one');
    const fetchMock = viewerApi();
    render(<ViewerPanel />);
    await signIn(user, 'wrong-token');
    expect(await screen.findByRole('alert')).toHaveTextContent('The server refused that token (401).');
    expect(calledPaths(fetchMock)).toEqual(['/operator/check']);
    expect(screen.queryByText('Signed in as the operator')).toBeNull();
    expect(window.sessionStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('says when the token could not be checked, and keeps nothing', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=viewer');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    render(<ViewerPanel />);
    await signIn(user);
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'The token could not be checked. The server did not answer. Is twitchgraph serve running?',
    );
    expect(within(alert).getByText('twitchgraph serve').tagName).toBe('CODE');
    expect(window.sessionStorage.getItem(TOKEN_KEY)).toBeNull();
  });

  it('suggests the logins with a profile as the operator types, and opens the one picked', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=viewer');
    window.sessionStorage.setItem(TOKEN_KEY, TOKEN);
    const fetchMock = viewerApi();
    render(<ViewerPanel />);
    const search = screen.getByRole('combobox', { name: 'Viewer login' });
    await user.type(search, 'Viewer_T');
    const list = await screen.findByRole('listbox', { name: 'Viewer login' });
    await waitFor(() =>
      expect(
        within(list)
          .getAllByRole('option')
          .map((o) => o.textContent),
      ).toEqual(['viewer_three', 'viewer_two']),
    );
    const asked = fetchMock.mock.calls.find(([url]) => String(url).startsWith('/viewers?'));
    expect(String(asked[0])).toBe('/viewers?prefix=Viewer_T&limit=8');
    expect(asked[1].headers.Authorization).toBe(`Bearer ${TOKEN}`);
    await user.click(within(list).getByRole('option', { name: 'viewer_two' }));
    expect(window.location.search).toBe('?panel=viewer&viewer=viewer_two');
    // A text no login can start with asks nothing.
    await user.clear(search);
    await user.type(search, 'a b');
    expect(await screen.findByText('No viewer with a profile has a login starting with “a b”.')).toBeTruthy();
    expect(calledPaths(fetchMock).filter((path) => path.includes('prefix=a'))).toEqual([]);
  });

  it('shows every hour in one named time zone, the server’s first, switchable to the browser’s', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=viewer&viewer=viewer_one');
    window.sessionStorage.setItem(TOKEN_KEY, TOKEN);
    // The server computes in Paris (UTC+2 in May); this browser is in UTC.
    viewerApi(TOKEN, {
      '/viewers/viewer_one': operatorRoute(TOKEN, { ...PROFILE, timezone: 'Europe/Paris' }),
    });
    render(<ViewerPanel />);
    const zone = await screen.findByTestId('time-zone');
    expect(zone).toHaveTextContent('Hours on this page are in Europe/Paris, the server’s time zone.');
    // The schedule as the server computed it (peak 21:00 Paris), the day's windows in Paris time too.
    expect(card('schedule')).toHaveTextContent('Workdays (Mon–Fri): most at 21:00–22:00 (30.5 min).');
    expect(await screen.findByRole('img', { name: 'alpha, Chess: 22:00–22:10, 10 min' })).toBeTruthy();
    expect(card('day')).toHaveTextContent('Times are in Europe/Paris.');

    await user.click(within(zone).getByRole('button', { name: 'Use mine (UTC)' }));
    expect(window.location.search).toBe('?panel=viewer&viewer=viewer_one&tz=browser');
    expect(screen.getByTestId('time-zone')).toHaveTextContent(
      'Hours on this page are in UTC, your time zone. Days are the server’s days (Europe/Paris).',
    );
    expect(card('schedule')).toHaveTextContent('Workdays (Mon–Fri): most at 19:00–20:00 (30.5 min).');
    expect(screen.getByRole('img', { name: 'alpha, Chess: 20:00–20:10, 10 min' })).toBeTruthy();
    const rows = within(within(card('day')).getByRole('table')).getAllByRole('row');
    expect(rows[1].textContent).toBe('20:00alphaChess5');
    await user.click(screen.getByRole('button', { name: 'Use the server’s (Europe/Paris)' }));
    expect(window.location.search).toBe('?panel=viewer&viewer=viewer_one');
  });

  it('links the channels and games to the explorer, without this page’s state', async () => {
    const user = userEvent.setup();
    window.history.replaceState(null, '', '/?panel=viewer&viewer=viewer_one&day=2026-05-09');
    window.sessionStorage.setItem(TOKEN_KEY, TOKEN);
    viewerApi();
    render(<ViewerPanel />);
    await screen.findByTestId('day-total');
    const recent = within(card('recent-channels')).getByRole('link', { name: 'alpha: 61.3%' });
    expect(recent).toHaveAttribute('href', '?panel=explorer&streamer=alpha');
    expect(within(card('all-time-games')).getByRole('link', { name: 'Chess: 12 h 40 min' })).toHaveAttribute(
      'href',
      '?panel=explorer&streamer=Game%3AChess',
    );
    const inTable = within(within(card('day')).getByRole('table')).getAllByRole('link', { name: 'beta' })[0];
    expect(inTable).toHaveAttribute('href', '?panel=explorer&streamer=beta');
    await user.click(recent);
    expect(window.location.search).toBe('?panel=explorer&streamer=alpha');
  });
});
