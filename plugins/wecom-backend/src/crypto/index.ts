export { WeComCryptoError, WeComCryptoErrorCode } from './errors';
export type { WeComCryptoErrorCodeValue } from './errors';
export { WeComCrypto } from './WeComCrypto';
export type {
  WeComCryptoOptions,
  WeComDecrypted,
  WeComSignedMessage,
} from './WeComCrypto';
export { decryptMedia, encryptMedia } from './media';
export { parseXmlSafely, buildXml } from './xml';
export type { XmlFields, XmlValue } from './xml';
export {
  parseXmlEnvelope,
  buildXmlReply,
  parseJsonEnvelope,
  buildJsonReply,
  encryptXmlReply,
  encryptJsonReply,
} from './envelope';
export type { WeComXmlEnvelope, WeComJsonReply } from './envelope';
