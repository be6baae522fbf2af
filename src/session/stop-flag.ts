/**
 * The one "we are stopping" switch shared by every client, the feed and the loops of a session
 * (live or sim). Once set, clients refuse every placement (cancels still go through), and `signal`
 * aborts sleeps.
 */
export class StopFlag {
  private readonly controller = new AbortController();

  get stopping(): boolean {
    return this.controller.signal.aborted;
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  stop(reason = 'stopping'): void {
    if (!this.controller.signal.aborted) this.controller.abort(reason);
  }
}
