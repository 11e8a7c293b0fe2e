/** Where the app and this plugin are, and whether members can be signed in. */
export interface AppLinkOptions {
  /** The app's base URL without a trailing slash. */
  appBaseUrl: string;
  /** This plugin's external base URL, e.g. `https://backstage.example.com/api/wecom`. */
  wecomBaseUrl: string;
  /** Whether the workspace login can sign members in (`wecom.secretsKey` is set). */
  workspaceLogin: boolean;
}

/**
 * A link to a page of the app that a member taps in WeCom: opened through
 * the sending integration's workspace sign-in (the App Homepage URL of
 * workspace/router.ts with `?redirect=`) so that a linked member is signed
 * in on the way and never sees a sign-in page.
 *
 * Without `wecom.secretsKey` nothing can be signed and the workspace login
 * refuses, so the page is linked directly (Backstage's own sign-in then
 * shows as it does for any link); so it is without an integration.
 */
export function appPageUrl(
  options: AppLinkOptions,
): (page: string, integrationId?: string) => string {
  const { appBaseUrl, wecomBaseUrl, workspaceLogin } = options;
  return (page, integrationId) => {
    if (!workspaceLogin || !integrationId) return `${appBaseUrl}${page}`;
    const login = new URL(
      `${wecomBaseUrl}/integrations/${encodeURIComponent(
        integrationId,
      )}/workspace`,
    );
    login.searchParams.set('redirect', page);
    return login.toString();
  };
}

/** The detail link of an incident card: the incident's page (see {@link appPageUrl}). */
export function incidentDetailUrl(
  options: AppLinkOptions,
): (incidentId: string, integrationId?: string) => string {
  const link = appPageUrl(options);
  // A path of the app, as the workspace login's redirect rule wants it
  // (workspace/redirectPath.ts): one leading slash, the id escaped.
  return (incidentId, integrationId) =>
    link(`/wecom/incidents/${encodeURIComponent(incidentId)}`, integrationId);
}

/** The link of a storm digest: the incident list (see {@link appPageUrl}). */
export function incidentListUrl(
  options: AppLinkOptions,
): (integrationId?: string) => string {
  const link = appPageUrl(options);
  return integrationId => link('/wecom/incidents', integrationId);
}
