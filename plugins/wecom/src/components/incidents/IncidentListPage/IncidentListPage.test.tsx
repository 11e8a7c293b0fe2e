import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { wecomApiRef } from '../../../api';
import { createMockWeComApi } from '../../../testing/fixtures';
import {
  incidentsPage,
  paymentsIncident,
  searchIncident,
} from '../../../testing/incidentFixtures';
import { responseError } from '../../../testing/responseError';
import { wecomMountedRoutes } from '../../../testing/routes';
import { IncidentListPage } from './IncidentListPage';

const LocationProbe = () => (
  <output data-testid="location">{useLocation().pathname}</output>
);

// By test id: the open dialog hides the rest of the page from the
// accessibility tree, and hidden elements have no accessible name.
const location = () => screen.getByTestId('location');

function renderList(api: ReturnType<typeof createMockWeComApi>) {
  renderInTestApp(
    <>
      <IncidentListPage />
      <LocationProbe />
    </>,
    {
      apis: [[wecomApiRef, api]],
      mountedRoutes: wecomMountedRoutes,
      initialRouteEntries: ['/wecom/incidents'],
    },
  );
}

function mockApi() {
  const api = createMockWeComApi();
  api.listIncidents.mockResolvedValue(incidentsPage());
  return api;
}

async function findRow(title: string): Promise<HTMLElement> {
  const cell = await screen.findByRole('rowheader', {
    name: new RegExp(`^${title}`),
  });
  return cell.closest('[role="row"]') as HTMLElement;
}

