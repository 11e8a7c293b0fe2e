/**
 * What the bot says about itself and its own state (not answers). Short,
 * English then Chinese, since a corp's members may read either.
 */

/** Answered to `enter_chat`: someone opened a chat with the bot. */
export function welcomeText(): string {
  return [
    'Hi, I am the incident assistant 我是事件助手.',
    '- Ask about an incident in its War Room: "what is happening?", "who acknowledged it?"',
    '- `firing` — open incidents of your teams; `oncall <service>` — who is on call now',
    '- `start`, `close`, `snooze 30m` — act on the War Room’s incident as your linked Backstage user',
    '- Send a screenshot or a log file and ask about it',
    'Say `help` for everything I understand 发送 `help` 查看全部命令.',
  ].join('\n');
}

/** The first reply while nothing of the answer exists yet. */
export const THINKING = 'Thinking… 思考中…';

/** A stream whose replica stopped beating: nobody will finish it. */
export const INTERRUPTED_NOTE =
  '> The answer was interrupted (the server answering it stopped); ask again. 回答被中断，请重新提问。';

/** A refresh for a stream nobody knows (pruned, or never ours). */
export const UNKNOWN_STREAM_NOTE =
  'This answer is no longer available; ask again. 该回答已失效，请重新提问。';

/**
 * A refresh of an answer that already went out as a message of its own
 * (it finished after WeCom stopped asking): said once, not shown twice.
 */
export const ANSWER_POSTED_NOTE =
  'The answer was sent as a separate message. 回答已作为单独消息发送。';

/** Too many answers in flight for one member. */
export function tooManyText(limit: number): string {
  return `You already have ${limit} questions being answered; wait for one to finish, then ask again. 已有 ${limit} 个问题在回答中，请稍候再问。`;
}

/** A message with neither text nor media (e.g. only an @mention). */
export const EMPTY_MESSAGE_TEXT =
  'Ask me about the incident, or say `help` for what I can do. 请提问，或发送 `help`。';

/** The conversation failed outright; the person should not be left waiting. */
export const FAILED_TEXT =
  'Sorry, something went wrong while answering; try again in a moment. 出错了，请稍后再试。';

/**
 * A group chat the bot cannot match to a War Room: said rather than
 * silently answering about nothing (the chatid the bot sees is unconfirmed).
 */
export const CHAT_NOT_RECOGNISED =
  "I don't recognise this group chat as a War Room.";

/** Ends an answer given in a group chat that is no War Room the bot knows. */
export const CHAT_NOT_RECOGNISED_NOTE = `> ${CHAT_NOT_RECOGNISED} This answer is about no incident; to ask about one, add its number from the War Room's name, e.g. \`#3F1C9A52\`. 未能识别本群对应的作战室，请在问题中附上事件编号。`;
