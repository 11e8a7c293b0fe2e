import { DateTime } from 'luxon';
import { createTestDatabases } from '../__testUtils__/databases';
import { applyMigrations } from '../database/migrations';
import { DatabaseLinkStore } from './DatabaseLinkStore';

jest.setTimeout(60_000);

const databases = createTestDatabases();

describe.each(databases.eachSupportedId())('DatabaseLinkStore on %p', id => {
  let store: DatabaseLinkStore;
  let knex: Awaited<ReturnType<typeof databases.init>>;

  beforeAll(async () => {
    knex = await databases.init(id);
    await applyMigrations(knex);
    store = new DatabaseLinkStore(knex);
  });
  beforeEach(() => knex('wecom_user_links').delete());
  afterAll(() => knex.destroy());

  const jdoe = {
    integrationId: 'acme',
    entityRef: 'user:default/jdoe',
    wecomUserId: 'JohnDoe',
    source: 'manual' as const,
    linkedBy: 'user:default/admin',
  };

  it('links a user and reads the link back with who made it and when', async () => {
    const linkedAt = DateTime.fromISO('2026-11-26T09:30:00.000Z', {
      zone: 'utc',
    });
    const outcome = await store.link({ ...jdoe, linkedAt });
    expect(outcome.status).toBe('linked');

    const stored = await store.get('acme', 'user:default/jdoe');
    expect(stored).toMatchObject({
      wecomUserId: 'JohnDoe',
      source: 'manual',
      linkedBy: 'user:default/admin',
    });
    expect(stored!.linkedAt.toISO()).toBe(linkedAt.toISO());
    expect(await store.findByMember('acme', 'JohnDoe')).toMatchObject({
      entityRef: 'user:default/jdoe',
    });
    // Links belong to one integration.
    expect(await store.get('globex', 'user:default/jdoe')).toBeUndefined();
  });

  it('reads the links of some users only, whatever the case of their refs, in one integration', async () => {
    await store.link(jdoe);
    await store.link({
      ...jdoe,
      entityRef: 'user:default/ZhangSan',
      wecomUserId: 'zhangsan',
    });
    await store.link({
      ...jdoe,
      entityRef: 'user:default/lisi',
      wecomUserId: 'lisi',
    });
    await store.link({ ...jdoe, integrationId: 'globex' });

    const found = await store.listByUsers('acme', [
      'user:default/jdoe',
      'user:default/zhangsan',
      'user:default/nobody',
    ]);
    expect(found.map(l => [l.integrationId, l.entityRef]).sort()).toEqual([
      ['acme', 'user:default/ZhangSan'],
      ['acme', 'user:default/jdoe'],
    ]);
    expect(await store.listByUsers('acme', [])).toEqual([]);
    // More refs than one statement may bind on SQLite.
    const many = Array.from({ length: 1200 }, (_, i) => `user:default/u${i}`);
    expect(
      await store.listByUsers('acme', [...many, 'user:default/lisi']),
    ).toEqual([expect.objectContaining({ wecomUserId: 'lisi' })]);
  });

  it('with keepExisting only adds: a user linked meanwhile keeps the link, also when two guesses race', async () => {
    await store.link({ ...jdoe, source: 'workspaceLogin' });
    const guess = {
      ...jdoe,
      wecomUserId: 'Mallory',
      source: 'oneClick' as const,
    };

    const outcome = await store.link(guess, { keepExisting: true });

    expect(outcome).toMatchObject({
      status: 'userLinked',
      link: { wecomUserId: 'JohnDoe', source: 'workspaceLogin' },
    });
    expect(await store.findByMember('acme', 'Mallory')).toBeUndefined();

    await store.unlink('acme', jdoe.entityRef);
    const raced = await Promise.all([
      store.link(guess, { keepExisting: true }),
      store.link({ ...guess, wecomUserId: 'JDoe2' }, { keepExisting: true }),
    ]);
    expect(raced.map(o => o.status).sort()).toEqual(['linked', 'userLinked']);
    expect(await store.list('acme')).toHaveLength(1);
  });

  it('treats userids that differ only in case as one member, as WeCom does', async () => {
    await store.link(jdoe);

    expect(
      await store.link({
        ...jdoe,
        entityRef: 'user:default/mallory',
        wecomUserId: 'johndoe',
      }),
    ).toEqual({ status: 'memberTaken', heldBy: 'user:default/jdoe' });
    expect(await store.findByMember('acme', 'JOHNDOE')).toMatchObject({
      entityRef: 'user:default/jdoe',
    });
  });

  it('relinks a user to another member, replacing the old link', async () => {
    await store.link(jdoe);
    await store.link({ ...jdoe, wecomUserId: 'JDoe2', source: 'oneClick' });

    expect(await store.list('acme')).toEqual([
      expect.objectContaining({ wecomUserId: 'JDoe2', source: 'oneClick' }),
    ]);
    expect(await store.findByMember('acme', 'JohnDoe')).toBeUndefined();
  });

  it('refuses a member already linked to another user and names the holder', async () => {
    await store.link(jdoe);
    const outcome = await store.link({
      ...jdoe,
      entityRef: 'user:default/impostor',
    });

    expect(outcome).toEqual({
      status: 'memberTaken',
      heldBy: 'user:default/jdoe',
    });
    expect(await store.get('acme', 'user:default/impostor')).toBeUndefined();
    // The same member in another integration is someone else.
    const other = await store.link({
      ...jdoe,
      integrationId: 'globex',
      entityRef: 'user:default/impostor',
    });
    expect(other.status).toBe('linked');
  });

  it('moves a member to the user who proved to be them with takeOver', async () => {
    await store.link(jdoe);
    const outcome = await store.link(
      {
        ...jdoe,
        entityRef: 'user:default/john',
        source: 'workspaceLogin',
        linkedBy: undefined,
      },
      { takeOver: true },
    );

    expect(outcome.status).toBe('linked');
    expect(await store.get('acme', 'user:default/jdoe')).toBeUndefined();
    expect(await store.findByMember('acme', 'JohnDoe')).toMatchObject({
      entityRef: 'user:default/john',
      source: 'workspaceLogin',
      linkedBy: undefined,
    });
  });

  it('lets exactly one of several users racing for one member win, the others told who holds it', async () => {
    // Races are timing-dependent: many rounds make a lost race likely.
    const links = store;
    for (let round = 0; round < 20; round++) {
      const member = `Member${round}`;
      const outcomes = await Promise.all(
        ['a', 'b', 'c', 'd'].map(name =>
          links.link({
            ...jdoe,
            entityRef: `user:default/${name}${round}`,
            wecomUserId: member,
          }),
        ),
      );

      const winner = (await links.findByMember('acme', member))!.entityRef;
      expect(outcomes.filter(o => o.status === 'linked')).toHaveLength(1);
      expect(outcomes.filter(o => o.status === 'memberTaken')).toEqual(
        Array(3).fill({ status: 'memberTaken', heldBy: winner }),
      );
    }
  });

  it('unlinks one user, says when there was nothing to unlink, and drops a deleted integration', async () => {
    await store.link(jdoe);
    await store.link({
      ...jdoe,
      entityRef: 'user:default/zhangsan',
      wecomUserId: 'ZhangSan',
    });
    await store.link({ ...jdoe, integrationId: 'globex' });

    expect(await store.unlink('acme', 'user:default/jdoe')).toBe(true);
    expect(await store.unlink('acme', 'user:default/jdoe')).toBe(false);
    expect((await store.list('acme')).map(l => l.entityRef)).toEqual([
      'user:default/zhangsan',
    ]);

    await store.deleteIntegration('acme');
    expect(await store.list('acme')).toEqual([]);
    expect(await store.list('globex')).toHaveLength(1);
  });
});
