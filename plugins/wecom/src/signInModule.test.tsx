import { screen } from '@testing-library/react';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { wecomSignInModule } from './alpha';
import { wecomSignInPage } from './signInModule';

describe('wecomSignInModule', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('is a module of the app plugin, replacing its sign-in page', () => {
    expect(wecomSignInModule.$$type).toBe('@backstage/FrontendModule');
    expect(wecomSignInModule.pluginId).toBe('app');
    expect(String(wecomSignInPage)).toContain('sign-in-page');
  });

  it('tries the WeCom workspace sign-in, then offers the guest sign-in', async () => {
    const fetchSpy = jest
      .spyOn(globalThis, 'fetch')
      .mockResolvedValue(new Response('Unauthorized', { status: 401 }));
    const SignIn = createExtensionTester(wecomSignInPage).get(
      SignInPageBlueprint.dataRefs.component,
    );

    renderInTestApp(<SignIn onSignInSuccess={jest.fn()} />, {
      apis: [mockApis.discovery({ baseUrl: 'http://backstage' })],
      config: { app: { title: 'Test app' } },
    });

    expect(
      await screen.findByRole('button', { name: 'Enter' }),
    ).toBeInTheDocument();
    expect(fetchSpy).toHaveBeenCalledWith(
      'http://backstage/api/auth/wecom/refresh',
      expect.anything(),
    );
  });
});
