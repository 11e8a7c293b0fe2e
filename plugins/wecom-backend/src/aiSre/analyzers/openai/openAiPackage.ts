/**
 * The `openai` package, loaded when the analyzer is built: only backends
 * configured with `wecom.aiSre.analyzer: openai` load it.
 */
export function openAiPackage(): typeof import('openai') {
  return require('openai');
}
