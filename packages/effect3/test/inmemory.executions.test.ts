import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { CodePipeline } from "../src/index.js"
import type * as S from "../src/schema/Schemas.js"
import { CodePipelineInMemory, Outcome } from "../src/testing/index.js"
import {
  actionState,
  approval,
  build,
  deploy,
  execution,
  executionAfter,
  layer,
  outcome,
  pipeline,
  retryStage,
  rule,
  run,
  source,
  stage,
  stageState,
  stageStatuses,
  type,
  v2,
} from "./support/inmemory.js"

const create = (declaration: S.PipelineDeclaration) => CodePipeline.createPipeline({ pipeline: declaration })
const start = (name = "release") => Effect.map(CodePipeline.startPipelineExecution({ name }), (o) => o.pipelineExecutionId!)
const status = (id: string, name = "release") => Effect.map(execution(name, id), (e) => e.status)
const at = (seconds: number) => new Date(seconds * 1000)

/** StopPipelineExecution of release's execution `id`. */
const stop = (id: string, options: { readonly abandon?: boolean; readonly reason?: string } = {}) =>
  CodePipeline.stopPipelineExecution({ pipelineName: "release", pipelineExecutionId: id, ...options })

/** OverrideStageCondition of release's `stageName` in execution `id`. */
const overrideCondition = (id: string, conditionType: S.ConditionType, stageName = "Deploy") =>
  CodePipeline.overrideStageCondition({ pipelineName: "release", stageName, pipelineExecutionId: id, conditionType })

/** Fails actions named in `failing` (on every attempt unless `onlyFirst`). */
const failing =
  (names: ReadonlyArray<string>, onlyFirst = false) =>
  (a: { actionName: string; attempt: number }) =>
    names.includes(a.actionName) && (!onlyFirst || a.attempt === 1) ? Outcome.fail({ message: `${a.actionName} broke` }) : undefined

describe("executions in time", () => {
  it.effect("CreatePipeline starts an execution triggered by CreatePipeline", () =>
    Effect.gen(function* () {
      yield* create(pipeline())
      const { pipelineExecutionSummaries } = yield* CodePipeline.listPipelineExecutions({ pipelineName: "release" })
      expect(pipelineExecutionSummaries).toHaveLength(1)
      expect(pipelineExecutionSummaries?.[0]).toMatchObject({ status: "InProgress", trigger: { triggerType: "CreatePipeline" } })
    }).pipe(Effect.provide(layer())),
  )

  it.effect("stages run in order: after 45 s the source has succeeded and the build is running", () =>
    run(
      Effect.gen(function* () {
        yield* executionAfter(pipeline(), "45 seconds")
        expect(yield* stageStatuses("release")).toEqual(["Source:Succeeded", "Build:InProgress", "Deploy:-"])
        const sourceAction = yield* actionState("release", "Source", "Source")
        expect(sourceAction?.latestExecution).toMatchObject({ status: "Succeeded", lastStatusChange: at(30) })
        expect(sourceAction?.currentRevision?.revisionId).toMatch(/^[0-9a-f]{40}$/)
        expect((yield* actionState("release", "Build", "Build"))?.latestExecution).toMatchObject({
          status: "InProgress",
          lastStatusChange: at(30),
        })
      }),
    ),
  )

  it.effect("the execution succeeds when its last stage does, at the exact simulated time", () =>
    run(
      Effect.gen(function* () {
        const id = yield* executionAfter(pipeline(), "10 minutes")
        const [summary] = (yield* CodePipeline.listPipelineExecutions({ pipelineName: "release" })).pipelineExecutionSummaries!
        expect(summary).toMatchObject({ pipelineExecutionId: id, status: "Succeeded", startTime: at(0), lastUpdateTime: at(90) })
        expect(yield* stageStatuses("release")).toEqual(["Source:Succeeded", "Build:Succeeded", "Deploy:Succeeded"])
      }),
    ),
  )

  it.effect("actions with equal run orders run in parallel, the next run order after all of them", () =>
    run(
      Effect.gen(function* () {
        const wide = pipeline("release", {
          stages: [
            stage("Source", source()),
            stage(
              "Build",
              build("A", "SourceOutput", { runOrder: 1 }),
              build("B", "SourceOutput", { runOrder: 1 }),
              deploy("C", "SourceOutput", { runOrder: 2 }),
            ),
          ],
        })
        yield* executionAfter(wide, "61 seconds")
        const details = (yield* CodePipeline.listActionExecutions({ pipelineName: "release" })).actionExecutionDetails!
        const started = Object.fromEntries(details.map((d) => [d.actionName, d.startTime!.getTime() / 1000]))
        expect(started).toEqual({ Source: 0, A: 30, B: 30, C: 60 })
      }),
    ),
  )

  it.effect("a failed action fails its stage and the execution; later stages do not run", () =>
    run(
      Effect.gen(function* () {
        const id = yield* executionAfter(pipeline(), "5 minutes")
        expect(yield* stageStatuses("release")).toEqual(["Source:Succeeded", "Build:Failed", "Deploy:-"])
        expect(yield* status(id)).toBe("Failed")
        expect((yield* actionState("release", "Build", "Build"))?.latestExecution).toMatchObject({
          status: "Failed",
          errorDetails: { code: "JobFailed", message: "Build broke" },
        })
      }),
      { simulate: failing(["Build"]) },
    ),
  )

  it.effect("a parallel sibling of a failed action finishes before the stage fails", () =>
    run(
      Effect.gen(function* () {
        yield* executionAfter(
          pipeline("release", { stages: [stage("Source", source()), stage("Build", build("Quick"), build("Slow"))] }),
          "40 seconds",
        )
        expect(yield* stageStatuses("release")).toEqual(["Source:Succeeded", "Build:InProgress"])
        yield* TestClock.adjust("20 seconds")
        expect(yield* stageStatuses("release")).toEqual(["Source:Succeeded", "Build:Failed"])
      }),
      { simulate: (a) => (a.actionName === "Quick" ? Outcome.fail({ after: "5 seconds" }) : undefined) },
    ),
  )

  it.effect("a simulator can change mid-test: the next CodeBuild run fails", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* CodePipelineInMemory.Controls
        const first = yield* executionAfter(pipeline(), "2 minutes")
        yield* controls.setSimulator((a) =>
          a.actionTypeId.provider === "CodeBuild" ? Outcome.fail({ code: "BuildFailed", message: "tests failed" }) : undefined,
        )
        const second = yield* start()
        yield* TestClock.adjust("2 minutes")
        expect([yield* status(first), yield* status(second)]).toEqual(["Succeeded", "Failed"])
      }),
    ),
  )
})

