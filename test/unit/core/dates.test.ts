import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addInterval, dateOf, formatDate, isCalendarDate, parseDate, today } from '../../../src/core/dates';

describe('dates', () => {
  it('review intervals: days, weeks, calendar months and years', () => {
    const d = (s: string) => parseDate(s)!;
    assert.equal(formatDate(addInterval(d('2026-01-08'), '90d')!), '2026-04-08');
    assert.equal(formatDate(addInterval(d('2026-02-26'), '12w')!), '2026-05-21');
    assert.equal(formatDate(addInterval(d('2026-01-31'), '1m')!), '2026-02-28');
    assert.equal(formatDate(addInterval(d('2026-11-30'), '3m')!), '2027-02-28');
    assert.equal(formatDate(addInterval(d('2024-02-29'), '1y')!), '2025-02-28');
    assert.equal(addInterval(d('2026-01-01'), '0d'), undefined);
    assert.equal(parseDate('2026-02-30'), undefined);
  });


  it('knows real calendar dates', () => {
    assert.equal(isCalendarDate('2024-02-29'), true);
    assert.equal(isCalendarDate('2025-02-29'), false);
    assert.equal(isCalendarDate('2025-13-45'), false);
    assert.equal(isCalendarDate('2025-1-5'), false);
    assert.equal(formatDate(parseDate('2026-03-01')!), '2026-03-01');
  });

  it('today is the UTC date of the clock, whatever the time zone', () => {
    const saved = process.env.TZ;
    try {
      for (const tz of ['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
        process.env.TZ = tz;
        assert.equal(today(() => new Date('2026-03-01T23:30:00Z')), '2026-03-01', tz);
        assert.equal(today(() => new Date('2026-03-02T00:30:00Z')), '2026-03-02', tz);
        assert.equal(dateOf(new Date('2026-03-01T23:59:59.999Z')), '2026-03-01', tz);
      }
    } finally {
      if (saved === undefined) {
        delete process.env.TZ;
      } else {
        process.env.TZ = saved;
      }
    }
  });
});
