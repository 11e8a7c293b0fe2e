/**
 * Only paths inside the app: the target comes back from the backend, but a
 * link that leaves the app is never followed. Refused: anything not starting
 * with one `/` (`https://…`, `javascript:`, `%2F%2Fhost`), `//host`, any
 * backslash (browsers read `/\host` as `//host`) and control characters (the
 * URL parser drops tab, CR and LF, so `/<TAB>/host` would become `//host`).
 * The backend's `workspace/redirectPath.ts` applies the same rule.
 */
export function safeAppPath(redirectTo: string | undefined): string {
  if (
    !redirectTo ||
    !redirectTo.startsWith('/') ||
    redirectTo.startsWith('//') ||
    redirectTo.includes('\\') ||
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f]/.test(redirectTo)
  ) {
    return '/';
  }
  return redirectTo;
}
