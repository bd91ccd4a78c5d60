/**
 * Retry decisions, as the official AWS SDK's `standard` mode makes them: which failures are worth
 * retrying, how long to back off, the `Retry-After` header, and the retry budget (a token bucket
 * shared by the calls of one client). The loop that sleeps and tries again belongs to the caller.
 *
 * Failures are read by the fields every error of this SDK has (see {@link ErrorFacts}): its kind in
 * `_tag` (`"ThrottlingException"`, `"TransportError"`, a modeled exception's name, ...), the
 * service's `code`, the `httpStatus`, and a transport failure's `reason`.
 *
 * ```ts
 * import * as Retry from "@effect-codepipeline/core/Retry"
 *
 * const policy = Retry.standardPolicy({ maxAttempts: 5 })
 * const budget = new Retry.RetryBudget(policy.budget)
 * const failure = { error: { _tag: "ThrottlingException" }, retryAfter: undefined, clockSkewCorrected: false }
 * const decision = Retry.decide(policy, budget, 1, failure) // { _tag: "Retry", cost: 5, backoff: true }
 * const wait = Retry.backoffDelay(policy, 1, Math.random(), true, failure.retryAfter) // up to 500 ms
 * ```
 *
 * @since 0.1.0
 */
import { commonErrorKind } from "./internal/commonErrors.js"

/**
 * The numbers of the standard mode, in one place: the defaults of its options (delays in
 * milliseconds), and what a retry costs the budget.
 *
 * @since 0.1.0
 */
export const standardMode = {
  /** Attempts in all, the first included. */
  maxAttempts: 3,
  /** Backoff base after a transient failure: retry `n` waits up to `base × 2^(n-1)`. */
  baseDelay: 100,
  /** Backoff base after throttling. */
  throttlingBaseDelay: 500,
  /** Cap on one backoff and on an honoured `Retry-After`. */
  maxDelay: 20_000,
  /** Tokens in the retry budget of one client. */
  budget: 500,
  /** Tokens a retry takes. */
  retryCost: 5,
  /** Tokens a retry after a timeout takes. */
  timeoutRetryCost: 10,
  /** Tokens a call that succeeds without a retry puts back (one that needed retries puts back its last retry's cost). */
  noRetryIncrement: 1,
} as const

/**
 * The standard mode as one client runs it (delays in milliseconds).
 *
 * @since 0.1.0
 */
export interface StandardPolicy {
  readonly maxAttempts: number
  readonly baseDelay: number
  readonly throttlingBaseDelay: number
  readonly maxDelay: number
  /** The budget's capacity in tokens, or `false` for no budget. */
  readonly budget: number | false
}

/**
 * The standard mode with the given options (delays in milliseconds) and {@link standardMode}'s
 * defaults for the others. `maxAttempts` is rounded down, and at least 1.
 *
 * @since 0.1.0
 */
export const standardPolicy = (options: Partial<StandardPolicy> = {}): StandardPolicy => ({
  maxAttempts: Math.max(1, Math.floor(options.maxAttempts ?? standardMode.maxAttempts)),
  baseDelay: options.baseDelay ?? standardMode.baseDelay,
  throttlingBaseDelay: options.throttlingBaseDelay ?? standardMode.throttlingBaseDelay,
  maxDelay: options.maxDelay ?? standardMode.maxDelay,
  budget: options.budget === undefined ? standardMode.budget : options.budget,
})

/**
 * The retry budget of one client: a token bucket shared by all its calls, so that a failing
 * service sees few retries. A retry takes tokens; a call that succeeds puts some back.
 *
 * @since 0.1.0
 */
export class RetryBudget {
  constructor(
    /** Tokens the bucket holds when full, or `false` for a bucket that never runs out. */
    readonly capacity: number | false,
    public tokens: number = capacity === false ? 0 : capacity,
  ) {}

  /** Takes `cost` tokens if the bucket holds that many; false (and takes none) otherwise. */
  take(cost: number): boolean {
    if (this.capacity === false) return true
    if (this.tokens < cost) return false
    this.tokens -= cost
    return true
  }

  /** Puts `amount` tokens back, up to the capacity. */
  give(amount: number): void {
    if (this.capacity !== false) this.tokens = Math.min(this.capacity, this.tokens + amount)
  }

  /**
   * A call succeeded: puts back the cost of its last retry (`lastRetryCost`), or
   * {@link standardMode}`.noRetryIncrement` when it needed none (`0`).
   */
  succeeded(lastRetryCost: number): void {
    this.give(lastRetryCost > 0 ? lastRetryCost : standardMode.noRetryIncrement)
  }
}

// -----------------------------------------------------------------------------------------------
// What is retryable
// -----------------------------------------------------------------------------------------------

/**
 * The fields of an error a retry decision reads. Each may be anything: what is not of the expected
 * type counts as absent.
 *
 * @since 0.1.0
 */
export interface ErrorFacts {
  /** The error's kind: `"ThrottlingException"`, `"TransportError"`, a modeled exception's name, ... */
  readonly _tag?: unknown
  /** The error code the service sent. */
  readonly code?: unknown
  /** The HTTP status of the response. */
  readonly httpStatus?: unknown
  /** A transport failure's reason: `"Network"` or `"Timeout"`. */
  readonly reason?: unknown
}

