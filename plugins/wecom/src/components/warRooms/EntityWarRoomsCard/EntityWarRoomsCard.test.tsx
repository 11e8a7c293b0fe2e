import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { WeComWarRoom } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';
import { createMockWeComApi } from '../../../testing/fixtures';
import { wecomMountedRoutes } from '../../../testing/routes';
import {
  earlierPaymentsWarRoom,
  paymentsWarRoom,
} from '../../../testing/warRoomFixtures';
import { EntityWarRoomsCard } from './EntityWarRoomsCard';

const paymentsApi: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'payments-api', namespace: 'default' },
  spec: { type: 'service', owner: 'group:default/payments-team' },
};

function renderCard(warRooms: WeComWarRoom[]) {
  const api = createMockWeComApi();
  api.listWarRooms.mockResolvedValue(warRooms);
  renderInTestApp(
    <EntityProvider entity={paymentsApi}>
      <EntityWarRoomsCard />
    </EntityProvider>,
    { apis: [[wecomApiRef, api]], mountedRoutes: wecomMountedRoutes },
  );
  return api;
}

function rowOf(table: HTMLElement, name: string): HTMLElement {
  const cell = within(table).getByRole('rowheader', { name });
  return cell.closest('[role="row"]') as HTMLElement;
}

describe('EntityWarRoomsCard', () => {
  it("lists the War Rooms of the entity's incidents, each leading to its incident", async () => {
    const api = renderCard([paymentsWarRoom, earlierPaymentsWarRoom]);

    const table = await screen.findByRole('grid', { name: 'War Rooms' });
    expect(api.listWarRooms).toHaveBeenCalledWith(
      expect.objectContaining({ entityRef: 'component:default/payments-api' }),
    );

    const current = within(rowOf(table, paymentsWarRoom.name));
    expect(
      current.getByRole('link', { name: paymentsWarRoom.name }),
    ).toHaveAttribute('href', `/wecom/incidents/${paymentsWarRoom.incidentId}`);
    expect(current.getByText('Active')).toBeInTheDocument();
    expect(current.getByText('2')).toBeInTheDocument();

    const earlier = within(rowOf(table, earlierPaymentsWarRoom.name));
    expect(earlier.getByText('Dismissed')).toBeInTheDocument();
    expect(earlier.getByText('1')).toBeInTheDocument();
  });

  it('says so when none of its incidents had a War Room', async () => {
    renderCard([]);

    expect(
      await screen.findByText(
        /No War Rooms yet for this component's incidents/,
      ),
    ).toBeInTheDocument();
  });
});