describe("execution modes", () => {
  it.effect("SUPERSEDED: a newer execution overtakes the one waiting for a busy stage", () =>
    run(
      Effect.gen(function* () {
        const e1 = yield* executionAfter(pipeline(), "10 seconds")
        const e2 = yield* start()
        yield* TestClock.adjust("10 seconds")
        const e3 = yield* start()
        expect(yield* status(e2)).toBe("Superseded")
        expect((yield* stageState("release", "Source"))?.inboundExecution).toEqual({
          pipelineExecutionId: e3,
          status: "InProgress",
          type: "STANDARD",
        })
        yield* TestClock.adjust("10 minutes")
        expect([yield* status(e1), yield* status(e2), yield* status(e3)]).toEqual(["Succeeded", "Superseded", "Succeeded"])
      }),
    ),
  )

  it.effect("QUEUED: executions wait their turn in order and none is superseded", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline("release", { pipelineType: "V2", executionMode: "QUEUED" }))
        const e1 = yield* start()
        const e2 = yield* start()
        const e3 = yield* start()
        const inbound = (yield* stageState("release", "Source"))?.inboundExecutions?.map((e) => e.pipelineExecutionId)
        expect(inbound).toEqual([e2, e3])
        yield* TestClock.adjust("10 minutes")
        const summaries = (yield* CodePipeline.listPipelineExecutions({ pipelineName: "release" })).pipelineExecutionSummaries!
        expect(summaries.map((s) => [s.pipelineExecutionId, s.status, s.lastUpdateTime!.getTime() / 1000])).toEqual([
          [e3, "Succeeded", 150],
          [e2, "Succeeded", 120],
          [e1, "Succeeded", 90],
        ])
        expect(summaries[0]?.executionMode).toBe("QUEUED")
      }),
    ),
  )

  it.effect("PARALLEL: executions run at the same time, independently", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline("release", { pipelineType: "V2", executionMode: "PARALLEL" }))
        const ids = [yield* start(), yield* start(), yield* start()]
        yield* TestClock.adjust("90 seconds")
        for (const id of ids) expect(yield* status(id)).toBe("Succeeded")
      }),
    ),
  )
})

describe("stage transitions", () => {
  const disable = (stageName: string, transitionType: S.StageTransitionType, reason: string) =>
    CodePipeline.disableStageTransition({ pipelineName: "release", stageName, transitionType, reason })
  const enable = (stageName: string, transitionType: S.StageTransitionType) =>
    CodePipeline.enableStageTransition({ pipelineName: "release", stageName, transitionType })

  it.effect("a disabled inbound transition holds the execution in front of the stage until it is enabled", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline())
        yield* disable("Deploy", "Inbound", "Change freeze")
        const id = yield* start()
        yield* TestClock.adjust("10 minutes")
        expect(yield* status(id)).toBe("InProgress")
        expect((yield* stageState("release", "Deploy"))?.inboundExecution).toEqual({
          pipelineExecutionId: id,
          status: "InProgress",
          type: "STANDARD",
        })
        yield* enable("Deploy", "Inbound")
        expect(yield* stageStatuses("release")).toEqual(["Source:Succeeded", "Build:Succeeded", "Deploy:InProgress"])
        yield* TestClock.adjust("30 seconds")
        expect(yield* status(id)).toBe("Succeeded")
      }),
    ),
  )

  it.effect("a disabled outbound transition holds the execution after its stage", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline())
        yield* disable("Build", "Outbound", "Hold")
        yield* start()
        yield* TestClock.adjust("10 minutes")
        expect(yield* stageStatuses("release")).toEqual(["Source:Succeeded", "Build:Succeeded", "Deploy:-"])
        yield* enable("Build", "Outbound")
        expect(yield* stageStatuses("release")).toEqual(["Source:Succeeded", "Build:Succeeded", "Deploy:InProgress"])
      }),
    ),
  )

  it.effect("an execution held at a transition is superseded by a newer one arriving there", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline())
        yield* disable("Deploy", "Inbound", "Hold")
        const older = yield* start()
        yield* TestClock.adjust("2 minutes")
        const newer = yield* start()
        yield* TestClock.adjust("2 minutes")
        expect([yield* status(older), yield* status(newer)]).toEqual(["Superseded", "InProgress"])
        expect((yield* stageState("release", "Deploy"))?.inboundExecution?.pipelineExecutionId).toBe(newer)
      }),
    ),
  )
})

describe("UpdatePipeline and running executions", () => {
  it.effect("an update cancels the running execution: its stage is Cancelled, its action Abandoned", () =>
    run(
      Effect.gen(function* () {
        const id = yield* executionAfter(pipeline(), "45 seconds")
        yield* CodePipeline.updatePipeline({ pipeline: pipeline() })
        expect(yield* status(id)).toBe("Cancelled")
        expect(yield* stageStatuses("release")).toEqual(["Source:Succeeded", "Build:Cancelled", "Deploy:-"])
        expect((yield* actionState("release", "Build", "Build"))?.latestExecution?.status).toBe("Abandoned")
        yield* TestClock.adjust("10 minutes")
        expect(yield* status(id)).toBe("Cancelled")
      }),
    ),
  )
})

