import { InMemoryIncidentProvider } from 'backstage-plugin-wecom-node/testUtils';
import { Knex } from 'knex';
import { DateTime } from 'luxon';
import {
  WeComApiError,
  WeComSendMessageResult,
  WeComUpdateTemplateCardRequest,
} from '../../../connector';
import { createRecordingLogger } from '../../../connector/__testUtils__/fakeWeCom';
import { applyMigrations } from '../../../database/migrations';
import { fakeLinkedUserAccess } from '../../../access/__testUtils__/fakeLinkedUserAccess';
import { DatabaseLinkStore } from '../../../linking/DatabaseLinkStore';
import { createCardDelivery } from '../createCardDelivery';
import { createFakeCardRenderer } from './fakeCardRenderer';

type Answer<T> = T | Error;

/** A WeCom API error as the connector throws it. */
export const apiError = (errcode: number, errmsg = 'refused') =>
  new WeComApiError({ errcode, errmsg, api: '/cgi-bin/message/send' });

/**
 * The delivery area with a scripted WeCom client and a clock the test
 * moves, for the cases the emulator cannot stage (errors, timing).
 */
export async function startScriptedHarness(
  knex: Knex,
  options: {
    agentId?: number;
    /** The permission policy for linked users; allow-all by default. */
    policy?: (entityRef: string, permission: string) => boolean;
    /** Backstage cannot act as linked users (no wecom sign-in provider). */
    unavailable?: boolean;
  } = {},
) {
  await applyMigrations(knex);
  let clock = DateTime.fromISO('2026-11-26T10:00:00Z', { zone: 'utc' });
  const now = () => clock;
  const sent: string[] = [];
  const updates: WeComUpdateTemplateCardRequest[] = [];
  const sendAnswers: Answer<WeComSendMessageResult>[] = [];
  const updateAnswers: Answer<{}>[] = [];
  /** Runs while an update is on the wire (one per update). */
  const duringUpdate: Array<() => Promise<unknown>> = [];
  const client = {
    async sendSerializedMessage(json: string) {
      sent.push(json);
      const answer = sendAnswers.shift();
      if (answer instanceof Error) throw answer;
      return (
        answer ?? {
          msgid: `msg-${sent.length}`,
          invaliduser: '',
          response_code: `send-code-${sent.length}`,
        }
      );
    },
    async updateTemplateCard(body: WeComUpdateTemplateCardRequest) {
      updates.push(body);
      await duringUpdate.shift()?.();
      const answer = updateAnswers.shift();
      if (answer instanceof Error) throw answer;
      return {};
    },
  };
  const { logger, lines } = createRecordingLogger();
  const provider = new InMemoryIncidentProvider({
    now: () => clock.toJSDate(),
  });
  const renderer = createFakeCardRenderer();
  const links = new DatabaseLinkStore(knex);
  const access = fakeLinkedUserAccess({
    links,
    policy: options.policy,
    unavailable: options.unavailable,
  });
  const targets = async (id: string) =>
    id === 'acme'
      ? { client, agentId: 'agentId' in options ? options.agentId : 1000002 }
      : undefined;
  const parts = await createCardDelivery({
    knex,
    provider,
    renderer,
    targets,
    access,
    logger,
    now,
    workerId: 'worker-1',
  });
  return {
    ...parts,
    knex,
    provider,
    renderer,
    links,
    access,
    sent,
    updates,
    sendAnswers,
    updateAnswers,
    duringUpdate,
    logger,
    logLines: lines,
    now,
    advance(duration: object) {
      clock = clock.plus(duration);
    },
  };
}

export type ScriptedHarness = Awaited<ReturnType<typeof startScriptedHarness>>;
