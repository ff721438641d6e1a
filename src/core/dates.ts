// Calendar dates (`YYYY-MM-DD`) and "today", for both hosts.
//
// Today is the UTC date, in the editor and in `runbook lint` alike. UTC, because a verdict (is this runbook's review
// overdue, its drill stale, its action item past due?) must not depend on the machine that gives it: the editor on a
// laptop in Sydney, `runbook lint` in a terminal in San Francisco and the CI job (whose clock is UTC) give the same
// one, and they agree with the dates the tools write themselves (drill stamps, reviews, sessions are UTC too). The
// cost: for a few hours of the day, a date written by hand in a time zone ahead of UTC is a day ahead of "today".
//
// Time comes from a Clock, so that tests can say when "now" is.

/** Milliseconds in a day. */
export const DAY_MS = 86_400_000;

/** Where "now" comes from. */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();

/** The UTC date of an instant, YYYY-MM-DD. */
export function dateOf(instant: Date): string {
  return instant.toISOString().slice(0, 10);
}

/** Today, YYYY-MM-DD (UTC, see above). */
export function today(clock: Clock = systemClock): string {
  return dateOf(clock());
}

/** `YYYY-MM-DD` → UTC milliseconds at its start, or undefined when it is not a real date (`2025-02-30`). */
export function parseDate(s: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) {
    return undefined;
  }
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3]);
  const d = new Date(t);
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3] ? t : undefined;
}

/** A real calendar date written YYYY-MM-DD (`2025-13-45` and `2025-02-30` are not). */
export function isCalendarDate(s: string): boolean {
  return parseDate(s) !== undefined;
}

/** UTC milliseconds → YYYY-MM-DD. */
export function formatDate(t: number): string {
  return dateOf(new Date(t));
}

/** `90d`, `12w`, `6m`, `1y`: a review or drill interval. */
export const INTERVAL = /^([1-9][0-9]*)([dwmy])$/;

/** `date` plus an interval such as `90d`, `12w`, `6m`, `1y`; months and years keep the day, or end on the month's last day. */
export function addInterval(date: number, interval: string): number | undefined {
  const m = INTERVAL.exec(interval.trim());
  if (!m) {
    return undefined;
  }
  const n = Number(m[1]);
  const unit = m[2];
  if (unit === 'd' || unit === 'w') {
    return date + n * (unit === 'w' ? 7 : 1) * DAY_MS;
  }
  const d = new Date(date);
  const months = d.getUTCMonth() + (unit === 'm' ? n : 12 * n);
  const year = d.getUTCFullYear() + Math.floor(months / 12);
  const month = months % 12;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(d.getUTCDate(), lastDay));
}
