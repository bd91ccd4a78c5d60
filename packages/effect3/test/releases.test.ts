/**
 * `Releases`: what release tooling asks of a pipeline, against the in-memory CodePipeline on the
 * test clock (and the stub where a test needs an answer the in-memory service never gives).
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, Fiber, Option, Schedule, TestClock } from "effect"
import { CodePipeline, Releases } from "../src/index.js"
import type * as S from "../src/schema/Schemas.js"
import { CodePipelineInMemory, CodePipelineStub, Outcome } from "../src/testing/index.js"
import { approval, build, deploy, executionAfter, pipeline, run, source, stage, type } from "./support/inmemory.js"

/** Source (30 s) → Approve (a person) → Deploy (30 s). */
const gated = pipeline("release", {
  stages: [
    stage("Source", source()),
    stage(
      "Approve",
      approval("Manager", { configuration: { CustomData: "Release 2.4.0", ExternalEntityLink: "https://example.com/2.4.0" } }),
    ),
    stage("Deploy", deploy()),
  ],
})

const start = Effect.map(CodePipeline.startPipelineExecution({ name: "release" }), (o) => o.pipelineExecutionId!)

const approve = (a: Releases.PendingApproval) =>
  CodePipeline.putApprovalResult({
    pipelineName: a.pipelineName,
    stageName: a.stageName,
    actionName: a.actionName,
    token: a.token,
    result: { status: "Approved", summary: "ok" },
  })

const readsOfExecution = Effect.flatMap(CodePipelineInMemory.Controls, (c) =>
  Effect.map(c.callsOf("getPipelineExecution"), (calls) => calls.length),
)

describe("Releases.pendingApprovals", () => {
  it.effect("lists the approval an execution waits at, with a token PutApprovalResult accepts", () =>
    run(
      Effect.gen(function* () {
        const id = yield* executionAfter(gated, "1 minute")
        const pending = yield* Releases.pendingApprovals("release")
        expect(pending).toEqual([
          {
            pipelineName: "release",
            stageName: "Approve",
            actionName: "Manager",
            token: expect.any(String),
            pipelineExecutionId: id,
            actionExecutionId: expect.any(String),
            since: new Date(30_000),
            customData: "Release 2.4.0",
            externalEntityLink: "https://example.com/2.4.0",
          },
        ])
        yield* approve(pending[0]!)
        expect(yield* Releases.pendingApprovals("release")).toEqual([])
      }),
    ),
  )

  it.effect("in PARALLEL mode, lists each running execution's approval with its own token, and each token approves its own execution", () =>
    run(
      Effect.gen(function* () {
        const older = yield* executionAfter({ ...gated, pipelineType: "V2", executionMode: "PARALLEL" }, "10 seconds")
        const newer = yield* start
        yield* TestClock.adjust("1 minute")
        const pending = yield* Releases.pendingApprovals("release")
        expect(pending.map((p) => p.pipelineExecutionId).sort()).toEqual([older, newer].sort())
        expect(new Set(pending.map((p) => p.token)).size).toBe(2)
        expect(pending.every((p) => p.stageName === "Approve" && p.actionName === "Manager" && p.customData === "Release 2.4.0")).toBe(true)
        yield* approve(pending.find((p) => p.pipelineExecutionId === older)!)
        yield* TestClock.adjust("1 minute")
        expect(
          (yield* CodePipeline.getPipelineExecution({ pipelineName: "release", pipelineExecutionId: older })).pipelineExecution?.status,
        ).toBe("Succeeded")
        expect(
          (yield* CodePipeline.getPipelineExecution({ pipelineName: "release", pipelineExecutionId: newer })).pipelineExecution?.status,
        ).toBe("InProgress")
        expect((yield* Releases.pendingApprovals("release")).map((p) => p.pipelineExecutionId)).toEqual([newer])
      }),
    ),
  )

  it.effect("is empty while the execution has not reached the approval", () =>
    run(
      Effect.gen(function* () {
        yield* executionAfter(gated, "10 seconds")
        expect(yield* Releases.pendingApprovals("release")).toEqual([])
      }),
    ),
  )

  it.effect("does not list a custom action waiting for a job worker, though it is in progress too", () =>
    run(
      Effect.gen(function* () {
        const compiler = type("Build", "Compiler", "Custom")
        yield* CodePipeline.createCustomActionType({
          category: "Build",
          provider: "Compiler",
          version: "1",
          inputArtifactDetails: { minimumCount: 1, maximumCount: 1 },
          outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
        })
        yield* CodePipeline.createPipeline({
          pipeline: pipeline("release", {
            stages: [
              stage("Source", source()),
              stage("Build", build("Compile", "SourceOutput", { actionTypeId: compiler, configuration: {} })),
            ],
          }),
        })
        yield* start
        yield* TestClock.adjust("1 minute")
        const compile = (yield* Releases.actions("release")).find((a) => a.actionName === "Compile")
        expect(compile?.state?.latestExecution?.status).toBe("InProgress")
        expect(yield* Releases.pendingApprovals("release")).toEqual([])
      }),
    ),
  )

  it.effect("reads the declaration of the pipeline version the state describes", () =>
    Effect.gen(function* () {
      expect(yield* Releases.pendingApprovals("release")).toEqual([])
      yield* CodePipelineStub.assertCalled("getPipeline", { name: "release", version: 2 })
    }).pipe(
      Effect.provide(
        CodePipelineStub.layer({
          getPipelineState: () => Effect.succeed({ pipelineName: "release", pipelineVersion: 2, stageStates: [] }),
          getPipeline: () => Effect.succeed({ pipeline: { ...gated, version: 2 } }),
        }),
      ),
    ),
  )

  it.effect("fails with ResponseDecodeError when GetPipeline answers without the pipeline", () =>
    Effect.gen(function* () {
      const error = yield* Effect.flip(Releases.pendingApprovals("release"))
      expect(error).toMatchObject({ _tag: "ResponseDecodeError", message: "GetPipeline answered without a pipeline" })
    }).pipe(
      Effect.provide(
        CodePipelineStub.layer({
          getPipelineState: () => Effect.succeed({ pipelineName: "release", pipelineVersion: 1, stageStates: [] }),
          getPipeline: () => Effect.succeed({}),
        }),
      ),
    ),
  )

  it.effect("fails with PipelineNotFoundException for a pipeline that does not exist", () =>
    run(
      Effect.gen(function* () {
        expect((yield* Effect.flip(Releases.pendingApprovals("missing")))._tag).toBe("PipelineNotFoundException")
      }),
    ),
  )
})

