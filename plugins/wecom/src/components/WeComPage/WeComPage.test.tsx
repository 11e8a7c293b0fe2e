import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { wecomApiRef } from '../../api';
import {
  acmeIntegration,
  acmeUrls,
  createMockWeComApi,
  failingReport,
  globexIntegration,
  globexUrls,
} from '../../testing/fixtures';
import { WeComPage } from './WeComPage';

function renderPage(api = createMockWeComApi()) {
  renderInTestApp(<WeComPage />, { apis: [[wecomApiRef, api]] });
  return api;
}

async function findRow(name: string): Promise<HTMLElement> {
  const cell = await screen.findByRole('rowheader', {
    name: new RegExp(name),
  });
  return cell.closest('[role="row"]') as HTMLElement;
}

describe('WeComPage', () => {
  it('lists the integrations from the API', async () => {
    const api = createMockWeComApi();
    api.listIntegrations.mockResolvedValue([
      acmeIntegration,
      globexIntegration,
    ]);
    renderPage(api);

    expect(
      screen.getByRole('heading', { name: 'Integrations' }),
    ).toBeInTheDocument();
    const acme = within(await findRow('ACME corp'));
    expect(acme.getByText('acme')).toBeInTheDocument();
    expect(acme.getByText('Custom app')).toBeInTheDocument();
    expect(acme.getByText('ww0123456789abcdef')).toBeInTheDocument();
    expect(acme.getByText('AgentId 1000002')).toBeInTheDocument();
    expect(acme.getByText('Config')).toBeInTheDocument();
    expect(acme.getByText('On')).toBeInTheDocument();

    const globex = within(await findRow('Globex'));
    expect(globex.getByText('Third-party app')).toBeInTheDocument();
    expect(globex.getByText('Private deployment')).toBeInTheDocument();
    expect(globex.getByText('Database')).toBeInTheDocument();
    expect(globex.getByText('Off')).toBeInTheDocument();
    expect(globex.getByText('Suite wwsuite42')).toBeInTheDocument();
  });

  it('shows each secret as set or not set', async () => {
    const api = createMockWeComApi();
    api.listIntegrations.mockResolvedValue([
      acmeIntegration,
      globexIntegration,
    ]);
    renderPage(api);

    const secrets = await screen.findByRole('list', {
      name: 'Secrets of Globex',
    });
    const lines = within(secrets)
      .getAllByRole('listitem')
      .map(item => item.textContent);
    expect(lines).toEqual([
      'Secret: not set',
      'Callback Token: set',
      'Callback EncodingAESKey: not set',
      'Bot Token: not set',
      'Bot EncodingAESKey: not set',
    ]);
  });

  it('shows the setup URLs of the selected integration with copy buttons', async () => {
    const api = createMockWeComApi();
    api.listIntegrations.mockResolvedValue([
      acmeIntegration,
      globexIntegration,
    ]);
    renderPage(api);

    const acmeSetup = await screen.findByRole('region', {
      name: 'Setup of ACME corp',
    });
    expect(
      within(acmeSetup).getByText(acmeUrls.callbackUrl),
    ).toBeInTheDocument();
    expect(
      within(acmeSetup).getByText(acmeUrls.botCallbackUrl),
    ).toBeInTheDocument();
    expect(
      within(acmeSetup).getByText(acmeUrls.homepageUrl),
    ).toBeInTheDocument();
    expect(
      within(acmeSetup).getByText(acmeUrls.trustedDomain),
    ).toBeInTheDocument();
    for (const label of [
      'Copy Callback URL',
      'Copy Bot callback URL',
      'Copy App Homepage URL',
      'Copy Trusted domain',
    ]) {
      expect(
        within(acmeSetup).getByRole('button', { name: label }),
      ).toBeInTheDocument();
    }

    await userEvent.click(within(await findRow('Globex')).getByText('Globex'));

    const globexSetup = await screen.findByRole('region', {
      name: 'Setup of Globex',
    });
    expect(
      within(globexSetup).getByText(globexUrls.callbackUrl),
    ).toBeInTheDocument();
    expect(
      within(globexSetup).getByText(
        'Private deployment: WeCom API at https://wecom.globex.internal',
      ),
    ).toBeInTheDocument();
  });

  it('leaves out the setup URLs the backend does not send', async () => {
    const api = createMockWeComApi();
    api.listIntegrations.mockResolvedValue([
      {
        ...acmeIntegration,
        urls: {
          callbackUrl: acmeUrls.callbackUrl,
          botCallbackUrl: acmeUrls.botCallbackUrl,
        },
      },
    ]);
    renderPage(api);

    const setup = await screen.findByRole('region', {
      name: 'Setup of ACME corp',
    });
    expect(
      within(setup).getByRole('button', { name: 'Copy Callback URL' }),
    ).toBeInTheDocument();
    expect(
      within(setup).queryByRole('button', { name: 'Copy App Homepage URL' }),
    ).not.toBeInTheDocument();
  });

  it('tests the connection and shows failed checks with their hints', async () => {
    const api = createMockWeComApi();
    api.listIntegrations.mockResolvedValue([
      acmeIntegration,
      globexIntegration,
    ]);
    api.testIntegration.mockResolvedValue(failingReport);
    renderPage(api);

    const row = within(await findRow('ACME corp'));
    await userEvent.click(row.getByRole('button', { name: 'Test connection' }));

    expect(api.testIntegration).toHaveBeenCalledWith('acme');
    expect(await screen.findByText('1 of 3 checks failed')).toBeInTheDocument();

    const checks = screen.getByRole('list', { name: 'Health checks' });
    const failed = within(checks).getByRole('listitem', { name: 'Basic API' });
    expect(within(failed).getByText('Failed')).toBeInTheDocument();
    expect(
      within(failed).getByText(
        "How to fix: Add the backend's egress IP to the app's trusted IPs.",
      ),
    ).toBeInTheDocument();
    expect(within(failed).getByText(/WeCom errcode 60020/)).toBeInTheDocument();

    const ok = within(checks).getByRole('listitem', { name: 'Access token' });
    expect(within(ok).getByText('OK')).toBeInTheDocument();
    expect(within(ok).queryByText(/How to fix/)).not.toBeInTheDocument();

    const skipped = within(checks).getByRole('listitem', { name: 'Callback' });
    expect(within(skipped).getByText('Skipped')).toBeInTheDocument();
  });

  it('tells when all checks passed', async () => {
    const api = createMockWeComApi();
    api.listIntegrations.mockResolvedValue([acmeIntegration]);
    api.testIntegration.mockResolvedValue({
      ...failingReport,
      ok: true,
      checks: [failingReport.checks[0]],
    });
    renderPage(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Test connection' }),
    );

    expect(await screen.findByText('All checks passed')).toBeInTheDocument();
  });

  it('shows why a connection test could not run', async () => {
    const api = createMockWeComApi();
    api.listIntegrations.mockResolvedValue([acmeIntegration]);
    api.testIntegration.mockRejectedValue(
      await responseError(403, 'Forbidden', {
        name: 'NotAllowedError',
        message: 'Missing permission wecom.integration.manage',
      }),
    );
    renderPage(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Test connection' }),
    );

    expect(
      await screen.findByText('The connection test could not run'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Missing permission wecom.integration.manage (403 Forbidden)',
      ),
    ).toBeInTheDocument();
  });

  it('shows a clear message when the integrations cannot be loaded', async () => {
    const api = createMockWeComApi();
    api.listIntegrations.mockRejectedValue(
      await responseError(503, 'Service Unavailable', {
        name: 'ServiceUnavailableError',
        message: 'The WeCom backend is starting',
      }),
    );
    renderPage(api);

    expect(
      await screen.findByText('Could not load the WeCom integrations'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'The WeCom backend is starting (503 Service Unavailable)',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('grid')).not.toBeInTheDocument();
  });

  it('explains what to do when there is no integration', async () => {
    const api = createMockWeComApi();
    api.listIntegrations.mockResolvedValue([]);
    renderPage(api);

    expect(
      await screen.findByText(/No WeCom integration yet/),
    ).toBeInTheDocument();
  });

  it('shows progress while the integrations load', async () => {
    const api = createMockWeComApi();
    api.listIntegrations.mockReturnValue(new Promise(() => {}));
    renderPage(api);

    await waitFor(() =>
      expect(
        screen.getByRole('progressbar', {
          name: 'Loading the WeCom integrations',
        }),
      ).toBeInTheDocument(),
    );
  });
});

/** A `ResponseError` as the backend's error handler produces it. */
function responseError(
  status: number,
  statusText: string,
  error: { name: string; message: string },
): Promise<ResponseError> {
  return ResponseError.fromResponse(
    new Response(JSON.stringify({ error, response: { statusCode: status } }), {
      status,
      statusText,
      headers: { 'content-type': 'application/json' },
    }),
  );
}
