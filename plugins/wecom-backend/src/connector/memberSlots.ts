import {
  WECOM_MESSAGE_PER_MEMBER,
  WeComOverBudgetError,
  WeComRateLimiter,
  WeComRecipientsOverBudgetError,
} from './rateLimits';

/**
 * Spends a per-member slot for every recipient in `touser` (WeCom drops
 * messages beyond 30 a minute and 1,000 an hour per member, page 90312);
 * if some are over their hourly budget, sends nothing and throws
 * {@link WeComRecipientsOverBudgetError} naming all of them. The slots
 * the others spent meanwhile are not given back: erring towards sending
 * less never loses a message, erring the other way does silently.
 */
export async function acquireMemberSlots(
  limiter: WeComRateLimiter,
  corpId: string,
  agentid: number,
  touser: string | undefined,
): Promise<void> {
  const recipients = new Set(
    (touser ?? '').split('|').filter(userId => userId && userId !== '@all'),
  );
  const overBudget: string[] = [];
  let notBefore = 0;
  for (const userId of recipients) {
    try {
      await limiter.acquire(
        WECOM_MESSAGE_PER_MEMBER,
        `${corpId}:${agentid}:${userId}`,
      );
    } catch (error) {
      if (!(error instanceof WeComOverBudgetError)) throw error;
      overBudget.push(userId);
      notBefore = Math.max(notBefore, error.notBefore.getTime());
    }
  }
  if (overBudget.length > 0) {
    throw new WeComRecipientsOverBudgetError(overBudget, new Date(notBefore));
  }
}