describe('IncidentListPage', () => {
  beforeEach(() => {
    jest.useFakeTimers({ advanceTimers: true });
    jest.setSystemTime(new Date('2026-11-26T09:42:00.000Z'));
  });
  afterEach(() => jest.useRealTimers());

  it('lists incidents with severity, status, entity and age, linking to each', async () => {
    const api = mockApi();
    renderList(api);

    const payments = within(await findRow(paymentsIncident.title));
    expect(
      payments.getByRole('link', { name: paymentsIncident.title }),
    ).toHaveAttribute('href', `/wecom/incidents/${paymentsIncident.id}`);
    expect(payments.getByText('Critical')).toBeInTheDocument();
    expect(payments.getByText('Triggered')).toBeInTheDocument();
    expect(
      payments.getByText('component:default/payments-api'),
    ).toBeInTheDocument();
    expect(payments.getByText('42 min')).toBeInTheDocument();

    const search = within(await findRow(searchIncident.title));
    expect(search.getByText('Warning')).toBeInTheDocument();
    expect(search.getByText('Processing')).toBeInTheDocument();
    expect(search.getByText('2 h')).toBeInTheDocument();
    expect(search.getByText('alertmanager')).toBeInTheDocument();

    expect(api.listIncidents).toHaveBeenCalledWith({
      status: undefined,
      severity: undefined,
      q: undefined,
      offset: 0,
      limit: 25,
    });
  });

  it('sends the status and severity filters and the search, from page 1', async () => {
    const api = mockApi();
    api.listIncidents.mockResolvedValue(incidentsPage({ totalCount: 60 }));
    renderList(api);
    await findRow(paymentsIncident.title);

    await userEvent.click(
      screen.getByRole('button', { name: 'Next table page' }),
    );
    await waitFor(() =>
      expect(api.listIncidents).toHaveBeenLastCalledWith(
        expect.objectContaining({ offset: 25 }),
      ),
    );

    const status = screen.getByRole('group', { name: 'Filter by status' });
    await userEvent.click(
      within(status).getByRole('button', { name: 'Triggered' }),
    );
    await userEvent.click(
      within(status).getByRole('button', { name: 'Processing' }),
    );
    const severity = screen.getByRole('group', { name: 'Filter by severity' });
    await userEvent.click(
      within(severity).getByRole('button', { name: 'Critical' }),
    );
    await waitFor(() =>
      expect(api.listIncidents).toHaveBeenLastCalledWith({
        status: ['triggered', 'processing'],
        severity: ['critical'],
        q: undefined,
        offset: 0,
        limit: 25,
      }),
    );
    expect(
      within(status).getByRole('button', { name: 'Triggered' }),
    ).toHaveAttribute('aria-pressed', 'true');

    // Pressing a filter again takes it off.
    await userEvent.click(
      within(status).getByRole('button', { name: 'Triggered' }),
    );
    await userEvent.type(
      screen.getByRole('searchbox', { name: 'Search incidents' }),
      ' payments ',
    );
    await waitFor(() =>
      expect(api.listIncidents).toHaveBeenLastCalledWith({
        status: ['processing'],
        severity: ['critical'],
        q: 'payments',
        offset: 0,
        limit: 25,
      }),
    );
  });

  it('says why the incidents could not be loaded', async () => {
    const api = createMockWeComApi();
    api.listIncidents.mockRejectedValue(
      await responseError(403, 'Forbidden', {
        name: 'NotAllowedError',
        message: 'Missing permission wecom.incident.read',
      }),
    );
    renderList(api);

    expect(
      await screen.findByText('Could not load the incidents'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Missing permission wecom.incident.read (403 Forbidden)',
      ),
    ).toBeInTheDocument();
  });

  it('creates an incident with full entity refs and opens its page', async () => {
    const api = mockApi();
    api.createIncident.mockResolvedValue(paymentsIncident);
    renderList(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'New incident' }),
    );
    const dialog = await screen.findByRole('dialog');
    const form = within(dialog);
    await userEvent.type(
      form.getByRole('textbox', { name: 'Title' }),
      '  Payments API error rate above 5% ',
    );
    await userEvent.click(form.getByRole('radio', { name: 'Critical' }));
    await userEvent.type(
      form.getByRole('textbox', { name: 'Description' }),
      'HTTP 5xx on payments-api',
    );
    await userEvent.type(
      form.getByRole('textbox', { name: 'Entity' }),
      'payments-api',
    );
    await userEvent.type(
      form.getByRole('textbox', { name: 'Responders' }),
      'group:default/payments-team, zhangsan',
    );
    await userEvent.click(form.getByRole('button', { name: 'Create' }));

    await waitFor(() =>
      expect(api.createIncident).toHaveBeenCalledWith({
        title: 'Payments API error rate above 5%',
        severity: 'critical',
        description: 'HTTP 5xx on payments-api',
        entityRef: 'component:default/payments-api',
        responders: ['group:default/payments-team', 'user:default/zhangsan'],
      }),
    );
    await waitFor(() =>
      expect(location()).toHaveTextContent(
        `/wecom/incidents/${paymentsIncident.id}`,
      ),
    );
  });

  it('sends only the title and severity when nothing else is given', async () => {
    const api = mockApi();
    api.createIncident.mockResolvedValue(paymentsIncident);
    renderList(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'New incident' }),
    );
    const form = within(await screen.findByRole('dialog'));
    await userEvent.type(form.getByRole('textbox', { name: 'Title' }), 'Down');
    await userEvent.click(form.getByRole('button', { name: 'Create' }));

    await waitFor(() =>
      expect(api.createIncident).toHaveBeenCalledWith({
        title: 'Down',
        severity: 'high',
      }),
    );
  });

  it('does not send a form without a title or with a responder that is not a user or group', async () => {
    const api = mockApi();
    renderList(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'New incident' }),
    );
    const form = within(await screen.findByRole('dialog'));
    await userEvent.type(
      form.getByRole('textbox', { name: 'Responders' }),
      'component:default/payments-api',
    );
    await userEvent.click(form.getByRole('button', { name: 'Create' }));

    expect(
      await form.findByText('Give the incident a title.'),
    ).toBeInTheDocument();
    expect(
      form.getByText(
        /"component:default\/payments-api" is not a user or group/,
      ),
    ).toBeInTheDocument();
    expect(api.createIncident).not.toHaveBeenCalled();
  });

  it('keeps the dialog open with the reason when the backend refuses', async () => {
    const api = mockApi();
    api.createIncident.mockRejectedValue(
      await responseError(400, 'Bad Request', {
        name: 'InputError',
        message: 'Unknown entity component:default/nope',
      }),
    );
    renderList(api);

    await userEvent.click(
      await screen.findByRole('button', { name: 'New incident' }),
    );
    const form = within(await screen.findByRole('dialog'));
    await userEvent.type(form.getByRole('textbox', { name: 'Title' }), 'Down');
    await userEvent.type(form.getByRole('textbox', { name: 'Entity' }), 'nope');
    await userEvent.click(form.getByRole('button', { name: 'Create' }));

    expect(
      await form.findByText(
        'Unknown entity component:default/nope (400 Bad Request)',
      ),
    ).toBeInTheDocument();
    expect(location()).toHaveTextContent(/^\/wecom\/incidents$/);
  });
});
