/**
 * The Effect 4 flavor's job workers (port of packages/effect3/test/jobworker.test.ts, behaviour for
 * behaviour), against the in-memory CodePipeline on Effect 4's TestClock.
 */
import { describe, expect, it } from "@effect/vitest"
import * as Context from "effect/Context"
import * as Effect from "effect/Effect"
import * as Fiber from "effect/Fiber"
import * as Layer from "effect/Layer"
import * as Metric from "effect/Metric"
import * as Redacted from "effect/Redacted"
import type * as Scope from "effect/Scope"
import * as TestClock from "effect/testing/TestClock"
import { InvalidNonceException, ThrottlingException } from "../src/errors/index.js"
import * as CodePipeline from "../src/services/CodePipeline.js"
import * as JobWorker from "../src/services/JobWorker.js"
import type * as S from "../src/schema/Schemas.js"
import * as CodePipelineInMemory from "../src/testing/CodePipelineInMemory.js"
import { actionState, jenkinsInput, partnerActionType, pipeline, source, stage, type } from "./support/inmemory.js"

type Env = CodePipeline.CodePipeline | CodePipelineInMemory.Controls

const run = <A, E, R extends Env | Scope.Scope>(effect: Effect.Effect<A, E, R>, options: CodePipelineInMemory.Options = {}) =>
  effect.pipe(Effect.provide(CodePipelineInMemory.layer({ startOnCreate: false, ...options })))

const customType = type("Build", "Jenkins", "Custom")

const setup = (pipelines: ReadonlyArray<string> = ["release"], queryable = false) =>
  Effect.gen(function* () {
    yield* CodePipeline.createCustomActionType(jenkinsInput(queryable))
    for (const name of pipelines) {
      const action: S.ActionDeclaration = {
        name: "Jenkins",
        actionTypeId: customType,
        configuration: { Project: name },
        inputArtifacts: [{ name: "SourceOutput" }],
      }
      yield* CodePipeline.createPipeline({ pipeline: pipeline(name, { stages: [stage("Source", source()), stage("Work", action)] }) })
      yield* CodePipeline.startPipelineExecution({ name })
    }
  })

/** Lets the worker and the simulated pipeline make progress for `seconds` of TestClock time. */
const advance = (seconds: number, step = 1) =>
  Effect.gen(function* () {
    for (let t = 0; t < seconds; t += step) {
      yield* TestClock.adjust(`${step} seconds`)
      for (let i = 0; i < 5; i++) yield* Effect.yieldNow
    }
  })

const work = (name = "release") => Effect.map(actionState(name, "Work", "Jenkins"), (a) => a?.latestExecution)

const worker = <R>(handler: JobWorker.Handler<R>, options: Partial<JobWorker.Options<R>> = {}) =>
  Effect.forkScoped(
    JobWorker.run({ actionTypeId: customType, handler, pollInterval: "1 second", maxPollInterval: "4 seconds", ...options }),
  )

