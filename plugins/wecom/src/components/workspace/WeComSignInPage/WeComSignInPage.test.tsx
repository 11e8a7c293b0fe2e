import { screen, waitFor } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { WeComSignInPage } from './WeComSignInPage';

const refreshUrl = 'http://backstage/api/auth/wecom/refresh';
const logoutUrl = 'http://backstage/api/auth/wecom/logout';

// ProxiedSignInIdentity reads the expiry from the token's payload.
const token = ['header', btoa(JSON.stringify({ exp: 4102444800 })), 'sig'].join(
  '.',
);

function jsonResponse(body: unknown, status: number) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'content-type': 'application/json' },
  });
}

function renderSignIn(onSignInSuccess = jest.fn()) {
  renderInTestApp(
    <WeComSignInPage
      onSignInSuccess={onSignInSuccess}
      fallbackProviders={['guest']}
    />,
    {
      apis: [mockApis.discovery({ baseUrl: 'http://backstage' })],
      config: { app: { title: 'Test app' } },
    },
  );
  return onSignInSuccess;
}

describe('WeComSignInPage', () => {
  afterEach(() => {
    jest.restoreAllMocks();
  });

  it('signs a linked member in silently from the WeCom workspace', async () => {
    const fetchSpy = jest.spyOn(globalThis, 'fetch').mockResolvedValue(
      jsonResponse(
        {
          profile: { displayName: 'Zhang San' },
          backstageIdentity: {
            token,
            identity: {
              type: 'user',
              userEntityRef: 'user:default/zhangsan',
              ownershipEntityRefs: ['user:default/zhangsan'],
            },
          },
        },
        200,
      ),
    );
    const onSignInSuccess = renderSignIn();

    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    expect(fetchSpy).toHaveBeenCalledWith(
      refreshUrl,
      expect.objectContaining({ credentials: 'include' }),
    );
    const identity = onSignInSuccess.mock.calls[0][0];
    await expect(identity.getBackstageIdentity()).resolves.toMatchObject({
      userEntityRef: 'user:default/zhangsan',
    });
    expect(
      screen.queryByRole('button', { name: 'Enter' }),
    ).not.toBeInTheDocument();
  });

  it('forgets the WeCom identity on sign-out, so refresh does not sign the browser back in', async () => {
    const fetchSpy = jest
      .spyOn(globalThis, 'fetch')
      .mockImplementation(async (url: RequestInfo | URL) =>
        String(url).endsWith('/logout')
          ? new Response(null, { status: 200 })
          : jsonResponse(
              {
                profile: {},
                backstageIdentity: {
                  token,
                  identity: {
                    type: 'user',
                    userEntityRef: 'user:default/zhangsan',
                    ownershipEntityRefs: [],
                  },
                },
              },
              200,
            ),
      );
    const onSignInSuccess = renderSignIn();
    await waitFor(() => expect(onSignInSuccess).toHaveBeenCalledTimes(1));
    const identity = onSignInSuccess.mock.calls[0][0];
    expect(fetchSpy).not.toHaveBeenCalledWith(logoutUrl, expect.anything());

    await identity.signOut();

    expect(fetchSpy).toHaveBeenCalledWith(logoutUrl, {
      method: 'POST',
      credentials: 'include',
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    });
    // The rest of the identity still answers as before.
    await expect(identity.getBackstageIdentity()).resolves.toMatchObject({
      userEntityRef: 'user:default/zhangsan',
    });
  });

  it('falls back to the guest sign-in when the WeCom refresh fails', async () => {
    jest.spyOn(globalThis, 'fetch').mockResolvedValue(
      jsonResponse(
        {
          error: {
            name: 'AuthenticationError',
            message: 'No WeCom workspace identity',
          },
        },
        401,
      ),
    );
    const onSignInSuccess = renderSignIn();

    // The guest provider's card; "Enter" signs in without an account.
    expect(
      await screen.findByRole('button', { name: 'Enter' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Open the app from the WeCom workspace to sign in without a password once your account is linked.',
      ),
    ).toBeInTheDocument();
    expect(onSignInSuccess).not.toHaveBeenCalled();
  });

  describe('on the way back from WeCom (a sign-in ticket in the address)', () => {
    beforeEach(() => {
      window.history.pushState(
        {},
        '',
        '/wecom/workspace?ticket=t-1&integration=acme',
      );
    });
    afterEach(() => {
      window.history.pushState({}, '', '/');
    });

    it('says why WeCom did not sign the member in', async () => {
      jest.spyOn(globalThis, 'fetch').mockImplementation(async () =>
        jsonResponse(
          {
            error: {
              name: 'AuthenticationError',
              message:
                'Your WeCom account (zhangsan) is linked to user:default/zhangsan, which is not in the catalog; ask a Backstage admin to fix the link',
            },
            response: { statusCode: 401 },
          },
          401,
        ),
      );
      renderSignIn();

      expect(
        await screen.findByText('WeCom did not sign you in'),
      ).toBeInTheDocument();
      expect(
        screen.getByText(/which is not in the catalog; ask a Backstage admin/),
      ).toBeInTheDocument();
      // The other ways in stay.
      expect(screen.getByRole('button', { name: 'Enter' })).toBeInTheDocument();
    });

    it('says the sign-in failed and what to do when the backend cannot answer', async () => {
      jest.spyOn(globalThis, 'fetch').mockImplementation(async () =>
        jsonResponse(
          {
            error: {
              name: 'Error',
              message: 'WeCom could not be reached',
            },
            response: { statusCode: 502 },
          },
          502,
        ),
      );
      renderSignIn();

      expect(
        await screen.findByText('Signing in with WeCom failed'),
      ).toBeInTheDocument();
      expect(
        screen.getByText(/WeCom could not be reached/),
      ).toBeInTheDocument();
      expect(
        screen.getByText(
          /Try again; if it keeps failing, ask your Backstage admin/,
        ),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('button', { name: 'Try again' }),
      ).toBeInTheDocument();
    });
  });

  it('shows no failure to someone who did not come from WeCom', async () => {
    jest
      .spyOn(globalThis, 'fetch')
      .mockResolvedValue(
        jsonResponse(
          { error: { name: 'Error', message: 'Provider not configured' } },
          404,
        ),
      );
    renderSignIn();

    expect(
      await screen.findByRole('button', { name: 'Enter' }),
    ).toBeInTheDocument();
    expect(screen.queryByText('Signing in with WeCom failed')).toBeNull();
    expect(screen.queryByText(/Provider not configured/)).toBeNull();
  });
});
