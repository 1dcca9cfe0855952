// Accuracy on the labelled corpus: every positive gone, every negative kept verbatim.
import { formatScore, loadCorpus, scoreCorpus } from '../test/corpus';
import { BUILTIN_RULES, Redactor } from './index';

describe('redaction corpus', () => {
  const redactor = new Redactor(BUILTIN_RULES, { pseudonymKey: { id: 'k1', secret: Buffer.from('corpus-test-key') } });
  const score = scoreCorpus(loadCorpus(), redactor);

  it('reports recall per type', () => {
    console.log(formatScore(score));
    expect(score.byType.length).toBeGreaterThanOrEqual(15);
  });

  it('removes at least 99% of sensitive values', () => {
    expect(score.misses).toEqual([]); // listed on failure, by record id and type
    expect(score.recall).toBeGreaterThanOrEqual(0.99);
  });

  it('keeps at least 99% of harmless technical values verbatim', () => {
    expect(score.falsePositives).toEqual([]);
    expect(score.negativesKept).toBeGreaterThanOrEqual(0.99);
  });
});
