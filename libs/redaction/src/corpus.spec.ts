// Accuracy on the labelled corpora: every positive gone, every negative kept verbatim. The
// vendored corpus holds secrets and contact details; the generated one personal data named by
// its field, international formats and cloud credentials, with the look-alikes beside them;
// the free-text one birth dates after a cue and secrets under uncommon names (#26), likewise.
import { formatScore, loadCorpus, scoreCorpus } from '../test/corpus';
import { freeTextCorpus } from '../test/free-text-corpus';
import { personalCorpus } from '../test/personal-corpus';
import { BUILTIN_RULES, Redactor } from './index';

describe.each([
  ['vendored', loadCorpus, 15],
  ['personal data and cloud credentials', () => personalCorpus(), 7],
  ['birth dates and addresses in text, secrets under uncommon names', () => freeTextCorpus(), 3],
])('redaction corpus: %s', (_name, load, types) => {
  const redactor = new Redactor(BUILTIN_RULES, { pseudonymKey: { id: 'k1', secret: Buffer.from('corpus-test-key') } });
  const score = scoreCorpus(load(), redactor);

  it('reports recall per type', () => {
    console.log(formatScore(score));
    expect(score.byType.length).toBe(types);
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
