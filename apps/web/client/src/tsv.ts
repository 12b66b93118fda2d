import { parseDate } from './format';
import { CHANNELS } from './texts';

export interface ApplicationRow {
  employer: string;
  position: string;
  /** As typed: dd.mm.åååå; checked when sent. */
  sentOn: string;
  channel: string;
}

const channelOf = (cell: string | undefined): string => {
  const c = (cell ?? '').trim().toLowerCase();
  if (!c) return 'EMAIL';
  return CHANNELS.find((x) => x.value.toLowerCase() === c || x.label.toLowerCase() === c)?.value ?? 'OTHER';
};

/**
 * Rows copied from a spreadsheet: one application a line, cells separated by tabs, in the order
 * arbeidsgiver, stilling, dato, kanal (kanal optional). A header line is skipped; blank lines too.
 */
export function parseApplicationRows(text: string): ApplicationRow[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.split('\t'))
    .filter((cells) => cells.some((c) => c.trim() !== ''))
    .filter((cells) => !/^arbeidsgiver$/i.test(cells[0].trim()))
    .map(([employer = '', position = '', sentOn = '', channel]) => {
      const day = parseDate(sentOn);
      return {
        employer: employer.trim(),
        position: position.trim(),
        sentOn: day ? day.split('-').reverse().join('.') : sentOn.trim(),
        channel: channelOf(channel),
      };
    });
}