describe("Releases.actions", () => {
  it.effect("gives each action's state with its declared type, which GetPipelineState alone does not", () =>
    run(
      Effect.gen(function* () {
        yield* executionAfter(gated, "1 minute")
        const summary = (yield* Releases.actions("release")).map(
          (a) =>
            `${a.stageName}.${a.actionName} ${a.declaration.actionTypeId.category}/${a.declaration.actionTypeId.provider}: ${a.state?.latestExecution?.status ?? "-"}`,
        )
        expect(summary).toEqual([
          "Source.Source Source/CodeCommit: Succeeded",
          "Approve.Manager Approval/Manual: InProgress",
          "Deploy.Deploy Deploy/CodeDeploy: -",
        ])
      }),
    ),
  )
})

describe("Releases.runningExecution", () => {
  it.effect("is the execution running in the stage, and none in a stage it has left or not reached", () =>
    run(
      Effect.gen(function* () {
        const id = yield* executionAfter(pipeline(), "45 seconds") // Source done at 30 s, Build until 60 s
        const running = yield* Releases.runningExecution("release", "Build")
        expect(Option.map(running, (e) => [e.pipelineExecutionId, e.status])).toEqual(Option.some([id, "InProgress"]))
        expect(yield* Releases.runningExecution("release", "Source")).toEqual(Option.none())
        expect(yield* Releases.runningExecution("release", "Deploy")).toEqual(Option.none())
      }),
    ),
  )

  it.effect("is the execution waiting at an approval in that stage", () =>
    run(
      Effect.gen(function* () {
        const id = yield* executionAfter(gated, "1 hour")
        const running = yield* Releases.runningExecution("release", "Approve")
        expect(Option.map(running, (e) => e.pipelineExecutionId)).toEqual(Option.some(id))
      }),
    ),
  )

  it.effect("fails with StageNotFoundException naming the pipeline's stages for a stage it does not have", () =>
    run(
      Effect.gen(function* () {
        yield* CodePipeline.createPipeline({ pipeline: pipeline() })
        const error = yield* Effect.flip(Releases.runningExecution("release", "Deploi"))
        expect(error._tag).toBe("StageNotFoundException")
        expect(error.message).toBe("Pipeline 'release' has no stage named 'Deploi'; its stages are 'Source', 'Build', 'Deploy'")
      }),
    ),
  )
})