const TRANSIENT_CODES = new Set(["TimeoutError", "RequestTimeout", "RequestTimeoutException"])
const TRANSIENT_STATUSES = new Set([500, 502, 503, 504])

/**
 * Whether the service throttled the call: a `ThrottlingException`, a code that surfaces as one (see
 * `Protocol.commonErrorCodes`), or HTTP 429.
 *
 * CodePipeline's modeled `LimitExceededException` is a quota ("the number of pipelines exceeds the
 * limit"), not throttling, so unlike in the official SDK it is not retried.
 *
 * @since 0.1.0
 */
export const isThrottling = (error: ErrorFacts): boolean =>
  error._tag === "ThrottlingException" ||
  (typeof error.code === "string" && commonErrorKind(error.code) === "ThrottlingException") ||
  error.httpStatus === 429

/**
 * Whether the failure is transient: a transport failure (connection error, reset, attempt
 * timeout), an internal failure or unavailability, the codes `TimeoutError`, `RequestTimeout` and
 * `RequestTimeoutException`, or HTTP 500/502/503/504.
 *
 * @since 0.1.0
 */
export const isTransient = (error: ErrorFacts): boolean =>
  error._tag === "TransportError" ||
  error._tag === "InternalFailure" ||
  error._tag === "ServiceUnavailable" ||
  (typeof error.code === "string" && TRANSIENT_CODES.has(error.code)) ||
  (typeof error.httpStatus === "number" && TRANSIENT_STATUSES.has(error.httpStatus))

/**
 * Whether retrying the same request may succeed: {@link isThrottling} or {@link isTransient}.
 *
 * @since 0.1.0
 */
export const isRetryable = (error: ErrorFacts): boolean => isThrottling(error) || isTransient(error)

/**
 * A failed attempt, with the facts of its response that the error does not carry.
 *
 * @since 0.1.0
 */
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

/**
 * Whether a failed attempt is worth another: its error {@link isRetryable}, or a signature refused
 * while the response corrected the clock.
 *
 * @since 0.1.0
 */
export const isRetryableAttempt = (failure: AttemptFailure<ErrorFacts>): boolean =>
  isRetryable(failure.error) || (failure.clockSkewCorrected && failure.error._tag === "InvalidSignatureException")

// -----------------------------------------------------------------------------------------------
// The standard mode
// -----------------------------------------------------------------------------------------------

/**
 * What the standard mode does after a failed attempt: stop with its error, or retry, having taken
 * `cost` tokens from the budget, after a backoff ({@link backoffDelay}) or at once (a signature
 * refused for a skewed clock is fixed by the correction itself, not by waiting).
 *
 * @since 0.1.0
 */
export type Decision = { readonly _tag: "Stop" } | { readonly _tag: "Retry"; readonly cost: number; readonly backoff: boolean }

const stop: Decision = { _tag: "Stop" }

/**
 * The standard mode's decision after attempt `attempt` (from 1) failed: it stops when the failure
 * is not retryable ({@link isRetryableAttempt}), the attempts are used up, or the budget cannot pay
 * for the retry ({@link standardMode}'s costs, taken here).
 *
 * @since 0.1.0
 */
export const decide = (policy: StandardPolicy, budget: RetryBudget, attempt: number, failure: AttemptFailure<ErrorFacts>): Decision => {
  if (!isRetryableAttempt(failure) || attempt >= policy.maxAttempts) return stop
  const cost = failure.error.reason === "Timeout" ? standardMode.timeoutRetryCost : standardMode.retryCost
  if (!budget.take(cost)) return stop
  return { _tag: "Retry", cost, backoff: !failure.clockSkewCorrected || isRetryable(failure.error) }
}

/**
 * Milliseconds to wait before the retry after attempt `attempt` (from 1): exponential backoff
 * with full jitter, `random × base × 2^(attempt-1)` (`random` in `[0, 1)`, `base` the throttling
 * base when `throttled`), capped at `maxDelay`, and at least the `Retry-After` the service asked
 * for (itself capped at `maxDelay`). Whole milliseconds.
 *
 * @since 0.1.0
 */
export const backoffDelay = (
  policy: StandardPolicy,
  attempt: number,
  random: number,
  throttled: boolean,
  retryAfter: number | undefined,
): number => {
  const base = throttled ? policy.throttlingBaseDelay : policy.baseDelay
  const backoff = Math.floor(Math.min(policy.maxDelay, random * 2 ** (attempt - 1) * base))
  return retryAfter === undefined ? backoff : Math.max(backoff, Math.min(retryAfter, policy.maxDelay))
}

/**
 * A `Retry-After` header, as seconds or an HTTP date, in milliseconds from `now` (epoch
 * milliseconds; a date in the past is 0); `undefined` when absent or unreadable.
 *
 * @since 0.1.0
 */
export const parseRetryAfter = (value: string | undefined, now: number): number | undefined => {
  if (value === undefined || value === "") return undefined
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? undefined : Math.max(0, date - now)
}
