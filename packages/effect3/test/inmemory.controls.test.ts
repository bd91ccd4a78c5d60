import { describe, expect, it } from "@effect/vitest"
import { Arbitrary, Cause, Effect, Exit, FastCheck as fc, Fiber, Schedule, TestClock, TestContext } from "effect"
import { CodePipeline, PipelineNotFoundException, ThrottlingException } from "../src/index.js"
import type * as Operation from "../src/services/Operation.js"
import { CodePipelineInMemory, Outcome } from "../src/testing/index.js"
import { actionState, type Env, execution, layer, outcome, pipeline, retryStage, run, stageStatuses } from "./support/inmemory.js"

const Controls = CodePipelineInMemory.Controls
const create = (name = "release") => CodePipeline.createPipeline({ pipeline: pipeline(name) })
const throttled = new ThrottlingException({ message: "Rate exceeded" })

/** Runs `test` with the controls, on a CodePipeline where the release pipeline has been created. */
const withRelease = <A, E>(
  test: (controls: CodePipelineInMemory.ControlsService) => Effect.Effect<A, E, Env>,
  options: CodePipelineInMemory.Options = {},
) =>
  run(
    Effect.flatMap(Controls, (controls) => Effect.zipRight(create(), test(controls))),
    options,
  )

describe("fault injection", () => {
  it.effect("the next N calls fail with the injected error, and a retry policy gets through", () =>
    withRelease((controls) =>
      Effect.gen(function* () {
        yield* controls.injectFault("getPipelineState", throttled, { times: 2 })
        const fiber = yield* CodePipeline.getPipelineState({ name: "release" }).pipe(
          Effect.retry({ schedule: Schedule.exponential("1 second"), times: 3, while: (e) => e._tag === "ThrottlingException" }),
          Effect.fork,
        )
        yield* TestClock.adjust("10 seconds")
        const state = yield* Fiber.join(fiber)
        expect(state.pipelineName).toBe("release")
        const calls = yield* controls.callsOf("getPipelineState")
        expect(calls.map((c) => [c.outcome, c.error, c.time.getTime()])).toEqual([
          ["Failure", "ThrottlingException", 0],
          ["Failure", "ThrottlingException", 1000],
          ["Success", undefined, 3000],
        ])
      }),
    ),
  )

  it.effect("a retry policy that gives up first surfaces the injected error", () =>
    withRelease((controls) =>
      Effect.gen(function* () {
        yield* controls.injectFault("getPipelineState", throttled, { times: 5 })
        const got = yield* outcome(CodePipeline.getPipelineState({ name: "release" }).pipe(Effect.retry(Schedule.recurs(2))))
        expect(got).toBe("ThrottlingException")
        expect(yield* outcome(CodePipeline.getPipelineState({ name: "release" }))).toBe("ThrottlingException")
        expect(yield* outcome(CodePipeline.getPipelineState({ name: "release" }))).toBe("ThrottlingException")
        expect(yield* outcome(CodePipeline.getPipelineState({ name: "release" }))).toBe("Success")
      }),
    ),
  )

  it.effect("a fault touches only its operation, and a faulted call changes nothing", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* Controls
        yield* controls.injectFault("createPipeline", throttled)
        expect(yield* outcome(create())).toBe("ThrottlingException")
        expect(yield* outcome(CodePipeline.getPipelineState({ name: "release" }))).toBe("PipelineNotFoundException")
        expect(yield* outcome(create())).toBe("Success")
      }),
    ),
  )

  it.effect("any error of the operation's union can be injected, modeled exceptions included", () =>
    withRelease((controls) =>
      Effect.gen(function* () {
        yield* controls.injectFault("getPipeline", new PipelineNotFoundException({ message: "gone" }))
        const got = yield* CodePipeline.getPipeline({ name: "release" }).pipe(
          Effect.catchTag("PipelineNotFoundException", (e) => Effect.succeed(e.message)),
        )
        expect(got).toBe("gone")
      }),
    ),
  )

  it.effect("clearFaults removes pending faults", () =>
    withRelease((controls) =>
      Effect.gen(function* () {
        yield* controls.injectFault("listPipelines", throttled, { times: 3 })
        yield* controls.clearFaults
        expect(yield* outcome(CodePipeline.listPipelines())).toBe("Success")
      }),
    ),
  )
})