describe("StopPipelineExecution", () => {
  it.effect("stop and wait: Stopping until the running action ends, then Stopped; later stages never run", () =>
    run(
      Effect.gen(function* () {
        const id = yield* executionAfter(pipeline(), "45 seconds")
        yield* stop(id, { reason: "Bad commit" })
        expect(yield* status(id)).toBe("Stopping")
        expect(yield* stageStatuses("release")).toEqual(["Source:Succeeded", "Build:Stopping", "Deploy:-"])
        yield* TestClock.adjust("15 seconds")
        expect(yield* status(id)).toBe("Stopped")
        expect(yield* stageStatuses("release")).toEqual(["Source:Succeeded", "Build:Stopped", "Deploy:-"])
        expect((yield* actionState("release", "Build", "Build"))?.latestExecution?.status).toBe("Succeeded")
        const [summary] = (yield* CodePipeline.listPipelineExecutions({ pipelineName: "release" })).pipelineExecutionSummaries!
        expect(summary?.stopTrigger).toEqual({ reason: "Bad commit" })
      }),
    ),
  )

  it.effect("stop and abandon: Stopped at once, the running action Abandoned", () =>
    run(
      Effect.gen(function* () {
        const id = yield* executionAfter(pipeline(), "45 seconds")
        yield* stop(id, { abandon: true })
        expect(yield* status(id)).toBe("Stopped")
        expect((yield* actionState("release", "Build", "Build"))?.latestExecution?.status).toBe("Abandoned")
      }),
    ),
  )

  it.effect("a second stop and wait fails with DuplicatedStopRequestException; abandoning is still allowed", () =>
    run(
      Effect.gen(function* () {
        const id = yield* executionAfter(pipeline(), "45 seconds")
        yield* stop(id)
        expect(yield* outcome(stop(id))).toBe("DuplicatedStopRequestException")
        yield* stop(id, { abandon: true })
        expect(yield* status(id)).toBe("Stopped")
      }),
    ),
  )

  it.effect("a finished or unknown execution fails with PipelineExecutionNotStoppableException", () =>
    run(
      Effect.gen(function* () {
        const id = yield* executionAfter(pipeline(), "10 minutes")
        expect(yield* outcome(stop(id))).toBe("PipelineExecutionNotStoppableException")
        const unknown = "00000000-0000-4000-8000-000000000000"
        expect(yield* outcome(stop(unknown))).toBe("PipelineExecutionNotStoppableException")
      }),
    ),
  )

  it.effect("stopping an execution waiting for a stage stops it at once", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline())
        yield* start()
        const waiting = yield* start()
        yield* stop(waiting)
        expect(yield* status(waiting)).toBe("Stopped")
        expect((yield* stageState("release", "Source"))?.inboundExecution).toBeUndefined()
      }),
    ),
  )
})

describe("RetryStageExecution", () => {
  const twoBuilds = pipeline("release", {
    stages: [stage("Source", source()), stage("Build", build("Flaky"), build("Solid")), stage("Deploy", deploy())],
  })

  it.effect("FAILED_ACTIONS reruns only the failed actions, and the execution goes on to succeed", () =>
    run(
      Effect.gen(function* () {
        const id = yield* executionAfter(twoBuilds, "2 minutes")
        expect(yield* status(id)).toBe("Failed")
        const retried = yield* retryStage(id)
        expect(retried.pipelineExecutionId).toBe(id)
        expect(yield* status(id)).toBe("InProgress")
        yield* TestClock.adjust("2 minutes")
        expect(yield* status(id)).toBe("Succeeded")
        const runs = (yield* CodePipeline.listActionExecutions({ pipelineName: "release", filter: { pipelineExecutionId: id } }))
          .actionExecutionDetails!
        expect(runs.filter((r) => r.actionName === "Flaky").map((r) => r.status)).toEqual(["Succeeded", "Failed"])
        expect(runs.filter((r) => r.actionName === "Solid")).toHaveLength(1)
        expect((yield* stageState("release", "Build"))?.retryStageMetadata).toEqual({
          manualStageRetryAttempt: 1,
          latestRetryTrigger: "ManualStageRetry",
        })
      }),
      { simulate: failing(["Flaky"], true) },
    ),
  )

  it.effect("ALL_ACTIONS reruns every action of the stage", () =>
    run(
      Effect.gen(function* () {
        const id = yield* executionAfter(twoBuilds, "2 minutes")
        yield* retryStage(id, "ALL_ACTIONS")
        yield* TestClock.adjust("2 minutes")
        const runs = (yield* CodePipeline.listActionExecutions({ pipelineName: "release", filter: { pipelineExecutionId: id } }))
          .actionExecutionDetails!
        expect(runs.filter((r) => r.actionName === "Solid")).toHaveLength(2)
        expect(yield* status(id)).toBe("Succeeded")
      }),
      { simulate: failing(["Flaky"], true) },
    ),
  )

  it.effect("a stage that did not fail cannot be retried (StageNotRetryableException)", () =>
    run(
      Effect.gen(function* () {
        const id = yield* executionAfter(pipeline(), "10 minutes")
        const got = yield* outcome(retryStage(id))
        expect(got).toBe("StageNotRetryableException")
      }),
    ),
  )

  it.effect("an execution that a later one replaced in the stage fails with NotLatestPipelineExecutionException", () =>
    run(
      Effect.gen(function* () {
        const older = yield* executionAfter(pipeline(), "2 minutes")
        yield* start()
        yield* TestClock.adjust("2 minutes")
        const got = yield* outcome(retryStage(older))
        expect(got).toBe("NotLatestPipelineExecutionException")
      }),
      { simulate: failing(["Build"]) },
    ),
  )

  it.effect("after the pipeline changed, the stage cannot be retried", () =>
    run(
      Effect.gen(function* () {
        const id = yield* executionAfter(pipeline(), "2 minutes")
        yield* CodePipeline.updatePipeline({ pipeline: pipeline() })
        const got = yield* outcome(retryStage(id, "ALL_ACTIONS"))
        expect(got).toBe("StageNotRetryableException")
      }),
      { simulate: failing(["Build"]) },
    ),
  )

  it.effect("a stopped stage can be retried", () =>
    run(
      Effect.gen(function* () {
        const id = yield* executionAfter(pipeline(), "45 seconds")
        yield* stop(id, { abandon: true })
        yield* retryStage(id)
        yield* TestClock.adjust("2 minutes")
        expect(yield* status(id)).toBe("Succeeded")
      }),
    ),
  )

  it.effect("onFailure RETRY retries the stage automatically once", () =>
    run(
      Effect.gen(function* () {
        yield* create(
          v2("release", [
            { ...stage("Build", build("Flaky")), onFailure: { result: "RETRY", retryConfiguration: { retryMode: "FAILED_ACTIONS" } } },
          ]),
        )
        const id = yield* start()
        yield* TestClock.adjust("2 minutes")
        expect(yield* status(id)).toBe("Succeeded")
        expect((yield* stageState("release", "Build"))?.retryStageMetadata).toEqual({
          autoStageRetryAttempt: 1,
          latestRetryTrigger: "AutomatedStageRetry",
        })
      }),
      { simulate: failing(["Flaky"], true) },
    ),
  )
})

