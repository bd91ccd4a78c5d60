/**
 * Retries and timeouts. The live layer retries throttling and transient failures by default (the
 * official SDK's standard mode); a program can tune that per layer, replace it with a `Schedule`,
 * or turn it off and compose its own with `Effect.retry` and the exported predicates.
 *
 * Run: npx tsx examples/retries.ts  (a stub answers; no AWS account needed)
 */
import { Console, Effect, Schedule } from "effect"
import { CodePipeline, Retry, ThrottlingException } from "effect-codepipeline"
import { CodePipelineStub } from "effect-codepipeline/testing"

/** Layer options: five attempts with the standard backoff, two seconds per attempt, ten in all. */
export const production = CodePipeline.layer({
  region: "eu-west-1",
  retry: { maxAttempts: 5 },
  attemptTimeout: "2 seconds",
  timeout: "10 seconds",
})

/** Or a Schedule of your own; it retries only errors `Retry.isRetryable` accepts. */
export const custom = CodePipeline.layer({
  region: "eu-west-1",
  retry: Schedule.max([Schedule.exponential("100 millis").pipe(Schedule.jittered), Schedule.recurs(4)]),
})

/** Per call: retry throttling only, and bound the whole call. */
export const startRelease = CodePipeline.startPipelineExecution({ name: "release" }).pipe(
  Effect.retry({ schedule: Schedule.exponential("200 millis"), times: 3, while: Retry.isThrottling }),
  Effect.timeout("10 seconds"),
)

let calls = 0
const flaky = CodePipelineStub.layer({
  startPipelineExecution: () =>
    ++calls < 3
      ? Effect.fail(new ThrottlingException({ message: "Rate exceeded" }))
      : Effect.succeed({ pipelineExecutionId: "9f4b7c1e-0000-4000-8000-000000000001" }),
})

const main = Effect.gen(function* () {
  const { pipelineExecutionId } = yield* startRelease
  yield* Console.log(`started ${pipelineExecutionId} after ${calls} attempts`)
})

if (import.meta.url === `file://${process.argv[1]}`) Effect.runPromise(main.pipe(Effect.provide(flaky)))
