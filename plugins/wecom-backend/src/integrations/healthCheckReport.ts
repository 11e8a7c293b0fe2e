import {
  WeComHealthCheck,
  WeComHealthCheckId,
} from 'backstage-plugin-wecom-common';

/** The title of each check, as the report shows it. */
export const TITLES: Record<WeComHealthCheckId, string> = {
  token: 'Access token (Corp ID and Secret)',
  visibility: 'App visibility (who can use the app)',
  basicApi: 'Basic API permission (read the app)',
  contactRead: 'Contact read permission (look users up)',
  callback: 'Callback URL configured and verified',
  bot: 'Smart bot (callback keys or long connection)',
  warRoomChat: 'Group chats for War Rooms (appchat)',
};

/** Adds a check to the report; `error` adds WeCom's hint or ours. */
export type AddHealthCheck = (
  id: WeComHealthCheckId,
  status: WeComHealthCheck['status'],
  message: string,
  error?: unknown,
  hint?: string,
) => void;
