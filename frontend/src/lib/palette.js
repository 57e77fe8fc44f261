/**
 * Colours of categories that are not node labels: pipeline stages, a viewer's channels. Tableau's ten,
 * distinct for the common colour-vision deficiencies and readable on white; every chart that uses them
 * also names each category (legend, lane label or table), so colour is never the only cue.
 */
export const CATEGORY_COLOURS = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

/** The i-th category's colour (they repeat after ten). */
export function categoryColour(index) {
  return CATEGORY_COLOURS[index % CATEGORY_COLOURS.length];
}

/** Day sanity: passed, failed, and a day with no processing. */
export const SANITY_COLOURS = { ok: '#15803d', failed: '#b91c1c', none: '#e2e8f0' };

/** Watch time per day, from little to much (a day with none is SANITY_COLOURS.none). */
export const HEAT_COLOURS = ['#ddd6fe', '#a78bfa', '#7c3aed', '#4c1d95'];

/**
 * Atlas communities: twenty colours that stay apart from each other and readable as dots on white
 * (after Kelly's colours of maximum contrast, the pale ones left out), most distinct first since the
 * first communities are the ones most often on screen. The legend names every community beside its
 * colour; ids from twenty on repeat colours.
 */
export const COMMUNITY_COLOURS = [
  '#0067a5',
  '#f38400',
  '#008856',
  '#be0032',
  '#875692',
  '#e0b000',
  '#17a2b8',
  '#e68fac',
  '#882d17',
  '#8db600',
  '#604e97',
  '#f99379',
  '#2b3d26',
  '#6fa8dc',
  '#b3446c',
  '#a89968',
  '#654522',
  '#c2b900',
  '#e25822',
  '#1c6e6e',
];

/** A channel with no link (community -1). */
export const NO_COMMUNITY_COLOUR = '#94a3b8';

/** The colour of community `id` (-1: none). */
export function communityColour(id) {
  return id >= 0 ? COMMUNITY_COLOURS[id % COMMUNITY_COLOURS.length] : NO_COMMUNITY_COLOUR;
}

/**
 * The explorer's links by relationship type, apart from the node colours (lib/labels.js: violet, slate,
 * amber, green, pink) and from each other for the common colour-vision deficiencies: Okabe and Ito's
 * blue for VIPs and near-black for moderators (apart in lightness as well as hue, so every form of
 * colour blindness keeps them apart; vermilion would be the game's amber), light slate for the chatters
 * (by far the most links, kept in the background), and the links of what a channel is (game: sky blue,
 * language: olive, team: wine) dashed, so the line's pattern tells them from people too. The legend
 * names each type beside a sample of its line.
 * @type {Record<string, {colour: string, dash: number[]}>}
 */
export const LINK_STYLES = {
  VIP: { colour: 'rgba(0, 114, 178, 0.8)', dash: [] },
  MODERATOR: { colour: 'rgba(17, 24, 39, 0.8)', dash: [] },
  CHATTER: { colour: 'rgba(100, 116, 139, 0.22)', dash: [] },
  PLAYS: { colour: 'rgba(86, 180, 233, 0.9)', dash: [4, 3] },
  SPEAKS: { colour: 'rgba(153, 153, 51, 0.9)', dash: [4, 3] },
  IS_PART_OF: { colour: 'rgba(136, 34, 85, 0.85)', dash: [4, 3] },
};

/** A link of a type not in LINK_STYLES (or with none). */
export const OTHER_LINK_STYLE = { colour: 'rgba(71, 85, 105, 0.3)', dash: [] };

/** Drawing order: the many chatter links first (underneath), the few badges last (on top). */
export const LINK_ORDER = ['CHATTER', 'PLAYS', 'SPEAKS', 'IS_PART_OF', 'MODERATOR', 'VIP'];

/** The style of a link of `type`. */
export function linkStyle(type) {
  return LINK_STYLES[type] ?? OTHER_LINK_STYLE;
}

/** An rgba() colour with another opacity (1: opaque); other colours as they are. */
export function opaqueColour(colour, alpha = 1) {
  const match = /^rgba\((\d+),\s*(\d+),\s*(\d+),\s*[\d.]+\)$/.exec(colour);
  return match ? `rgba(${match[1]}, ${match[2]}, ${match[3]}, ${alpha})` : colour;
}
