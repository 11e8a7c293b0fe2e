/**
 * The plugin id of the WeCom backend, as used in `/api/<pluginId>`.
 *
 * @public
 */
export const WECOM_PLUGIN_ID = 'wecom';

/**
 * Catalog annotations read from `User` entities.
 *
 * @public
 */
export const WECOM_ANNOTATIONS = {
  /** The user's WeCom userid; wins over any lookup. */
  userId: 'work.weixin.qq.com/userid',
  /** The user's mobile number, used by One-Click Link. */
  mobile: 'work.weixin.qq.com/mobile',
} as const;

/**
 * WeCom's public API endpoint; a private deployment has its own.
 *
 * @public
 */
export const WECOM_PUBLIC_API_BASE_URL = 'https://qyapi.weixin.qq.com';
