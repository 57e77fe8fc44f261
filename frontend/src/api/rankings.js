/**
 * The ranking kinds, defined once for the whole front end: the Rankings panel, the explorer's
 * suggestions, the fetch function (endpoints.js) and the end-to-end tests all read them from here.
 * Each is one of the API's top-N routes, `/<route>/<n>`, answering two parallel lists:
 * `{[namesKey]: [{name}], [valuesKey]: [{[valuesKey]: count}]}`.
 * No imports, no browser: Node (the end-to-end tests) reads this file as it is.
 *
 * @typedef {{route: string, title: string, namesKey: string, valuesKey: string, valueLabel: string,
 *   description: string, streamers?: boolean, explore?: string, people?: boolean}} Ranking
 *   `streamers`: the names are streamers; `explore`: the names are nodes of that label, opened in the
 *   explorer as `<label>:<name>` (else by the name itself: a login or display name); `people`: it counts
 *   people, and the API leaves bots out unless `include_bots=1`
 */

/** @type {Ranking} */
export const STREAMERS_BY_FOLLOWERS = {
  route: 'top-streamers-by-followers',
  title: 'Streamers by followers',
  namesKey: 'streamers',
  valuesKey: 'followers',
  valueLabel: 'Followers',
  description: 'Channels with the most followers.',
  streamers: true,
};

/** Every ranking, in the order the Rankings panel shows them. @type {Ranking[]} */
export const RANKINGS = [
  STREAMERS_BY_FOLLOWERS,
  {
    route: 'top-streamers-by-views',
    title: 'Streamers by views',
    namesKey: 'streamers',
    valuesKey: 'views',
    valueLabel: 'Views',
    description: 'Channels with the most views, all time.',
    streamers: true,
  },
  {
    route: 'top-streamers-by-chatters',
    title: 'Channels by distinct chatters',
    namesKey: 'streamers',
    valuesKey: 'chatters',
    valueLabel: 'Chatters',
    description: 'Channels by how many different people were seen chatting in them.',
    streamers: true,
    people: true,
  },
  {
    route: 'top-games',
    title: 'Games',
    namesKey: 'games',
    valuesKey: 'players',
    valueLabel: 'Streamers',
    description: 'Games by how many streamers play them.',
    explore: 'Game',
  },
  {
    route: 'top-teams',
    title: 'Teams',
    namesKey: 'teams',
    valuesKey: 'members',
    valueLabel: 'Members',
    description: 'Teams by how many streamers belong to them.',
    explore: 'Team',
  },
  {
    route: 'top-vips',
    title: 'VIPs',
    namesKey: 'vips',
    valuesKey: 'streamers',
    valueLabel: 'Channels',
    description: 'People by how many channels gave them the VIP badge.',
    people: true,
  },
  {
    route: 'top-moderators',
    title: 'Moderators',
    namesKey: 'moderators',
    valuesKey: 'streamers',
    valueLabel: 'Channels',
    description: 'People by how many channels they moderate.',
    people: true,
  },
];

/**
 * The API path of a ranking's top `n`: `/top-games/10`; with `includeBots`, a ranking of people counts
 * the bots too (`/top-vips/10?include_bots=1`).
 */
export const rankingPath = (ranking, n, { includeBots = false } = {}) =>
  `/${ranking.route}/${n}${includeBots && ranking.people ? '?include_bots=1' : ''}`;

/** What the explorer opens for a ranking's row: `Game:Chess`, `Team:Knights`, or a login or name. */
export const explorerKey = (ranking, name) => (ranking.explore ? `${ranking.explore}:${name}` : name);
