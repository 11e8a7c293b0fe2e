import { heldBackTaskId, splitSendBody } from './sendBody';

const body = JSON.stringify({
  touser: 'ZhangSan|LiSi|WangWu',
  msgtype: 'template_card',
  agentid: 1000002,
  template_card: { card_type: 'button_interaction', task_id: 'inc-1-l0-p0-ab' },
  enable_duplicate_check: 1,
  duplicate_check_interval: 13_800,
});

describe('splitSendBody', () => {
  it('keeps everything but the recipients, and gives the held part its own task_id', () => {
    const split = splitSendBody(body, ['LiSi'], 'inc-1-l0-p0-ab-hcd')!;

    expect(split.nowUserIds).toEqual(['ZhangSan', 'WangWu']);
    expect(split.now).toBe(
      body.replace('ZhangSan|LiSi|WangWu', 'ZhangSan|WangWu'),
    );
    expect(split.later).toBe(
      body
        .replace('ZhangSan|LiSi|WangWu', 'LiSi')
        .replace('"inc-1-l0-p0-ab"', '"inc-1-l0-p0-ab-hcd"'),
    );
  });

  it('does not split when nobody would be left to send to now', () => {
    expect(
      splitSendBody(body, ['ZhangSan', 'LiSi', 'WangWu'], 'x'),
    ).toBeUndefined();
  });

  it('does not split a send to departments, tags or everyone', () => {
    const toParty = JSON.stringify({ ...JSON.parse(body), toparty: '2' });
    const toAll = JSON.stringify({ ...JSON.parse(body), touser: '@all' });
    expect(splitSendBody(toParty, ['LiSi'], 'x')).toBeUndefined();
    expect(splitSendBody(toAll, ['LiSi'], 'x')).toBeUndefined();
  });
});

describe('heldBackTaskId', () => {
  it("is new every time and stays within 128 of WeCom's task_id characters", () => {
    const long = `inc-${'x'.repeat(124)}`;
    const a = heldBackTaskId(long);
    expect(a).not.toBe(heldBackTaskId(long));
    expect(a).toMatch(/^[A-Za-z0-9_\-@]{1,128}$/);
  });
});
