import { render, screen } from '@testing-library/react';
import App from './App';

describe('App', () => {
  it('tries the WeCom workspace sign-in, then offers the guest sign-in', async () => {
    process.env = {
      NODE_ENV: 'test',
      APP_CONFIG: [
        {
          data: {
            app: { title: 'Test', baseUrl: 'http://localhost:3000' },
            backend: { baseUrl: 'http://localhost:7007' },
          },
          context: 'test',
        },
      ] as any,
    };

    // Outside the WeCom workspace the auth backend's `wecom` proxy provider
    // finds no workspace identity and answers 401.
    const fetchSpy = jest.spyOn(globalThis, 'fetch').mockResolvedValue(
      new Response(
        JSON.stringify({
          error: { name: 'AuthenticationError', message: 'No WeCom identity' },
        }),
        { status: 401, headers: { 'content-type': 'application/json' } },
      ),
    );

    render(App.createRoot());

    // The guest provider's card; "Enter" signs in without an account.
    expect(
      await screen.findByRole('button', { name: 'Enter' }),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Open the app from the WeCom workspace/),
    ).toBeInTheDocument();
    expect(fetchSpy).toHaveBeenCalledWith(
      'http://localhost:7007/api/auth/wecom/refresh',
      expect.objectContaining({ credentials: 'include' }),
    );
    fetchSpy.mockRestore();
  });
});
