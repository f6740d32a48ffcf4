/** One submission the citizen made in this session. */
export interface SessionSubmission {
  serviceId: string;
  at: Date;
  /** Whether the back end answered when it was stored: decides the wording and the receipt's offline note. */
  online: boolean;
}

/**
 * The submissions made in the current session, by outbox id. Only these may have their receipt
 * printed or their outcome read: the next citizen must not learn another's receipt number.
 */
export class SessionSubmissions {
  private readonly byId = new Map<string, SessionSubmission>();

  record(id: string, submission: SessionSubmission): void {
    this.byId.set(id, submission);
  }

  get(id: string): SessionSubmission | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get size(): number {
    return this.byId.size;
  }

  wipe(): void {
    this.byId.clear();
  }
}
