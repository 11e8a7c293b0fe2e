import { ELLIPSIS, TextLimit, fitText, measureText } from './fitText';

describe('fitText', () => {
  it('leaves text that fits alone', () => {
    expect(fitText('数据库连接失败', { width: 7 })).toEqual({
      text: '数据库连接失败',
      cut: false,
    });
    expect(fitText('abc', { bytes: 3 })).toEqual({ text: 'abc', cut: false });
  });

  it('cuts CJK text by characters, the ellipsis included in the count', () => {
    const title =
      '支付服务数据库主从延迟超过阈值导致订单写入失败请立即处理否则影响双十一大促活动的正常进行';
    const { text, cut } = fitText(title, { width: 36 });

    expect(cut).toBe(true);
    expect(Array.from(text)).toHaveLength(36);
    expect(text).toBe(`${Array.from(title).slice(0, 35).join('')}${ELLIPSIS}`);
  });

  it('counts an ASCII character as half a CJK one', () => {
    expect(measureText('Start Processing', { width: 10 })).toBe(8);
    expect(measureText('状态 OK', { width: 5 })).toBe(3.5);
    expect(fitText('Start Processing now', { width: 9 })).toEqual({
      text: `Start Processing${ELLIPSIS}`,
      cut: true,
    });
  });

  it('cuts by UTF-8 bytes without splitting a character', () => {
    // Each CJK character is 3 bytes; 10 bytes hold the ellipsis (3) and
    // two characters (6), not a third one's first byte.
    const { text, cut } = fitText('企业微信卡片', { bytes: 10 });

    expect(cut).toBe(true);
    expect(text).toBe(`企业${ELLIPSIS}`);
    expect(Buffer.byteLength(text)).toBeLessThanOrEqual(10);
  });

  it('stays within every limit and never leaves half a character', () => {
    const mixed = 'Disk 磁盘 full 已满 🔥🔥 on node-3 节点';
    // Every cut must keep a run of whole characters from the start.
    const wholePrefixes = new Set(['']);
    let prefix = '';
    for (const { segment } of new Intl.Segmenter().segment(mixed)) {
      prefix += segment;
      wholePrefixes.add(prefix.trimEnd());
    }
    for (let max = 0; max <= Buffer.byteLength(mixed) + 2; max++) {
      const limits: Array<[TextLimit, number]> = [
        [{ bytes: max }, max],
        [{ width: max / 2 }, max / 2],
      ];
      for (const [limit, most] of limits) {
        const { text, cut } = fitText(mixed, limit);
        expect(measureText(text, limit)).toBeLessThanOrEqual(most);
        const kept = cut ? text.replace(/…$/, '') : text;
        expect(wholePrefixes.has(kept)).toBe(true);
      }
    }
  });

  it('keeps emoji sequences and combining marks whole', () => {
    const family = '👨‍👩‍👧'; // one grapheme of 5 code points
    const { text } = fitText(`${family}${family}${family}`, { width: 8 });
    expect(text).toBe(`${family}${ELLIPSIS}`);

    const accented = 'e\u0301'.repeat(6); // é as e + combining acute
    const cut = fitText(accented, { width: 6 }).text;
    expect(cut).toBe(`${'e\u0301'.repeat(3)}${ELLIPSIS}`);
  });

  it('drops trailing spaces before the ellipsis', () => {
    expect(fitText('数据库 连接失败', { width: 5 }).text).toBe(
      `数据库${ELLIPSIS}`,
    );
  });
});
