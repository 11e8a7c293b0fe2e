/**
 * The plugin id of the WeCom backend, as used in `/api/<pluginId>`.
 *
 * @public
 */
export const WECOM_PLUGIN_ID = 'wecom';

/**
 * Catalog annotations the plugin reads: `userId` and `mobile` on `User`
 * entities, `escalationPolicy` on components and groups.
 *
 * @public
 */
export const WECOM_ANNOTATIONS = {
  /** The user's WeCom userid; wins over any lookup. */
  userId: 'work.weixin.qq.com/userid',
  /** The user's mobile number, used by One-Click Link. */
  mobile: 'work.weixin.qq.com/mobile',
  /** The id of the escalation policy a component or group uses. */
  escalationPolicy: 'work.weixin.qq.com/escalation-policy',
} as const;

/**
 * WeCom's public API endpoint; a private deployment has its own.
 *
 * @public
 */
export const WECOM_PUBLIC_API_BASE_URL = 'https://qyapi.weixin.qq.com';
