/**
 * The retry loop of the live client, over the core's retry decisions
 * (`@effect-codepipeline/core/Retry`): it sleeps on Effect's `Clock` and draws its jitter from
 * Effect's `Random`, so `TestClock` drives it. Retries need facts from the response that the
 * typed error does not carry (`Retry-After`, whether the response corrected the clock), so an
 * attempt fails with an `AttemptFailure` and the loop unwraps it.
 */
// Mirror of packages/effect3/src/services/internal/retry.ts: the retry loop over each Effect's Schedule, Clock and Random; the decisions are the core's
// Retry.
import * as Retry from "@effect-codepipeline/core/Retry"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import type { RetryInput, RetryOption } from "../Retry.js"
import { isThrottling } from "../Retry.js"
import { facts } from "./facts.js"

export type Policy =
  | ({ readonly _tag: "Standard" } & Retry.StandardPolicy)
  | { readonly _tag: "Schedule"; readonly schedule: Schedule.Schedule<unknown, RetryInput> }
  | { readonly _tag: "None" }

const millis = (d: Duration.Input | undefined) => (d === undefined ? undefined : Duration.toMillis(Duration.fromInputUnsafe(d)))

export const resolvePolicy = (option: RetryOption | undefined): Policy => {
  if (option === false) return { _tag: "None" }
  if (Schedule.isSchedule(option)) return { _tag: "Schedule", schedule: option as Schedule.Schedule<unknown, RetryInput> }
  const o = option ?? {}
  return {
    _tag: "Standard",
    ...Retry.standardPolicy({
      maxAttempts: o.maxAttempts,
      baseDelay: millis(o.baseDelay),
      throttlingBaseDelay: millis(o.throttlingBaseDelay),
      maxDelay: millis(o.maxDelay),
      budget: o.budget,
    }),
  }
}

const factsOf = <E>(f: Retry.AttemptFailure<E>): Retry.AttemptFailure<Retry.ErrorFacts> => ({
  error: facts(f.error),
  retryAfter: f.retryAfter,
  clockSkewCorrected: f.clockSkewCorrected,
})

/**
 * Runs `attempt(1)`, `attempt(2)`, ... under the policy; fails with the last attempt's error.
 *
 * `attempt(n)` is called when attempt `n` starts, after the backoff before it: an attempt reads
 * the clock as it is built (its signing date, whether cached credentials are still valid), so
 * building it before the sleep would date it by the sleep's length.
 */
export const withRetry = <A, E>(
  attempt: (n: number) => Effect.Effect<A, Retry.AttemptFailure<E>>,
  policy: Policy,
  budget: Retry.RetryBudget,
): Effect.Effect<A, E> => {
  if (policy._tag === "None")
    return Effect.mapError(
      Effect.suspend(() => attempt(1)),
      (f) => f.error,
    )
  if (policy._tag === "Schedule") {
    return Effect.suspend(() => {
      let n = 0
      // The user's schedule sees the typed error, as with `Effect.retry`; the facts it does not
      // carry are kept beside it for the `while` test.
      let last: Retry.AttemptFailure<E> | undefined
      return Effect.suspend(() => attempt(++n)).pipe(
        Effect.mapError((f) => {
          last = f
          return f.error
        }),
        Effect.retry({
          schedule: policy.schedule as Schedule.Schedule<unknown, E>,
          while: () => last !== undefined && Retry.isRetryableAttempt(factsOf(last)),
        }),
      )
    })
  }
  let spent = 0
  const loop = (n: number): Effect.Effect<A, E> =>
    Effect.matchEffect(attempt(n), {
      onSuccess: (a) => {
        budget.succeeded(spent)
        return Effect.succeed(a)
      },
      onFailure: (f) => {
        const decision = Retry.decide(policy, budget, n, factsOf(f))
        if (decision._tag === "Stop") return Effect.fail(f.error)
        spent = decision.cost
        // A signature refused for a skewed clock: retried at once.
        if (!decision.backoff) return loop(n + 1)
        return Effect.flatMap(Random.next, (r) =>
          Effect.andThen(Effect.sleep(Duration.millis(Retry.backoffDelay(policy, n, r, isThrottling(f.error), f.retryAfter))), () =>
            loop(n + 1),
          ),
        )
      },
    })
  return Effect.suspend(() => {
    spent = 0
    return loop(1)
  })
}
