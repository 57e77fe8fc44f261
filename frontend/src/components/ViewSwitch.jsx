/** Pressed buttons that choose one view of a panel, kept in the URL's `view` (the first is the default). */
import { navigate } from '../hooks/useUrlState.js';

/**
 * @param {{views: {id: string, title: string}[], view: string, label: string}} props
 *   `label` names the group for screen readers ("Show the scores as")
 */
export function ViewSwitch({ views, view, label }) {
  return (
    <div className="view-switch" role="group" aria-label={label}>
      {views.map((option, index) => (
        <button
          key={option.id}
          type="button"
          className="button button--small"
          aria-pressed={view === option.id}
          onClick={() => navigate({ view: index === 0 ? null : option.id }, { replace: true })}
        >
          {option.title}
        </button>
      ))}
    </div>
  );
}
