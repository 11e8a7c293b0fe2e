import { DateTime } from 'luxon';
import { createTestDatabases } from '../../__testUtils__/databases';
import { applyMigrations } from '../../database/migrations';
import { chatKeyOf } from './ConversationLog';
import { DatabaseConversationLog } from './DatabaseConversationLog';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())(
  'DatabaseConversationLog on %p',
  id => {
    let knex: Awaited<ReturnType<typeof databases.init>>;
    let log: DatabaseConversationLog;

    beforeAll(async () => {
      knex = await databases.init(id);
      await applyMigrations(knex);
      log = new DatabaseConversationLog(knex);
    });
    beforeEach(() => knex('wecom_bot_messages').delete());
    afterAll(() => knex.destroy());

    const warRoom = { integrationId: 'acme', chatKey: 'group:wr1' };

    it('answers the latest lines of a chat, oldest first', async () => {
      for (let minute = 0; minute < 5; minute++) {
        await log.append({
          ...warRoom,
          incidentId: 'inc-1',
          at: `2026-11-25T10:0${minute}:00.000Z`,
          from: minute % 2 ? 'bot' : 'ZhangSan',
          text: `line ${minute}`,
        });
      }
      const recent = await log.recent('acme', 'group:wr1', 3);
      expect(recent.map(line => line.text)).toEqual([
        'line 2',
        'line 3',
        'line 4',
      ]);
      expect(recent[0]).toEqual({
        at: '2026-11-25T10:02:00.000Z',
        from: 'ZhangSan',
        text: 'line 2',
      });
    });

    it('keeps chats and incidents apart and remembers who is linked', async () => {
      await log.append({
        ...warRoom,
        incidentId: 'inc-1',
        at: '2026-11-25T10:00:00.000Z',
        from: 'LiSi',
        entityRef: 'user:default/lisi',
        text: 'root cause: the connection pool was exhausted',
      });
      await log.append({
        integrationId: 'acme',
        chatKey: chatKeyOf({ chatType: 'single', fromUserId: 'LiSi' }),
        at: '2026-11-25T10:01:00.000Z',
        from: 'LiSi',
        text: 'a private question',
      });
      await log.append({
        integrationId: 'other',
        chatKey: 'group:wr1',
        incidentId: 'inc-2',
        at: '2026-11-25T10:02:00.000Z',
        from: 'WangWu',
        text: 'another corp',
      });

      expect(await log.forIncident('inc-1')).toEqual([
        {
          at: '2026-11-25T10:00:00.000Z',
          from: 'LiSi',
          entityRef: 'user:default/lisi',
          text: 'root cause: the connection pool was exhausted',
        },
      ]);
      expect(
        (await log.recent('acme', 'single:LiSi', 10)).map(l => l.text),
      ).toEqual(['a private question']);
      expect(
        (await log.recent('acme', 'group:wr1', 10)).map(l => l.text),
      ).toEqual(['root cause: the connection pool was exhausted']);
    });

    it('cuts very long lines instead of refusing them', async () => {
      await log.append({
        ...warRoom,
        at: '2026-11-25T10:00:00.000Z',
        from: 'ZhangSan',
        text: 'x'.repeat(10_000),
      });
      const [line] = await log.recent('acme', 'group:wr1', 1);
      expect(line.text.length).toBe(4000);
    });

    it('keeps a line with characters PostgreSQL cannot store, without them', async () => {
      await log.append({
        ...warRoom,
        at: '2026-11-25T10:00:00.000Z',
        from: 'ZhangSan',
        text: 'disk\u0000full',
      });
      expect((await log.recent('acme', 'group:wr1', 5))[0].text).toBe(
        'diskfull',
      );
    });

    it('forgets chat lines after 30 days, and War Room lines after a year', async () => {
      const line = (at: string, incidentId?: string) =>
        log.append({
          integrationId: 'acme',
          chatKey: incidentId ? 'group:wr1' : 'single:ZhangSan',
          ...(incidentId ? { incidentId } : {}),
          at,
          from: 'ZhangSan',
          text: at,
        });
      await line('2026-01-01T00:00:00.000Z');
      await line('2026-11-20T00:00:00.000Z');
      await line('2025-11-01T00:00:00.000Z', 'inc-old');
      await line('2026-01-01T00:00:00.000Z', 'inc-1');

      expect(await log.prune(DateTime.fromISO('2026-12-01T00:00:00Z'))).toBe(2);
      expect(
        (await log.recent('acme', 'single:ZhangSan', 10)).map(l => l.text),
      ).toEqual(['2026-11-20T00:00:00.000Z']);
      expect(await log.forIncident('inc-old')).toEqual([]);
      expect(await log.forIncident('inc-1')).toHaveLength(1);
    });
  },
);

describe('chatKeyOf', () => {
  it('names group chats by chat id and single chats by the member', () => {
    expect(
      chatKeyOf({ chatType: 'group', chatId: 'wr1', fromUserId: 'LiSi' }),
    ).toBe('group:wr1');
    expect(chatKeyOf({ chatType: 'single', fromUserId: 'LiSi' })).toBe(
      'single:LiSi',
    );
  });
});
