import {
  WeComAnalyzerExtensionPoint,
  WeComIncidentAnalyzer,
} from 'backstage-plugin-wecom-node';

/**
 * Holds the analyzer a module installs through
 * `wecomAnalyzerExtensionPoint`; it replaces the configured one. One
 * analyzer only: a second one is a set-up mistake, and guessing which
 * should win would hide it.
 */
export class AnalyzerSlot implements WeComAnalyzerExtensionPoint {
  #analyzer: WeComIncidentAnalyzer | undefined;

  setAnalyzer(analyzer: WeComIncidentAnalyzer): void {
    if (this.#analyzer) {
      throw new Error(
        `An incident analyzer (${
          this.#analyzer.name
        }) was already set through wecomAnalyzerExtensionPoint; install only one module that provides a WeCom incident analyzer`,
      );
    }
    this.#analyzer = analyzer;
  }

  /** The module's analyzer, or undefined: then `wecom.aiSre` decides. */
  get analyzer(): WeComIncidentAnalyzer | undefined {
    return this.#analyzer;
  }
}
