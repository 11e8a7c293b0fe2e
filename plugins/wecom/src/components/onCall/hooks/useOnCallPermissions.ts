import { usePermission } from '@backstage/plugin-permission-react';
import {
  wecomEscalationPolicyManagePermission,
  wecomOnCallReadPermission,
  wecomScheduleManagePermission,
} from 'backstage-plugin-wecom-common';

/**
 * What the signed-in user may do with on-call. Controls are hidden while
 * the answer is pending, so nobody sees a button flash and vanish; the
 * backend checks every request again.
 */
export function useOnCallPermissions() {
  const read = usePermission({ permission: wecomOnCallReadPermission });
  const schedules = usePermission({
    permission: wecomScheduleManagePermission,
  });
  const policies = usePermission({
    permission: wecomEscalationPolicyManagePermission,
  });
  return {
    loading: read.loading,
    canRead: !read.loading && read.allowed,
    canManageSchedules: !schedules.loading && schedules.allowed,
    canManagePolicies: !policies.loading && policies.allowed,
  };
}
