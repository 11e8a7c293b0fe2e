import { WeComIncidentAnalyzer } from 'backstage-plugin-wecom-node';
import { AnalyzerSlot } from './AnalyzerSlot';

function analyzer(name: string): WeComIncidentAnalyzer {
  return {
    name,
    analyzeIncident: jest.fn(),
    answerQuestion: jest.fn(),
    writePostmortem: jest.fn(),
  };
}

describe('AnalyzerSlot', () => {
  it('is empty until a module sets an analyzer', () => {
    const slot = new AnalyzerSlot();
    expect(slot.analyzer).toBeUndefined();

    const custom = analyzer('acme-llm');
    slot.setAnalyzer(custom);

    expect(slot.analyzer).toBe(custom);
  });

  it('refuses a second analyzer, naming the first', () => {
    const slot = new AnalyzerSlot();
    slot.setAnalyzer(analyzer('acme-llm'));

    expect(() => slot.setAnalyzer(analyzer('other'))).toThrow(
      /An incident analyzer \(acme-llm\) was already set through wecomAnalyzerExtensionPoint/,
    );
  });
});
