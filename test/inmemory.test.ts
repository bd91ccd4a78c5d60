/**
 * The Effect 4 flavor's in-memory CodePipeline: the core's simulator behind `CodePipeline`, driven
 * by Effect 4's `Clock` (so `TestClock` moves simulated time), with its `Controls`. The simulator's
 * own rules are tested once, in packages/core; this suite tests what the layer adds.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Schedule from "effect/Schedule"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/testing/TestClock"
import { PipelineNotFoundException, ThrottlingException } from "../src/errors/index.js"
import * as CodePipeline from "../src/services/CodePipeline.js"
import * as CodePipelineInMemory from "../src/testing/CodePipelineInMemory.js"
import * as Outcome from "../src/testing/Outcome.js"
import { actionState, outcome, pipeline, stageStatuses } from "./support/inmemory.js"

type Env = CodePipeline.CodePipeline | CodePipelineInMemory.Controls

const run = <A, E>(effect: Effect.Effect<A, E, Env>, options: CodePipelineInMemory.Options = {}) =>
  effect.pipe(Effect.provide(CodePipelineInMemory.layer(options)))

const Controls = CodePipelineInMemory.Controls
const create = (name = "release") => CodePipeline.createPipeline({ pipeline: pipeline(name) })
const throttled = new ThrottlingException({ message: "Rate exceeded" })

describe("the in-memory CodePipeline (Effect 4)", () => {
  it.effect("a release runs from creation to success as the TestClock moves, 30 seconds per action", () =>
    run(
      Effect.gen(function* () {
        yield* create()
        expect(yield* stageStatuses("release")).toEqual(["Source:InProgress", "Build:-", "Deploy:-"])
        yield* TestClock.adjust("45 seconds")
        expect(yield* stageStatuses("release")).toEqual(["Source:Succeeded", "Build:InProgress", "Deploy:-"])
        yield* TestClock.adjust("45 seconds")
        expect(yield* stageStatuses("release")).toEqual(["Source:Succeeded", "Build:Succeeded", "Deploy:Succeeded"])
        const { pipelineExecutionSummaries } = yield* CodePipeline.listPipelineExecutions({ pipelineName: "release" })
        expect(pipelineExecutionSummaries?.map((s) => [s.status, s.startTime?.getTime(), s.lastUpdateTime?.getTime()])).toEqual([
          ["Succeeded", 0, 90_000],
        ])
      }),
    ),
  )

  it.effect("a modeled error is caught by its tag", () =>
    run(
      CodePipeline.getPipelineState({ name: "missing" }).pipe(
        Effect.map(() => "found"),
        Effect.catchTag("PipelineNotFoundException", (e) => Effect.succeed(e._tag)),
        Effect.map((got) => expect(got).toBe("PipelineNotFoundException")),
      ),
    ),
  )

  it.effect("an invalid input fails with InputValidationError and is recorded as refused", () =>
    run(
      Effect.gen(function* () {
        expect(yield* outcome(CodePipeline.getPipeline({ name: "not valid!" }))).toBe("InputValidationError")
        const [call] = yield* (yield* Controls).calls
        expect([call?.operation, call?.outcome, call?.error]).toEqual(["GetPipeline", "Failure", "InputValidationError"])
      }),
    ),
  )

  it.effect("each build of the layer starts empty", () =>
    Effect.gen(function* () {
      yield* run(create())
      expect(yield* run(outcome(CodePipeline.getPipeline({ name: "release" })))).toBe("PipelineNotFoundException")
    }),
  )

  it.effect("the same seed gives the same execution ids", () =>
    Effect.gen(function* () {
      const id = run(Effect.map(create(), () => undefined).pipe(Effect.andThen(CodePipeline.startPipelineExecution({ name: "release" }))), {
        seed: 7,
        startOnCreate: false,
      })
      const [a, b] = [yield* id, yield* id]
      expect(a.pipelineExecutionId).toBe(b.pipelineExecutionId)
    }),
  )

  it.effect("withCaller names the caller in the execution's trigger", () =>
    run(
      Effect.gen(function* () {
        yield* create()
        const alice = "arn:aws:iam::123456789012:user/alice"
        const { pipelineExecutionId } = yield* CodePipeline.startPipelineExecution({ name: "release" }).pipe(
          CodePipelineInMemory.withCaller(alice),
        )
        const { pipelineExecution } = yield* CodePipeline.getPipelineExecution({
          pipelineName: "release",
          pipelineExecutionId: pipelineExecutionId!,
        })
        expect(pipelineExecution?.trigger?.triggerDetail).toBe(alice)
      }),
      { startOnCreate: false },
    ),
  )
})

describe("the in-memory controls (Effect 4)", () => {
  it.effect("completeAction ends a waiting action with the given details, at the TestClock's time", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* Controls
        yield* create()
        yield* TestClock.adjust("1 hour")
        yield* controls.completeAction(
          { pipelineName: "release", stageName: "Build", actionName: "Build" },
          { status: "Succeeded", summary: "Built", externalExecutionId: "build:42" },
        )
        expect((yield* actionState("release", "Build", "Build"))?.latestExecution).toMatchObject({
          status: "Succeeded",
          summary: "Built",
          externalExecutionId: "build:42",
          lastStatusChange: new Date(3_600_000),
        })
        expect(yield* stageStatuses("release")).toEqual(["Source:Succeeded", "Build:Succeeded", "Deploy:InProgress"])
      }),
      { simulate: (action) => (action.actionName === "Build" ? Outcome.wait : undefined) },
    ),
  )

  it.effect("completeAction refuses an action that is not running with a ControlError", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* Controls
        yield* create()
        const got = yield* outcome(
          controls.completeAction({ pipelineName: "release", stageName: "Build", actionName: "Build" }, { status: "Succeeded" }),
        )
        expect(got).toBe("ControlError")
      }),
      { startOnCreate: false },
    ),
  )

  it.effect("an injected fault fails the next calls, and a retry on the TestClock gets through", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* Controls
        yield* create()
        yield* controls.injectFault("getPipelineState", throttled, { times: 2 })
        const fiber = yield* CodePipeline.getPipelineState({ name: "release" }).pipe(
          Effect.retry({ schedule: Schedule.exponential("1 second"), times: 3, while: (e) => e._tag === "ThrottlingException" }),
          Effect.forkChild,
        )
        yield* TestClock.adjust("10 seconds")
        expect((yield* Fiber.join(fiber)).pipelineName).toBe("release")
        const calls = yield* controls.callsOf("getPipelineState")
        expect(calls.map((c) => [c.outcome, c.error, c.time.getTime()])).toEqual([
          ["Failure", "ThrottlingException", 0],
          ["Failure", "ThrottlingException", 1000],
          ["Success", undefined, 3000],
        ])
      }),
    ),
  )

  it.effect("an injected modeled exception is caught by its tag", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* Controls
        yield* create()
        yield* controls.injectFault("getPipeline", new PipelineNotFoundException({ message: "gone" }))
        const got = yield* CodePipeline.getPipeline({ name: "release" }).pipe(
          Effect.map(() => "found"),
          Effect.catchTag("PipelineNotFoundException", (e) => Effect.succeed(e.message)),
        )
        expect(got).toBe("gone")
      }),
    ),
  )

  it.effect("clearFaults removes pending faults", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* Controls
        yield* controls.injectFault("listPipelines", throttled, { times: 3 })
        yield* controls.clearFaults
        expect(yield* outcome(CodePipeline.listPipelines())).toBe("Success")
      }),
    ),
  )

  it.effect("an exported state encodes to JSON with Snapshot and imports into a new CodePipeline", () =>
    Effect.gen(function* () {
      const json = yield* run(
        Effect.gen(function* () {
          yield* create()
          return yield* Schema.encodeEffect(CodePipelineInMemory.Snapshot)(yield* (yield* Controls).exportState)
        }),
      )
      const names = yield* run(
        Effect.gen(function* () {
          const snapshot = yield* Schema.decodeUnknownEffect(CodePipelineInMemory.Snapshot)(JSON.parse(JSON.stringify(json)))
          yield* (yield* Controls).importState(snapshot)
          const { pipelines } = yield* CodePipeline.listPipelines()
          return pipelines?.map((p) => p.name)
        }),
      )
      expect(names).toEqual(["release"])
    }),
  )
})
