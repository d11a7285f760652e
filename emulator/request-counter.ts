/** Counts the API requests received, in total and per `X-TC-Action`. */
export class RequestCounter {
  private total = 0;
  private readonly byAction = new Map<string, number>();

  /** Counts one request; `action` is its `X-TC-Action` header, if it had one. */
  count(action: string | undefined): void {
    this.total += 1;
    if (action !== undefined) {
      this.byAction.set(action, (this.byAction.get(action) ?? 0) + 1);
    }
  }

  /** Requests counted, all of them or those for one action. */
  get(action?: string): number {
    return action === undefined ? this.total : (this.byAction.get(action) ?? 0);
  }
}
