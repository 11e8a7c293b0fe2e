import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import { responseError } from '../../../testing/responseError';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { wecomApiRef } from '../../../api';
import {
  acmeIntegration,
  acmeUrls,
  createMockWeComApi,
  failingReport,
  globexIntegration,
  globexUrls,
} from '../../../testing/fixtures';
import { WeComPage } from './WeComPage';

// The Linked Users tab is tested with its own panel; here it only matters
// which integrations the page hands to it.
jest.mock('../../linkedUsers/LinkedUsersPanel', () => ({
  LinkedUsersPanel: (props: { integrations: Array<{ name: string }> }) =>
    require('react').createElement(
      'p',
      null,
      `Linked users of ${props.integrations.map(i => i.name).join(', ')}`,
    ),
}));

jest.mock('../../cardTemplates/CardTemplatesPanel', () => ({
  CardTemplatesPanel: (props: { integrations: Array<{ name: string }> }) =>
    require('react').createElement(
      'p',
      null,
      `Card templates of ${props.integrations.map(i => i.name).join(', ')}`,
    ),
}));

// The on-call tabs are tested with their panels; here only that they open.
jest.mock('../../onCall/SchedulesPanel', () => ({
  SchedulesPanel: () => require('react').createElement('p', null, 'Schedules'),
}));

jest.mock('../../onCall/EscalationPoliciesPanel', () => ({
  EscalationPoliciesPanel: () =>
    require('react').createElement('p', null, 'Escalation policies'),
}));

