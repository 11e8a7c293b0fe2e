import {
  wecomIncidentUpdatePermission,
  wecomIntegrationManagePermission,
} from 'backstage-plugin-wecom-common';
import { errorMessage } from './errorMessage';
import { errorStatus } from './linkedUsersErrors';

/**
 * Why a status change was refused. A 409 is the backend's plain reason
 * ("The incident is closed; reopen it first"), a 403 names the permission to
 * ask for, anything else keeps the usual message.
 */
export function transitionErrorMessage(error: unknown): string {
  const status = errorStatus(error);
  if (status === 409) {
    const reason = (error as { cause?: { message?: string } }).cause?.message;
    if (reason && !reason.startsWith('Request failed with status')) {
      return reason;
    }
  }
  if (status === 403) {
    return `You need the ${wecomIncidentUpdatePermission.name} permission`;
  }
  return errorMessage(error);
}

/** Why a template change failed; a 403 names the permission to ask for. */
export function templateErrorMessage(error: unknown): string {
  if (errorStatus(error) === 403) {
    return `You need the ${wecomIntegrationManagePermission.name} permission`;
  }
  return errorMessage(error);
}
