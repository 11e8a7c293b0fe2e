import Handlebars from 'handlebars';
import { DateTime } from 'luxon';

/** How `{{date …}}` and the card's Created row show a time. */
export const DEFAULT_TIME_FORMAT = 'yyyy-MM-dd HH:mm ZZZZ';

const MAX_CACHED = 200;

/**
 * Renders card templates with Handlebars. Cards are not HTML, so nothing is
 * escaped; only our helpers and Handlebars' built-in block helpers exist,
 * which turns an unknown helper into a compile error (caught on save)
 * instead of a surprise at 3 a.m.
 */
export class CardTemplateEngine {
  private readonly handlebars = Handlebars.create();
  private readonly compiled = new Map<string, HandlebarsTemplateDelegate>();
  private readonly compileOptions: CompileOptions;

  constructor(private readonly options: { timeZone: string }) {
    const helpers: Record<string, Handlebars.HelperDelegate> = {
      upper: (value: unknown) => textOf(value).toUpperCase(),
      lower: (value: unknown) => textOf(value).toLowerCase(),
      // {{date createdAt}} or {{date createdAt "MM-dd HH:mm"}} (luxon tokens).
      date: (value: unknown, ...rest: unknown[]) => {
        const format = typeof rest[0] === 'string' ? rest[0] : undefined;
        return typeof value === 'string'
          ? this.formatTime(value, format)
          : textOf(value);
      },
    };
    this.handlebars.registerHelper(helpers);
    // `log` writes to the backend's console: not something templates need.
    this.handlebars.unregisterHelper('log');
    this.compileOptions = {
      noEscape: true,
      strict: false,
      knownHelpers: Object.fromEntries(
        Object.keys(helpers).map(name => [name, true]),
      ),
      knownHelpersOnly: true,
    };
  }

  /** Renders a template; throws on a syntax error or a failing helper. */
  render(source: string, variables: object): string {
    return this.compile(source)(variables);
  }

  /** An ISO time in the configured zone, e.g. `2026-11-26 17:30 GMT+8`. */
  formatTime(iso: string, format = DEFAULT_TIME_FORMAT): string {
    const time = DateTime.fromISO(iso, { setZone: true });
    if (!time.isValid) return iso;
    return time.setZone(this.options.timeZone).toFormat(format);
  }

  private compile(source: string): HandlebarsTemplateDelegate {
    let template = this.compiled.get(source);
    if (!template) {
      // Handlebars compiles lazily; precompiling first surfaces syntax
      // errors here rather than half-way through a render.
      this.handlebars.precompile(source, this.compileOptions);
      template = this.handlebars.compile(source, this.compileOptions);
      if (this.compiled.size >= MAX_CACHED) {
        this.compiled.delete(this.compiled.keys().next().value!);
      }
      this.compiled.set(source, template);
    }
    return template;
  }
}

function textOf(value: unknown): string {
  return value === undefined || value === null ? '' : String(value);
}

/** A Handlebars error as one line for a person (they span several). */
export function describeTemplateError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}
