// Keeping a view in step with the record it shows. The Timeline view renders the active session's events, the same
// in-memory array that Sessions.append pushes to (and fires on, synchronously, after the push): no file is read back
// and no watcher is involved. What remains is the host's side: VS Code's refresh is fire-and-forget. A change event
// that reaches the workbench while the tree is still fetching its children is folded into that fetch (the async
// tree reuses a fetch in flight), and that fetch was computed before the change: the row never appears, until the
// next change. The e2e journey once showed "Incident started" and no run for 15 s while the run was recorded.
//
// So the view counts: every change bumps `revision`, every fetch of the root records the revision it served. When
// a change has not been served `delayMs` after it fired (and the view is visible: a hidden view is fetched when it
// is shown), the view fires again, up to `retries` times; a view shown while behind fires at once. The rows shown
// therefore end at the record's last event by construction, whatever the host does with a single event.

/** Schedules `fn` after `ms`; returns a function that cancels it. */
export type Schedule = (fn: () => void, ms: number) => () => void;

export interface ViewSyncOptions {
  /** Asks the host to fetch the view's data again (onDidChangeTreeData). */
  readonly fire: () => void;
  readonly schedule: Schedule;
  /** How long a fired change may go unserved before it is fired again (default 400 ms). */
  readonly delayMs?: number;
  /** How many times (default 10). */
  readonly retries?: number;
}

export class ViewSync {
  private rev = 0;
  private served = -1;
  private shown = true;
  private attempts = 0;
  private cancel: (() => void) | undefined;
  private readonly delayMs: number;
  private readonly retries: number;

  constructor(private readonly options: ViewSyncOptions) {
    this.delayMs = options.delayMs ?? 400;
    this.retries = options.retries ?? 10;
  }

  /** The revision of the record: one more per change. */
  get revision(): number {
    return this.rev;
  }

  /** The revision the host last fetched (-1: never). */
  get servedRevision(): number {
    return this.served;
  }

  /** The record changed (call after the in-memory update): fire now, and again later if it is not served. */
  changed(): void {
    this.rev++;
    this.attempts = 0;
    this.options.fire();
    this.arm();
  }

  /** The host is fetching the view's root now: what it gets is the current revision. */
  fetched(): void {
    this.served = this.rev;
    this.disarm();
  }

  /** The view was shown or hidden. Shown while behind: fire at once. */
  setVisible(visible: boolean): void {
    this.shown = visible;
    if (visible && this.served < this.rev) {
      this.attempts = 0;
      this.options.fire();
      this.arm();
    }
  }

  dispose(): void {
    this.disarm();
  }

  private arm(): void {
    this.disarm();
    this.cancel = this.options.schedule(() => {
      this.cancel = undefined;
      if (this.served >= this.rev || !this.shown || this.attempts >= this.retries) {
        return;
      }
      this.attempts++;
      this.options.fire();
      this.arm();
    }, this.delayMs);
  }

  private disarm(): void {
    this.cancel?.();
    this.cancel = undefined;
  }
}
