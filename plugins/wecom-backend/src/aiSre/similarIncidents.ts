import { WeComIncident } from 'backstage-plugin-wecom-common';
import { WeComSimilarIncident } from 'backstage-plugin-wecom-node';

// Similar past incidents by TF-IDF and cosine similarity, written by hand:
// the text is short (a title, a description, labels), the corpus small
// (a few thousand closed incidents) and mixed English/Chinese. The small
// npm libraries either tokenize English only, keep no inverted index or
// pull in a whole NLP stack; this is ~150 lines we can test and tune.

/** Below this, two incidents only share a common word or two. */
const DEFAULT_MIN_SCORE = 0.12;
const DEFAULT_LIMIT = 3;
const MAX_LIMIT = 20;
/** The title says most about an incident: its words count double. */
const TITLE_WEIGHT = 2;

const STOP_WORDS = new Set(
  (
    'the a an and or of to in on at for is are was were be been it its this ' +
    'that with from by as but if then than so into ' +
    'has have had do does did can could will would should may might all any ' +
    'some more most very'
  ).split(' '),
);

const CJK =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]+/gu;

/**
 * Words of a text: lower-case Latin words and numbers of two characters or
 * more (camelCase and `kebab-case` split), and overlapping character pairs
 * of Chinese, Japanese or Korean runs (they have no spaces to split on).
 */
export function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const spaced = text
    .normalize('NFKC')
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLocaleLowerCase('en-US');
  for (const run of spaced.match(/[\p{L}\p{N}]+/gu) ?? []) {
    let rest = run;
    for (const cjk of run.match(CJK) ?? []) {
      rest = rest.replace(cjk, ' ');
      if (cjk.length === 1) tokens.push(cjk);
      for (let i = 0; i + 1 < cjk.length; i += 1) {
        tokens.push(cjk.slice(i, i + 2));
      }
    }
    for (const word of rest.split(' ')) {
      if (word.length >= 2 && !STOP_WORDS.has(word)) tokens.push(word);
    }
  }
  return tokens;
}

/**
 * The terms an incident is compared by: its title (counted double), its
 * description, its labels (each `name=value` pair also as one term, so the
 * same alert matches strongly) and its entity (the whole ref as one term).
 */
export function incidentTerms(incident: WeComIncident): string[] {
  const title = tokenize(incident.title);
  const terms: string[] = [];
  for (let i = 0; i < TITLE_WEIGHT; i += 1) terms.push(...title);
  terms.push(...tokenize(incident.description ?? ''));
  for (const [name, value] of Object.entries(incident.labels ?? {})) {
    terms.push(
      `label:${name.toLocaleLowerCase('en-US')}=${value.toLocaleLowerCase(
        'en-US',
      )}`,
    );
    terms.push(...tokenize(value));
  }
  if (incident.entityRef) {
    const ref = incident.entityRef.toLocaleLowerCase('en-US');
    terms.push(`entity:${ref}`, ...tokenize(ref.replace(/^[^:]*:/, '')));
  }
  return terms;
}

type Vector = Map<string, number>;

/** How many similar incidents, how alike at least, and which to leave out. */
export interface SearchOptions {
  excludeId?: string;
  /** 1..20, default 3. */
  limit?: number;
  /** 0..1, default 0.12. */
  minScore?: number;
}

/** Closed incidents, indexed for {@link SimilarIncidentIndex.search}. */
export class SimilarIncidentIndex {
  private readonly idf = new Map<string, number>();
  /** term → (incident index, weight) of every incident with the term. */
  private readonly postings = new Map<string, [number, number][]>();

  constructor(private readonly incidents: WeComIncident[]) {
    const termsOf = incidents.map(incidentTerms);
    const documentFrequency = new Map<string, number>();
    for (const terms of termsOf) {
      for (const term of new Set(terms)) {
        documentFrequency.set(term, (documentFrequency.get(term) ?? 0) + 1);
      }
    }
    for (const [term, df] of documentFrequency) {
      this.idf.set(term, this.idfOf(df));
    }
    termsOf.forEach((terms, index) => {
      for (const [term, weight] of this.vectorOf(terms)) {
        let list = this.postings.get(term);
        if (!list) {
          list = [];
          this.postings.set(term, list);
        }
        list.push([index, weight]);
      }
    });
  }

  get size(): number {
    return this.incidents.length;
  }

  /** The incidents most like `text` (a question, an alert), best first. */
  search(text: string, options: SearchOptions = {}): WeComSimilarIncident[] {
    return this.rank(tokenize(text), options);
  }

  /** The incidents most like `incident` (itself left out), best first. */
  similarTo(
    incident: WeComIncident,
    options: Omit<SearchOptions, 'excludeId'> = {},
  ): WeComSimilarIncident[] {
    return this.rank(incidentTerms(incident), {
      ...options,
      excludeId: incident.id,
    });
  }

  private rank(
    terms: string[],
    options: SearchOptions,
  ): WeComSimilarIncident[] {
    const query = this.vectorOf(terms);
    // Only incidents sharing a term get a score: the inverted index keeps
    // a search over thousands of incidents to a few map lookups.
    const scores = new Map<number, number>();
    for (const [term, weight] of query) {
      for (const [index, docWeight] of this.postings.get(term) ?? []) {
        scores.set(index, (scores.get(index) ?? 0) + weight * docWeight);
      }
    }
    const minScore = options.minScore ?? DEFAULT_MIN_SCORE;
    const limit = Math.min(
      Math.max(1, options.limit ?? DEFAULT_LIMIT),
      MAX_LIMIT,
    );
    return [...scores]
      .filter(
        ([index, score]) =>
          score >= minScore && this.incidents[index].id !== options.excludeId,
      )
      .sort(([, a], [, b]) => b - a)
      .slice(0, limit)
      .map(([index, score]) => ({
        incident: this.incidents[index],
        score: Math.min(1, Math.round(score * 100) / 100),
      }));
  }

  /** Smoothed: a term in every incident still counts a little. */
  private idfOf(documentFrequency: number): number {
    return Math.log((1 + this.incidents.length) / (1 + documentFrequency)) + 1;
  }

  /** Log-scaled term frequency × idf, of unit length. */
  private vectorOf(terms: string[]): Vector {
    const counts = new Map<string, number>();
    for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
    const vector: Vector = new Map();
    let norm = 0;
    for (const [term, count] of counts) {
      const weight =
        (1 + Math.log(count)) * (this.idf.get(term) ?? this.idfOf(0));
      vector.set(term, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) {
      for (const [term, weight] of vector) vector.set(term, weight / norm);
    }
    return vector;
  }
}
