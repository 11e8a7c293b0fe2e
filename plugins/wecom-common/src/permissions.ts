import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read integrations (never their secrets).
 *
 * @public
 */
export const wecomIntegrationReadPermission = createPermission({
  name: 'wecom.integration.read',
  attributes: { action: 'read' },
});

/**
 * Create, change, delete and test integrations.
 *
 * @public
 */
export const wecomIntegrationManagePermission = createPermission({
  name: 'wecom.integration.manage',
  attributes: { action: 'update' },
});

/**
 * List catalog users with their WeCom links.
 *
 * @public
 */
export const wecomLinkedUsersReadPermission = createPermission({
  name: 'wecom.linkedUsers.read',
  attributes: { action: 'read' },
});

/**
 * Run One-Click Link, link and unlink users (an admin action). Linking
 * oneself from the WeCom workspace needs no permission: the member proves
 * who they are through WeCom's OAuth2.
 *
 * @public
 */
export const wecomLinkedUsersManagePermission = createPermission({
  name: 'wecom.linkedUsers.manage',
  attributes: { action: 'update' },
});

/**
 * See incidents, their timelines and card deliveries.
 *
 * @public
 */
export const wecomIncidentReadPermission = createPermission({
  name: 'wecom.incident.read',
  attributes: { action: 'read' },
});

/**
 * Open incidents (the API and the Alertmanager webhook).
 *
 * @public
 */
export const wecomIncidentCreatePermission = createPermission({
  name: 'wecom.incident.create',
  attributes: { action: 'create' },
});

/**
 * Change an incident's status (start processing, close, snooze, reopen),
 * from Backstage or from a WeCom card.
 *
 * @public
 */
export const wecomIncidentUpdatePermission = createPermission({
  name: 'wecom.incident.update',
  attributes: { action: 'update' },
});

/**
 * Create, invite to and dismiss the War Room (WeCom group chat) of an
 * incident, from Backstage, the scaffolder action or an AI agent's action.
 * Reading a War Room needs {@link wecomIncidentReadPermission}, and so does
 * each change: the requester joins a group chat that shows the incident.
 *
 * @public
 */
export const wecomWarRoomManagePermission = createPermission({
  name: 'wecom.warRoom.manage',
  attributes: { action: 'update' },
});

/**
 * Generate, edit and post an incident's post-mortem (to its War Room),
 * together with {@link wecomIncidentReadPermission}: each of these answers
 * with the post-mortem, which reading needs that permission for.
 *
 * @public
 */
export const wecomPostmortemManagePermission = createPermission({
  name: 'wecom.postmortem.manage',
  attributes: { action: 'update' },
});

/**
 * See schedules, escalation policies and who is on call (`GET /oncall`,
 * `GET /schedules`, `GET /escalation-policies`). Members' names and WeCom
 * userids are shown, as on the incident pages.
 *
 * @public
 */
export const wecomOnCallReadPermission = createPermission({
  name: 'wecom.oncall.read',
  attributes: { action: 'read' },
});

/**
 * Create, change and delete schedules and any schedule's overrides. A
 * schedule's member may add or remove an override that puts themselves on
 * call without it ("I take Tuesday"), with {@link wecomOnCallReadPermission}.
 *
 * @public
 */
export const wecomScheduleManagePermission = createPermission({
  name: 'wecom.schedule.manage',
  attributes: { action: 'update' },
});

/**
 * Create, change and delete escalation policies.
 *
 * @public
 */
export const wecomEscalationPolicyManagePermission = createPermission({
  name: 'wecom.escalationPolicy.manage',
  attributes: { action: 'update' },
});

/**
 * Every permission of the WeCom plugin, for permission policies.
 *
 * @public
 */
export const wecomPermissions = [
  wecomIntegrationReadPermission,
  wecomIntegrationManagePermission,
  wecomLinkedUsersReadPermission,
  wecomLinkedUsersManagePermission,
  wecomIncidentReadPermission,
  wecomIncidentCreatePermission,
  wecomIncidentUpdatePermission,
  wecomWarRoomManagePermission,
  wecomPostmortemManagePermission,
  wecomOnCallReadPermission,
  wecomScheduleManagePermission,
  wecomEscalationPolicyManagePermission,
];
