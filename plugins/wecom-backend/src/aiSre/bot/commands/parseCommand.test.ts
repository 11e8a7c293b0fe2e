import { parseCommand } from './parseCommand';
import { parseSnoozeMinutes } from './snoozeDuration';

describe('parseCommand', () => {
  it.each([
    'help',
    'HELP',
    'Help!',
    '/help',
    '帮助',
    '帮助。',
    '?',
    '？',
    '??',
  ])('reads %p as help', text => {
    expect(parseCommand(text)).toEqual({ kind: 'help' });
  });

  it.each([
    'firing',
    'Firing?',
    "what's firing",
    "What's firing?",
    'What’s firing？',
    'whats firing',
    'what is firing',
    '告警',
    '正在告警',
    '正在告警？',
    '  firing  ',
  ])('reads %p as firing', text => {
    expect(parseCommand(text)).toEqual({ kind: 'firing' });
  });

  it.each([
    ['oncall payments-api', 'payments-api'],
    ['OnCall payments-api?', 'payments-api'],
    ['on-call payments-api', 'payments-api'],
    ['on call for payments-api', 'payments-api'],
    ['who is on call for payments-api', 'payments-api'],
    ["who's on-call for payments-api?", 'payments-api'],
    [
      'Who is oncall for component:default/payments-api?',
      'component:default/payments-api',
    ],
    ['值班 payments-api', 'payments-api'],
    ['值班payments-api', 'payments-api'],
    ['谁值班 payments-api', 'payments-api'],
    ['谁值班 api:default/payments？', 'api:default/payments'],
    ['谁在值班 payments-api', 'payments-api'],
  ])('reads %p as oncall for %p', (text, service) => {
    expect(parseCommand(text)).toEqual({ kind: 'oncall', service });
  });

  it.each(['oncall', 'who is on call?', '谁值班？', '值班'])(
    'reads %p as oncall without a service (the War Room’s entity)',
    text => {
      expect(parseCommand(text)).toEqual({ kind: 'oncall' });
    },
  );

  it.each([
    ['start', undefined],
    ['Start.', undefined],
    ['ack', undefined],
    ['ACK!', undefined],
    ['acknowledge', undefined],
    ['start processing', undefined],
    ['Start Processing #3f1c9a52', '3f1c9a52'],
    ['处理', undefined],
    ['开始处理', undefined],
    ['开始处理。', undefined],
    ['处理 #3F1C9A52', '3F1C9A52'],
    ['处理＃3f1c9a52', '3f1c9a52'],
    [
      'ack #3f1c9a52-7d4b-4e0a-9a61-2b8c0e4d7f10',
      '3f1c9a52-7d4b-4e0a-9a61-2b8c0e4d7f10',
    ],
  ])('reads %p as start processing (ref %p)', (text, ref) => {
    expect(parseCommand(text)).toEqual({
      kind: 'transition',
      action: 'startProcessing',
      ref,
    });
  });

  it.each([
    ['close', undefined],
    ['Close!', undefined],
    ['resolve', undefined],
    ['resolve #abcdef12', 'abcdef12'],
    ['关闭', undefined],
    ['关闭 #abcdef12', 'abcdef12'],
    ['close # abcdef12', 'abcdef12'],
  ])('reads %p as close (ref %p)', (text, ref) => {
    expect(parseCommand(text)).toEqual({
      kind: 'transition',
      action: 'close',
      ref,
    });
  });

  it.each([
    ['snooze', 30, undefined],
    ['Snooze!', 30, undefined],
    ['snooze 30m', 30, undefined],
    ['snooze 2h', 120, undefined],
    ['snooze 90', 90, undefined],
    ['snooze for 2 hours', 120, undefined],
    ['snooze 1h30m #abcdef12', 90, 'abcdef12'],
    ['snooze #abcdef12 45 min', 45, 'abcdef12'],
    ['snooze 1d', 1440, undefined],
    ['snooze 7d', 10080, undefined],
    ['暂停', 30, undefined],
    ['暂停 2小时', 120, undefined],
    ['暂停2小时', 120, undefined],
    ['暂停 30分钟 #abcdef12', 30, 'abcdef12'],
    ['暂停 1天', 1440, undefined],
    ['暂停 1个小时', 60, undefined],
  ])('reads %p as a snooze of %p minutes (ref %p)', (text, minutes, ref) => {
    expect(parseCommand(text)).toEqual({
      kind: 'transition',
      action: 'snooze',
      snoozeMinutes: minutes,
      ref,
    });
  });

  it.each([
    'snooze 8d',
    'snooze 169h',
    'snooze 10081',
    '暂停 8天',
    '暂停 2周',
    'snooze 2 weeks',
  ])('refuses %p: longer than one week', text => {
    expect(parseCommand(text)).toEqual({
      kind: 'refused',
      reason: expect.stringContaining('at most one week'),
    });
  });

  it('refuses a snooze of no time at all', () => {
    expect(parseCommand('snooze 0m')).toEqual({
      kind: 'refused',
      reason: 'A snooze lasts at least 1 minute.',
    });
  });

  it.each([
    'what is happening?',
    'help me understand the payments alert',
    'is anything firing in payments?',
    'close the incident once the deploy is done',
    'started yet?',
    'closed?',
    'snooze forever',
    'snooze the payments alerts please',
    'oncall rotation for next week?',
    '值班表是什么',
    '告警是什么意思',
    '处理中',
    '为什么关闭了',
    'ack #a #b',
    '',
    '   ',
  ])('leaves %p to the analyzer', text => {
    expect(parseCommand(text)).toBeUndefined();
  });
});

describe('parseSnoozeMinutes', () => {
  it.each([
    ['30', 30],
    ['30m', 30],
    ['30 min', 30],
    ['2h', 120],
    ['2 hours', 120],
    ['1h 30m', 90],
    ['1 hour 30 minutes', 90],
    ['1d', 1440],
    ['2小时', 120],
    ['1小时30分钟', 90],
    ['45分', 45],
    ['1天', 1440],
    ['1w', 10080],
    ['1周', 10080],
  ])('reads %p as %p minutes', (text, minutes) => {
    expect(parseSnoozeMinutes(text)).toBe(minutes);
  });

  it.each(['', 'soon', '2 fortnights', 'h2', '1h30', '30 minutes please'])(
    'does not read %p',
    text => {
      expect(parseSnoozeMinutes(text)).toBeUndefined();
    },
  );
});