/** Shows the router's location, to check what the tabs put in the URL. */
const LocationProbe = () => {
  const location = useLocation();
  return <output aria-label="location">{location.search}</output>;
};

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

    expect(screen.getByRole('tab', { name: 'Integrations' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
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

  it('opens the Linked Users tab from a link and keeps the tab in the URL', async () => {
    const api = createMockWeComApi();
    api.listIntegrations.mockResolvedValue([
      acmeIntegration,
      globexIntegration,
    ]);
    renderInTestApp(
      <>
        <WeComPage />
        <LocationProbe />
      </>,
      {
        apis: [[wecomApiRef, api]],
        initialRouteEntries: ['/wecom?tab=linked-users'],
      },
    );

    expect(
      await screen.findByText('Linked users of ACME corp, Globex'),
    ).toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'Linked Users' })).toHaveAttribute(
      'aria-selected',
      'true',
    );

    await userEvent.click(screen.getByRole('tab', { name: 'Integrations' }));
    expect(await findRow('ACME corp')).toBeInTheDocument();
    expect(screen.getByRole('status', { name: 'location' })).toHaveTextContent(
      /^$/,
    );

    await userEvent.click(screen.getByRole('tab', { name: 'Linked Users' }));
    expect(screen.getByRole('status', { name: 'location' })).toHaveTextContent(
      '?tab=linked-users',
    );
    expect(
      screen.getByText('Linked users of ACME corp, Globex'),
    ).toBeInTheDocument();
  });

  it('shows app-config integrations read-only and offers Edit and Delete for the others', async () => {
    const api = createMockWeComApi();
    api.listIntegrations.mockResolvedValue([
      acmeIntegration,
      globexIntegration,
    ]);
    renderPage(api);

    const acme = within(await findRow('ACME corp'));
    expect(
      acme.getByText('Defined in app-config.yaml; edit it there.'),
    ).toBeInTheDocument();
    expect(
      acme.queryByRole('button', { name: /^Edit/ }),
    ).not.toBeInTheDocument();
    expect(
      acme.queryByRole('button', { name: /^Delete/ }),
    ).not.toBeInTheDocument();
    expect(
      acme.getByRole('button', { name: 'Test connection' }),
    ).toBeInTheDocument();
    expect(
      within(
        screen.getByRole('region', { name: 'Setup of ACME corp' }),
      ).getByText('Defined in app-config.yaml; edit it there.'),
    ).toBeInTheDocument();

    const globex = within(await findRow('Globex'));
    expect(
      globex.getByRole('button', { name: 'Edit Globex' }),
    ).toBeInTheDocument();
    expect(
      globex.getByRole('button', { name: 'Delete Globex' }),
    ).toBeInTheDocument();
    expect(
      globex.queryByText('Defined in app-config.yaml; edit it there.'),
    ).not.toBeInTheDocument();
  });

  it('deletes an integration only after confirmation', async () => {
    const api = createMockWeComApi();
    api.listIntegrations
      .mockResolvedValueOnce([acmeIntegration, globexIntegration])
      .mockResolvedValue([acmeIntegration]);
    api.deleteIntegration.mockResolvedValue();
    renderPage(api);

    await userEvent.click(
      within(await findRow('Globex')).getByRole('button', {
        name: 'Delete Globex',
      }),
    );
    let dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Delete Globex?')).toBeInTheDocument();
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Cancel' }),
    );
    await waitFor(() =>
      expect(screen.queryByRole('dialog')).not.toBeInTheDocument(),
    );
    expect(api.deleteIntegration).not.toHaveBeenCalled();

    await userEvent.click(
      within(await findRow('Globex')).getByRole('button', {
        name: 'Delete Globex',
      }),
    );
    dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Delete' }),
    );

    expect(api.deleteIntegration).toHaveBeenCalledWith('globex');
    await waitFor(() =>
      expect(
        screen.queryByRole('rowheader', { name: /Globex/ }),
      ).not.toBeInTheDocument(),
    );
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('says why a delete failed and keeps the integration', async () => {
    const refusal = await responseError(409, 'Conflict', {
      name: 'ConflictError',
      message: 'Integration globex has open War Rooms',
    });
    const api = createMockWeComApi();
    api.listIntegrations.mockResolvedValue([globexIntegration]);
    api.deleteIntegration.mockRejectedValue(refusal);
    renderPage(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'Delete Globex' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Delete' }),
    );

    expect(
      await within(dialog).findByText(
        'Integration globex has open War Rooms (409 Conflict)',
      ),
    ).toBeInTheDocument();
    expect(api.listIntegrations).toHaveBeenCalledTimes(1);
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

  it('has a Card Templates tab for the integrations', async () => {
    const api = createMockWeComApi();
    api.listIntegrations.mockResolvedValue([
      acmeIntegration,
      globexIntegration,
    ]);
    renderPage(api);

    await userEvent.click(screen.getByRole('tab', { name: 'Card Templates' }));

    expect(
      await screen.findByText('Card templates of ACME corp, Globex'),
    ).toBeInTheDocument();
  });

  it('has the on-call tabs, which need no integration', async () => {
    const api = createMockWeComApi();
    api.listIntegrations.mockResolvedValue([]);
    renderPage(api);

    await userEvent.click(screen.getByRole('tab', { name: 'Schedules' }));
    expect(
      await screen.findByRole('tabpanel', { name: 'Schedules' }),
    ).toHaveTextContent('Schedules');
    await userEvent.click(
      screen.getByRole('tab', { name: 'Escalation policies' }),
    );
    expect(
      await screen.findByRole('tabpanel', { name: 'Escalation policies' }),
    ).toHaveTextContent('Escalation policies');
  });

  it("shows the signed-in user's WeCom card switch whatever the tab", async () => {
    const api = createMockWeComApi();
    api.listIntegrations.mockResolvedValue([acmeIntegration]);
    api.getMyPreferences.mockResolvedValue({ personalChannelEnabled: false });
    renderPage(api);

    const mine = await screen.findByRole('region', {
      name: 'My notifications',
    });
    const toggle = within(mine).getByRole('switch', {
      name: 'Send me WeCom alert cards',
    });
    await waitFor(() => expect(toggle).toBeEnabled());
    expect(toggle).not.toBeChecked();
  });
});
