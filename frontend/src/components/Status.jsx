/** Loading, error and empty states, the same everywhere. */
import { codeSpans } from '../lib/text.js';

/** @param {{children?: import('react').ReactNode}} props */
export function Loading({ children = 'Loading…' }) {
  return (
    <p className="status status--loading" role="status">
      <span className="spinner" aria-hidden="true" />
      {children}
    </p>
  );
}

/** A message whose `code` parts (in backticks) show as code, never as literal backticks. */
export function MessageText({ text }) {
  return codeSpans(text).map((part, i) => (part.code ? <code key={i}>{part.text}</code> : part.text));
}

/** @param {{error: Error, onRetry?: () => void, what?: string}} props */
export function ErrorMessage({ error, onRetry, what }) {
  return (
    <div className="status status--error" role="alert">
      <p>
        <strong>{what ? `Could not load ${what}.` : 'Something went wrong.'}</strong>{' '}
        <MessageText text={error.message} />
      </p>
      {onRetry && (
        <button type="button" className="button" onClick={onRetry}>
          Try again
        </button>
      )}
    </div>
  );
}

/** @param {{children: import('react').ReactNode}} props */
export function Empty({ children }) {
  return <p className="status status--empty">{children}</p>;
}

/**
 * The one of the three states that applies, else `children(data)`.
 * @template T
 * @param {{state: {data: T|null, error: Error|null, loading: boolean, reload?: () => void},
 *   what: string, isEmpty?: (data: T) => boolean, empty?: import('react').ReactNode,
 *   children: (data: T) => import('react').ReactNode}} props
 */
export function AsyncView({ state, what, isEmpty, empty, children }) {
  if (state.error) return <ErrorMessage error={state.error} onRetry={state.reload} what={what} />;
  if (state.loading || state.data === null) return <Loading>Loading {what}…</Loading>;
  if (isEmpty?.(state.data)) return <Empty>{empty ?? `No ${what}.`}</Empty>;
  return children(state.data);
}
