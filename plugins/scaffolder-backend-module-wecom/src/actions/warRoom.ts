import {
  AuthService,
  DiscoveryService,
  LoggerService,
  RootConfigService,
} from '@backstage/backend-plugin-api';
import { parseEntityRef } from '@backstage/catalog-model';
import { InputError, ResponseError } from '@backstage/errors';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  WECOM_PLUGIN_ID,
  WECOM_WAR_ROOM_STATUSES,
  WeComApiClient,
  WeComWarRoom,
  WeComWarRoomStatus,
} from 'backstage-plugin-wecom-common';
import { examples } from './warRoom.examples';

/** WeCom's limit on a group chat's name. */
const MAX_NAME_LENGTH = 50;

/** What the action outputs; a type alias so a checkpoint can store it as JSON. */
type WarRoomResult = {
  chatId: string;
  name: string;
  status: WeComWarRoomStatus;
  members: string[];
  notLinked: string[];
};

/**
 * Creates the `wecom:war-room:create` action: opens the WeCom group chat of
 * an incident through the WeCom backend, on behalf of the user who runs the
 * template (who needs the `wecom.warRoom.manage` and `wecom.incident.read`
 * permissions).
 *
 * @public
 */
export function createWarRoomAction(options: {
  discovery: DiscoveryService;
  auth: AuthService;
  /** Gives `app.baseUrl`, for the `warRoomUrl` output; without it there is none. */
  config?: RootConfigService;
}) {
  const { discovery, auth, config } = options;
  const appBaseUrl = config?.getOptionalString('app.baseUrl');

  return createTemplateAction({
    id: 'wecom:war-room:create',
    description:
      "Creates the WeCom group chat (War Room) of an incident with its responders, or answers the existing one. People without a linked WeCom member can't join and are listed in `notLinked`.",
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        incidentId: z =>
          z
            .string()
            .describe('The id of the WeCom incident the War Room is for'),
        members: z =>
          z
            .array(z.string())
            .optional()
            .describe(
              'Extra people on top of the responders: user or group entity refs, e.g. group:default/sre (groups bring in their members)',
            ),
        name: z =>
          z
            .string()
            .max(MAX_NAME_LENGTH)
            .optional()
            .describe(
              `The group's name instead of the one from wecom.warRoom.nameTemplate (at most ${MAX_NAME_LENGTH} characters)`,
            ),
      },
      output: {
        chatId: z => z.string().describe('The WeCom chat id of the group'),
        name: z => z.string().describe("The group's name"),
        status: z =>
          z
            .enum(WECOM_WAR_ROOM_STATUSES)
            .describe("The War Room's status: active once created"),
        members: z =>
          z
            .array(z.string())
            .describe('The user entity refs of the people in the group'),
        notLinked: z =>
          z
            .array(z.string())
            .describe(
              'User entity refs of responders and invitees left out because they have no linked WeCom member',
            ),
        warRoomUrl: z =>
          z
            .string()
            .optional()
            .describe(
              "The incident's page in Backstage, where the War Room is shown",
            ),
      },
    },
    async handler(ctx) {
      const incidentId = ctx.input.incidentId.trim();
      if (!incidentId) {
        throw new InputError('incidentId must not be empty');
      }
      const members = readMembers(ctx.input.members);
      const name = readName(ctx.input.name);

      let result: WarRoomResult;
      if (ctx.isDryRun) {
        ctx.logger.info(
          `Dry run: would create the War Room of incident ${incidentId}${
            members.length ? ` with ${members.join(', ')}` : ''
          }; WeCom was not called`,
        );
        result = dryRunResult(incidentId, members, name, ctx.user?.ref);
      } else {
        // A retried task answers the stored result instead of asking again.
        result = await ctx.checkpoint({
          key: `wecom-war-room-${incidentId}`,
          fn: async () => {
            const { token } = await auth.getPluginRequestToken({
              onBehalfOf: await ctx.getInitiatorCredentials(),
              targetPluginId: WECOM_PLUGIN_ID,
            });
            const { room, created } = await requestWarRoom(
              discovery,
              incidentId,
              { members, name },
              token,
            );
            const answer = toResult(room);
            logOutcome(ctx.logger, incidentId, answer, {
              created,
              extraMembers: members,
            });
            return answer;
          },
        });
      }

      ctx.output('chatId', result.chatId);
      ctx.output('name', result.name);
      ctx.output('status', result.status);
      ctx.output('members', result.members);
      ctx.output('notLinked', result.notLinked);
      if (appBaseUrl) {
        ctx.output('warRoomUrl', incidentPageUrl(appBaseUrl, incidentId));
      }
    },
  });
}

