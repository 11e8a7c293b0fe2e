import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ErrCode } from './errcodes';

/**
 * Every errcode the emulator can answer must be listed, with its source, in
 * docs/wecom-api.md: the emulator changes only together with the document
 * that justifies it.
 */

const SRC = __dirname;
const DOC = resolve(__dirname, '../../../docs/wecom-api.md');

/** The codes in the first column of the table under `## Error codes`. */
function documentedErrcodes(markdown: string): Set<number> {
  const lines = markdown.split('\n');
  const start = lines.findIndex(line => /^##\s+Error codes\s*$/.test(line));
  if (start < 0) throw new Error('no "## Error codes" section');
  const codes = new Set<number>();
  let rows = 0;
  for (const line of lines.slice(start + 1)) {
    if (/^##?\s/.test(line)) break;
    if (!line.startsWith('|')) continue;
    rows++;
    const cell = /^\|\s*`?(-?\d+)`?\s*\|/.exec(line);
    if (cell) codes.add(Number(cell[1]));
  }
  if (codes.size === 0) {
    throw new Error(`the error-code table has no codes (${rows} rows)`);
  }
  return codes;
}

/**
 * Numeric errcodes written into source text: `errcode: 123`,
 * `errcode = 123` and `new WeComError(123, …)`; `ErrCode.*` names are
 * covered by the table itself.
 */
function literalErrcodes(source: string): number[] {
  const patterns = [/\berrcode\s*[:=]\s*(-?\d+)/g, /\bWeComError\(\s*(-?\d+)/g];
  return patterns.flatMap(pattern =>
    [...source.matchAll(pattern)].map(match => Number(match[1])),
  );
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === '__testUtils__' ? [] : sourceFiles(path);
    }
    return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name)
      ? [path]
      : [];
  });
}

/** Every errcode the emulator can answer: its table, and any literal. */
function emulatorErrcodes(): Map<number, string> {
  const codes = new Map<number, string>();
  for (const [name, code] of Object.entries(ErrCode)) {
    codes.set(code, `ErrCode.${name}`);
  }
  for (const file of sourceFiles(SRC)) {
    for (const code of literalErrcodes(readFileSync(file, 'utf8'))) {
      if (!codes.has(code)) codes.set(code, file.slice(SRC.length + 1));
    }
  }
  return codes;
}

function undocumented(markdown: string): string[] {
  const documented = documentedErrcodes(markdown);
  return [...emulatorErrcodes()]
    .filter(([code]) => !documented.has(code))
    .map(([code, where]) => `${code} (${where})`);
}

describe('errcodes in docs/wecom-api.md', () => {
  it('lists every errcode the emulator can answer', () => {
    expect(undocumented(readFileSync(DOC, 'utf8'))).toEqual([]);
  });

  it('notices a code missing from the table', () => {
    const doc = readFileSync(DOC, 'utf8')
      .split('\n')
      .filter(line => !/^\|\s*48002\s*\|/.test(line))
      .join('\n');
    expect(undocumented(doc)).toEqual(['48002 (ErrCode.API_FORBIDDEN)']);
  });

  it('reads only the error-code table, not codes mentioned elsewhere', () => {
    const doc = [
      '# API',
      '| Endpoint | note |',
      '| --- | --- |',
      '| 48002 | outside the table |',
      '## Error codes',
      '| Code | Meaning |',
      '| --- | --- |',
      '| `0` | ok |',
      '| -1 | busy |',
      '## Next',
      '| 40001 | after the table |',
    ].join('\n');
    expect([...documentedErrcodes(doc)]).toEqual([0, -1]);
  });

  it('refuses a document without the table', () => {
    expect(() => documentedErrcodes('# API\n')).toThrow(/Error codes/);
  });

  it('collects errcodes written as literals', () => {
    expect(
      literalErrcodes(
        "res.json({ errcode: 12345 }); throw new WeComError(67890, 'x'); errcode = -1;",
      ),
    ).toEqual([12345, -1, 67890]);
  });
});
