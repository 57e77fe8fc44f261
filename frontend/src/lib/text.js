/**
 * Messages with `code` in backticks (the API's and the client's errors name commands and settings that
 * way): split into parts to render as <code>, or as plain text where no markup can go (a title).
 */

/**
 * "Is `twitchgraph serve` running?" -> [{text: 'Is ', code: false}, {text: 'twitchgraph serve', code:
 * true}, {text: ' running?', code: false}]. An unpaired backtick stays as it is; empty parts are dropped.
 * @param {string} text
 * @returns {{text: string, code: boolean}[]}
 */
export function codeSpans(text) {
  const parts = String(text ?? '').split('`');
  if (parts.length % 2 === 0) {
    // An odd number of backticks: the last one opens nothing.
    const last = parts.pop();
    parts[parts.length - 1] += `\`${last}`;
  }
  return parts.map((part, i) => ({ text: part, code: i % 2 === 1 })).filter((part) => part.text !== '');
}

/** The message without its code marks: "Is twitchgraph serve running?". */
export function plainText(text) {
  return codeSpans(text)
    .map((part) => part.text)
    .join('');
}
