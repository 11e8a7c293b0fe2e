import { ReactNode } from 'react';
import { Alert, Skeleton } from '@backstage/ui';
import { errorStatus } from '../../shared/errorMessage';
import { LoadFailure } from '../../shared/LoadFailure';
import { NO_ONCALL_READ_ACCESS } from '../onCallErrors';

/** Props of {@link OnCallReadGate}. */
export interface OnCallReadGateProps {
  /** The permission answer: pending, then allowed or not. */
  permission: { loading: boolean; canRead: boolean };
  /** The list's load; a 403 reads as the permission message too. */
  load: { loading: boolean; error?: unknown; retry: () => void };
  what: string;
  children: ReactNode;
}

const NoAccess = () => (
  <Alert
    status="info"
    title="You cannot see on-call here"
    description={NO_ONCALL_READ_ACCESS}
  />
);

/**
 * The on-call tabs need `wecom.oncall.read`: without it (asked up front, or
 * refused by the backend with 403) they say so plainly instead of a table.
 */
export const OnCallReadGate = (props: OnCallReadGateProps) => {
  const { permission, load } = props;
  if (permission.loading) return <Skeleton height={120} />;
  if (!permission.canRead || errorStatus(load.error) === 403) {
    return <NoAccess />;
  }
  if (load.error) {
    return (
      <LoadFailure what={props.what} error={load.error} onRetry={load.retry} />
    );
  }
  return <>{props.children}</>;
};
