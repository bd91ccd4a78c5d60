/**
 * The retry loop of the live client. Retries need facts from the response that the typed error
 * does not carry (`Retry-After`, whether the response corrected the clock), so an attempt fails
 * with an {@link AttemptFailure} and the loop unwraps it.
 */
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import { isRetryable, isThrottling, type RetryInput, type RetryOption } from "../Retry.js"

export interface AttemptFailure<E> {
  readonly error: E
  /** Milliseconds the service asked to wait (`Retry-After`). */
  readonly retryAfter: number | undefined
  /**
   * The response's `Date` moved the client clock. Only a signature error is then retried (the
   * official SDK retries any error in that case, but only a signature can be fixed by the clock).
   */
  readonly clockSkewCorrected: boolean
}

export type Policy =
  | {
      readonly _tag: "Standard"
      readonly maxAttempts: number
      readonly baseDelay: number
      readonly throttlingBaseDelay: number
      readonly maxDelay: number
      readonly budget: number | false
    }
  | { readonly _tag: "Schedule"; readonly schedule: Schedule.Schedule<unknown, RetryInput> }

const millis = (d: Duration.DurationInput | undefined, fallback: number) =>
  d === undefined ? fallback : Duration.toMillis(Duration.decode(d))

export const resolvePolicy = (option: RetryOption | undefined, maxAttempts?: number): Policy => {
  if (option === false) return { _tag: "Schedule", schedule: Schedule.stop }
  if (Schedule.isSchedule(option)) return { _tag: "Schedule", schedule: option }
  const o = option ?? {}
  return {
    _tag: "Standard",
    maxAttempts: Math.max(1, Math.floor(o.maxAttempts ?? maxAttempts ?? 3)),
    baseDelay: millis(o.baseDelay, 100),
    throttlingBaseDelay: millis(o.throttlingBaseDelay, 500),
    maxDelay: millis(o.maxDelay, 20_000),
    budget: o.budget === undefined ? 500 : o.budget,
  }
}

/** The token bucket of one layer: shared by all its calls, so a failing service sees few retries. */
export class RetryBudget {
  constructor(readonly capacity: number | false, public tokens: number = capacity === false ? 0 : capacity) {}
  take(cost: number): boolean {
    if (this.capacity === false) return true
    if (this.tokens < cost) return false
    this.tokens -= cost
    return true
  }
  give(amount: number): void {
    if (this.capacity !== false) this.tokens = Math.min(this.capacity, this.tokens + amount)
  }
}

const RETRY_COST = 5
const TIMEOUT_RETRY_COST = 10

const isTimeout = (error: unknown) =>
  typeof error === "object" && error !== null && (error as { reason?: unknown }).reason === "Timeout"

const isRetryableAttempt = <E>(f: AttemptFailure<E>): boolean =>
  isRetryable(f.error) ||
  (f.clockSkewCorrected && typeof f.error === "object" && f.error !== null && (f.error as { _tag?: unknown })._tag === "InvalidSignatureException")

/**
 * Runs `attempt(1)`, `attempt(2)`, ... under the policy; fails with the last attempt's error.
 *
 * `attempt(n)` is called when attempt `n` starts, after the backoff before it: an attempt reads
 * the clock as it is built (its deadline, its signing date, whether cached credentials are still
 * valid), so building it before the sleep would date it by the sleep's length (with a
 * `Retry-After` longer than `attemptTimeout`, its deadline would be over before it was sent).
 */
export const withRetry = <A, E>(
  attempt: (n: number) => Effect.Effect<A, AttemptFailure<E>>,
  policy: Policy,
  budget: RetryBudget,
): Effect.Effect<A, E> => {
  if (policy._tag === "Schedule") {
    let n = 0
    // Suspended: `Effect.retry` runs it again after the schedule's delay, building the attempt then.
    return Effect.suspend(() => attempt(++n)).pipe(
      Effect.retry({
        // The user's schedule sees the typed error, as with `Effect.retry`.
        schedule: Schedule.mapInput(policy.schedule, (f: AttemptFailure<E>) => f.error as RetryInput),
        while: (f: AttemptFailure<E>) => isRetryableAttempt(f),
      }),
      Effect.mapError((f) => f.error),
    )
  }
  let spent = 0
  const loop = (n: number): Effect.Effect<A, E> =>
    Effect.matchEffect(attempt(n), {
      onSuccess: (a) => {
        budget.give(spent > 0 ? spent : 1)
        return Effect.succeed(a)
      },
      onFailure: (f) => {
        if (!isRetryableAttempt(f) || n >= policy.maxAttempts) return Effect.fail(f.error)
        const cost = isTimeout(f.error) ? TIMEOUT_RETRY_COST : RETRY_COST
        if (!budget.take(cost)) return Effect.fail(f.error)
        spent = cost
        // A signature refused for a skewed clock is fixed by the correction itself, not by waiting:
        // retry at once. (Waiting would also hang a test whose clock is a TestClock.)
        if (f.clockSkewCorrected && !isRetryable(f.error)) return loop(n + 1)
        const base = isThrottling(f.error) ? policy.throttlingBaseDelay : policy.baseDelay
        return Effect.flatMap(Random.next, (r) => {
          const backoff = Math.floor(Math.min(policy.maxDelay, r * 2 ** (n - 1) * base))
          const hinted = f.retryAfter === undefined ? backoff : Math.max(backoff, Math.min(f.retryAfter, policy.maxDelay))
          return Effect.flatMap(Effect.sleep(Duration.millis(hinted)), () => loop(n + 1))
        })
      },
    })
  return Effect.suspend(() => loop(1))
}

/** `Retry-After` as seconds or an HTTP date, in milliseconds from `now`. */
export const parseRetryAfter = (value: string | undefined, now: number): number | undefined => {
  if (value === undefined || value === "") return undefined
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