describe("recorded calls", () => {
  it.effect("records every call with its input, simulated time and outcome", () =>
    withRelease((controls) =>
      Effect.gen(function* () {
        yield* TestClock.adjust("1 minute")
        yield* outcome(CodePipeline.getPipeline({ name: "missing" }))
        yield* outcome(CodePipeline.getPipeline({ name: "not valid!" }))
        const calls = yield* controls.calls
        expect(calls.map((c) => [c.operation, c.outcome, c.error ?? null, c.time.getTime()])).toEqual([
          ["CreatePipeline", "Success", null, 0],
          ["GetPipeline", "Failure", "PipelineNotFoundException", 60_000],
          ["GetPipeline", "Failure", "InputValidationError", 60_000],
        ])
        expect(calls[1]?.input).toEqual({ name: "missing" })
      }),
    ),
  )

  it.effect("an operation called without input is recorded with {}", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* Controls
        yield* CodePipeline.listPipelines()
        const [call] = yield* controls.callsOf("listPipelines")
        expect(call?.input).toEqual({})
      }),
    ),
  )

  it.effect("clearCalls forgets what was recorded", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* Controls
        yield* CodePipeline.listPipelines()
        yield* controls.clearCalls
        expect(yield* controls.calls).toEqual([])
      }),
    ),
  )
})

describe("seeding", () => {
  it.effect("seedPipeline adds a pipeline without a call or an execution", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* Controls
        const declaration = yield* controls.seedPipeline(pipeline(), { tags: [{ key: "seeded", value: "yes" }] })
        expect(declaration.version).toBe(1)
        expect(yield* controls.calls).toEqual([])
        expect((yield* CodePipeline.listPipelineExecutions({ pipelineName: "release" })).pipelineExecutionSummaries).toEqual([])
      }),
    ),
  )

  it.effect("seedPipeline applies CreatePipeline's rules", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* Controls
        const fewStages = pipeline("p", { stages: pipeline().stages.slice(0, 1) })
        expect(yield* outcome(controls.seedPipeline(fewStages))).toBe("InvalidStructureException")
        expect(yield* outcome(controls.seedPipeline(pipeline("not valid!")))).toBe("InputValidationError")
      }),
    ),
  )

  it.effect("seedExecution adds finished executions to the history and the state", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* Controls
        yield* controls.seedPipeline(pipeline())
        const ok = yield* controls.seedExecution({ pipelineName: "release", status: "Succeeded" })
        const failed = yield* controls.seedExecution({ pipelineName: "release", status: "Failed", stageName: "Build" })
        const summaries = (yield* CodePipeline.listPipelineExecutions({ pipelineName: "release" })).pipelineExecutionSummaries!
        expect(summaries.map((s) => [s.pipelineExecutionId, s.status])).toEqual([
          [failed, "Failed"],
          [ok, "Succeeded"],
        ])
        expect(yield* stageStatuses("release")).toEqual(["Source:Succeeded", "Build:Failed", "Deploy:Succeeded"])
        yield* retryStage(failed)
        yield* TestClock.adjust("2 minutes")
        expect((yield* execution("release", failed)).status).toBe("Succeeded")
      }),
    ),
  )

  it.effect("seedExecution refuses a pipeline with executions in progress, or one that does not exist", () =>
    withRelease((controls) =>
      Effect.gen(function* () {
        yield* CodePipeline.startPipelineExecution({ name: "release" })
        expect(yield* outcome(controls.seedExecution({ pipelineName: "release", status: "Succeeded" }))).toBe("ControlError")
        expect(yield* outcome(controls.seedExecution({ pipelineName: "nope", status: "Succeeded" }))).toBe("ControlError")
      }),
    ),
  )
})

