import {
  WeComIntegration,
  botCallbackKeys,
  CallbackKeys,
} from '../integrations/types';
import { CallbackRefusal, RefusalAnswer } from './refusals';

/** Which of an integration's two callback URLs a request came to. */
export type CallbackKind = 'callback' | 'bot';

/**
 * The Token and EncodingAESKey a callback URL of `integration` is signed
 * and encrypted with, and the receiveId its messages carry; a 404 with the
 * reason when that URL is not in use.
 */
export function callbackKeysOf(
  integration: WeComIntegration,
  kind: CallbackKind,
): { keys: CallbackKeys; receiveId: string } {
  const { id } = integration;
  if (kind === 'bot' && integration.bot?.mode === 'longConnection') {
    throw new CallbackRefusal(
      404,
      `Integration "${id}" reaches its smart bot over the long connection; its bot callback URL is not used`,
    );
  }
  const keys =
    kind === 'callback' ? integration.callback : botCallbackKeys(integration);
  if (!keys) {
    throw new CallbackRefusal(
      404,
      `Integration "${id}" has no ${
        kind === 'callback' ? 'callback' : 'bot'
      } Token and EncodingAESKey configured`,
    );
  }
  return { keys, receiveId: kind === 'callback' ? integration.corpId : '' };
}

/**
 * The 404 for an id no integration has, as a plain value: the router
 * answers a flood of made-up ids with it, and an error's stack costs more.
 */
export function unknownIntegration(id: string): RefusalAnswer {
  return { status: 404, reason: `No WeCom integration with id "${id}"` };
}

/** A refusal to throw. */
export function refusal({ status, reason }: RefusalAnswer): CallbackRefusal {
  return new CallbackRefusal(status, reason);
}
