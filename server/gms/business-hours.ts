import type { GmsConfig } from './config.ts';

const DAY_MS = 86_400_000;

/** How far `timeZone`'s wall clock is ahead of UTC at `instant`, in ms. */
function zoneOffset(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
  }).formatToParts(instant);
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - Math.floor(instant / 1000) * 1000;
}

/** The instant a wall-clock time in `timeZone` happens (DST-aware). */
function zonedInstant(
  year: number,
  month: number,
  day: number,
  minutes: number,
  timeZone: string,
): number {
  const guess = Date.UTC(year, month, day) + minutes * 60_000;
  const first = guess - zoneOffset(guess, timeZone);
  return guess - zoneOffset(first, timeZone);
}

const minutesOf = (hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/** Every slot start within business hours from `from` (inclusive) to `to` (exclusive). */
export function businessSlots(config: GmsConfig, from: number, to: number): number[] {
  const { timeZone, days, open, close } = config.businessHours;
  const slotMs = config.slotMinutes * 60_000;
  const slots: number[] = [];
  for (let day = from - DAY_MS; day < to + DAY_MS; day += DAY_MS) {
    const local = new Date(day + zoneOffset(day, timeZone));
    const [y, m, d] = [local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate()];
    const isoWeekday = ((local.getUTCDay() + 6) % 7) + 1;
    if (!days.includes(isoWeekday)) continue;
    const start = zonedInstant(y, m, d, minutesOf(open), timeZone);
    const end = zonedInstant(y, m, d, minutesOf(close), timeZone);
    for (let slot = start; slot + slotMs <= end; slot += slotMs)
      if (slot >= from && slot < to) slots.push(slot);
  }
  return [...new Set(slots)].sort((a, b) => a - b);
}

/** The slot a desired time falls in, if it is a business-hours slot start. */
export function isSlotStart(config: GmsConfig, instant: number): boolean {
  return businessSlots(config, instant, instant + 1).includes(instant);
}
