/** Node labels: their colours (one per label, with a legend) and their names for people. */

/** Colour-blind-safe enough for five classes, and readable on white. */
export const LABEL_COLOURS = {
  Stream: '#7c3aed',
  User: '#64748b',
  Game: '#d97706',
  Language: '#059669',
  Team: '#db2777',
};

export const LABEL_NAMES = {
  Stream: 'Streamer',
  User: 'User',
  Game: 'Game',
  Language: 'Language',
  Team: 'Team',
};

/** Relationship types as the legend names them (one link each). */
export const LINK_NAMES = {
  VIP: 'VIP',
  MODERATOR: 'Moderator',
  CHATTER: 'Chatter',
  PLAYS: 'Plays',
  SPEAKS: 'Speaks',
  IS_PART_OF: 'Team member',
};

/** Relationship groups as people read them, by type and direction ('out': the node is the start). */
const GROUP_NAMES = {
  'SPEAKS out': 'Language',
  'PLAYS out': 'Game',
  'IS_PART_OF out': 'Teams',
  'VIP in': 'VIPs',
  'MODERATOR in': 'Moderators',
  'CHATTER in': 'Chatters',
  'VIP out': 'VIP in these channels',
  'MODERATOR out': 'Moderates these channels',
  'CHATTER out': 'Chats in these channels',
  'SPEAKS in': 'Streamers speaking it',
  'PLAYS in': 'Streamers playing it',
  'IS_PART_OF in': 'Members',
};

export function groupName(type, direction) {
  return GROUP_NAMES[`${type} ${direction}`] ?? `${type} (${direction})`;
}

export function colourOf(label) {
  return LABEL_COLOURS[label] ?? '#334155';
}

/**
 * Names in the order people expect: case-insensitive, accents after their letter, numbers by value
 * ("Ábaco" beside "abaco", "item 9" before "item 10"), in English like every text of the app.
 */
export const compareNames = new Intl.Collator('en', { numeric: true }).compare;
