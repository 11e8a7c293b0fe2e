import fs from 'node:fs';
import path from 'node:path';

/**
 * The product features, each a top-level folder of src/. Everything else
 * is shared by them: access, catalog, integrations, and the helpers below.
 */
const FEATURE_AREAS = [
  'actions',
  'aiSre',
  'analytics',
  'escalation',
  'incidentCards',
  'incidents',
  'linking',
  'oncall',
  'recipients',
  'schedules',
  'warRooms',
  'workspace',
];

/** Every top-level folder of src/ (the composition root's files are not). */
const ALL_FOLDERS = fs
  .readdirSync(__dirname, { withFileTypes: true })
  .filter(entry => entry.isDirectory() && entry.name !== '__testUtils__')
  .map(entry => entry.name);

/**
 * Which folder may not import which. docs/architecture.md quotes this table;
 * services.ts, plugin.ts and router.ts (the composition root) import anything.
 */
const LAYERING_RULES: Array<{
  from: string;
  mayNotImport: string[];
  why: string;
}> = [
  {
    from: 'callbacks',
    mayNotImport: FEATURE_AREAS,
    why: 'Callbacks verify, decrypt and queue; the features register their handlers (registerCallbackHandlers.ts).',
  },
  {
    from: 'connector',
    mayNotImport: ALL_FOLDERS,
    why: 'The WeCom API client stands alone, as a package of its own could.',
  },
  {
    from: 'crypto',
    mayNotImport: ALL_FOLDERS,
    why: "WeCom's signatures and AES envelopes depend on nothing of ours.",
  },
  {
    from: 'http',
    mayNotImport: FEATURE_AREAS,
    why: 'Request helpers shared by every router; features use them, never the reverse.',
  },
  {
    from: 'text',
    mayNotImport: FEATURE_AREAS,
    why: 'Text helpers shared by cards, War Rooms, the bot and the analyzers.',
  },
  {
    from: 'database',
    mayNotImport: FEATURE_AREAS,
    why: 'Migrations and row helpers every store uses.',
  },
  {
    from: 'integrations',
    mayNotImport: FEATURE_AREAS,
    why: 'Every area reads the integrations; an import back would be a cycle.',
  },
  {
    from: 'recipients',
    mayNotImport: ['incidentCards', 'escalation', 'oncall'],
    why: 'Who is paged is decided before any card; War Rooms and the bot ask it too.',
  },
  {
    from: 'oncall',
    mayNotImport: [
      'incidentCards',
      'escalation',
      'schedules',
      'warRooms',
      'aiSre',
    ],
    why: 'Who is on call is asked of schedules and policies through oncall/contracts.ts; cards, War Rooms and the bot ask it, never the reverse.',
  },
  {
    from: 'schedules',
    // oncall/contracts.ts is the interface schedules implement.
    mayNotImport: FEATURE_AREAS.filter(area => area !== 'oncall'),
    why: 'Schedules answer who is on call when; they implement oncall/contracts.ts and depend on no feature.',
  },
  {
    from: 'incidentCards',
    mayNotImport: ['escalation'],
    why: 'Escalation builds on incident cards; the orchestrator drives it through EscalationRuns.',
  },
];

/** The relative module specifiers of a file: import, export … from, import(), require(). */
function specifiersOf(source: string): string[] {
  const found: string[] = [];
  const pattern =
    /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"](\.{1,2}(?:\/[^'"]*)?)['"]/g;
  for (const match of source.matchAll(pattern)) found.push(match[1]);
  return found;
}

/** Non-test .ts files under src/, relative to it. */
function productFiles(dir = __dirname): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      return entry.name === '__testUtils__' ? [] : productFiles(full);
    }
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')
      ? [path.relative(__dirname, full)]
      : [];
  });
}

/** The top-level folder of src/ a path falls in; undefined for src's own files. */
function folderOf(relativePath: string): string | undefined {
  const parts = relativePath.split(path.sep);
  return parts.length > 1 ? parts[0] : undefined;
}

/** `file → imported module (rule)` for every import a rule forbids. */
function layeringViolations(
  files: Array<{ file: string; source: string }>,
): string[] {
  const violations: string[] = [];
  for (const { file, source } of files) {
    const from = folderOf(file);
    const rules = LAYERING_RULES.filter(rule => rule.from === from);
    if (rules.length === 0) continue;
    for (const specifier of specifiersOf(source)) {
      const target = path.normalize(path.join(path.dirname(file), specifier));
      const to = folderOf(target) ?? target;
      if (to === from) continue;
      for (const rule of rules) {
        if (rule.mayNotImport.includes(to)) {
          violations.push(`${file} → ${specifier} (${rule.from} ↛ ${to})`);
        }
      }
    }
  }
  return violations;
}

describe('layering', () => {
  it('has no import the rules forbid', () => {
    const files = productFiles().map(file => ({
      file,
      source: fs.readFileSync(path.join(__dirname, file), 'utf8'),
    }));
    expect(files.length).toBeGreaterThan(100);
    expect(layeringViolations(files)).toEqual([]);
  });

  it('names only folders that exist', () => {
    for (const rule of LAYERING_RULES) {
      expect(ALL_FOLDERS).toContain(rule.from);
    }
    for (const area of FEATURE_AREAS) expect(ALL_FOLDERS).toContain(area);
  });

  it('catches a forbidden import, by folder and through index files', () => {
    expect(
      layeringViolations([
        {
          file: path.join('callbacks', 'x.ts'),
          source: "import { a } from '../incidentCards/contracts';",
        },
        {
          file: path.join('crypto', 'x.ts'),
          source: "export { b } from '../connector';",
        },
        {
          file: path.join('text', 'deep', 'x.ts'),
          source: "const c = require('../../warRooms/WarRoomNamer');",
        },
        {
          file: path.join('callbacks', 'y.ts'),
          source:
            "import { d } from './CallbackDispatcher';\nimport { e } from '../integrations/types';",
        },
      ]),
    ).toEqual([
      `${path.join(
        'callbacks',
        'x.ts',
      )} → ../incidentCards/contracts (callbacks ↛ incidentCards)`,
      `${path.join('crypto', 'x.ts')} → ../connector (crypto ↛ connector)`,
      `${path.join(
        'text',
        'deep',
        'x.ts',
      )} → ../../warRooms/WarRoomNamer (text ↛ warRooms)`,
    ]);
  });
});
