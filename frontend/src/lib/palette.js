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
