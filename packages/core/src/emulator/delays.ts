/**
 * Delayed calls: the next N calls (of one operation, or of any) are answered after a wait of wall
 * clock time, as a slow service answers, so a client's timeouts and retries can be tested. The
 * handler consults them before it serves a CodePipeline call.
 */

/** The longest delay a call can be given: longer would only hold connections open. */
export const MAX_DELAY_MS = 5 * 60_000

interface Pending {
  readonly operation: string | undefined
  readonly ms: number
  remaining: number
}

export class Delays {
  private pending: Array<Pending> = []

  add(operation: string | undefined, ms: number, times: number): void {
    this.pending.push({ operation, ms, remaining: times })
  }

  /** The delay of a call of `operation` arriving now, consumed; `0` when none applies. */
  take(operation: string | undefined): number {
    if (this.pending.length === 0) return 0
    const index = this.pending.findIndex((p) => p.operation === undefined || p.operation === operation)
    if (index < 0) return 0
    const found = this.pending[index]!
    if (--found.remaining <= 0) this.pending.splice(index, 1)
    return found.ms
  }

  clear(): void {
    this.pending = []
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms))
