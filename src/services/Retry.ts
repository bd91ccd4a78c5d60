/**
 * Retries. By default every call retries as the official AWS SDK's `standard` mode does: up to 3
 * attempts; throttling, transient errors (HTTP 500/502/503/504, timeouts, connection resets) and
 * clock-skew errors are retried; backoff is exponential with full jitter, capped at 20 seconds;
 * `Retry-After` is honoured; a retry budget (a token bucket shared by all calls of one layer) stops
 * retry storms when the service is down. The policy can be tuned, replaced by any `Schedule`, or
 * turned off; the predicates here let a program build its own `Effect.retry` policies.
 *
 * @since 0.1.0
 */
// Mirror of packages/effect3/src/services/Retry.ts: the same public Retry options over each Effect's Schedule and Duration; the decisions are the core's
// Retry.
import * as Retry from "@effect-codepipeline/core/Retry"
import type * as Duration from "effect/Duration"
import type * as Schedule from "effect/Schedule"
import { facts } from "./internal/facts.js"

/**
 * Options of the standard retry mode.
 *
 * @since 0.1.0
 * @category models
 */
export interface StandardOptions {
  /** Attempts in all, the first included (default 3; 1 disables retries). */
  readonly maxAttempts?: number | undefined
  /** Backoff base for transient errors (default 100 millis): retry n waits up to `base * 2^(n-1)`. */
  readonly baseDelay?: Duration.Input | undefined
  /** Backoff base for throttling errors (default 500 millis). */
  readonly throttlingBaseDelay?: Duration.Input | undefined
  /** Cap on one backoff and on an honoured `Retry-After` (default 20 seconds). */
  readonly maxDelay?: Duration.Input | undefined
  /**
   * The retry budget: tokens in the bucket shared by every call of the layer (default 500). A
   * retry costs 5 tokens (10 after a timeout); a success returns the cost of its last retry, or 1
   * when it needed none. With the bucket empty, calls fail on their first error. `false` disables it.
   */
  readonly budget?: number | false | undefined
}

/**
 * What a retry `Schedule` receives: the failed attempt's error (every error of this SDK has a
 * `_tag` and a `message`).
 *
 * @since 0.1.0
 * @category models
 */
export interface RetryInput {
  readonly _tag: string
  readonly message: string
}

/**
 * How a layer retries: the standard mode (optionally tuned), any `Schedule` (applied while the
 * error is {@link isRetryable}), or `false` for no retries.
 *
 * @since 0.1.0
 * @category models
 */
export type RetryOption = StandardOptions | Schedule.Schedule<unknown, RetryInput> | false

/**
 * Whether the service throttled the call: a `ThrottlingException` (any of the codes AWS uses for
 * it) or HTTP 429. CodePipeline's modeled `LimitExceededException` is a quota, not throttling.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isThrottling = (error: unknown): boolean => Retry.isThrottling(facts(error))

/**
 * Whether the failure is transient: a transport failure (connection error, reset, attempt
 * timeout), an internal failure or unavailability, or HTTP 500/502/503/504.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isTransient = (error: unknown): boolean => Retry.isTransient(facts(error))

/**
 * Whether retrying the same request may succeed: {@link isThrottling} or {@link isTransient}.
 *
 * @since 0.1.0
 * @category predicates
 */
export const isRetryable = (error: unknown): boolean => Retry.isRetryable(facts(error))