describe("Releases.awaitExecution", () => {
  it.effect("returns the execution once it has ended, reading it every 10 seconds by default", () =>
    run(
      Effect.gen(function* () {
        yield* CodePipeline.createPipeline({ pipeline: pipeline() }) // 90 s end to end
        const id = yield* start
        const fiber = yield* Effect.fork(Releases.awaitExecution("release", id))
        yield* TestClock.adjust("5 minutes")
        const ended = yield* Fiber.join(fiber)
        expect(ended).toMatchObject({ pipelineExecutionId: id, status: "Succeeded" })
        expect(yield* readsOfExecution).toBe(10) // at 0, 10, ..., 90 s
      }),
    ),
  )

  it.effect("reads on the schedule it is given", () =>
    run(
      Effect.gen(function* () {
        yield* CodePipeline.createPipeline({ pipeline: pipeline() })
        const id = yield* start
        const fiber = yield* Effect.fork(Releases.awaitExecution("release", id, { schedule: Schedule.spaced("1 minute") }))
        yield* TestClock.adjust("5 minutes")
        expect((yield* Fiber.join(fiber)).status).toBe("Succeeded")
        expect(yield* readsOfExecution).toBe(3) // at 0, 60 and 120 s
      }),
    ),
  )

  it.effect("returns an execution that failed as a result, with its status", () =>
    run(
      Effect.gen(function* () {
        yield* CodePipeline.createPipeline({ pipeline: pipeline() })
        const id = yield* start
        const fiber = yield* Effect.fork(Releases.awaitExecution("release", id))
        yield* TestClock.adjust("5 minutes")
        expect((yield* Fiber.join(fiber)).status).toBe("Failed")
      }),
      { simulate: (a) => (a.actionName === "Build" ? Outcome.fail({ message: "tests failed" }) : undefined) },
    ),
  )

  it.effect("returns at once an execution that has already ended", () =>
    run(
      Effect.gen(function* () {
        const id = yield* executionAfter(pipeline(), "5 minutes")
        expect((yield* Releases.awaitExecution("release", id)).status).toBe("Succeeded")
        expect(yield* readsOfExecution).toBe(1)
      }),
    ),
  )

  it.effect("fails with ExecutionNotEndedError when the timeout elapses first, with the status last read", () =>
    run(
      Effect.gen(function* () {
        yield* CodePipeline.createPipeline({ pipeline: gated })
        const id = yield* start
        const fiber = yield* Effect.fork(Effect.flip(Releases.awaitExecution("release", id, { timeout: "295 seconds" })))
        yield* TestClock.adjust("1 hour")
        const error = yield* Fiber.join(fiber)
        expect(error).toMatchObject({
          _tag: "ExecutionNotEndedError",
          pipelineName: "release",
          pipelineExecutionId: id,
          reason: "Timeout",
          status: "InProgress",
        })
        expect(error.message).toBe(
          `Execution ${id} of pipeline 'release' had not ended when the timeout of 4m 55s elapsed (its status was InProgress)`,
        )
        expect(yield* readsOfExecution).toBe(30) // at 0, 10, ..., 290 s
      }),
    ),
  )

  it.effect("fails with ExecutionNotEndedError when the schedule ends first", () =>
    run(
      Effect.gen(function* () {
        yield* CodePipeline.createPipeline({ pipeline: gated })
        const id = yield* start
        const fiber = yield* Effect.fork(
          Effect.flip(
            Releases.awaitExecution("release", id, { schedule: Schedule.spaced("1 minute").pipe(Schedule.compose(Schedule.recurs(2))) }),
          ),
        )
        yield* TestClock.adjust("1 hour")
        const error = yield* Fiber.join(fiber)
        expect(error).toMatchObject({ _tag: "ExecutionNotEndedError", reason: "ScheduleEnded", status: "InProgress" })
        expect(yield* readsOfExecution).toBe(3)
      }),
    ),
  )

  it.effect("fails with PipelineExecutionNotFoundException for an execution that does not exist", () =>
    run(
      Effect.gen(function* () {
        yield* CodePipeline.createPipeline({ pipeline: pipeline() })
        const error = yield* Effect.flip(Releases.awaitExecution("release", "00000000-0000-4000-8000-000000000000"))
        expect(error._tag).toBe("PipelineExecutionNotFoundException")
      }),
    ),
  )

  it.effect("stops reading when it is interrupted", () =>
    run(
      Effect.gen(function* () {
        yield* CodePipeline.createPipeline({ pipeline: gated })
        const id = yield* start
        const fiber = yield* Effect.fork(Releases.awaitExecution("release", id))
        yield* TestClock.adjust("1 minute")
        yield* Fiber.interrupt(fiber)
        const reads = yield* readsOfExecution
        yield* TestClock.adjust("1 hour")
        expect(yield* readsOfExecution).toBe(reads)
      }),
    ),
  )
})

// The helpers hand back this package's types (closed enums in what can be sent back), not the core's.
// biome-ignore lint/suspicious/noExportsInTest: exported so the compiler checks its type without an unused-value error
export const typed: Effect.Effect<S.StageExecutionStatus | undefined, unknown, CodePipeline.CodePipeline> = Effect.map(
  Releases.runningExecution("release", "Deploy"),
  Option.match({ onNone: () => undefined, onSome: (e) => e.status }),
)