describe("RollbackStage", () => {
  const twoStage = () => v2("release", [stage("Deploy", deploy())])

  it.effect("rolls a stage back to an earlier execution's revisions, running only that stage", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* CodePipelineInMemory.Controls
        const good = yield* executionAfter(twoStage(), "2 minutes")
        yield* controls.pushSourceRevision({ pipelineName: "release", actionName: "Source", revisionId: "bad-commit" })
        yield* TestClock.adjust("2 minutes")
        const { pipelineExecutionId: rollback } = yield* CodePipeline.rollbackStage({
          pipelineName: "release",
          stageName: "Deploy",
          targetPipelineExecutionId: good,
        })
        const started = yield* execution("release", rollback)
        expect(started).toMatchObject({
          status: "InProgress",
          executionType: "ROLLBACK",
          trigger: { triggerType: "ManualRollback" },
          rollbackMetadata: { rollbackTargetPipelineExecutionId: good },
        })
        expect((yield* stageState("release", "Deploy"))?.latestExecution).toEqual({
          pipelineExecutionId: rollback,
          status: "InProgress",
          type: "ROLLBACK",
        })
        yield* TestClock.adjust("30 seconds")
        const done = yield* execution("release", rollback)
        expect(done.status).toBe("Succeeded")
        expect(done.artifactRevisions?.[0]?.revisionId).toBe((yield* execution("release", good)).artifactRevisions?.[0]?.revisionId)
        expect((yield* stageState("release", "Source"))?.latestExecution?.pipelineExecutionId).not.toBe(rollback)
      }),
    ),
  )

  it.effect("refuses what cannot be rolled back", () =>
    run(
      Effect.gen(function* () {
        yield* create(twoStage())
        yield* create(pipeline("v1"))
        const failed = yield* start()
        yield* TestClock.adjust("2 minutes")
        const rollback = (stageName: string, target: string, name = "release") =>
          outcome(CodePipeline.rollbackStage({ pipelineName: name, stageName, targetPipelineExecutionId: target }))
        expect(yield* rollback("Deploy", failed)).toBe("UnableToRollbackStageException")
        expect(yield* rollback("Source", failed)).toBe("UnableToRollbackStageException")
        expect(yield* rollback("Nope", failed)).toBe("StageNotFoundException")
        expect(yield* rollback("Deploy", "00000000-0000-4000-8000-000000000000")).toBe("PipelineExecutionNotFoundException")
        expect(yield* rollback("Deploy", failed, "v1")).toBe("ValidationException")
      }),
      { simulate: failing(["Deploy"]) },
    ),
  )

  it.effect("a second rollback while one is running fails with ConflictException", () =>
    run(
      Effect.gen(function* () {
        const good = yield* executionAfter(
          v2("release", [stage("Build", pipeline().stages[1]!.actions[0]!), stage("Deploy", deploy())]),
          "2 minutes",
        )
        yield* start()
        yield* TestClock.adjust("2 minutes")
        yield* CodePipeline.rollbackStage({ pipelineName: "release", stageName: "Deploy", targetPipelineExecutionId: good })
        const again = yield* outcome(
          CodePipeline.rollbackStage({ pipelineName: "release", stageName: "Build", targetPipelineExecutionId: good }),
        )
        expect(again).toBe("ConflictException")
      }),
    ),
  )

  it.effect("onFailure ROLLBACK rolls the stage back automatically to the last execution that succeeded in it", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* CodePipelineInMemory.Controls
        const good = yield* executionAfter(
          v2("release", [{ ...stage("Deploy", deploy()), onFailure: { result: "ROLLBACK" } }]),
          "2 minutes",
        )
        yield* controls.setSimulator((a) => (a.actionName === "Deploy" && a.pipelineExecutionId !== good ? Outcome.fail() : undefined))
        const bad = yield* start()
        yield* TestClock.adjust("61 seconds")
        expect(yield* status(bad)).toBe("Failed")
        const [latest] = (yield* CodePipeline.listPipelineExecutions({ pipelineName: "release" })).pipelineExecutionSummaries!
        expect(latest).toMatchObject({
          executionType: "ROLLBACK",
          trigger: { triggerType: "AutomatedRollback", triggerDetail: bad },
          rollbackMetadata: { rollbackTargetPipelineExecutionId: good },
        })
      }),
    ),
  )
})

