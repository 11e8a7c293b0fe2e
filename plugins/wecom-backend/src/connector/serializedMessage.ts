import * as schemas from './schemas';

function safeJsonParse(json: string): unknown {
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

/**
 * The recipients and agent of a `message/send` body serialised by the
 * caller; a TypeError when it is not one with a numeric `agentid`.
 */
export function parseSerializedMessage(json: string) {
  const parsed = schemas.serializedSendMessageSchema.safeParse(
    safeJsonParse(json),
  );
  if (!parsed.success) {
    throw new TypeError(
      'sendSerializedMessage needs the JSON of a message/send body with a numeric agentid',
    );
  }
  return parsed.data;
}