describe("JobWorker", () => {
  it.effect("runs a custom action end to end: poll, acknowledge, handle, report success with output variables", () =>
    run(
      Effect.gen(function* () {
        yield* setup()
        const seen: Array<JobWorker.Job> = []
        yield* worker((job) =>
          Effect.sync(() => {
            seen.push(job)
            return { outputVariables: { VERSION: "1.2.3" }, executionDetails: { summary: "built", externalExecutionId: "b-1" } }
          }),
        )
        yield* advance(40)
        expect(seen).toHaveLength(1)
        expect(seen[0]!.configuration).toEqual({ Project: "release" })
        expect(seen[0]!.pipelineContext?.pipelineName).toBe("release")
        expect(Redacted.isRedacted(seen[0]!.artifactCredentials?.secretAccessKey)).toBe(true)
        expect(yield* work()).toMatchObject({ status: "Succeeded", summary: "built", externalExecutionId: "b-1" })
        const controls = yield* CodePipelineInMemory.Controls
        expect((yield* controls.callsOf("acknowledgeJob")).length).toBe(1)
      }),
    ),
  )

  it.effect("polls only the jobs whose queryable property matches queryParam", () =>
    run(
      Effect.gen(function* () {
        yield* setup(["app", "docs"], true)
        const projects: Array<string | undefined> = []
        yield* worker((job) => Effect.sync(() => void projects.push(job.configuration.Project)), { queryParam: { Project: "docs" } })
        yield* advance(40)
        expect(projects).toEqual(["docs"])
        expect((yield* work("app"))?.status).toBe("InProgress")
      }),
    ),
  )

  it.effect("fails when polling fails for good, for example for an action type with a queryable property and no queryParam", () =>
    run(
      Effect.gen(function* () {
        yield* setup(["app"], true)
        const error = yield* JobWorker.run({ actionTypeId: customType, handler: () => Effect.succeed({}) }).pipe(Effect.flip)
        expect(error._tag).toBe("ValidationException")
      }),
    ),
  )

  it.effect("calls the handler again with its continuation token until it finishes", () =>
    run(
      Effect.gen(function* () {
        yield* setup()
        const tokens: Array<string | undefined> = []
        yield* worker((job) =>
          Effect.sync(() => {
            tokens.push(job.continuationToken)
            return tokens.length < 3 ? { continuationToken: `step-${tokens.length}` } : { executionDetails: { summary: "done" } }
          }),
        )
        yield* advance(60)
        expect(tokens).toEqual([undefined, "step-1", "step-2"])
        expect(yield* work()).toMatchObject({ status: "Succeeded", summary: "done" })
      }),
    ),
  )

  const failures = [
    JobWorker.JobFailure.jobFailed("tests failed", "b-7"),
    JobWorker.JobFailure.configurationError("no project"),
    JobWorker.JobFailure.permissionError("denied"),
    JobWorker.JobFailure.revisionOutOfSync("moved"),
    JobWorker.JobFailure.revisionUnavailable("gone"),
    JobWorker.JobFailure.systemUnavailable("jenkins down"),
  ]
  it.effect.each(failures.map((f) => [f.type, f] as const))("reports a %s failure with its message", ([, failure]) =>
    run(
      Effect.gen(function* () {
        yield* setup()
        yield* worker(() => Effect.fail(failure))
        yield* advance(40)
        expect(yield* work()).toMatchObject({ status: "Failed", errorDetails: { code: failure.type, message: failure.message } })
      }),
    ),
  )

  it.effect("a handler that dies still reports a failure, and the worker goes on with the next job", () =>
    run(
      Effect.gen(function* () {
        yield* setup(["first", "second"])
        let calls = 0
        yield* worker(() => (++calls === 1 ? Effect.die(new Error("null pointer")) : Effect.succeed({})))
        yield* advance(40)
        const first = yield* work("first")
        const second = yield* work("second")
        const [failed, succeeded] = first?.status === "Failed" ? [first, second] : [second, first]
        expect(failed?.errorDetails?.message).toContain("null pointer")
        expect(failed?.errorDetails?.code).toBe("JobFailed")
        expect(succeeded?.status).toBe("Succeeded")
      }),
    ),
  )

  it.effect("never runs more jobs at once than its concurrency", () =>
    run(
      Effect.gen(function* () {
        const names = ["a", "b", "c", "d", "e"]
        yield* setup(names)
        let running = 0
        let most = 0
        yield* worker(
          () =>
            Effect.acquireUseRelease(
              Effect.sync(() => {
                running++
                most = Math.max(most, running)
              }),
              () => Effect.sleep("20 seconds"),
              () => Effect.sync(() => running--),
            ),
          { concurrency: 2 },
        )
        yield* advance(150)
        expect(most).toBe(2)
        for (const name of names) expect((yield* work(name))?.status).toBe("Succeeded")
      }),
    ),
  )

  it.effect("backs off through throttled polls and then works the job", () =>
    run(
      Effect.gen(function* () {
        yield* setup()
        const controls = yield* CodePipelineInMemory.Controls
        yield* controls.injectFault("pollForJobs", new ThrottlingException({ message: "Rate exceeded" }), { times: 3 })
        yield* worker(() => Effect.succeed({}))
        yield* advance(60)
        expect(yield* work()).toMatchObject({ status: "Succeeded" })
        expect((yield* controls.callsOf("pollForJobs")).filter((c) => c.outcome === "Failure")).toHaveLength(3)
      }),
    ),
  )

  it.effect("polls less often while polls come back empty", () =>
    run(
      Effect.gen(function* () {
        yield* setup([])
        const controls = yield* CodePipelineInMemory.Controls
        yield* worker(() => Effect.succeed({}), { pollInterval: "1 second", maxPollInterval: "8 seconds" })
        yield* advance(60)
        // 1 + 2 + 4 + 8 + 8 ... seconds (with jitter down to half): far fewer than one poll a second.
        const polls = (yield* controls.callsOf("pollForJobs")).length
        expect(polls).toBeGreaterThan(5)
        expect(polls).toBeLessThan(25)
      }),
    ),
  )

  it.effect("a job acknowledged by another worker (InvalidNonceException) is skipped without a report", () =>
    run(
      Effect.gen(function* () {
        yield* setup()
        const controls = yield* CodePipelineInMemory.Controls
        yield* controls.injectFault("acknowledgeJob", new InvalidNonceException({ message: "nonce used" }), { times: 1 })
        let handled = 0
        yield* worker(() => Effect.sync(() => void handled++))
        yield* advance(20)
        expect(handled).toBe(0)
        expect(yield* controls.callsOf("putJobSuccessResult")).toHaveLength(0)
        expect(yield* controls.callsOf("putJobFailureResult")).toHaveLength(0)
      }),
    ),
  )

  it.effect("on shutdown, lets in-flight jobs finish within the grace period and reports the rest as failed", () =>
    run(
      Effect.gen(function* () {
        yield* setup(["quick", "slow"])
        const fiber = yield* Effect.forkChild(
          JobWorker.run({
            actionTypeId: customType,
            concurrency: 2,
            pollInterval: "1 second",
            maxPollInterval: "2 seconds",
            shutdownGracePeriod: "1 minute",
            handler: (job) => Effect.as(Effect.sleep(job.configuration.Project === "quick" ? "30 seconds" : "10 minutes"), {}),
          }),
        )
        yield* advance(35)
        const interrupting = yield* Effect.forkChild(Fiber.interrupt(fiber))
        yield* advance(90)
        yield* Fiber.join(interrupting)
        expect((yield* work("quick"))?.status).toBe("Succeeded")
        expect(yield* work("slow")).toMatchObject({ status: "Failed", errorDetails: { code: "SystemUnavailable" } })
        const controls = yield* CodePipelineInMemory.Controls
        const pollsAfter = (yield* controls.callsOf("pollForJobs")).length
        yield* advance(30)
        expect((yield* controls.callsOf("pollForJobs")).length).toBe(pollsAfter)
      }),
    ),
  )

  it.effect("counts jobs polled, succeeded and failed in metrics", () =>
    run(
      Effect.gen(function* () {
        yield* setup(["ok", "bad"])
        const tagged = (m: typeof JobWorker.metrics.succeeded) => Metric.withAttributes(m, { action: "Custom/Build/Jenkins/1" })
        const before = (yield* Metric.value(tagged(JobWorker.metrics.succeeded))).count
        const failedBefore = (yield* Metric.value(tagged(JobWorker.metrics.failed))).count
        yield* worker(
          (job) => (job.configuration.Project === "ok" ? Effect.succeed({}) : Effect.fail(JobWorker.JobFailure.jobFailed("x"))),
          {
            concurrency: 2,
          },
        )
        yield* advance(40)
        expect((yield* Metric.value(tagged(JobWorker.metrics.succeeded))).count - before).toBe(1)
        expect((yield* Metric.value(tagged(JobWorker.metrics.failed))).count - failedBefore).toBe(1)
      }),
    ),
  )
})