describe("stage conditions", () => {
  const gated = (result?: S.Result) =>
    v2("release", [
      { ...stage("Deploy", deploy()), beforeEntry: { conditions: [{ ...(result ? { result } : {}), rules: [rule("NoAlarm")] }] } },
    ])

  it.effect("a before-entry condition holds the stage's actions while its rules run", () =>
    run(
      Effect.gen(function* () {
        yield* executionAfter(gated(), "35 seconds")
        const during = yield* stageState("release", "Deploy")
        expect(during?.latestExecution?.status).toBe("InProgress")
        expect(during?.beforeEntryConditionState?.latestExecution?.status).toBe("InProgress")
        expect(during?.actionStates?.[0]?.latestExecution).toBeUndefined()
        yield* TestClock.adjust("10 seconds")
        const after = yield* stageState("release", "Deploy")
        expect(after?.beforeEntryConditionState?.latestExecution?.status).toBe("Succeeded")
        expect(after?.beforeEntryConditionState?.conditionStates?.[0]?.ruleStates?.[0]?.latestExecution?.status).toBe("Succeeded")
        expect(after?.actionStates?.[0]?.latestExecution?.status).toBe("InProgress")
      }),
    ),
  )

  it.effect("a failed before-entry condition fails the stage (result FAIL)", () =>
    run(
      Effect.gen(function* () {
        const id = yield* executionAfter(gated("FAIL"), "2 minutes")
        expect(yield* stageStatuses("release")).toEqual(["Source:Succeeded", "Deploy:Failed"])
        expect(yield* status(id)).toBe("Failed")
      }),
      { simulateRule: () => Outcome.fail({ message: "alarm" }) },
    ),
  )

  it.effect("a failed before-entry condition with result SKIP skips the stage", () =>
    run(
      Effect.gen(function* () {
        const id = yield* executionAfter(gated("SKIP"), "2 minutes")
        expect(yield* stageStatuses("release")).toEqual(["Source:Succeeded", "Deploy:Skipped"])
        expect(yield* status(id)).toBe("Succeeded")
      }),
      { simulateRule: () => Outcome.fail() },
    ),
  )

  it.effect("OverrideStageCondition lets the stage in: the condition is Overridden, its rules Abandoned", () =>
    run(
      Effect.gen(function* () {
        const id = yield* executionAfter(gated(), "1 minute")
        yield* overrideCondition(id, "BEFORE_ENTRY")
        const state = yield* stageState("release", "Deploy")
        expect(state?.beforeEntryConditionState?.latestExecution?.status).toBe("Overridden")
        expect(state?.beforeEntryConditionState?.conditionStates?.[0]?.ruleStates?.[0]?.latestExecution?.status).toBe("Abandoned")
        yield* TestClock.adjust("30 seconds")
        expect(yield* status(id)).toBe("Succeeded")
      }),
      { simulateRule: () => Outcome.wait },
    ),
  )

  it.effect("a condition that is not being evaluated cannot be overridden", () =>
    run(
      Effect.gen(function* () {
        const id = yield* executionAfter(gated(), "5 minutes")
        const got = yield* outcome(overrideCondition(id, "ON_SUCCESS"))
        expect(got).toBe("ConditionNotOverridableException")
      }),
    ),
  )

  it.effect("an update during a condition's evaluation cancels the condition", () =>
    run(
      Effect.gen(function* () {
        yield* executionAfter(gated(), "35 seconds")
        yield* CodePipeline.updatePipeline({ pipeline: gated() })
        const state = yield* stageState("release", "Deploy")
        expect(state?.latestExecution?.status).toBe("Cancelled")
        expect(state?.beforeEntryConditionState?.latestExecution?.status).toBe("Cancelled")
      }),
    ),
  )

  it.effect("overriding the condition of an execution a later one replaced fails with NotLatestPipelineExecutionException", () =>
    run(
      Effect.gen(function* () {
        yield* create(
          v2("release", [{ ...stage("Deploy", deploy()), beforeEntry: { conditions: [{ rules: [rule("Gate")] }] } }], {
            executionMode: "PARALLEL",
          }),
        )
        const older = yield* start()
        yield* start()
        yield* TestClock.adjust("1 minute")
        const got = yield* outcome(overrideCondition(older, "BEFORE_ENTRY"))
        expect(got).toBe("NotLatestPipelineExecutionException")
      }),
      { simulateRule: () => Outcome.wait },
    ),
  )

  it.effect("a failed on-success condition fails the stage after its actions succeeded", () =>
    run(
      Effect.gen(function* () {
        yield* create(
          v2("release", [{ ...stage("Deploy", deploy()), onSuccess: { conditions: [{ result: "FAIL", rules: [rule("Healthy")] }] } }]),
        )
        const id = yield* start()
        yield* TestClock.adjust("5 minutes")
        expect(yield* status(id)).toBe("Failed")
        const state = yield* stageState("release", "Deploy")
        expect(state?.actionStates?.[0]?.latestExecution?.status).toBe("Succeeded")
        expect(state?.onSuccessConditionState?.latestExecution?.status).toBe("Failed")
      }),
      { simulateRule: () => Outcome.fail({ message: "unhealthy" }) },
    ),
  )

  it.effect("ListRuleExecutions reports each rule run with its result", () =>
    run(
      Effect.gen(function* () {
        const id = yield* executionAfter(gated(), "5 minutes")
        const { ruleExecutionDetails } = yield* CodePipeline.listRuleExecutions({
          pipelineName: "release",
          filter: { pipelineExecutionId: id },
        })
        expect(ruleExecutionDetails).toHaveLength(1)
        expect(ruleExecutionDetails?.[0]).toMatchObject({
          pipelineExecutionId: id,
          stageName: "Deploy",
          ruleName: "NoAlarm",
          status: "Succeeded",
          startTime: at(30),
          lastUpdateTime: at(40),
          input: { configuration: { AlarmName: "errors" } },
        })
      }),
    ),
  )
})

