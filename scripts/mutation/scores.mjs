// The mutation score per lib, from Stryker's JSON reports: killed (and timed out) of the
// mutants that ran and compiled. Survivors are listed by file and line, to kill or to name
// as equivalent. Reads reports/mutation/mutation.json and any runs kept in
// reports/mutation/by-lib/ (one lib at a time: `stryker run ... --mutate 'libs/x/**'`);
// a file's newest report counts.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';

const dir = new URL('../../reports/mutation/', import.meta.url);
const reports = [new URL('mutation.json', dir), ...(existsSync(new URL('by-lib/', dir)) ? readdirSync(new URL('by-lib/', dir)).map((name) => new URL(`by-lib/${name}`, dir)) : [])]
  .filter((url) => existsSync(url))
  .sort((a, b) => statSync(a).mtimeMs - statSync(b).mtimeMs);
const files = {};
for (const url of reports) Object.assign(files, JSON.parse(readFileSync(url, 'utf8')).files);
const libs = new Map();
const survivors = [];
for (const [file, { mutants }] of Object.entries(files)) {
  const lib = file.split('/').slice(0, 2).join('/');
  const score = libs.get(lib) ?? { killed: 0, survived: 0, noCoverage: 0, ignored: 0 };
  for (const mutant of mutants) {
    if (mutant.status === 'Killed' || mutant.status === 'Timeout') score.killed++;
    else if (mutant.status === 'Survived') score.survived++;
    else if (mutant.status === 'NoCoverage') score.noCoverage++;
    else score.ignored++;
    if (mutant.status === 'Survived' || mutant.status === 'NoCoverage') survivors.push(`${file}:${mutant.location.start.line} ${mutant.mutatorName} → ${JSON.stringify(mutant.replacement ?? '')} (${mutant.status})`);
  }
  libs.set(lib, score);
}
const rows = [['lib', 'killed', 'survived', 'no test', 'score']];
for (const [lib, s] of [...libs].sort()) {
  const counted = s.killed + s.survived + s.noCoverage;
  rows.push([lib, String(s.killed), String(s.survived), String(s.noCoverage), counted ? `${((100 * s.killed) / counted).toFixed(1)} %` : '-']);
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
console.log(rows.map((r) => `| ${r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(' | ')} |`).join('\n'));
if (process.argv.includes('--survivors')) console.log(`\nSurvivors (${survivors.length}):\n${survivors.join('\n')}`);
