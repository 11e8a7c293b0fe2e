import { isError } from '@backstage/errors';
import { wecomLinkedUsersManagePermission } from 'backstage-plugin-wecom-common';
import { errorMessage } from '../shared/errorMessage';

/**
 * The HTTP status of a failed backend call (a `ResponseError`), or undefined
 * for any other error. Checked by shape, as `errorMessage` does, because two
 * bundled copies of @backstage/errors break `instanceof`.
 */
export function errorStatus(error: unknown): number | undefined {
  if (isError(error) && error.name === 'ResponseError') {
    const status = (error as { statusCode?: unknown }).statusCode;
    return typeof status === 'number' ? status : undefined;
  }
  return undefined;
}

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
