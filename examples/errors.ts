/**
 * Error handling: every operation's error channel is a union of tagged errors, so `catchTag` and
 * `catchTags` handle exactly the cases a program cares about, and the compiler knows what is left.
 *
 * Run: npx tsx examples/errors.ts  (answers come from CodePipelineStub; no AWS account needed)
 */
import { Console, Effect } from "effect"
import { CodePipeline, PipelineNotFoundException, ThrottlingException } from "effect-codepipeline"
import { CodePipelineStub } from "effect-codepipeline/testing"

/** The state of a pipeline, or `undefined` when it does not exist. */
export const stateOrNothing = (name: string) =>
  CodePipeline.getPipelineState({ name }).pipe(
    Effect.map((state) => state.stageStates?.map((s) => s.stageName) ?? []),
    Effect.catchTag("PipelineNotFoundException", () => Effect.succeed(undefined)),
  )

/** Several cases at once; what remains in the error channel is still typed. */
export const describeFailure = (name: string) =>
  CodePipeline.getPipelineState({ name }).pipe(
    Effect.map(() => "ok"),
    Effect.catchTags({
      PipelineNotFoundException: (e) => Effect.succeed(`no such pipeline (${e.message})`),
      ThrottlingException: (e) => Effect.succeed(`throttled, request ${e.requestId ?? "?"}`),
      InputValidationError: (e) => Effect.succeed(`bad input at ${e.path}: ${e.message}`),
      AccessDeniedException: () => Effect.succeed("not allowed"),
    }),
  )

const stub = CodePipelineStub.layer({
  getPipelineState: ({ name }) =>
    name === "release"
      ? Effect.succeed({ pipelineName: name, stageStates: [{ stageName: "Source" }, { stageName: "Deploy" }] })
      : name === "busy"
        ? Effect.fail(new ThrottlingException({ message: "Rate exceeded", requestId: "req-1" }))
        : Effect.fail(new PipelineNotFoundException({ message: `${name} does not exist` })),
})

const main = Effect.gen(function* () {
  yield* Console.log("release:", yield* stateOrNothing("release"))
  yield* Console.log("missing:", yield* stateOrNothing("missing"))
  for (const name of ["missing", "busy", "not a valid name!"]) {
    yield* Console.log(`${name}:`, yield* describeFailure(name))
  }
})

if (import.meta.url === `file://${process.argv[1]}`) Effect.runPromise(main.pipe(Effect.provide(stub)))
