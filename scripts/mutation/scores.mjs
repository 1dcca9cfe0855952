// The mutation score per lib, from Stryker's JSON reports: killed (and timed out) of the
// mutants that ran and compiled. Survivors are listed by file and line, to kill or to name
// as equivalent. Reads the runs kept in reports/mutation/by-lib/<lib>[+<part>].json (run.sh writes
// them), each for its own lib's files only: Stryker's incremental report carries every file it
// ever ran, and older results of other libs must not override their own runs.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';

const dir = new URL('../../reports/mutation/by-lib/', import.meta.url);
const files = {};
// Oldest first, so a newer run of a file (a whole lib, or a part of one: <lib>+<part>.json) overrides an older one.
const runs = existsSync(dir) ? readdirSync(dir).filter((n) => n.endsWith('.json')).sort((a, b) => statSync(new URL(a, dir)).mtimeMs - statSync(new URL(b, dir)).mtimeMs) : [];
for (const name of runs) {
  const lib = `libs/${name.replace(/\.json$/, '').split('+')[0]}/`;
  for (const [file, result] of Object.entries(JSON.parse(readFileSync(new URL(name, dir), 'utf8')).files)) if (file.startsWith(lib)) files[file] = result;
}
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
