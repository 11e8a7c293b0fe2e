import {
  DEFAULT_SNOOZE_MINUTES,
  parseSnoozeMinutes,
  snoozeRefusal,
} from './snoozeDuration';

/** A status change the bot makes for the asker. */
export type BotTransitionAction = 'startProcessing' | 'close' | 'snooze';

/** A message the bot answers itself rather than asking the analyzer. */
export type BotCommand =
  | { kind: 'help' }
  | { kind: 'firing' }
  /** No service: the War Room's entity, if any. */
  | { kind: 'oncall'; service?: string }
  | {
      kind: 'transition';
      action: BotTransitionAction;
      /** `snooze` only. */
      snoozeMinutes?: number;
      /** `#<id>` or `#<first 8 hex digits>`, without the `#`. */
      ref?: string;
    }
  /** A command the bot understood but will not run, e.g. a too-long snooze. */
  | { kind: 'refused'; reason: string };

const HELP = /^(?:help|帮助|\?+)$/i;
const FIRING = /^(?:firing|what'?s firing|what is firing|正在告警|告警)$/i;
// An entity name or ref; anything else after "oncall" is a question.
const SERVICE = '([a-z0-9][\\w.:/-]*)';
const ONCALL = [
  new RegExp(
    `^(?:who'?s|who is)\\s+on[\\s-]?call(?:\\s+(?:for|of)\\s+${SERVICE})?$`,
    'i',
  ),
  new RegExp(`^on[\\s-]?call(?:\\s+(?:for|of))?(?:\\s+${SERVICE})?$`, 'i'),
  new RegExp(`^(?:谁在值班|谁值班|值班)(?:\\s*${SERVICE})?$`, 'i'),
];
const TRANSITION =
  /^(start processing|start|acknowledge|ack|开始处理|处理|close|resolve|关闭|snooze|暂停)(?![a-z])\s*(.*)$/i;
const ACTIONS: Record<string, BotTransitionAction> = {
  'start processing': 'startProcessing',
  start: 'startProcessing',
  acknowledge: 'startProcessing',
  ack: 'startProcessing',
  开始处理: 'startProcessing',
  处理: 'startProcessing',
  close: 'close',
  resolve: 'close',
  关闭: 'close',
  snooze: 'snooze',
  暂停: 'snooze',
};
const REF = /#\s*([\w-]+)/g;

/**
 * Reads a command from what someone wrote to the bot (mentions already
 * stripped), in English or Chinese, ignoring case, surrounding punctuation
 * and full-width forms. Undefined: not a command, so a question.
 */
export function parseCommand(text: string): BotCommand | undefined {
  const raw = normalise(text);
  const line = trimPunctuation(raw);
  if (HELP.test(raw) || HELP.test(line)) return { kind: 'help' };
  if (!line) return undefined;
  if (FIRING.test(line)) return { kind: 'firing' };
  for (const pattern of ONCALL) {
    const match = pattern.exec(line);
    if (match) return { kind: 'oncall', service: match[1] };
  }
  return parseTransition(line);
}

function parseTransition(line: string): BotCommand | undefined {
  const match = TRANSITION.exec(line);
  if (!match) return undefined;
  const action = ACTIONS[match[1].toLocaleLowerCase('en-US')];
  const refs = [...match[2].matchAll(REF)].map(m => m[1]);
  if (refs.length > 1) return undefined;
  const rest = match[2].replace(REF, ' ').trim();
  const ref = refs[0];

  if (action !== 'snooze') {
    // "close the door": more words make it a question, not a command.
    return rest ? undefined : { kind: 'transition', action, ref };
  }
  const duration = rest.replace(/^(?:for|for the next)\s+/i, '');
  const minutes = duration
    ? parseSnoozeMinutes(duration)
    : DEFAULT_SNOOZE_MINUTES;
  if (minutes === undefined) return undefined;
  const refusal = snoozeRefusal(minutes);
  if (refusal) return { kind: 'refused', reason: refusal };
  return { kind: 'transition', action, snoozeMinutes: minutes, ref };
}

/** Full-width and typographic forms WeCom keyboards produce → ASCII. */
function normalise(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/g, char =>
      String.fromCharCode(char.charCodeAt(0) - 0xfee0),
    )
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .replace(/[\s\u3000]+/g, ' ')
    .trim();
}

/** Leading `/` (slash commands) and punctuation around the command. */
function trimPunctuation(text: string): string {
  return text
    .replace(/^[\s/!.,;:~。，、；：…]+/, '')
    .replace(/[\s.!?,;:~。，、；：？！…]+$/, '');
}
