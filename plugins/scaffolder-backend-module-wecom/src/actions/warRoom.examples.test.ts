import { mockServices } from '@backstage/backend-test-utils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import yaml from 'yaml';
import { createWarRoomAction } from './warRoom';
import { examples } from './warRoom.examples';
import { FakeWeComBackend } from './fakeWeComBackend.test-helpers';

describe('wecom:war-room:create examples', () => {
  let backend: FakeWeComBackend;

  beforeAll(async () => {
    backend = await FakeWeComBackend.start();
  });
  afterAll(() => backend.stop());
  beforeEach(() => {
    backend.requests.length = 0;
  });

  it.each(examples.map(example => [example.description, example]))(
    '%s',
    async (_description, example) => {
      const step = yaml.parse(example.example).steps[0];
      const action = createWarRoomAction({
        discovery: backend.discovery,
        auth: mockServices.auth(),
      });
      expect(step.action).toBe(action.id);

      const ctx = createMockActionContext({ input: step.input });
      await action.handler(ctx);

      expect(backend.requests).toEqual([
        expect.objectContaining({
          method: 'POST',
          path: `/api/wecom/incidents/${step.input.incidentId}/war-room`,
          body: {
            ...(step.input.members && { members: step.input.members }),
            ...(step.input.name && { name: step.input.name }),
          },
        }),
      ]);
      expect(ctx.output).toHaveBeenCalledWith('status', 'active');
    },
  );
});
