/**
 * A text box with a list of suggestions (the ARIA 1.2 combobox pattern): type, move with the arrow
 * keys, Enter picks (the first match when none is highlighted), Escape closes and then clears.
 */
import { useEffect, useEffectEvent, useId, useState } from 'react';
import { isAbort } from '../api/client.js';
import { useDebounced } from '../hooks/useDebounced.js';
import { useResetState } from '../hooks/useResetState.js';
import { plainText } from '../lib/text.js';

const MAX_STATIC_OPTIONS = 50;

/**
 * @template T
 * @param {{
 *   label: string,
 *   placeholder?: string,
 *   options?: T[],
 *   loadOptions?: (text: string, signal: AbortSignal) => Promise<T[]>,
 *   optionKey: (option: T) => string,
 *   optionText: (option: T) => string,
 *   renderOption?: (option: T) => import('react').ReactNode,
 *   onSelect: (option: T) => void,
 *   noMatch?: (text: string) => string,
 *   initialText?: string,
 *   inputId?: string,
 * }} props
 */
export function Combobox({
  label,
  placeholder,
  options,
  loadOptions,
  optionKey,
  optionText,
  renderOption,
  onSelect,
  noMatch = (text) => `Nothing matches “${text}”.`,
  initialText = '',
  inputId,
}) {
  const uid = useId();
  const id = inputId ?? `combobox-${uid}`;
  const listId = `${id}-list`;
  const [text, setText] = useResetState(initialText);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [remote, setRemote] = useState({ text: null, items: [], error: null });
  const remoteOptions = Boolean(loadOptions);
  const query = useDebounced(text.trim(), remoteOptions ? 150 : 0);
  // The caller's latest `loadOptions`, called with each settled query (a new closure is no new query).
  const search = useEffectEvent((wanted, signal) => loadOptions(wanted, signal));

  useEffect(() => {
    if (!remoteOptions || !query) return undefined;
    const controller = new AbortController();
    search(query, controller.signal).then(
      (items) => setRemote({ text: query, items, error: null }),
      (error) => {
        if (!isAbort(error)) setRemote({ text: query, items: [], error });
      },
    );
    return () => controller.abort();
  }, [query, remoteOptions]);

  const typed = text.trim();
  let items = [];
  let message = '';
  if (loadOptions) {
    const fresh = remote.text === typed && typed !== '';
    // While the answer for the latest text is on its way, the previous answers that still match stay.
    const needle = typed.toLowerCase();
    const stillMatching = (option) =>
      `${optionText(option)} ${optionKey(option)}`.toLowerCase().includes(needle);
    items = !typed ? [] : fresh ? remote.items : remote.items.filter(stillMatching);
    if (!typed) message = '';
    else if (!fresh) message = 'Searching…';
    else if (remote.error) message = plainText(remote.error.message);
    else if (!items.length) message = noMatch(typed);
  } else {
    const needle = typed.toLowerCase();
    items = (options ?? [])
      .filter((option) => optionText(option).toLowerCase().includes(needle))
      .slice(0, MAX_STATIC_OPTIONS);
    if (!items.length && typed) message = noMatch(typed);
  }
  const expanded = open && items.length > 0;
  const activeIndex = active < items.length ? active : -1;

  const choose = (option) => {
    setText(optionText(option));
    setOpen(false);
    setActive(-1);
    onSelect(option);
  };

  const onKeyDown = (event) => {
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        setOpen(true);
        setActive((i) => Math.min((i < items.length ? i : -1) + 1, items.length - 1));
        break;
      case 'ArrowUp':
        event.preventDefault();
        setOpen(true);
        setActive((i) => Math.max((i < items.length ? i : items.length) - 1, 0));
        break;
      case 'Enter':
        if (items.length && (open || typed)) {
          event.preventDefault();
          choose(items[activeIndex >= 0 ? activeIndex : 0]);
        }
        break;
      case 'Escape':
        if (expanded) {
          event.preventDefault();
          setOpen(false);
          setActive(-1);
        } else if (text) {
          event.preventDefault();
          setText('');
        }
        break;
      default:
        break;
    }
  };

  return (
    <div className="combobox">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        role="combobox"
        autoComplete="off"
        spellCheck={false}
        placeholder={placeholder}
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={expanded && activeIndex >= 0 ? `${listId}-${activeIndex}` : undefined}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setOpen(true);
          setActive(-1);
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setOpen(false)}
        onKeyDown={onKeyDown}
      />
      <ul id={listId} role="listbox" aria-label={label} className="combobox-list" hidden={!expanded}>
        {items.map((option, index) => (
          <li
            key={optionKey(option)}
            id={`${listId}-${index}`}
            role="option"
            aria-selected={index === activeIndex}
            className={index === activeIndex ? 'option option--active' : 'option'}
            onMouseDown={(event) => event.preventDefault()}
            onMouseEnter={() => setActive(index)}
            onClick={() => choose(option)}
          >
            {renderOption ? renderOption(option) : optionText(option)}
          </li>
        ))}
      </ul>
      <p className="combobox-status" role="status">
        {open && typed ? message : ''}
      </p>
    </div>
  );
}