describe("third-party worker", () => {
  const partner = partnerActionType("Partner", {
    description: "A partner test service",
    properties: [{ name: "Suite", optional: false, key: true, noEcho: false }],
  })
  const partnerType = type("Test", "Partner", "ThirdParty")

  it.effect("runs a partner job with the client's token and reports success", () =>
    run(
      Effect.gen(function* () {
        const action: S.ActionDeclaration = { name: "Scan", actionTypeId: partnerType, configuration: { Suite: "full" } }
        yield* CodePipeline.createPipeline({
          pipeline: pipeline("release", { stages: [stage("Source", source()), stage("Work", action)] }),
        })
        yield* CodePipeline.startPipelineExecution({ name: "release" })
        const suites: Array<string | undefined> = []
        yield* Effect.forkScoped(
          JobWorker.runThirdParty({
            actionTypeId: partnerType,
            clientToken: () => Effect.succeed("partner-secret"),
            maxPollInterval: "4 seconds",
            handler: (job) =>
              Effect.sync(() => void suites.push(job.configuration.Suite)).pipe(Effect.as({ executionDetails: { summary: "clean" } })),
          }),
        )
        yield* advance(40)
        expect(suites).toEqual(["full"])
        expect((yield* actionState("release", "Work", "Scan"))?.latestExecution).toMatchObject({ status: "Succeeded", summary: "clean" })
      }),
      // The partner's provisioning: jobs of the type carry this client, which the token must match.
      {
        actionTypes: [partner],
        thirdPartyClients: [{ actionTypeId: partnerType, clientId: "0a1b2c3d-0000-4000-8000-00000000c11e", clientToken: "partner-secret" }],
      },
    ),
  )
})

