import { LoggerService } from '@backstage/backend-plugin-api';
import { isWeComApiError } from '../connector';
import { WeComClientProvider } from '../integrations/WeComClientProvider';
import { WeComIntegration } from '../integrations/types';
import { WorkspaceLoginRefusal } from './WorkspaceLoginRefusal';

/** What the workspace login asks WeCom about members. */
interface Deps {
  clients: Pick<WeComClientProvider, 'forIntegration'>;
  logger: LoggerService;
}

/**
 * The userid of the member an OAuth code belongs to, in the integration's
 * own corp; a {@link WorkspaceLoginRefusal} otherwise.
 */
export async function memberOfLoginCode(
  deps: Deps,
  integration: WeComIntegration,
  code: string,
): Promise<string> {
  let info: { userid?: string; corpid?: string };
  try {
    const client = deps.clients.forIntegration(integration);
    info =
      integration.mode === 'thirdPartyApp'
        ? await client.getUserInfo3rd(code)
        : await client.getUserInfoByOAuthCode(code);
  } catch (error) {
    if (isWeComApiError(error)) {
      throw new WorkspaceLoginRefusal(
        400,
        `WeCom refused the sign-in code (errcode ${error.errcode}): it may have expired or been used already`,
      );
    }
    deps.logger.warn(
      `Workspace login of integration ${integration.id}: WeCom could not be asked who the member is`,
      error as Error,
    );
    throw new WorkspaceLoginRefusal(
      502,
      'WeCom could not be reached to confirm who you are. Try again in a moment; if it keeps failing, tell your Backstage admin',
    );
  }
  // A suite serves every corp that installed it: a code from a member of
  // another corp names a userid of that corp, which must never be taken
  // for the same userid here (page 91121 returns the member's corpid).
  if (
    integration.mode === 'thirdPartyApp' &&
    info.corpid !== integration.corpId
  ) {
    throw new WorkspaceLoginRefusal(
      400,
      'You are signed in to WeCom as a member of another organisation than this integration’s; open the app from the WeCom workspace of that organisation',
    );
  }
  if (!info.userid) {
    throw new WorkspaceLoginRefusal(
      400,
      'WeCom did not name a member of this organisation (are you signed in to WeCom as an external contact?)',
    );
  }
  return info.userid;
}

/**
 * The member's name for the confirmation, from `user/get` (读取成员,
 * document/path/90196). WeCom withholds fields from some apps and members
 * outside the app's visible range, so without it the userid does.
 */
export async function memberName(
  deps: Deps,
  integration: WeComIntegration,
  wecomUserId: string,
): Promise<string | undefined> {
  try {
    const user = await deps.clients
      .forIntegration(integration)
      .getUser(wecomUserId);
    return typeof user.name === 'string' && user.name ? user.name : undefined;
  } catch (error) {
    const why = isWeComApiError(error)
      ? `errcode ${error.errcode}`
      : 'WeCom unreachable';
    deps.logger.info(
      `Workspace login of integration ${integration.id}: could not read the name of member ${wecomUserId} (${why})`,
    );
    return undefined;
  }
}
