import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createWarRoomAction } from './warRoom';
import { FakeWeComBackend, warRoom } from './fakeWeComBackend.test-helpers';

describe('wecom:war-room:create', () => {
  let backend: FakeWeComBackend;

  beforeAll(async () => {
    backend = await FakeWeComBackend.start();
  });
  afterAll(() => backend.stop());
  beforeEach(() => {
    backend.requests.length = 0;
    backend.answer = { status: 201, body: warRoom() };
  });

  function createAction() {
    return createWarRoomAction({
      discovery: backend.discovery,
      auth: mockServices.auth(),
      config: mockServices.rootConfig({
        data: { app: { baseUrl: 'https://backstage.example.com/' } },
      }),
    });
  }

  function createContext(input: {
    incidentId: string;
    members?: string[];
    name?: string;
  }) {
    const logger = mockServices.logger.mock();
    const ctx = createMockActionContext({ input, logger });
    return { ctx, logger };
  }

  it('creates the War Room on behalf of the user and outputs it', async () => {
    const { ctx, logger } = createContext({
      incidentId: 'inc-1',
      members: ['group:default/sre', ' user:default/lisi '],
      name: 'Checkout outage',
    });

    await createAction().handler(ctx);

    expect(backend.requests).toEqual([
      {
        method: 'POST',
        path: '/api/wecom/incidents/inc-1/war-room',
        authorization: `Bearer ${mockCredentials.service.token({
          onBehalfOf: mockCredentials.user(),
          targetPluginId: 'wecom',
        })}`,
        body: {
          members: ['group:default/sre', 'user:default/lisi'],
          name: 'Checkout outage',
        },
      },
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'chatId',
      'wr0123456789abcdef0123456789abcd',
    );
    expect(ctx.output).toHaveBeenCalledWith(
      'name',
      '[CRITICAL] #INC1 Checkout is down',
    );
    expect(ctx.output).toHaveBeenCalledWith('status', 'active');
    expect(ctx.output).toHaveBeenCalledWith('members', [
      'user:default/mock',
      'user:default/zhangsan',
    ]);
    expect(ctx.output).toHaveBeenCalledWith('notLinked', []);
    expect(ctx.output).toHaveBeenCalledWith(
      'warRoomUrl',
      'https://backstage.example.com/wecom/incidents/inc-1',
    );
    expect(logger.info).toHaveBeenCalledWith(
      expect.stringContaining('Created War Room "[CRITICAL] #INC1 Checkout'),
    );
  });

  it('says when the War Room already existed', async () => {
    backend.answer = { status: 200, body: warRoom() };
    const { ctx, logger } = createContext({
      incidentId: 'inc-1',
      members: ['user:default/lisi'],
    });

    await createAction().handler(ctx);

    expect(logger.info).toHaveBeenCalledWith(
      expect.stringMatching(
        /^Incident inc-1 already had War Room .*; invited user:default\/lisi$/,
      ),
    );
  });

  it('surfaces the people left out because they are not linked', async () => {
    backend.answer = {
      status: 201,
      body: warRoom({ unlinked: ['user:default/newhire'] }),
    };
    const { ctx, logger } = createContext({ incidentId: 'inc-1' });

    await createAction().handler(ctx);

    expect(ctx.output).toHaveBeenCalledWith('notLinked', [
      'user:default/newhire',
    ]);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining(
        'no linked WeCom member: user:default/newhire. Link them in Settings → WeCom → Linked Users',
      ),
    );
  });

  it('makes no request in a dry run and outputs a plausible War Room', async () => {
    const { ctx } = createContext({
      incidentId: 'inc-1',
      members: ['group:default/sre', 'user:default/lisi'],
    });

    await createAction().handler({
      ...ctx,
      isDryRun: true,
      user: { ref: 'user:default/mock' },
    });

    expect(backend.requests).toEqual([]);
    expect(ctx.output).toHaveBeenCalledWith('status', 'active');
    expect(ctx.output).toHaveBeenCalledWith('members', [
      'user:default/mock',
      'user:default/lisi',
    ]);
    expect(ctx.output).toHaveBeenCalledWith(
      'warRoomUrl',
      'https://backstage.example.com/wecom/incidents/inc-1',
    );
  });

  it("turns the backend's refusal into an error with its message", async () => {
    backend.failWith(
      409,
      'ConflictError',
      'Fewer than 2 people are linked to WeCom; not linked: user:default/newhire. Link them in Settings → WeCom → Linked Users',
    );
    const { ctx } = createContext({ incidentId: 'inc-1' });

    await expect(createAction().handler(ctx)).rejects.toThrow(
      'Could not create the War Room of incident inc-1: Fewer than 2 people are linked to WeCom; not linked: user:default/newhire. Link them in Settings → WeCom → Linked Users.',
    );
  });

  it('names the permission needed when the user may not create War Rooms', async () => {
    backend.failWith(403, 'NotAllowedError', 'Unauthorized');
    const { ctx } = createContext({ incidentId: 'inc-1' });

    await expect(createAction().handler(ctx)).rejects.toThrow(
      'Could not create the War Room of incident inc-1: Unauthorized. You need the wecom.warRoom.manage and wecom.incident.read permissions.',
    );
  });

  it('suggests running the task again when creation stopped part-way', async () => {
    backend.failWith(
      502,
      'WeComApiError',
      'postSummary failed: WeCom errcode 86220',
    );
    const { ctx } = createContext({ incidentId: 'inc-1' });

    await expect(createAction().handler(ctx)).rejects.toThrow(
      /Run the task again to finish the War Room where it stopped\.$/,
    );
  });

  it('reuses the checkpoint of an earlier attempt instead of asking again', async () => {
    // Stands in for the task's stored checkpoints, which survive a retry.
    const stored = new Map<string, unknown>();
    const keys: string[] = [];
    const checkpoint = (async (options: {
      key: string;
      fn: () => Promise<unknown>;
    }) => {
      keys.push(options.key);
      if (!stored.has(options.key)) stored.set(options.key, await options.fn());
      return stored.get(options.key);
    }) as ReturnType<typeof createMockActionContext>['checkpoint'];
    const action = createAction();

    const first = createContext({ incidentId: 'inc-1' }).ctx;
    await action.handler({ ...first, checkpoint });
    const retry = createContext({ incidentId: 'inc-1' }).ctx;
    await action.handler({ ...retry, checkpoint });

    expect(backend.requests).toHaveLength(1);
    expect(keys).toEqual(['wecom-war-room-inc-1', 'wecom-war-room-inc-1']);
    expect(retry.output).toHaveBeenCalledWith(
      'chatId',
      'wr0123456789abcdef0123456789abcd',
    );
  });

  it.each([
    [{ incidentId: '  ' }, 'incidentId must not be empty'],
    [
      { incidentId: 'inc-1', members: ['zhangsan'] },
      "Member 'zhangsan' is not an entity ref",
    ],
    [
      { incidentId: 'inc-1', members: ['component:default/payments'] },
      "Member 'component:default/payments' is a component; only users and groups",
    ],
    [{ incidentId: 'inc-1', name: 'x'.repeat(51) }, 'at most 50 characters'],
  ])('rejects bad input %j before calling WeCom', async (input, message) => {
    const { ctx } = createContext(input);

    await expect(createAction().handler(ctx)).rejects.toThrow(message);
    expect(backend.requests).toEqual([]);
  });

  it('treats an empty name as none', async () => {
    const { ctx } = createContext({ incidentId: 'inc-1', name: ' ' });

    await createAction().handler(ctx);

    expect(backend.requests[0].body).toEqual({});
  });

  it('outputs no warRoomUrl without app.baseUrl', async () => {
    const action = createWarRoomAction({
      discovery: backend.discovery,
      auth: mockServices.auth(),
    });
    const { ctx } = createContext({ incidentId: 'inc-1' });

    await action.handler(ctx);

    expect(ctx.output).not.toHaveBeenCalledWith(
      'warRoomUrl',
      expect.anything(),
    );
  });
});
