import {
  WeComHealthCheck,
  WeComHealthCheckId,
  WeComHealthReport,
} from 'backstage-plugin-wecom-common';
import { LoggerService } from '@backstage/backend-plugin-api';
import { isError } from '@backstage/errors';
import { DateTime } from 'luxon';
import { WeComApiError } from '../connector';
import { appchatCheck } from './appchatHealthCheck';
import {
  BotConnectionLeases,
  botCheck,
  callbackCheck,
} from './callbackHealthChecks';
import { describe, fromWeCom, hintFor } from './healthCheckFailures';
import { AddHealthCheck, TITLES } from './healthCheckReport';
import { IntegrationState } from './IntegrationStateStore';
import { SuiteAuthorization } from './SuiteStore';
import { WeComIntegration } from './types';

/** The parts of the connector the health check needs. */
export interface HealthCheckClient {
  getAccessToken(): Promise<string>;
  getAgent(agentId?: number): Promise<{
    allow_userinfos?: { user: { userid: string }[] };
    allow_partys?: { partyid: number[] };
  }>;
  getUser(userid: string): Promise<unknown>;
  getUserIdByMobile(mobile: string): Promise<string>;
  getAppChat(chatid: string): Promise<unknown>;
}

// A number no one has: WeCom answers "no such user" (46004) when contact
// lookups are allowed, and 48002/60011 when they are not.
const PROBE_MOBILE = '10000000000';

export type { BotConnectionLeases } from './callbackHealthChecks';

/**
 * Tests each capability of the seed's permission list in order and says
 * which one is missing. Later steps are skipped once one they need fails.
 */
export async function runHealthCheck(
  integration: WeComIntegration,
  client: HealthCheckClient,
  state: IntegrationState,
  logger: LoggerService,
  botConnections: BotConnectionLeases,
  /** Third-party apps: the corp's authorization as the suite callbacks left it. */
  authorization?: SuiteAuthorization,
): Promise<WeComHealthReport> {
  const checks: WeComHealthCheck[] = [];
  const add: AddHealthCheck = (id, status, message, error, hint) => {
    if (error && !fromWeCom(error)) {
      logger.warn(
        `Connection test of integration ${integration.id}, ${TITLES[id]}: ${
          isError(error) ? error.message : String(error)
        }`,
      );
    }
    checks.push({
      id,
      title: TITLES[id],
      status,
      message,
      ...hintFor(error),
      ...(hint ? { hint } : {}),
    });
  };

  let tokenOk = false;
  try {
    await client.getAccessToken();
    tokenOk = true;
    add('token', 'ok', 'The backend obtained an access token');
  } catch (error) {
    add('token', 'failed', describe(error), error);
  }

  let sampleUser: string | undefined;
  let visibleDepartments: number[] | undefined;
  if (!tokenOk) {
    add('basicApi', 'skipped', 'Needs an access token');
    add('visibility', 'skipped', 'Needs an access token');
  } else if (integration.mode === 'customApp') {
    try {
      const agent = await client.getAgent(integration.agentId);
      add('basicApi', 'ok', `Read app ${integration.agentId}`);
      const users = agent.allow_userinfos?.user ?? [];
      const departments = agent.allow_partys?.partyid ?? [];
      visibleDepartments = departments;
      sampleUser = users[0]?.userid;
      if (users.length === 0 && departments.length === 0) {
        add(
          'visibility',
          'failed',
          'The app is visible to nobody',
          undefined,
          'In the WeCom admin console, open the app and set its Visible Range to the departments of your on-call engineers (the root department for War Rooms)',
        );
      } else {
        add(
          'visibility',
          'ok',
          `Visible to ${users.length} user(s) and ${departments.length} department(s)`,
        );
      }
    } catch (error) {
      add('basicApi', 'failed', describe(error), error);
      add('visibility', 'skipped', 'Needs the basic API permission');
    }
  } else {
    add(
      'basicApi',
      'ok',
      `The corp authorized app ${
        authorization?.agentId ?? '(no agent id)'
      }; its corp token works`,
    );
    const scope = authorization?.scope;
    const users = scope?.allowUser?.length ?? 0;
    const parties = scope?.allowParty?.length ?? 0;
    const tags = scope?.allowTag?.length ?? 0;
    // A third-party app reaches only members with an interface licence
    // (page 95652); the provider's licences cannot be read with the suite's
    // credentials, so the check says where a shortfall shows.
    add(
      'visibility',
      users + parties + tags > 0 ? 'ok' : 'failed',
      `Authorized for ${users} user(s), ${parties} department(s) and ${tags} tag(s)`,
      undefined,
      users + parties + tags > 0
        ? 'Each member also needs a WeCom interface licence (接口许可, a basic account 基础账号) for this app: cards to members without one show "No licence" on the incident. Buy accounts from the app provider and activate one per member'
        : "Ask the corp's admin to widen the app's visible range in the WeCom admin console (授权管理)",
    );
  }

  if (!tokenOk) {
    add('contactRead', 'skipped', 'Needs an access token');
  } else if (!sampleUser) {
    try {
      await client.getUserIdByMobile(PROBE_MOBILE);
      add('contactRead', 'ok', 'Looked a user up by mobile');
    } catch (error) {
      if (error instanceof WeComApiError && error.errcode === 46004) {
        add('contactRead', 'ok', 'Looked a user up by mobile');
      } else {
        add('contactRead', 'failed', describe(error), error);
      }
    }
  } else {
    try {
      await client.getUser(sampleUser);
      add('contactRead', 'ok', `Read the profile of ${sampleUser}`);
    } catch (error) {
      add('contactRead', 'failed', describe(error), error);
    }
  }

  checks.push(callbackCheck(integration, state));
  checks.push(await botCheck(integration, state, botConnections));
  if (!tokenOk) {
    add('warRoomChat', 'skipped', 'Needs an access token');
  } else if (integration.mode !== 'customApp') {
    // Pages 90245-90248 (权限说明): appchat is for self-built apps only.
    add(
      'warRoomChat',
      'skipped',
      'Only self-built (custom) apps may use group chats',
    );
  } else {
    await appchatCheck(integration, client, visibleDepartments, add);
  }
  const order: WeComHealthCheckId[] = [
    'token',
    'visibility',
    'basicApi',
    'contactRead',
    'callback',
    'bot',
    'warRoomChat',
  ];
  checks.sort((a, b) => order.indexOf(a.id) - order.indexOf(b.id));
  return {
    integrationId: integration.id,
    // 'unknown' does not fail the report: it says only that we cannot tell.
    ok: checks.every(c => c.status !== 'failed'),
    checkedAt: DateTime.utc().toISO()!,
    checks,
  };
}
