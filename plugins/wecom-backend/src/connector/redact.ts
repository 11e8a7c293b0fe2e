/** Query parameters that carry secrets or tokens in WeCom URLs. */
const SECRET_PARAMS = [
  'access_token',
  'suite_access_token',
  'provider_access_token',
  'corpsecret',
  // OAuth codes are single use, but still sign someone in until spent.
  'code',
];

const SECRET_PARAM_PATTERN = new RegExp(
  `((?:^|[^A-Za-z0-9_])(?:${SECRET_PARAMS.join('|')})=)[^&#\\s]*`,
  'gi',
);

/** A URL (or any text holding one) with every token and secret value masked. */
export function redactUrl(text: string): string {
  return text.replace(SECRET_PARAM_PATTERN, '$1[redacted]');
}

/**
 * `text` with every known secret value and secret-bearing URL parameter
 * masked. Used on anything from outside (WeCom's errmsg, transport errors)
 * before it reaches a log line or an error message.
 */
export function scrubSecrets(
  text: string,
  secrets: Iterable<string | undefined>,
): string {
  let result = redactUrl(text);
  for (const secret of secrets) {
    // Very short values would mask innocent text; real secrets are long.
    if (secret && secret.length >= 8) {
      result = result.split(secret).join('[redacted]');
    }
  }
  return result;
}
