/**
 * The WeCom smart-bot SDK (`@wecom/aibot-node-sdk`, which brings axios and
 * ws), loaded when the first long connection opens: backends whose bots
 * answer over the callback URL never load it.
 */
export function aibotSdk(): typeof import('@wecom/aibot-node-sdk') {
  return require('@wecom/aibot-node-sdk');
}
