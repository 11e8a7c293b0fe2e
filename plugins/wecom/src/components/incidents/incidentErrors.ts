import {
  wecomIncidentUpdatePermission,
  wecomIntegrationManagePermission,
  wecomWarRoomManagePermission,
} from 'backstage-plugin-wecom-common';
import { errorMessage, errorStatus } from '../shared/errorMessage';

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

/**
 * The backend's own words for a refusal (the message of its JSON error), or
 * undefined when the answer carried none.
 */
export function backendReason(error: unknown): string | undefined {
  if (errorStatus(error) === undefined) return undefined;
  const reason = (error as { cause?: { message?: string } }).cause?.message;
  return reason && !reason.startsWith('Request failed with status')
    ? reason
    : undefined;
}

/**
 * Why a War Room change failed, in the backend's own words: they say what to
 * do (turn War Room on for an integration, link the people listed, which
 * WeCom step failed and why). A 403 names the permission to ask for.
 */
export function warRoomErrorMessage(error: unknown): string {
  if (errorStatus(error) === 403) {
    return `You need the ${wecomWarRoomManagePermission.name} permission`;
  }
  return backendReason(error) ?? errorMessage(error);
}

/** Why the responders were not changed; a 403 names the permission. */
export function respondersErrorMessage(error: unknown): string {
  if (errorStatus(error) === 403) {
    return `You need the ${wecomIncidentUpdatePermission.name} permission`;
  }
  return backendReason(error) ?? errorMessage(error);
}