describe("manual approvals", () => {
  const gatedRelease = () =>
    pipeline("release", { stages: [stage("Source", source()), stage("Approve", approval()), stage("Deploy", deploy())] })
  const approve = (token: string, status: S.ApprovalStatus = "Approved", actionName = "Approve") =>
    CodePipeline.putApprovalResult({
      pipelineName: "release",
      stageName: "Approve",
      actionName,
      token,
      result: { status, summary: "Looks good" },
    })
  const tokenNow = Effect.map(actionState("release", "Approve", "Approve"), (a) => a?.latestExecution?.token)

  it.effect("an approval waits with a token until PutApprovalResult approves it", () =>
    run(
      Effect.gen(function* () {
        const id = yield* executionAfter(gatedRelease(), "1 hour")
        const token = yield* tokenNow
        expect(token).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/)
        expect(yield* status(id)).toBe("InProgress")
        const { approvedAt } = yield* approve(token!)
        expect(approvedAt).toEqual(at(3600))
        const approved = (yield* actionState("release", "Approve", "Approve"))?.latestExecution
        expect(approved).toMatchObject({
          status: "Succeeded",
          summary: "Looks good",
          lastUpdatedBy: "arn:aws:iam::123456789012:user/in-memory",
        })
        expect(approved?.token).toBeUndefined()
        yield* TestClock.adjust("30 seconds")
        expect(yield* status(id)).toBe("Succeeded")
      }),
    ),
  )

  it.effect("a rejection fails the approval and the execution", () =>
    run(
      Effect.gen(function* () {
        const id = yield* executionAfter(gatedRelease(), "1 minute")
        yield* approve((yield* tokenNow)!, "Rejected")
        expect(yield* status(id)).toBe("Failed")
      }),
    ),
  )

  it.effect("a token that was never issued fails with InvalidApprovalTokenException", () =>
    run(
      Effect.gen(function* () {
        yield* executionAfter(gatedRelease(), "1 minute")
        expect(yield* outcome(approve("00000000-0000-4000-8000-000000000000"))).toBe("InvalidApprovalTokenException")
      }),
    ),
  )

  it.effect("answering twice fails with ApprovalAlreadyCompletedException", () =>
    run(
      Effect.gen(function* () {
        yield* executionAfter(gatedRelease(), "1 minute")
        const token = (yield* tokenNow)!
        yield* approve(token)
        expect(yield* outcome(approve(token))).toBe("ApprovalAlreadyCompletedException")
      }),
    ),
  )

  it.effect("an approval not answered within its timeout fails", () =>
    run(
      Effect.gen(function* () {
        yield* create(
          pipeline("release", { stages: [stage("Source", source()), stage("Approve", approval("Approve", { timeoutInMinutes: 60 }))] }),
        )
        const id = yield* start()
        yield* TestClock.adjust("61 minutes")
        expect((yield* actionState("release", "Approve", "Approve"))?.latestExecution?.status).toBe("Failed")
        expect(yield* status(id)).toBe("Failed")
      }),
    ),
  )

  it.effect("refuses an action that is not an approval, and names that do not exist", () =>
    run(
      Effect.gen(function* () {
        yield* executionAfter(gatedRelease(), "1 minute")
        const token = (yield* tokenNow)!
        expect(
          yield* outcome(
            CodePipeline.putApprovalResult({
              pipelineName: "release",
              stageName: "Deploy",
              actionName: "Deploy",
              token,
              result: { status: "Approved", summary: "" },
            }),
          ),
        ).toBe("ValidationException")
        expect(yield* outcome(approve(token, "Approved", "Nobody"))).toBe("ActionNotFoundException")
        expect(
          yield* outcome(
            CodePipeline.putApprovalResult({
              pipelineName: "release",
              stageName: "Nope",
              actionName: "Approve",
              token,
              result: { status: "Approved", summary: "" },
            }),
          ),
        ).toBe("StageNotFoundException")
      }),
    ),
  )
})

describe("StartPipelineExecution inputs", () => {
  const withVariables = () =>
    v2(
      "release",
      [
        stage(
          "Deploy",
          deploy("Deploy", "SourceOutput", {
            configuration: { ApplicationName: "#{variables.app}", DeploymentGroupName: "#{variables.group}" },
          }),
        ),
      ],
      {
        variables: [{ name: "app", defaultValue: "web" }, { name: "group" }],
      },
    )

  it.effect("variables override defaults and are resolved in action configurations", () =>
    run(
      Effect.gen(function* () {
        yield* create(withVariables())
        const { pipelineExecutionId } = yield* CodePipeline.startPipelineExecution({
          name: "release",
          variables: [{ name: "group", value: "canary" }],
        })
        expect((yield* execution("release", pipelineExecutionId!)).variables).toEqual([
          { name: "app", resolvedValue: "web" },
          { name: "group", resolvedValue: "canary" },
        ])
        yield* TestClock.adjust("2 minutes")
        const details = (yield* CodePipeline.listActionExecutions({ pipelineName: "release" })).actionExecutionDetails!
        expect(details.find((d) => d.actionName === "Deploy")?.input?.resolvedConfiguration).toEqual({
          ApplicationName: "web",
          DeploymentGroupName: "canary",
        })
      }),
    ),
  )

  it.effect("refuses undeclared variables, missing values, and variables on V1 pipelines", () =>
    run(
      Effect.gen(function* () {
        yield* create(withVariables())
        yield* create(pipeline("v1"))
        const startWith = (name: string, variables: ReadonlyArray<S.PipelineVariable>) =>
          outcome(CodePipeline.startPipelineExecution({ name, variables }))
        expect(
          yield* startWith("release", [
            { name: "group", value: "a" },
            { name: "stray", value: "x" },
          ]),
        ).toBe("ValidationException")
        expect(yield* outcome(CodePipeline.startPipelineExecution({ name: "release" }))).toBe("ValidationException")
        expect(yield* startWith("v1", [{ name: "group", value: "a" }])).toBe("ValidationException")
      }),
    ),
  )

  it.effect("a source revision override is the revision the execution runs", () =>
    run(
      Effect.gen(function* () {
        yield* create(v2("release", [stage("Deploy", deploy())]))
        const { pipelineExecutionId } = yield* CodePipeline.startPipelineExecution({
          name: "release",
          sourceRevisions: [{ actionName: "Source", revisionType: "COMMIT_ID", revisionValue: "abc123" }],
        })
        yield* TestClock.adjust("2 minutes")
        expect((yield* execution("release", pipelineExecutionId!)).artifactRevisions?.[0]).toMatchObject({
          name: "SourceOutput",
          revisionId: "abc123",
        })
      }),
    ),
  )

  it.effect("refuses a revision type the source provider does not take", () =>
    run(
      Effect.gen(function* () {
        yield* create(v2("release", [stage("Deploy", deploy())]))
        const got = yield* outcome(
          CodePipeline.startPipelineExecution({
            name: "release",
            sourceRevisions: [{ actionName: "Source", revisionType: "IMAGE_DIGEST", revisionValue: "sha256:1" }],
          }),
        )
        expect(got).toBe("ValidationException")
      }),
    ),
  )

  it.effect("the same client request token returns the same execution; reused with other inputs it conflicts", () =>
    run(
      Effect.gen(function* () {
        yield* create(withVariables())
        const startWith = (value: string) =>
          CodePipeline.startPipelineExecution({ name: "release", clientRequestToken: "deploy-42", variables: [{ name: "group", value }] })
        const first = yield* startWith("a")
        const again = yield* startWith("a")
        expect(again.pipelineExecutionId).toBe(first.pipelineExecutionId)
        expect(yield* outcome(startWith("b"))).toBe("ConflictException")
      }),
    ),
  )

  it.effect("a QUEUED pipeline refuses executions beyond its concurrency quota", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline("release", { pipelineType: "V2", executionMode: "QUEUED" }))
        yield* start()
        yield* start()
        expect(yield* outcome(start())).toBe("ConcurrentPipelineExecutionsLimitExceededException")
      }),
      { maxConcurrentExecutions: 2 },
    ),
  )

  it.effect("a pipeline that does not exist fails with PipelineNotFoundException", () =>
    run(Effect.map(outcome(start("nope")), (got) => expect(got).toBe("PipelineNotFoundException"))),
  )
})

