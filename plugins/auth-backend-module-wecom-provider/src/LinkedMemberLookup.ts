import { AuthService, DiscoveryService } from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { WeComWorkspaceSignInResult } from './authenticator';

/**
 * Asks the WeCom backend (`GET /linked-users/resolve`, for services only)
 * which Backstage user a WeCom member is linked to.
 */
export class LinkedMemberLookup {
  constructor(
    private readonly options: {
      discovery: DiscoveryService;
      auth: AuthService;
      fetch?: typeof fetch;
    },
  ) {}

  /** The linked user's entity ref, or undefined when not linked. */
  async entityRefOf(
    member: WeComWorkspaceSignInResult,
  ): Promise<string | undefined> {
    const { discovery, auth } = this.options;
    const baseUrl = await discovery.getBaseUrl('wecom');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'wecom',
    });
    const query = new URLSearchParams({
      integration: member.integrationId,
      wecomUserId: member.wecomUserId,
    });
    const fetchFn = this.options.fetch ?? fetch;
    const response = await fetchFn(`${baseUrl}/linked-users/resolve?${query}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    if (response.status === 404) return undefined;
    if (!response.ok) throw await ResponseError.fromResponse(response);
    const body = await response.json();
    if (typeof body?.entityRef !== 'string' || !body.entityRef) {
      throw new Error(
        'The WeCom backend answered /linked-users/resolve without an entityRef',
      );
    }
    return body.entityRef;
  }
}
