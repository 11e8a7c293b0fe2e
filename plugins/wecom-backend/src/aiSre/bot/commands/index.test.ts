import { createCommandsTestBed } from './__testUtils__/commandsTestBed';

describe('createBotCommands', () => {
  it('answers help with every form it understands, in English and Chinese', async () => {
    const bed = createCommandsTestBed();

    const answer = (await bed.say('帮助'))!;

    for (const form of [
      '`help`',
      '`?`',
      '`firing`',
      '`告警`',
      '`oncall <service>`',
      '`谁值班 <service>`',
      '`start processing`',
      '`开始处理`',
      '`resolve`',
      '`关闭`',
      '`snooze [30m|2h|90]`',
      '`暂停 [30分钟|2小时]`',
      '#<incident id>',
    ]) {
      expect(answer).toContain(form);
    }
    expect(await bed.say('?')).toBe(answer);
  });

  it('leaves questions to the analyzer without reading anything', async () => {
    const bed = createCommandsTestBed();

    expect(await bed.say('what is happening with payments?')).toBeUndefined();
    expect(bed.provider.calls).toEqual([]);
  });
});
