/**
 * No fødselsnummer in any log line. Run by the test command after the whole test suite: reads every
 * log file the services wrote (LOG_FILE_DIR, at debug level) and fails when a line holds
 *   - any fødselsnummer written in the tests (every 11-digit literal in the test sources that passes
 *     the check digits), anywhere in the line, or
 *   - any other valid fødselsnummer standing alone as 11 digits (e.g. one a property test made up).
 * It also fails when it finds too little to scan, so a run whose logs went elsewhere cannot pass.
 *
 *   ts-node scripts/check-logs-for-fnr.ts .run/logs/e2e [--min-lines 1000]
 * Findings are printed masked (first six digits), with file and line number.
 */
import { readFileSync } from 'fs';
import { relative, resolve } from 'path';
import { Finding, files, findInLine, fnrsInTestSources } from '../libs/testing/src/log-check';

const SERVICES = ['decision', 'follow-up', 'payout'];

function main(): void {
  const args = process.argv.slice(2);
  const minAt = args.indexOf('--min-lines');
  const minLines = minAt >= 0 ? Number(args[minAt + 1]) : 1;
  const dirs = args.filter((a, i) => !a.startsWith('--') && (minAt < 0 || i !== minAt + 1));
  if (dirs.length === 0) {
    console.error('usage: check-logs-for-fnr <log dir>... [--min-lines n]');
    process.exit(2);
  }
  const known = fnrsInTestSources();
  const logs = dirs.flatMap((d) => files(resolve(d), (p) => p.endsWith('.log')));
  const findings: Finding[] = [];
  let lines = 0;
  const services = new Set<string>();
  for (const file of logs) {
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        if (!text) return;
        lines += 1;
        const service = /"service":"([^"]+)"/.exec(text)?.[1];
        if (service) services.add(service);
        for (const hit of findInLine(text, known)) findings.push({ file: relative(process.cwd(), file), line: i + 1, ...hit });
      });
  }
  const missing = SERVICES.filter((s) => !services.has(s));
  if (lines < minLines || missing.length) {
    console.error(
      `fødselsnummer in logs: too little to check: ${lines} lines in ${logs.length} files` +
        (missing.length ? `, nothing from ${missing.join(', ')}` : ''),
    );
    process.exit(1);
  }
  if (findings.length) {
    for (const f of findings.slice(0, 50)) console.error(`${f.file}:${f.line}: ${f.masked} (${f.why})`);
    console.error(`fødselsnummer in logs: ${findings.length} found in ${lines} lines (first 50 above)`);
    process.exit(1);
  }
  console.log(
    `fødselsnummer in logs: none in ${lines} lines from ${[...services].sort().join(', ')} (${logs.length} files; ` +
      `${known.size} numbers from the tests, and any valid 11-digit number)`,
  );
}

if (require.main === module) main();
