import { WorkspaceLoginRefusal } from './WorkspaceLoginRefusal';

/** Where the app opens after a workspace login without `?redirect=`. */
export const DEFAULT_WORKSPACE_REDIRECT = '/wecom';

const MAX_LENGTH = 512;

/**
 * Reads `?redirect=` of the App Homepage URL. Only a path inside the app is
 * accepted — one leading `/`, no `//host` or `/\host` (browsers read both
 * as another site) and no control characters — so the login can never
 * send a member off-site.
 */
export function readRedirectPath(value: unknown): string {
  if (value === undefined || value === '') return DEFAULT_WORKSPACE_REDIRECT;
  if (
    typeof value !== 'string' ||
    value.length > MAX_LENGTH ||
    !value.startsWith('/') ||
    value.startsWith('//') ||
    value.includes('\\') ||
    // eslint-disable-next-line no-control-regex
    /[\u0000-\u001f\u007f]/.test(value)
  ) {
    throw new WorkspaceLoginRefusal(
      400,
      `The App Homepage URL has an invalid redirect: it must be a path inside Backstage that starts with a single "/" (e.g. ${DEFAULT_WORKSPACE_REDIRECT}), at most ${MAX_LENGTH} characters`,
    );
  }
  return value;
}
