import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { wecomApiRef } from '../../../api';
import { createMockWeComApi } from '../../../testing/fixtures';
import {
  paymentsIncident,
  searchIncident,
} from '../../../testing/incidentFixtures';
import { wecomMountedRoutes } from '../../../testing/routes';
import { Content } from './index';

function renderCard(items = [paymentsIncident, searchIncident], total = 2) {
  const api = createMockWeComApi();
  api.listIncidents.mockResolvedValue({
    items,
    totalCount: total,
    offset: 0,
    limit: 10,
  });
  renderInTestApp(<Content />, {
    apis: [[wecomApiRef, api]],
    mountedRoutes: wecomMountedRoutes,
  });
  return api;
}

describe('My open incidents', () => {
  it('lists the open incidents the signed-in user responds to', async () => {
    const api = renderCard();

    const list = await screen.findByRole('list', { name: 'My open incidents' });
    expect(api.listIncidents).toHaveBeenCalledWith({
      responder: 'me',
      status: ['triggered', 'processing'],
      limit: 10,
    });
    expect(
      within(list).getByRole('link', { name: paymentsIncident.title }),
    ).toHaveAttribute('href', `/wecom/incidents/${paymentsIncident.id}`);
    expect(within(list).getByText('Critical')).toBeInTheDocument();
    expect(within(list).getByText('Processing')).toBeInTheDocument();
    expect(
      within(list).getByText(/^payments-api · open for \d+ d$/),
    ).toBeInTheDocument();
  });

  it('counts the incidents beyond the first page and leads to the list', async () => {
    renderCard([paymentsIncident], 13);

    expect(
      await screen.findByRole('link', { name: '12 more in Incidents' }),
    ).toHaveAttribute('href', '/wecom/incidents');
  });

  it('says so when nothing is open for the user', async () => {
    renderCard([], 0);

    expect(
      await screen.findByText('No open incidents for you.'),
    ).toBeInTheDocument();
  });
});
