import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ViewSync, type Schedule } from '../../../../src/core/run/viewSync';

/** Timers run by hand. */
class Clock {
  now = 0;
  private timers: { at: number; fn: () => void; live: boolean }[] = [];
  readonly schedule: Schedule = (fn, ms) => {
    const t = { at: this.now + ms, fn, live: true };
    this.timers.push(t);
    return () => { t.live = false; };
  };
  advance(ms: number): void {
    const end = this.now + ms;
    for (;;) {
      const next = this.timers.filter((t) => t.live && t.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!next) {
        break;
      }
      next.live = false;
      this.now = next.at;
      next.fn();
    }
    this.now = end;
  }
}

/**
 * The workbench side of a tree view, as VS Code's async tree behaves: a refresh asks for the root's children, and a
 * refresh that arrives while that fetch is in flight is folded into it (the fetch in flight is reused), so it
 * shows what the provider returned when the fetch started. `fetchMs`: how long a fetch takes (a busy host).
 */
class FakeWorkbenchTree {
  shown: string[] = [];
  private inFlight = false;
  constructor(private readonly clock: Clock, private readonly provider: () => string[], private readonly fetchMs: number) {}
  refresh(): void {
    if (this.inFlight) {
      return; // folded into the fetch in flight
    }
    this.inFlight = true;
    const rows = this.provider(); // the provider answers now; the answer arrives later
    this.clock.schedule(() => {
      this.inFlight = false;
      this.shown = rows;
    }, this.fetchMs);
  }
}

/** The Timeline's record (the session's events in memory) and a view on it: `sync` present = the new wiring. */
function timeline(clock: Clock, withSync: boolean) {
  const events: string[] = [];
  const sync = new ViewSync({ fire: () => tree.refresh(), schedule: clock.schedule, delayMs: 400 });
  const getChildren = () => {
    if (withSync) {
      sync.fetched();
    }
    return [...events];
  };
  const tree = new FakeWorkbenchTree(clock, getChildren, 300);
  const append = (e: string) => {
    events.push(e); // the in-memory update, then the change event, synchronously
    if (withSync) {
      sync.changed();
    } else {
      tree.refresh();
    }
  };
  return { events, tree, sync, append };
}

describe('ViewSync', () => {
  it('a change folded into a fetch in flight: the plain wiring keeps showing the old rows (the e2e failure)', () => {
    const clock = new Clock();
    const t = timeline(clock, false);
    t.append('Incident started');
    clock.advance(100); // the fetch for the start is still in flight when the run is recorded
    t.append('kubectl describe pod exit 0');
    clock.advance(15_000);
    assert.deepEqual(t.events, ['Incident started', 'kubectl describe pod exit 0']);
    assert.deepEqual(t.tree.shown, ['Incident started'], 'the race is modelled: the run is recorded and not shown');
  });

  it('the same with ViewSync: the change is fired again until the workbench has fetched it', () => {
    const clock = new Clock();
    const t = timeline(clock, true);
    t.append('Incident started');
    clock.advance(100);
    t.append('kubectl describe pod exit 0');
    assert.equal(t.sync.servedRevision < t.sync.revision, true);
    clock.advance(2_000);
    assert.deepEqual(t.tree.shown, ['Incident started', 'kubectl describe pod exit 0']);
    assert.equal(t.sync.servedRevision, t.sync.revision);
  });

  it('stops firing once served, and gives up after `retries` when nothing fetches', () => {
    const clock = new Clock();
    let fired = 0;
    let fetch = true;
    const sync = new ViewSync({ fire: () => { fired++; if (fetch) { sync.fetched(); } }, schedule: clock.schedule, delayMs: 100, retries: 3 });
    sync.changed();
    clock.advance(10_000);
    assert.equal(fired, 1, 'served at once: no second fire');
    fetch = false;
    sync.changed();
    clock.advance(10_000);
    assert.equal(fired, 1 + 1 + 3, 'one fire and three retries, then it stops');
  });

  it('a hidden view is not fired at; shown while behind, it is fired at once', () => {
    const clock = new Clock();
    let fired = 0;
    const sync = new ViewSync({ fire: () => { fired++; }, schedule: clock.schedule, delayMs: 100 });
    sync.setVisible(false);
    sync.changed();
    clock.advance(10_000);
    assert.equal(fired, 1, 'no retries while hidden');
    sync.setVisible(true);
    assert.equal(fired, 2);
    sync.fetched();
    sync.setVisible(false);
    sync.setVisible(true);
    assert.equal(fired, 2, 'up to date: showing it fires nothing');
  });
});