describe("PutActionRevision", () => {
  const revision = (revisionId: string) => ({ revisionId, revisionChangeId: revisionId, created: new Date(0) })

  it.effect("a new revision starts an execution that runs it", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline())
        const out = yield* CodePipeline.putActionRevision({
          pipelineName: "release",
          stageName: "Source",
          actionName: "Source",
          actionRevision: revision("r2"),
        })
        expect(out.newRevision).toBe(true)
        yield* TestClock.adjust("30 seconds")
        const started = yield* execution("release", out.pipelineExecutionId!)
        expect(started.trigger?.triggerType).toBe("PutActionRevision")
        expect(started.artifactRevisions?.[0]?.revisionId).toBe("r2")
      }),
    ),
  )

  it.effect("the current revision again starts nothing", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline())
        const put = () =>
          CodePipeline.putActionRevision({
            pipelineName: "release",
            stageName: "Source",
            actionName: "Source",
            actionRevision: revision("r2"),
          })
        yield* put()
        expect((yield* put()).newRevision).toBe(false)
        expect((yield* CodePipeline.listPipelineExecutions({ pipelineName: "release" })).pipelineExecutionSummaries).toHaveLength(1)
      }),
    ),
  )

  it.effect("a QUEUED pipeline at its concurrency quota refuses a new revision's execution", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline("release", { pipelineType: "V2", executionMode: "QUEUED" }))
        yield* start()
        const got = yield* outcome(
          CodePipeline.putActionRevision({
            pipelineName: "release",
            stageName: "Source",
            actionName: "Source",
            actionRevision: revision("r9"),
          }),
        )
        expect(got).toBe("ConcurrentPipelineExecutionsLimitExceededException")
      }),
      { maxConcurrentExecutions: 1 },
    ),
  )

  it.effect("refuses an action that is not a source action, or does not exist", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline())
        const put = (stageName: string, actionName: string) =>
          outcome(CodePipeline.putActionRevision({ pipelineName: "release", stageName, actionName, actionRevision: revision("r") }))
        expect(yield* put("Build", "Build")).toBe("ValidationException")
        expect(yield* put("Source", "Nope")).toBe("ActionNotFoundException")
        expect(yield* put("Nope", "Source")).toBe("StageNotFoundException")
      }),
    ),
  )
})

describe("execution histories", () => {
  it.effect("GetPipelineExecution fails with PipelineExecutionNotFoundException for an unknown id", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline())
        const got = yield* outcome(
          CodePipeline.getPipelineExecution({ pipelineName: "release", pipelineExecutionId: "00000000-0000-4000-8000-000000000000" }),
        )
        expect(got).toBe("PipelineExecutionNotFoundException")
      }),
    ),
  )

  it.effect("ListPipelineExecutions lists newest first, a page at a time", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline("release", { pipelineType: "V2", executionMode: "PARALLEL" }))
        const ids = [yield* start(), yield* start(), yield* start()]
        const first = yield* CodePipeline.listPipelineExecutions({ pipelineName: "release", maxResults: 2 })
        const second = yield* CodePipeline.listPipelineExecutions({ pipelineName: "release", maxResults: 2, nextToken: first.nextToken })
        expect([...first.pipelineExecutionSummaries!, ...second.pipelineExecutionSummaries!].map((s) => s.pipelineExecutionId)).toEqual(
          [...ids].reverse(),
        )
        expect(second.nextToken).toBeUndefined()
      }),
    ),
  )

  it.effect("ListPipelineExecutions filters executions that succeeded in a stage", () =>
    run(
      Effect.gen(function* () {
        const ok = yield* executionAfter(pipeline(), "2 minutes")
        yield* (yield* CodePipelineInMemory.Controls).setSimulator(failing(["Deploy"]))
        yield* start()
        yield* TestClock.adjust("2 minutes")
        const { pipelineExecutionSummaries } = yield* CodePipeline.listPipelineExecutions({
          pipelineName: "release",
          filter: { succeededInStage: { stageName: "Deploy" } },
        })
        expect(pipelineExecutionSummaries?.map((s) => s.pipelineExecutionId)).toEqual([ok])
      }),
    ),
  )

  it.effect("a next token of another pipeline, or of a re-created one, is refused", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline("release", { pipelineType: "V2", executionMode: "PARALLEL" }))
        yield* create(pipeline("other"))
        yield* start()
        yield* start()
        const { nextToken } = yield* CodePipeline.listPipelineExecutions({ pipelineName: "release", maxResults: 1 })
        expect(yield* outcome(CodePipeline.listPipelineExecutions({ pipelineName: "other", nextToken }))).toBe("InvalidNextTokenException")
        yield* CodePipeline.deletePipeline({ name: "release" })
        yield* create(pipeline("release", { pipelineType: "V2", executionMode: "PARALLEL" }))
        yield* start()
        yield* start()
        expect(yield* outcome(CodePipeline.listPipelineExecutions({ pipelineName: "release", nextToken }))).toBe(
          "InvalidNextTokenException",
        )
      }),
    ),
  )

  it.effect("ListActionExecutions reports inputs, outputs and artifact locations", () =>
    run(
      Effect.gen(function* () {
        const id = yield* executionAfter(pipeline(), "2 minutes")
        const details = (yield* CodePipeline.listActionExecutions({ pipelineName: "release", filter: { pipelineExecutionId: id } }))
          .actionExecutionDetails!
        expect(details.map((d) => d.actionName)).toEqual(["Deploy", "Build", "Source"])
        const [deployed, built, fetched] = details
        expect(fetched?.output?.outputArtifacts?.[0]?.s3location?.bucket).toBe("artifact-bucket")
        expect(built?.input?.inputArtifacts?.[0]).toEqual(fetched?.output?.outputArtifacts?.[0])
        expect(deployed).toMatchObject({
          pipelineVersion: 1,
          stageName: "Deploy",
          status: "Succeeded",
          startTime: at(60),
          lastUpdateTime: at(90),
        })
        expect(deployed?.input?.actionTypeId).toEqual(type("Deploy", "CodeDeploy"))
      }),
    ),
  )

  it.effect("ListActionExecutions pages, and the latest filter keeps only each action's last attempt", () =>
    run(
      Effect.gen(function* () {
        const id = yield* executionAfter(pipeline(), "2 minutes")
        yield* retryStage(id)
        yield* TestClock.adjust("2 minutes")
        const first = yield* CodePipeline.listActionExecutions({ pipelineName: "release", maxResults: 2 })
        const rest = yield* CodePipeline.listActionExecutions({ pipelineName: "release", maxResults: 10, nextToken: first.nextToken })
        expect(first.actionExecutionDetails!.length + rest.actionExecutionDetails!.length).toBe(4)
        const latest = yield* CodePipeline.listActionExecutions({
          pipelineName: "release",
          filter: { latestInPipelineExecution: { pipelineExecutionId: id, startTimeRange: "Latest" } },
        })
        expect(latest.actionExecutionDetails?.map((d) => `${d.actionName}:${d.status}`)).toEqual([
          "Deploy:Succeeded",
          "Build:Succeeded",
          "Source:Succeeded",
        ])
      }),
      { simulate: failing(["Build"], true) },
    ),
  )

  it.effect("ListActionExecutions refuses an execution that does not exist, and a forged next token", () =>
    run(
      Effect.gen(function* () {
        yield* create(pipeline())
        expect(yield* outcome(CodePipeline.listActionExecutions({ pipelineName: "release", nextToken: "Zm9yZ2Vk" }))).toBe(
          "InvalidNextTokenException",
        )
        const got = yield* outcome(
          CodePipeline.listActionExecutions({
            pipelineName: "release",
            filter: { pipelineExecutionId: "00000000-0000-4000-8000-000000000000" },
          }),
        )
        expect(got).toBe("PipelineExecutionNotFoundException")
      }),
    ),
  )

  it.effect("output variables of an action are resolved in later actions' configuration", () =>
    run(
      Effect.gen(function* () {
        yield* create(
          pipeline("release", {
            stages: [
              stage("Source", source()),
              stage("Build", build("Build", "SourceOutput", { namespace: "BuildVariables" })),
              stage(
                "Deploy",
                deploy("Deploy", "SourceOutput", {
                  configuration: { ApplicationName: "#{BuildVariables.APP}", DeploymentGroupName: "prod" },
                }),
              ),
            ],
          }),
        )
        const id = yield* start()
        yield* TestClock.adjust("2 minutes")
        const details = (yield* CodePipeline.listActionExecutions({ pipelineName: "release", filter: { pipelineExecutionId: id } }))
          .actionExecutionDetails!
        expect(details.find((d) => d.actionName === "Build")?.output?.outputVariables).toEqual({ APP: "web-1.2" })
        expect(details.find((d) => d.actionName === "Deploy")?.input?.resolvedConfiguration?.ApplicationName).toBe("web-1.2")
      }),
      { simulate: (a) => (a.actionName === "Build" ? Outcome.succeed({ outputVariables: { APP: "web-1.2" } }) : undefined) },
    ),
  )
})

