/**
 * The detail link of an incident card: the incident's page, opened through
 * the integration's workspace sign-in (the App Homepage URL of
 * workspace/router.ts with `?redirect=`) so that a linked member who taps
 * the card in WeCom is signed in on the way and never sees a sign-in page.
 *
 * Without `wecom.secretsKey` nothing can be signed and the workspace login
 * refuses, so the card links the page directly (Backstage's own sign-in
 * then shows as it does for any link).
 */
export function incidentDetailUrl(options: {
  /** The app's base URL without a trailing slash. */
  appBaseUrl: string;
  /** This plugin's external base URL, e.g. `https://backstage.example.com/api/wecom`. */
  wecomBaseUrl: string;
  /** Whether the workspace login can sign members in (`wecom.secretsKey` is set). */
  workspaceLogin: boolean;
}): (incidentId: string, integrationId?: string) => string {
  const { appBaseUrl, wecomBaseUrl, workspaceLogin } = options;
  return (incidentId, integrationId) => {
    // A path of the app, as the workspace login's redirect rule wants it
    // (workspace/redirectPath.ts): one leading slash, the id escaped.
    const page = `/wecom/incidents/${encodeURIComponent(incidentId)}`;
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
