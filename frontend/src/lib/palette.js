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