/** The incident page of the WeCom frontend plugin, where the War Room shows. */
function incidentPageUrl(appBaseUrl: string, incidentId: string): string {
  const base = appBaseUrl.replace(/\/+$/, '');
  return `${base}/wecom/incidents/${encodeURIComponent(incidentId)}`;
}

/** Trimmed, de-duplicated members; each must be a user or group entity ref. */
function readMembers(input: string[] | undefined): string[] {
  const refs = [...new Set((input ?? []).map(ref => ref.trim()))].filter(
    Boolean,
  );
  for (const ref of refs) {
    let kind: string;
    try {
      kind = parseEntityRef(ref).kind.toLocaleLowerCase('en-US');
    } catch {
      throw new InputError(
        `Member '${ref}' is not an entity ref; use e.g. user:default/zhangsan or group:default/sre`,
      );
    }
    if (kind !== 'user' && kind !== 'group') {
      throw new InputError(
        `Member '${ref}' is a ${kind}; only users and groups can join a War Room`,
      );
    }
  }
  return refs;
}

/** An empty name counts as none: templates pass unfilled optional fields on. */
function readName(input: string | undefined): string | undefined {
  const name = input?.trim();
  if (!name) return undefined;
  if (name.length > MAX_NAME_LENGTH) {
    throw new InputError(
      `name must be at most ${MAX_NAME_LENGTH} characters (WeCom's limit), got ${name.length}`,
    );
  }
  return name;
}

/**
 * `POST /incidents/:id/war-room`. The answer's body is the same whether the
 * War Room is new (201) or was already active (200), so the status is read
 * off the response to tell the two apart in the task log.
 */
async function requestWarRoom(
  discovery: DiscoveryService,
  incidentId: string,
  request: { members: string[]; name?: string },
  token: string,
): Promise<{ room: WeComWarRoom; created: boolean }> {
  let status: number | undefined;
  const client = new WeComApiClient({
    discoveryApi: discovery,
    fetchApi: {
      fetch: async (...args: Parameters<typeof fetch>) => {
        const response = await fetch(...args);
        status = response.status;
        return response;
      },
    },
  });
  try {
    const room = await client.createWarRoom(
      incidentId,
      {
        members: request.members.length ? request.members : undefined,
        name: request.name,
      },
      { token },
    );
    return { room, created: status === 201 };
  } catch (error) {
    throw toActionError(incidentId, error);
  }
}

/** The backend's own words, plus what the person running the task can do. */
function toActionError(incidentId: string, error: unknown): unknown {
  if (!(error instanceof ResponseError)) return error;
  const reason = (error.body?.error?.message || error.message).replace(
    /\.$/,
    '',
  );
  let hint = '';
  if (error.statusCode === 403) {
    hint =
      ' You need the wecom.warRoom.manage and wecom.incident.read permissions.';
  } else if (error.statusCode === 502) {
    // The backend keeps the steps still to do; a repeated request finishes them.
    hint = ' Run the task again to finish the War Room where it stopped.';
  }
  return new Error(
    `Could not create the War Room of incident ${incidentId}: ${reason}.${hint}`,
    { cause: error },
  );
}

function toResult(room: WeComWarRoom): WarRoomResult {
  return {
    chatId: room.chatId,
    name: room.name,
    status: room.status,
    members: room.members.map(member => member.entityRef),
    notLinked: room.unlinked,
  };
}

function logOutcome(
  logger: LoggerService,
  incidentId: string,
  result: WarRoomResult,
  outcome: { created: boolean; extraMembers: string[] },
) {
  const room = `War Room "${result.name}" (chat ${result.chatId})`;
  if (outcome.created) {
    logger.info(`Created ${room} for incident ${incidentId}`);
  } else {
    const invited = outcome.extraMembers.length
      ? `; invited ${outcome.extraMembers.join(', ')}`
      : '';
    logger.info(`Incident ${incidentId} already had ${room}${invited}`);
  }
  logger.info(`Members: ${result.members.join(', ') || 'none'}`);
  if (result.notLinked.length) {
    logger.warn(
      `Not in the group because they have no linked WeCom member: ${result.notLinked.join(
        ', ',
      )}. Link them in Settings → WeCom → Linked Users, then invite them.`,
    );
  }
}

/**
 * What a real run would roughly answer: the requester and the users given
 * (groups can't be expanded without asking the catalog).
 */
function dryRunResult(
  incidentId: string,
  members: string[],
  name: string | undefined,
  requesterRef: string | undefined,
): WarRoomResult {
  const users = members.filter(ref =>
    ref.toLocaleLowerCase('en-US').startsWith('user:'),
  );
  return {
    chatId: 'dry-run',
    name:
      name ?? `War Room of incident ${incidentId}`.slice(0, MAX_NAME_LENGTH),
    status: 'active',
    members: [...new Set([...(requesterRef ? [requesterRef] : []), ...users])],
    notLinked: [],
  };
}
