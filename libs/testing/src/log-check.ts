import { readFileSync, readdirSync, statSync } from 'fs';
import { join, resolve } from 'path';
import { isValidNationalId, maskNationalId } from '@vf/rules';

/**
 * The search behind scripts/check-logs-for-fnr.ts (no fødselsnummer in any log line): which numbers
 * the tests use, and what in a log line counts as one.
 */

const ROOT = resolve(__dirname, '../../..');

export function files(dir: string, keep: (path: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) return [];
    return statSync(path).isDirectory() ? files(path, keep) : keep(path) ? [path] : [];
  });
}

/** Every valid fødselsnummer written as a literal in the tests and their fixtures. */
export function fnrsInTestSources(root = ROOT): Set<string> {
  const sources = [
    ...files(join(root, 'test'), (p) => p.endsWith('.ts')),
    ...files(join(root, 'libs'), (p) => p.endsWith('.ts') && (p.includes('/test/') || p.includes('/testing/') || p.endsWith('.spec.ts'))),
    ...files(join(root, 'apps'), (p) => /\.(ts|tsx)$/.test(p) && (p.includes('/test/') || p.endsWith('.spec.ts'))),
  ];
  const found = new Set<string>();
  for (const path of sources) {
    for (const m of readFileSync(path, 'utf8').matchAll(/(?<!\d)\d{11}(?!\d)/g)) if (isValidNationalId(m[0])) found.add(m[0]);
  }
  return found;
}

export interface Finding {
  file: string;
  line: number;
  masked: string;
  why: 'used in the tests' | 'a valid fødselsnummer';
}

/**
 * A UUID (event ids, correlation ids). Its last group is twelve hex digits, so about one UUID in a
 * hundred thousand (measured over three million) holds eleven decimal digits in a row that pass a
 * fødselsnummer's check digits, and a run of the tests writes tens of thousands of UUIDs. CI failed
 * once on such an id that all three services wrote. The run is part of the id, not a number.
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** The fødselsnummer in one log line, if any. */
export function findInLine(line: string, known: Set<string>): Array<Omit<Finding, 'file' | 'line'>> {
  const hits: Array<Omit<Finding, 'file' | 'line'>> = [];
  for (const fnr of known) if (line.includes(fnr)) hits.push({ masked: maskNationalId(fnr), why: 'used in the tests' });
  for (const m of line.replace(UUID, 'uuid').matchAll(/(?<!\d)\d{11}(?!\d)/g)) {
    if (isValidNationalId(m[0]) && !known.has(m[0])) hits.push({ masked: maskNationalId(m[0]), why: 'a valid fødselsnummer' });
  }
  return hits;
}