describe("ListDeployActionExecutionTargets", () => {
  // EC2 deploy actions run only in V2 pipelines.
  const ec2 = () =>
    pipeline("release", {
      pipelineType: "V2",
      stages: [
        stage("Source", source()),
        stage("Deploy", {
          name: "Deploy",
          actionTypeId: type("Deploy", "EC2"),
          configuration: { InstanceTagKey: "app", InstanceTagValue: "web", InstanceType: "EC2" },
          inputArtifacts: [{ name: "SourceOutput" }],
        }),
      ],
    })

  it.effect("lists the instances an EC2 deploy action deployed to", () =>
    run(
      Effect.gen(function* () {
        yield* executionAfter(ec2(), "2 minutes")
        const actionExecutionId = (yield* actionState("release", "Deploy", "Deploy"))!.latestExecution!.actionExecutionId!
        const { targets } = yield* CodePipeline.listDeployActionExecutionTargets({ pipelineName: "release", actionExecutionId })
        expect(targets).toHaveLength(1)
        expect(targets?.[0]).toMatchObject({ targetType: "EC2", status: "Succeeded", startTime: at(30), endTime: at(60) })
        const failedOnly = yield* CodePipeline.listDeployActionExecutionTargets({
          actionExecutionId,
          filters: [{ name: "TARGET_STATUS", values: ["Failed"] }],
        })
        expect(failedOnly.targets).toEqual([])
      }),
    ),
  )

  it.effect("reports the targets an action was completed with", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* CodePipelineInMemory.Controls
        yield* executionAfter(ec2(), "40 seconds")
        const targets = [
          { targetId: "i-1", targetType: "EC2", status: "Succeeded" },
          { targetId: "i-2", targetType: "EC2", status: "Failed" },
        ]
        yield* controls.completeAction(
          { pipelineName: "release", stageName: "Deploy", actionName: "Deploy" },
          { status: "Failed", summary: "1 of 2 failed", targets },
        )
        const actionExecutionId = (yield* actionState("release", "Deploy", "Deploy"))!.latestExecution!.actionExecutionId!
        const listed = yield* CodePipeline.listDeployActionExecutionTargets({ pipelineName: "release", actionExecutionId, maxResults: 1 })
        const next = yield* CodePipeline.listDeployActionExecutionTargets({
          pipelineName: "release",
          actionExecutionId,
          nextToken: listed.nextToken,
        })
        expect([...listed.targets!, ...next.targets!].map((t) => t.targetId)).toEqual(["i-1", "i-2"])
      }),
      { simulate: (a) => (a.actionName === "Deploy" ? Outcome.wait : undefined) },
    ),
  )

  it.effect("fails with ActionExecutionNotFoundException for an unknown action execution", () =>
    run(
      Effect.gen(function* () {
        yield* create(ec2())
        const got = yield* outcome(CodePipeline.listDeployActionExecutionTargets({ pipelineName: "release", actionExecutionId: "nope" }))
        expect(got).toBe("ActionExecutionNotFoundException")
      }),
    ),
  )
})
