/** The viewer pages' access answers, handed to the panel: 401 (sign in again) and 403 (turned off). */
import { useEffect } from 'react';

const ACCESS_STATUSES = [401, 403];

/**
 * Report a 401 or 403 in `error` to `onAccessError(status)` (once, after render).
 * @returns {boolean} true when the error is one of those, so the caller shows nothing of its own
 */
export function useAccessErrors(error, onAccessError) {
  const status = ACCESS_STATUSES.includes(error?.status) ? error.status : null;
  useEffect(() => {
    if (status) onAccessError(status);
  }, [status, onAccessError]);
  return status !== null;
}
