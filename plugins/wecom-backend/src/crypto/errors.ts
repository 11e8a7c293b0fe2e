/**
 * The error codes of WeCom's official WXBizMsgCrypt samples, so that logs and
 * support conversations can use the numbers WeCom's documentation uses.
 *
 * @public
 */
export const WeComCryptoErrorCode = {
  ValidateSignatureError: -40001,
  ParseXmlError: -40002,
  ComputeSignatureError: -40003,
  IllegalAesKey: -40004,
  ValidateCorpidError: -40005,
  EncryptAESError: -40006,
  DecryptAESError: -40007,
  IllegalBuffer: -40008,
  EncodeBase64Error: -40009,
  DecodeBase64Error: -40010,
  GenReturnXmlError: -40011,
} as const;

/**
 * One of the values of {@link WeComCryptoErrorCode}.
 *
 * @public
 */
export type WeComCryptoErrorCodeValue =
  (typeof WeComCryptoErrorCode)[keyof typeof WeComCryptoErrorCode];

/**
 * A failure of the WeCom callback crypto.
 *
 * @remarks
 * The message is a fixed human reason: it never contains the token, the
 * EncodingAESKey, the ciphertext or any decrypted text, so it is safe to log
 * and to answer with.
 *
 * @public
 */
export class WeComCryptoError extends Error {
  override readonly name = 'WeComCryptoError';

  constructor(readonly code: WeComCryptoErrorCodeValue, message: string) {
    super(message);
  }
}
