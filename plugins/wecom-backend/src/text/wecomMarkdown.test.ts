import { WECOM_POSTMORTEM_MAX_BYTES } from 'backstage-plugin-wecom-common';
import {
  escapeLine,
  escapeMarkdown,
  inlineCode,
  markdownLink,
  neutraliseUntrustedMarkdown,
} from './wecomMarkdown';

describe('escapeMarkdown', () => {
  it('leaves no markup in outside text: links, images, tags, mentions, emphasis, code', () => {
    expect(
      escapeMarkdown(
        '[点此处理](https://evil.example/login) ![x](https://evil.example/p.png) <font color="warning">紧急</font> <@zhangsan> **bold** *it* _it_ `code` ~~gone~~',
      ),
    ).toBe(
      '［点此处理］(https://evil.example/login) !［x］(https://evil.example/p.png) ＜font color="warning"＞紧急＜/font＞ ＜@zhangsan＞ ＊＊bold＊＊ ＊it＊ ＿it＿ ｀code｀ ～～gone～～',
    );
  });

  it('drops the bidirectional controls that would show a title in another order than it reads', () => {
    // U+202E turns "gpj.exe" around: "Invoice ‮exe.gpj" looks like "Invoice jpg.exe".
    expect(
      escapeMarkdown('Invoice \u202Eexe.gpj \u2066a\u2069 \u200Fb\u200E'),
    ).toBe('Invoice exe.gpj a b');
    expect(escapeLine('x\u202Dy\u202Az\u202C')).toBe('xyz');
  });

  it('keeps ordinary text as it is: snake_case, ~5 min, a & b, URLs, Chinese', () => {
    const plain =
      'db_pool_size at ~5 min; a & b; see https://grafana.example/d/abc?x=1 数据库连接池耗尽';
    expect(escapeMarkdown(plain)).toBe(plain);
  });

  it('lets no line start a block: headings, quotes, lists, rules, fences', () => {
    expect(
      escapeMarkdown(
        [
          'CPU high',
          '# 紧急通知',
          '  ## Fake heading',
          '> quoted',
          '- bullet',
          '+ plus',
          '1. first',
          '===',
          '---',
          '```',
          '&lt;font color="warning"&gt;',
        ].join('\r\n'),
      ),
    ).toBe(
      [
        'CPU high',
        '＃ 紧急通知',
        '  ＃# Fake heading',
        '＞ quoted',
        '－ bullet',
        '＋ plus',
        '1． first',
        '＝＝＝',
        '－－－',
        '｀｀｀',
        '＆lt;font color="warning"＆gt;',
      ].join('\n'),
    );
  });

  it('lets no line turn the line above into a heading, however short its underline', () => {
    // CommonMark's setext underline is any run of = or - (one is enough):
    // "Pay here\n=" is a level-1 heading of the attacker's line.
    expect(
      escapeMarkdown(
        [
          'URGENT: re-login at pay.example',
          '=',
          'Rotate keys',
          '--',
          '  ==  ',
        ].join('\n'),
      ),
    ).toBe(
      [
        'URGENT: re-login at pay.example',
        '＝',
        'Rotate keys',
        '－－',
        '  ＝＝  ',
      ].join('\n'),
    );
    // A one-line piece put on a line of its own does not underline the line above.
    expect(escapeLine(' - ')).toBe('－');
    expect(escapeLine('=')).toBe('＝');
  });

  it('replaces one character by one, so a cut never splits an escape', () => {
    const text = '[a](b) <x>';
    expect([...escapeMarkdown(text)]).toHaveLength([...text].length);
  });
});

describe('escapeLine', () => {
  it('makes one line, cut to the length asked, escaped after the cut', () => {
    expect(escapeLine('  [Disk]\n\n# full  ', 100)).toBe('［Disk］ # full');
    expect(escapeLine('abcdefghij', 5)).toBe('abcd…');
    expect(escapeLine('[[[[[[', 3)).toBe('［［…');
  });
});

describe('inlineCode', () => {
  it('keeps an id as it is, on one line, and lets no backtick end the code early', () => {
    expect(inlineCode('component:default/payments_api')).toBe(
      '`component:default/payments_api`',
    );
    expect(inlineCode('x` <@all> `y\nz')).toBe('`x｀ ＜@all＞ ｀y z`');
  });
});

describe('markdownLink', () => {
  it('escapes the text and keeps only an http(s) URL, with nothing that ends the link', () => {
    expect(
      markdownLink('Runbook [v2]', 'https://wiki.example/run book(1)'),
    ).toBe('[Runbook ［v2］](https://wiki.example/run%20book%281%29)');
    expect(
      markdownLink('x', 'https://a.example/) [click](https://evil.example'),
    ).toBe('[x](https://a.example/%29%20%5Bclick%5D%28https://evil.example)');
    expect(markdownLink('Runbook', 'data:text/html,<b>x</b>')).toBe('Runbook');
  });
});

describe('neutraliseUntrustedMarkdown', () => {
  const options = { allowedOrigins: ['https://backstage.example.com'] };

  it("keeps the model's formatting and links to Backstage", () => {
    const markdown = [
      '## Summary',
      '**Payments** are *down*; see [the incident](https://backstage.example.com/wecom/incidents/1).',
      '- `pool` exhausted',
      '<font color="warning">CRITICAL</font>',
    ].join('\n');
    expect(neutraliseUntrustedMarkdown(markdown, options)).toBe(markdown);
  });

  it('shows where a link elsewhere goes, and neutralises images, mentions, HTML and link definitions', () => {
    expect(
      neutraliseUntrustedMarkdown(
        [
          'Fix it here: [点此处理](https://evil.example/login "Backstage")',
          '![chart](https://evil.example/pixel.png)',
          '<@zhangsan> <@all> <a href="https://evil.example">x</a> <https://evil.example>',
          '[ref]: https://evil.example',
          'See [the runbook][ref] and [INFO] lines',
          '[Backstage](https://backstage.example.com.evil.example/)',
        ].join('\n'),
        options,
      ),
    ).toBe(
      [
        'Fix it here: 点此处理 (https://evil.example/login)',
        'chart (https://evil.example/pixel.png)',
        '＜@zhangsan> ＜@all> ＜a href="https://evil.example">x＜/a> ＜https://evil.example>',
        '［ref］: https://evil.example',
        'See ［the runbook］［ref］ and ［INFO］ lines',
        'Backstage (https://backstage.example.com.evil.example/)',
      ].join('\n'),
    );
  });

  it('reads a whole post-mortem in one pass, even a link left open before a long run of whitespace', () => {
    // A post-mortem may hold 100 KB; before, `[a](` and 100 KB of spaces or
    // line breaks took the link pattern about 12 s of backtracking, during
    // which the backend answered nobody (the test then ran into jest's
    // time-out). Read in one pass, it takes milliseconds.
    for (const blank of [' ', '\n', '\t']) {
      const markdown = `[a](${blank.repeat(WECOM_POSTMORTEM_MAX_BYTES - 4)}`;
      expect(neutraliseUntrustedMarkdown(markdown, options)).toBe(
        `［a］(${blank.repeat(WECOM_POSTMORTEM_MAX_BYTES - 4)}`,
      );
    }
  });

  it('still reads links whose address or title is surrounded by spaces', () => {
    expect(
      neutraliseUntrustedMarkdown(
        '[x]( https://evil.example/a "t" ) [y](  <https://backstage.example.com/b>  )',
        options,
      ),
    ).toBe('x (https://evil.example/a) [y](https://backstage.example.com/b)');
  });
});
