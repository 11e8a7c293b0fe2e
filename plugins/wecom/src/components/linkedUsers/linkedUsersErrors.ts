import { wecomLinkedUsersManagePermission } from 'backstage-plugin-wecom-common';
import { errorMessage, errorStatus } from '../shared/errorMessage';

/**
 * Why a Linked Users change failed. A 403 names the permission to ask for;
 * anything else keeps the backend's own reason (a 400 or 409 says what was
 * wrong with the userid or which user already has it).
 */
export function linkChangeErrorMessage(error: unknown): string {
  if (errorStatus(error) === 403) {
    return `You need the ${wecomLinkedUsersManagePermission.name} permission`;
  }
  return errorMessage(error);
}