describe("Lambda handler", () => {
  it.effect("reports the handler's result for the job in the invoke event", () =>
    run(
      Effect.gen(function* () {
        const lambda: S.ActionDeclaration = {
          name: "Notify",
          actionTypeId: type("Invoke", "Lambda"),
          configuration: { FunctionName: "notify", UserParameters: "#releases" },
        }
        // The handler runs on Lambda's (live) clock: the simulation must be at the same time, or the
        // function's reply would come decades after the 20 minutes a Lambda action waits for one.
        yield* TestClock.setTime(Date.now() - 60_000)
        yield* CodePipeline.createPipeline({
          pipeline: pipeline("release", { stages: [stage("Source", source()), stage("Work", lambda)] }),
        })
        yield* CodePipeline.startPipelineExecution({ name: "release" })
        yield* TestClock.adjust("30 seconds")
        const controls = yield* CodePipelineInMemory.Controls
        const [job] = yield* controls.jobs({ kind: "Lambda" })
        const service = yield* CodePipeline.CodePipeline
        const handler = JobWorker.lambdaHandler(
          (job) => Effect.succeed({ outputVariables: { channel: job.configuration.UserParameters ?? "" } }),
          Layer.succeedContext(Context.make(CodePipeline.CodePipeline, service)),
        )
        yield* Effect.promise(() =>
          handler({
            "CodePipeline.job": {
              id: job!.jobId,
              accountId: "123456789012",
              data: { actionConfiguration: { configuration: { FunctionName: "notify", UserParameters: "#releases" } } },
            },
          }),
        )
        const state = yield* actionState("release", "Work", "Notify")
        expect(state?.latestExecution?.status).toBe("Succeeded")
      }),
    ),
  )

  it.effect("a malformed event is rejected so Lambda reports it", () =>
    Effect.gen(function* () {
      const handler = JobWorker.lambdaHandler(
        () => Effect.succeed({}),
        Layer.succeed(CodePipeline.CodePipeline, { execute: () => Effect.die("unused") }),
      )
      const result = yield* Effect.promise(() =>
        handler({} as never).then(
          () => "resolved",
          (e) => `rejected: ${e}`,
        ),
      )
      expect(result).toContain("not a CodePipeline job event")
    }),
  )
})
