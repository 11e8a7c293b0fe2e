import { screen, within } from '@testing-library/react';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { wecomOnCallApiRef } from '../../../api';
import {
  createMockOnCallApi,
  zhangsanShifts,
} from '../../../testing/cardFixtures';
import { Content } from './index';

function renderCard(shifts = zhangsanShifts) {
  const onCall = createMockOnCallApi();
  onCall.listShifts.mockResolvedValue(shifts);
  renderInTestApp(<Content />, {
    apis: [
      [wecomOnCallApiRef, onCall],
      mockApis.identity({ userEntityRef: 'user:default/zhangsan' }),
    ],
  });
  return onCall;
}

describe('My next on-call shifts', () => {
  it("lists the signed-in user's shifts, soonest first, with schedule and team", async () => {
    const onCall = renderCard([...zhangsanShifts].reverse());

    const list = await screen.findByRole('list', {
      name: 'My next on-call shifts',
    });
    expect(onCall.listShifts).toHaveBeenCalledWith({
      userEntityRef: 'user:default/zhangsan',
      days: 30,
    });
    const [first, second] = within(list).getAllByRole('listitem');
    expect(within(first).getByText('Payments primary')).toBeInTheDocument();
    expect(
      within(first).getByRole('link', { name: 'payments-team' }),
    ).toHaveAttribute('href', '/catalog/default/group/payments-team');
    expect(within(second).getByText('Search secondary')).toBeInTheDocument();
  });

  it('marks the shift going on now', async () => {
    const start = new Date(Date.now() - 3_600_000).toISOString();
    const end = new Date(Date.now() + 3_600_000).toISOString();
    renderCard([{ ...zhangsanShifts[0], start, end }]);

    expect(await screen.findByText('Now')).toBeInTheDocument();
  });

  it('says so when the user has no shifts ahead', async () => {
    renderCard([]);

    expect(
      await screen.findByText('No on-call shifts for you in the next 30 days.'),
    ).toBeInTheDocument();
  });
});
