/** Money is integer øre. 1 NOK = 100 øre. */
export type Ore = number;

export function isPositiveOre(value: unknown): value is Ore {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

export function formatNok(ore: Ore): string {
  const sign = ore < 0 ? '-' : '';
  const abs = Math.abs(ore);
  const kroner = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  const rest = (abs % 100).toString().padStart(2, '0');
  return `${sign}NOK ${kroner},${rest}`;
}
