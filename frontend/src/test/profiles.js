// Answers of the day-processing and viewer routes, in the REST contract's shapes, for component tests.

export const HEALTH = {
  sanity: 'ok',
  last_day: '2026-05-09',
  viewers_last_day: 1234,
  viewers_change: -56,
  compared_with: '2026-05-02',
  days: [
    { date: '2026-05-07', sanity: 'ok' },
    { date: '2026-05-08', sanity: 'failed' },
    { date: '2026-05-09', sanity: 'ok' },
  ],
};

const day = (date, viewers, sanity, stages) => ({
  date,
  viewers,
  channels: 10,
  windows: 288,
  presences: viewers * 20,
  bots_banned: 2,
  sanity,
  stages,
  processed_at: `${date}T23:59:00Z`,
});

export const DAYS = {
  days: [
    day('2026-05-07', 1000, 'ok', { archive: 1.5, restructure: 4, profiles: 2.5, verify: 0.25 }),
    day('2026-05-08', 1290, 'failed', { archive: 2, restructure: 5, profiles: 3, verify: 0.5 }),
    day('2026-05-09', 1234, 'ok', { archive: 1, restructure: 4.5, profiles: 3.25, verify: 0.3 }),
  ],
};

export const NO_DAY_HEALTH = {
  sanity: 'unknown',
  last_day: null,
  viewers_last_day: 0,
  viewers_change: null,
  compared_with: null,
  days: [],
};

const schedule = (peak, minutes) =>
  Array.from({ length: 24 }, (_, h) => (h === peak ? minutes : h === peak - 1 ? minutes / 2 : 0));

export const PROFILE = {
  login: 'viewer_one',
  last_analysed: '2026-05-09',
  recent_channels: [
    { name: 'alpha', score_pct: 61.25 },
    { name: 'beta', score_pct: 38.75 },
  ],
  recent_games: [{ name: 'Chess', score_pct: 100 }],
  all_time_channels: [
    { name: 'alpha', minutes: 755 },
    { name: 'beta', minutes: 45 },
  ],
  all_time_games: [
    { name: 'Chess', minutes: 760 },
    { name: 'Just Chatting', minutes: 40 },
  ],
  workday_schedule: schedule(21, 30.5),
  weekend_schedule: schedule(15, 12.25),
  heatmap: [
    { date: '2026-05-07', minutes: 300 },
    { date: '2026-05-08', minutes: 0 },
    { date: '2026-05-09', minutes: 500 },
  ],
  days: ['2026-05-07', '2026-05-09'],
  timezone: 'UTC', // the tests' browser's too: one zone, nothing to switch
};

export const DAY_0509 = {
  login: 'viewer_one',
  date: '2026-05-09',
  windows: [
    { start: '2026-05-09T20:00:00Z', channel: 'alpha', game: 'Chess', minutes: 5 },
    { start: '2026-05-09T20:05:00Z', channel: 'alpha', game: 'Chess', minutes: 5 },
    { start: '2026-05-09T20:10:00Z', channel: 'beta', game: null, minutes: 5 },
  ],
};

export const DAY_0507 = {
  login: 'viewer_one',
  date: '2026-05-07',
  windows: [{ start: '2026-05-07T10:00:00Z', channel: 'beta', game: 'Chess', minutes: 5 }],
};
