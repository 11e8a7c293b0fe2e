import { screen, within } from '@testing-library/react';
import {
  createMockOnCallApi,
  srePolicy,
  srePrimary,
  srePrimaryWeek,
} from '../../testing/onCallFixtures';
import { renderOnCall } from './__testUtils__/renderOnCall';
import { EscalationPoliciesPanel } from './EscalationPoliciesPanel';
import { OverridesList } from './OverridesList';
import { SchedulesPanel } from './SchedulesPanel';

// usePermission caches answers for the whole file (SWR), so every test here
// holds the same grants: read only. Tests with every grant live beside the
// panels; the file without any grant is onCallNoAccess.test.tsx.
const grants = ['wecom.oncall.read' as const];

function mockApi() {
  const api = createMockOnCallApi();
  api.listSchedules.mockResolvedValue([srePrimary]);
  api.getScheduleTimeline.mockResolvedValue(srePrimaryWeek);
  api.listEscalationPolicies.mockResolvedValue([srePolicy]);
  return api;
}

async function findRow(name: string): Promise<HTMLElement> {
  const cell = await screen.findByRole('rowheader', { name: new RegExp(name) });
  return cell.closest('[role="row"]') as HTMLElement;
}

describe('on-call without manage permissions', () => {
  it('shows schedules and their timelines, without New, Edit or Delete', async () => {
    renderOnCall(<SchedulesPanel />, { api: mockApi(), grants });
    const row = within(await findRow('SRE primary'));
    expect(
      row.getByRole('button', { name: 'Timeline of SRE primary' }),
    ).toBeInTheDocument();
    expect(row.queryByRole('button', { name: 'Edit SRE primary' })).toBeNull();
    expect(
      row.queryByRole('button', { name: 'Delete SRE primary' }),
    ).toBeNull();
    expect(screen.queryByRole('button', { name: 'New schedule' })).toBeNull();
  });

  it('shows policies and the annotation, without New, Edit or Delete', async () => {
    renderOnCall(<EscalationPoliciesPanel />, { api: mockApi(), grants });
    const row = within(await findRow('SRE default'));
    expect(
      row.getByRole('button', { name: 'Copy the annotation for SRE default' }),
    ).toBeInTheDocument();
    expect(row.queryByRole('button', { name: 'Edit SRE default' })).toBeNull();
    expect(
      row.queryByRole('button', { name: 'Delete SRE default' }),
    ).toBeNull();
    expect(screen.queryByRole('button', { name: 'New policy' })).toBeNull();
  });

  it("offers to delete only one's own overrides", async () => {
    const schedule = {
      ...srePrimary,
      overrides: [
        ...srePrimary.overrides,
        {
          ...srePrimary.overrides[0],
          id: 'ovr-2',
          userEntityRef: 'user:default/zhangsan',
          start: '2026-12-10T09:00:00+08:00',
          end: '2026-12-11T09:00:00+08:00',
        },
      ],
    };
    const nameOf = (ref: string) =>
      ref === 'user:default/zhangsan' ? 'Zhang San' : 'Wang Wu';
    renderOnCall(
      <OverridesList
        schedule={schedule}
        me="user:default/zhangsan"
        canManage={false}
        nameOf={nameOf}
        onDeleted={jest.fn()}
      />,
      { api: mockApi(), grants },
    );
    expect(
      await screen.findByRole('button', {
        name: 'Delete the override of Zhang San',
      }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Delete the override of Wang Wu' }),
    ).toBeNull();
    expect(
      screen.getByText(/Wang Wu, Tue 8 Dec 09:00 – Wed 9 Dec 09:00/),
    ).toBeInTheDocument();
  });
});
