import { screen } from '@testing-library/react';
import { createMockOnCallApi } from '../../testing/onCallFixtures';
import { renderOnCall } from './__testUtils__/renderOnCall';
import { EscalationPoliciesPanel } from './EscalationPoliciesPanel';
import { SchedulesPanel } from './SchedulesPanel';

// A file of its own: usePermission caches its answers per file (SWR).
describe('on-call without wecom.oncall.read', () => {
  it.each([
    ['Schedules', <SchedulesPanel />],
    ['Escalation policies', <EscalationPoliciesPanel />],
  ])('the %s tab says so instead of a table', async (_tab, element) => {
    renderOnCall(element, { api: createMockOnCallApi(), grants: [] });
    expect(
      await screen.findByText('You cannot see on-call here'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Ask an admin for the wecom.oncall.read permission/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).toBeNull();
  });
});
