import fs from 'node:fs';
import path from 'node:path';

/**
 * Which areas of components/ an area may import; docs/architecture.md
 * describes the areas. An area may use `shared/` and, for what it shows of
 * another area (the incident page shows the War Room card), that area.
 */
const RULES: Array<{ from: string; mayImport: string[]; why: string }> = [
  {
    from: 'shared',
    mayImport: [],
    why: 'Tables, dialogs and messages every area uses; an import back would tie them to one feature.',
  },
  {
    from: 'onCall',
    mayImport: ['shared'],
    why: "Schedules and escalation policies are the catalog's, not an integration's; the entity and home cards build on them, not the other way round.",
  },
  {
    from: 'workspace',
    mayImport: ['shared'],
    why: 'The sign-in and workspace link pages load before the rest of the plugin is needed.',
  },
  {
    from: 'insights',
    mayImport: ['shared'],
    why: 'Insights reads figures from the backend; it shows nothing of another area.',
  },
];

const AREAS = fs
  .readdirSync(__dirname, { withFileTypes: true })
  .filter(entry => entry.isDirectory())
  .map(entry => entry.name);

/** Non-test source files under one area, relative to components/. */
function sourcesOf(area: string): string[] {
  const walk = (dir: string): string[] =>
    fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return walk(full);
      return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)
        ? [path.relative(__dirname, full)]
        : [];
    });
  return walk(path.join(__dirname, area));
}

/** The areas a file imports through relative paths, other than its own. */
function areasImportedBy(file: string): string[] {
  const source = fs.readFileSync(path.join(__dirname, file), 'utf8');
  const own = file.split(path.sep)[0];
  const found = new Set<string>();
  for (const match of source.matchAll(/from\s+['"](\.{1,2}\/[^'"]*)['"]/g)) {
    const target = path.normalize(path.join(path.dirname(file), match[1]));
    const area = target.split(path.sep)[0];
    if (area !== own && AREAS.includes(area)) found.add(area);
  }
  return [...found];
}

describe('frontend layering', () => {
  it.each(RULES.map(rule => [rule.from, rule]))(
    '%s imports no other area than it may',
    (_name, rule) => {
      const files = sourcesOf(rule.from);
      expect(files.length).toBeGreaterThan(0);
      const violations = files.flatMap(file =>
        areasImportedBy(file)
          .filter(area => !rule.mayImport.includes(area))
          .map(area => `${file} → ${area}/ (${rule.why})`),
      );
      expect(violations).toEqual([]);
    },
  );

  it('finds an import of another area (the check itself works)', () => {
    expect(
      areasImportedBy(path.join('warRooms', 'WarRoomCard', 'WarRoomCard.tsx')),
    ).toContain('shared');
  });
});
