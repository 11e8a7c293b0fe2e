import { WeComIntegration } from '../integrations/types';
import { chooseIntegration } from './chooseIntegration';

const list = (...integrations: Array<[string, boolean?]>) => ({
  list: async () =>
    integrations.map(
      ([id, warRoom]) =>
        ({ id, warRoom: { enabled: Boolean(warRoom) } } as WeComIntegration),
    ),
});

describe('chooseIntegration', () => {
  it('takes the configured one, else the War Room one, else the only one', async () => {
    expect(await chooseIntegration(list(['a', true], ['b']), 'b')).toEqual({
      integrationId: 'b',
    });
    expect(
      await chooseIntegration(list(['a'], ['b', true]), undefined),
    ).toEqual({ integrationId: 'b' });
    expect(await chooseIntegration(list(['a']), undefined)).toEqual({
      integrationId: 'a',
    });
  });

  it('explains when there is no choice to make', async () => {
    expect(await chooseIntegration(list(), undefined)).toEqual({
      problem: 'no WeCom integration is set up',
    });
    expect(await chooseIntegration(list(['a'], ['b']), undefined)).toEqual({
      problem:
        'several WeCom integrations exist (a, b) and none is chosen: set wecom.notifications.integration',
    });
    expect(await chooseIntegration(list(['a']), 'x')).toEqual({
      problem:
        'wecom.notifications.integration names "x", which is not a WeCom integration',
    });
  });
});