describe("completing actions", () => {
  it.effect("completeAction ends a waiting action with the given details", () =>
    withRelease(
      (controls) =>
        Effect.gen(function* () {
          yield* CodePipeline.startPipelineExecution({ name: "release" })
          yield* TestClock.adjust("1 hour")
          yield* controls.completeAction(
            { pipelineName: "release", stageName: "Build", actionName: "Build" },
            { status: "Succeeded", summary: "Built", externalExecutionId: "build:42", externalExecutionUrl: "https://ci.example.com/42" },
          )
          expect((yield* actionState("release", "Build", "Build"))?.latestExecution).toMatchObject({
            status: "Succeeded",
            summary: "Built",
            externalExecutionId: "build:42",
            externalExecutionUrl: "https://ci.example.com/42",
            lastStatusChange: new Date(3_600_000),
          })
          expect(yield* stageStatuses("release")).toEqual(["Source:Succeeded", "Build:Succeeded", "Deploy:InProgress"])
        }),
      { simulate: (a) => (a.actionName === "Build" ? Outcome.wait : undefined) },
    ),
  )

  it.effect("completeAction can fail an action with error details", () =>
    withRelease((controls) =>
      Effect.gen(function* () {
        yield* CodePipeline.startPipelineExecution({ name: "release" })
        yield* TestClock.adjust("45 seconds")
        yield* controls.completeAction(
          { pipelineName: "release", stageName: "Build", actionName: "Build" },
          { status: "Failed", errorDetails: { code: "Timeout", message: "Build exceeded 60 minutes" } },
        )
        expect((yield* actionState("release", "Build", "Build"))?.latestExecution?.errorDetails).toEqual({
          code: "Timeout",
          message: "Build exceeded 60 minutes",
        })
      }),
    ),
  )

  it.effect("completeAction refuses an action that is not running", () =>
    withRelease((controls) =>
      Effect.gen(function* () {
        const got = yield* outcome(
          controls.completeAction({ pipelineName: "release", stageName: "Build", actionName: "Build" }, { status: "Succeeded" }),
        )
        expect(got).toBe("ControlError")
      }),
    ),
  )

  it.effect("pushSourceRevision is a new commit: the next execution fetches it", () =>
    withRelease((controls) =>
      Effect.gen(function* () {
        const pushed = yield* controls.pushSourceRevision({
          pipelineName: "release",
          actionName: "Source",
          revisionId: "c0ffee",
          revisionSummary: "Fix typo",
        })
        yield* TestClock.adjust("30 seconds")
        const started = yield* execution("release", pushed.pipelineExecutionId!)
        expect(started.trigger?.triggerType).toBe("CloudWatchEvent")
        expect(started.artifactRevisions?.[0]).toMatchObject({ revisionId: "c0ffee", revisionSummary: "Fix typo" })
      }),
    ),
  )

  it.effect("registerActionType refuses an invalid declaration", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* Controls
        const got = yield* outcome(
          controls.registerActionType({
            executor: { type: "Lambda", configuration: {} },
            id: { category: "Test", owner: "ThirdParty", provider: "X", version: "1" },
            inputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
            outputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
          }),
        )
        expect(got).toBe("ControlError")
      }),
    ),
  )
})

describe("determinism", () => {
  // Each run gets a fresh TestClock (starting at 0), as a separate test run would.
  const runWith = (seed: number) => scenario.pipe(Effect.provide(layer({ seed })), Effect.provide(TestContext.TestContext))
  const scenario = Effect.gen(function* () {
    yield* create()
    yield* TestClock.adjust("40 seconds")
    yield* CodePipeline.startPipelineExecution({ name: "release" })
    yield* TestClock.adjust("5 minutes")
    return [
      yield* CodePipeline.getPipelineState({ name: "release" }),
      yield* CodePipeline.listPipelineExecutions({ pipelineName: "release" }),
      yield* CodePipeline.listActionExecutions({ pipelineName: "release" }),
    ]
  })

  it.effect("the same scenario with the same seed gives the same ids and timestamps", () =>
    Effect.gen(function* () {
      const first = yield* runWith(7)
      const second = yield* runWith(7)
      expect(second).toEqual(first)
    }),
  )

  it.effect("another seed gives other ids", () =>
    Effect.gen(function* () {
      const first = yield* runWith(7)
      const second = yield* runWith(8)
      expect(second).not.toEqual(first)
    }),
  )
})

