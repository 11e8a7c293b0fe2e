import { useCallback, useState } from 'react';
import { useApi } from '@backstage/core-plugin-api';
import type { WeComHealthReport } from 'backstage-plugin-wecom-common';
import { wecomApiRef } from '../../../api';

/** Where the connection test of one integration stands. */
export type ConnectionTestState =
  | { status: 'running' }
  | { status: 'done'; report: WeComHealthReport }
  | { status: 'error'; error: Error };

/**
 * Runs "Test connection" per integration and remembers the latest outcome of
 * each, so switching between integrations keeps their reports.
 */
export function useConnectionTests(): {
  tests: Readonly<Record<string, ConnectionTestState>>;
  runTest: (integrationId: string) => Promise<void>;
} {
  const api = useApi(wecomApiRef);
  const [tests, setTests] = useState<Record<string, ConnectionTestState>>({});

  const runTest = useCallback(
    async (integrationId: string) => {
      const settle = (state: ConnectionTestState) =>
        setTests(current => ({ ...current, [integrationId]: state }));
      settle({ status: 'running' });
      try {
        settle({
          status: 'done',
          report: await api.testIntegration(integrationId),
        });
      } catch (error) {
        settle({ status: 'error', error: error as Error });
      }
    },
    [api],
  );

  return { tests, runTest };
}
