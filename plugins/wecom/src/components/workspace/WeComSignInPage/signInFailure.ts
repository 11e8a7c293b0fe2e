import {
  errorMessage,
  errorStatus,
  isResponseError,
} from '../../shared/errorMessage';

/** What to tell a member whose WeCom sign-in did not work. */
export interface SignInFailure {
  title: string;
  message: string;
  /** Whether trying again may help (the backend, not the member, failed). */
  retry: boolean;
}

/**
 * True on WeCom's way back into the app: the workspace callback lands on
 * the app page with a one-time `ticket` and the `integration`.
 */
export function cameFromWeCom(search: string): boolean {
  const params = new URLSearchParams(search);
  return params.has('ticket') && params.has('integration');
}

/**
 * Why the silent WeCom sign-in failed, in words for the member; undefined
 * when they did not come from WeCom, where the other ways in are expected
 * and a WeCom error would only puzzle them.
 */
export function describeSignInFailure(
  error: unknown,
  search: string,
): SignInFailure | undefined {
  if (!error || !cameFromWeCom(search)) return undefined;
  if (errorStatus(error) === 401) {
    // The provider's refusals are written for the member: not linked yet,
    // linked to a user the catalog lacks, an expired WeCom sign-in.
    return {
      title: 'WeCom did not sign you in',
      message: refusalText(error),
      retry: false,
    };
  }
  return {
    title: 'Signing in with WeCom failed',
    message: `${errorMessage(
      error,
    )}. Try again; if it keeps failing, ask your Backstage admin. Meanwhile you can sign in another way below.`,
    retry: true,
  };
}

/** The provider's own sentence, without the HTTP status. */
function refusalText(error: unknown): string {
  const cause = isResponseError(error) ? error.cause?.message : undefined;
  if (!cause || cause.startsWith('Request failed with status')) {
    return 'Backstage did not accept your WeCom sign-in. Open the app from the WeCom workspace again.';
  }
  return cause;
}
