import { startTestBackend } from '@backstage/backend-test-utils';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import { scaffolderModuleWeCom } from './module';

describe('scaffolderModuleWeCom', () => {
  it('adds the wecom:war-room:create action to the scaffolder', async () => {
    const addActions = jest.fn();

    await startTestBackend({
      extensionPoints: [[scaffolderActionsExtensionPoint, { addActions }]],
      features: [scaffolderModuleWeCom],
    });

    expect(addActions).toHaveBeenCalledWith(
      expect.objectContaining({
        id: 'wecom:war-room:create',
        supportsDryRun: true,
      }),
    );
  });
});
