/** A link to another state of the app: a real href (new tab, copy link work), no reload on a plain click. */
import { navigate, useUrlParams, withParams } from '../hooks/useUrlState.js';

/**
 * @param {{to: Record<string, any>, children: import('react').ReactNode} &
 *   import('react').AnchorHTMLAttributes<HTMLAnchorElement>} props
 */
export function Link({ to, children, onClick, ...rest }) {
  const params = useUrlParams();
  const href = withParams(to, params);
  const follow = (event) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return (
    <a href={href} onClick={follow} {...rest}>
      {children}
    </a>
  );
}
