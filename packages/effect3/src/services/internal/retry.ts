/**
 * The retry loop of the live client, over the core's retry decisions
 * (`@effect-codepipeline/core/Retry`): the loop sleeps on Effect's `Clock` and draws its jitter from
 * Effect's `Random`, so `TestClock` and `TestRandom` drive it. Retries need facts from the response
 * that the typed error does not carry (`Retry-After`, whether the response corrected the clock), so
 * an attempt fails with an `AttemptFailure` and the loop unwraps it.
 */
// Mirror of src/services/internal/retry.ts: the retry loop over each Effect's Schedule, Clock and Random; the
// decisions are the core's Retry.
import * as Retry from "@effect-codepipeline/core/Retry"
import * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Random from "effect/Random"
import * as Schedule from "effect/Schedule"
import { isThrottling, type RetryInput, type RetryOption } from "../Retry.js"
import { facts } from "./facts.js"

export type Policy =
  | ({ readonly _tag: "Standard" } & Retry.StandardPolicy)
  | { readonly _tag: "Schedule"; readonly schedule: Schedule.Schedule<unknown, RetryInput> }

const millis = (d: Duration.DurationInput | undefined) => (d === undefined ? undefined : Duration.toMillis(Duration.decode(d)))

export const resolvePolicy = (option: RetryOption | undefined): Policy => {
  if (option === false) return { _tag: "Schedule", schedule: Schedule.stop }
  if (Schedule.isSchedule(option)) return { _tag: "Schedule", schedule: option }
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

const isRetryableAttempt = <E>(f: Retry.AttemptFailure<E>): boolean =>
  Retry.isRetryableAttempt({ error: facts(f.error), retryAfter: f.retryAfter, clockSkewCorrected: f.clockSkewCorrected })

/**
 * Runs `attempt(1)`, `attempt(2)`, ... under the policy; fails with the last attempt's error.
 *
 * `attempt(n)` is called when attempt `n` starts, after the backoff before it: an attempt reads
 * the clock as it is built (its deadline, its signing date, whether cached credentials are still
 * valid), so building it before the sleep would date it by the sleep's length (with a
 * `Retry-After` longer than `attemptTimeout`, its deadline would be over before it was sent).
 */
export const withRetry = <A, E>(
  attempt: (n: number) => Effect.Effect<A, Retry.AttemptFailure<E>>,
  policy: Policy,
  budget: Retry.RetryBudget,
): Effect.Effect<A, E> => {
  if (policy._tag === "Schedule") {
    let n = 0
    // Suspended: `Effect.retry` runs it again after the schedule's delay, building the attempt then.
    return Effect.suspend(() => attempt(++n)).pipe(
      Effect.retry({
        // The user's schedule sees the typed error, as with `Effect.retry`.
        schedule: Schedule.mapInput(policy.schedule, (f: Retry.AttemptFailure<E>) => f.error as RetryInput),
        while: (f: Retry.AttemptFailure<E>) => isRetryableAttempt(f),
      }),
      Effect.mapError((f) => f.error),
    )
  }
  let spent = 0
  const loop = (n: number): Effect.Effect<A, E> =>
    Effect.matchEffect(attempt(n), {
      onSuccess: (a) => {
        budget.succeeded(spent)
        return Effect.succeed(a)
      },
      onFailure: (f) => {
        const decision = Retry.decide(policy, budget, n, {
          error: facts(f.error),
          retryAfter: f.retryAfter,
          clockSkewCorrected: f.clockSkewCorrected,
        })
        if (decision._tag === "Stop") return Effect.fail(f.error)
        spent = decision.cost
        // A signature refused for a skewed clock: retried at once. (Waiting would also hang a test
        // whose clock is a TestClock.)
        if (!decision.backoff) return loop(n + 1)
        return Effect.flatMap(Random.next, (r) =>
          Effect.flatMap(Effect.sleep(Duration.millis(Retry.backoffDelay(policy, n, r, isThrottling(f.error), f.retryAfter))), () =>
            loop(n + 1),
          ),
        )
      },
    })
  return Effect.suspend(() => loop(1))
}
