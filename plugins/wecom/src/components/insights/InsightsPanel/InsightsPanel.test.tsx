import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import type {
  WeComAnalytics,
  WeComOnCallApi,
} from 'backstage-plugin-wecom-common';
import { wecomOnCallApiRef } from '../../../api';
import { responseError } from '../../../testing/responseError';
import { InsightsPanel } from './InsightsPanel';

const PAYMENTS_TEAM = 'group:default/payments';

function analytics(overrides: Partial<WeComAnalytics> = {}): WeComAnalytics {
  const pagingHours = Array.from({ length: 7 }, () =>
    new Array<number>(24).fill(0),
  );
  pagingHours[0][3] = 2; // Monday 03:00
  return {
    from: '2026-11-08T00:00:00.000+08:00',
    to: '2026-12-08T00:00:00.000+08:00',
    timeZone: 'Asia/Shanghai',
    groupBy: 'team',
    summary: {
      incidentCount: 3,
      incidentsPerDay: [
        {
          date: '2026-12-01',
          total: 0,
          critical: 0,
          high: 0,
          warning: 0,
          info: 0,
        },
        {
          date: '2026-12-02',
          total: 3,
          critical: 2,
          high: 1,
          warning: 0,
          info: 0,
        },
      ],
      mtta: { count: 3, medianSeconds: 120, p90Seconds: 264 },
      mttr: { count: 2, medianSeconds: 5400, p90Seconds: 7020 },
      pageCount: 2,
      pagesPerPerson: [{ userEntityRef: 'user:default/jdoe', pages: 2 }],
      pagingHours,
    },
    groups: [
      {
        key: PAYMENTS_TEAM,
        incidentCount: 2,
        mtta: { count: 2, medianSeconds: 90, p90Seconds: 114 },
        mttr: { count: 2, medianSeconds: 5400, p90Seconds: 7020 },
        pageCount: 2,
      },
      {
        key: null,
        incidentCount: 1,
        mtta: { count: 0, medianSeconds: null, p90Seconds: null },
        mttr: { count: 0, medianSeconds: null, p90Seconds: null },
        pageCount: 0,
      },
    ],
    truncated: false,
    ...overrides,
  };
}

function emptyAnalytics(): WeComAnalytics {
  const empty = analytics();
  return {
    ...empty,
    summary: {
      ...empty.summary,
      incidentCount: 0,
      pageCount: 0,
      pagesPerPerson: [],
    },
    groups: [],
  };
}

function renderPanel(getAnalytics: jest.Mock) {
  const api = { getAnalytics } as unknown as WeComOnCallApi;
  const catalog = catalogApiMock({
    entities: [
      {
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'payments', title: 'Payments team' },
        spec: { type: 'team', children: [] },
      },
    ],
  });
  renderInTestApp(<InsightsPanel />, {
    apis: [
      [wecomOnCallApiRef, api],
      [catalogApiRef, catalog],
    ],
  });
}

const rowOf = (table: HTMLElement, header: string) =>
  within(table)
    .getByRole('rowheader', { name: header })
    .closest('[role="row"]') as HTMLElement;

describe('InsightsPanel', () => {
  it('shows the figures of the last 30 days by team, as tables beneath the charts', async () => {
    const getAnalytics = jest.fn().mockResolvedValue(analytics());
    renderPanel(getAnalytics);

    const perDay = await screen.findByRole('grid', {
      name: 'Incidents per day',
    });
    // Days without incidents stay out of the table.
    expect(within(perDay).queryByText('2026-12-01')).not.toBeInTheDocument();
    expect(
      within(rowOf(perDay, '2026-12-02'))
        .getAllByRole('gridcell')
        .map(c => c.textContent),
    ).toEqual(['2', '1', '0', '0', '3']);

    const mtta = screen.getByRole('grid', {
      name: 'Time to acknowledge (MTTA)',
    });
    expect(
      within(rowOf(mtta, 'payments'))
        .getAllByRole('gridcell')
        .map(c => c.textContent),
    ).toEqual(['2 min', '2 min', '2']);
    expect(
      within(rowOf(mtta, 'No owner'))
        .getAllByRole('gridcell')
        .map(c => c.textContent),
    ).toEqual(['—', '—', '0']);
    const mttr = screen.getByRole('grid', { name: 'Time to resolve (MTTR)' });
    expect(
      within(rowOf(mttr, 'payments'))
        .getAllByRole('gridcell')
        .map(c => c.textContent),
    ).toEqual(['1 h 30 min', '1 h 57 min', '2']);

    const pages = screen.getByRole('grid', { name: 'Pages per person' });
    expect(within(rowOf(pages, 'jdoe')).getByRole('gridcell').textContent).toBe(
      '2',
    );
    const hours = screen.getByRole('grid', {
      name: 'Pages by weekday and hour',
    });
    const monday = within(rowOf(hours, 'Monday')).getAllByRole('gridcell');
    expect(monday[3].textContent).toBe('2');
    expect(screen.getByText(/\(Asia\/Shanghai\)/)).toBeInTheDocument();

    // The charts draw too (jsdom has no layout: recharts uses its initial size).
    expect(
      document.querySelectorAll('.recharts-bar-rectangle').length,
    ).toBeGreaterThan(0);
    expect(document.querySelectorAll('[data-pages="2"]')).toHaveLength(1);

    const [query] = getAnalytics.mock.calls[0];
    expect(query).toMatchObject({ groupBy: 'team', key: undefined });
    expect(query.from).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('asks again for a window and for services', async () => {
    const user = userEvent.setup();
    // Empty answers: this test is about the questions, not the charts.
    const getAnalytics = jest.fn().mockResolvedValue(emptyAnalytics());
    renderPanel(getAnalytics);
    await screen.findByText(/^No incidents or pages/);

    await user.click(screen.getByRole('button', { name: '7 days' }));
    await waitFor(() => expect(getAnalytics).toHaveBeenCalledTimes(2));
    const { from, to } = getAnalytics.mock.calls[1][0];
    expect((Date.parse(to) - Date.parse(from)) / 86_400_000).toBeCloseTo(7, 0);

    await user.click(screen.getByRole('button', { name: 'Services' }));
    await waitFor(() =>
      expect(getAnalytics).toHaveBeenLastCalledWith(
        expect.objectContaining({ groupBy: 'service', key: undefined }),
      ),
    );
  });

  it('says so when there is nothing to show', async () => {
    renderPanel(jest.fn().mockResolvedValue(emptyAnalytics()));
    expect(
      await screen.findByText(
        'No incidents or pages for any team in the last 30 days',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('grid')).not.toBeInTheDocument();
  });

  it('says why the figures could not be loaded, and tries again', async () => {
    const user = userEvent.setup();
    const getAnalytics = jest
      .fn()
      .mockRejectedValueOnce(
        await responseError(403, 'Forbidden', {
          name: 'NotAllowedError',
          message: 'Missing permission wecom.incident.read',
        }),
      )
      .mockResolvedValue(analytics());
    renderPanel(getAnalytics);
    expect(
      await screen.findByText('Could not load the insights'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Missing permission wecom.incident.read/),
    ).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(
      await screen.findByRole('grid', { name: 'Incidents per day' }),
    ).toBeInTheDocument();
  });
});
