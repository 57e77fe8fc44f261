/** A link to another state of the app: a real href (new tab, copy link work), no reload on a plain click. */
import { followLink, keepOnly, useUrlParams, withParams } from '../hooks/useUrlState.js';

/**
 * @param {{to: Record<string, any>, keep?: string[]|null, children: import('react').ReactNode} &
 *   import('react').AnchorHTMLAttributes<HTMLAnchorElement>} props `keep`: the only keys of the current
 *   URL the link keeps (`[]`: only what `to` says; null: all of them)
 */
export function Link({ to, keep = null, children, onClick, ...rest }) {
  const params = useUrlParams();
  const href = withParams(to, keep ? keepOnly(params, keep) : params);
  const follow = (event) => {
    onClick?.(event);
    followLink(event, to, keep);
  };
  return (
    <a href={href} onClick={follow} {...rest}>
      {children}
    </a>
  );
}
