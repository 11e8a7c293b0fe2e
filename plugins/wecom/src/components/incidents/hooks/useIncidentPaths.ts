import { useCallback } from 'react';
import { useRouteRef } from '@backstage/core-plugin-api';
import {
  incidentListRouteRef,
  incidentRouteRef,
  rootRouteRef,
} from '../../../routes';

/**
 * Where the incident pages and the Linked Users tab are, in whichever
 * frontend system the app runs: all hang below the WeCom page's route.
 */
export function useIncidentPaths() {
  const root = useRouteRef(rootRouteRef);
  const list = useRouteRef(incidentListRouteRef);
  const detail = useRouteRef(incidentRouteRef);
  return {
    list: list(),
    incident: useCallback(
      (incidentId: string) => detail({ incidentId }),
      [detail],
    ),
    linkedUsers: `${root()}?tab=linked-users`,
  };
}
