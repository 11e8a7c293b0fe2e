/**
 * The WeCom incident integration backend plugin for Backstage: the WeCom
 * connector, the callback crypto, the HTTP routes and their store.
 *
 * @packageDocumentation
 */
export { wecomPlugin as default } from './plugin';
export {
  WeComCrypto,
  WeComCryptoError,
  WeComCryptoErrorCode,
  decryptMedia,
  encryptMedia,
  parseXmlSafely,
  parseXmlEnvelope,
  buildXmlReply,
  parseJsonEnvelope,
  buildJsonReply,
  encryptXmlReply,
  encryptJsonReply,
} from './crypto';
export type {
  WeComCryptoOptions,
  WeComDecrypted,
  WeComSignedMessage,
  WeComXmlEnvelope,
  WeComJsonReply,
} from './crypto';
export {
  WeComClient,
  WeComApiError,
  WeComNetworkError,
  isWeComApiError,
} from './connector';
export type { WeComClientOptions, WeComAppCredentials } from './connector';