describe("concurrency", () => {
  it.effect("100 concurrent updates are all applied: versions 2 to 101, each returned once", () =>
    run(
      Effect.gen(function* () {
        yield* create()
        const versions = yield* Effect.forEach(
          Array.from({ length: 100 }, (_, i) => i),
          (i) =>
            Effect.map(
              CodePipeline.updatePipeline({ pipeline: pipeline("release", { artifactStore: { type: "S3", location: `bucket-${i}` } }) }),
              (o) => o.pipeline!.version!,
            ),
          { concurrency: "unbounded" },
        )
        expect([...versions].sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 2))
        const latest = yield* CodePipeline.getPipeline({ name: "release" })
        expect(latest.pipeline?.version).toBe(101)
        const locations = new Set<string>()
        for (let v = 2; v <= 101; v++)
          locations.add((yield* CodePipeline.getPipeline({ name: "release", version: v })).pipeline!.artifactStore!.location)
        expect(locations.size).toBe(100)
      }),
    ),
  )

  it.effect("100 concurrent starts each get their own execution, and all of them run", () =>
    run(
      Effect.gen(function* () {
        yield* CodePipeline.createPipeline({ pipeline: pipeline("release", { pipelineType: "V2", executionMode: "PARALLEL" }) })
        const ids = yield* Effect.forEach(
          Array.from({ length: 100 }),
          () => Effect.map(CodePipeline.startPipelineExecution({ name: "release" }), (o) => o.pipelineExecutionId!),
          { concurrency: "unbounded" },
        )
        expect(new Set(ids).size).toBe(100)
        yield* TestClock.adjust("90 seconds")
        const listed = (yield* CodePipeline.listPipelineExecutions({ pipelineName: "release" })).pipelineExecutionSummaries!
        expect(listed).toHaveLength(100)
        expect(listed.every((s) => s.status === "Succeeded")).toBe(true)
      }),
      { maxConcurrentExecutions: 1000 },
    ),
  )

  it.effect("concurrent tag updates from many fibers lose none", () =>
    run(
      Effect.gen(function* () {
        yield* create()
        const resourceArn = "arn:aws:codepipeline:us-east-1:123456789012:release"
        yield* Effect.forEach(
          Array.from({ length: 50 }, (_, i) => i),
          (i) => CodePipeline.tagResource({ resourceArn, tags: [{ key: `k${i}`, value: `${i}` }] }),
          { concurrency: "unbounded" },
        )
        const first = yield* CodePipeline.listTagsForResource({ resourceArn })
        expect(first.tags).toHaveLength(50)
      }),
    ),
  )
})

describe("robustness", () => {
  const operations = Object.values(CodePipeline.operations) as ReadonlyArray<Operation.Any>

  it.effect("no input makes any of the 44 operations die: arbitrary inputs only ever succeed or fail with a modeled error", () =>
    run(
      Effect.gen(function* () {
        const service = yield* CodePipeline.CodePipeline
        yield* create()
        yield* CodePipeline.startPipelineExecution({ name: "release" })
        for (const [i, operation] of operations.entries()) {
          const inputs = fc.sample(Arbitrary.make(operation.input), { numRuns: 15, seed: 1000 + i })
          for (const input of inputs) {
            const exit = yield* Effect.exit(service.execute(operation, input))
            if (Exit.isFailure(exit) && !Cause.isFailType(exit.cause)) {
              expect.fail(`${operation.name} died on ${JSON.stringify(input)}: ${Cause.pretty(exit.cause)}`)
            }
          }
          yield* TestClock.adjust("7 seconds")
        }
      }),
    ),
  )

  it.effect("a simulator that throws fails the action instead of the layer", () =>
    run(
      Effect.gen(function* () {
        yield* create()
        yield* CodePipeline.startPipelineExecution({ name: "release" })
        yield* TestClock.adjust("2 minutes")
        expect((yield* actionState("release", "Build", "Build"))?.latestExecution?.errorDetails?.code).toBe("SimulatorError")
      }),
      {
        simulate: (a) => {
          if (a.actionName === "Build") throw new Error("oops")
          return undefined
        },
      },
    ),
  )
})
