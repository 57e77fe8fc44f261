import { describe, expect, it } from 'vitest';
import { codeSpans, plainText } from './text.js';

describe('code spans in messages', () => {
  it('splits a message at its backticks, the code parts marked', () => {
    expect(codeSpans('The server did not answer. Is `twitchgraph serve` running?')).toEqual([
      { text: 'The server did not answer. Is ', code: false },
      { text: 'twitchgraph serve', code: true },
      { text: ' running?', code: false },
    ]);
    expect(codeSpans('`a` and `b`')).toEqual([
      { text: 'a', code: true },
      { text: ' and ', code: false },
      { text: 'b', code: true },
    ]);
  });

  it('leaves a message without backticks, or with an unpaired one, as it is', () => {
    expect(codeSpans('no profile for the viewer')).toEqual([
      { text: 'no profile for the viewer', code: false },
    ]);
    expect(codeSpans('run `serve`, then 5` more')).toEqual([
      { text: 'run ', code: false },
      { text: 'serve', code: true },
      { text: ', then 5` more', code: false },
    ]);
    expect(codeSpans('')).toEqual([]);
    expect(codeSpans(null)).toEqual([]);
  });

  it('gives the plain text where no markup can go', () => {
    expect(plainText('Is `twitchgraph serve` running?')).toBe('Is twitchgraph serve running?');
  });
});
