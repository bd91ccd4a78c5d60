/**
 * The in-memory CodePipeline's runtime fidelity (issue #16, items 3 to 8), on Effect's TestClock:
 * variables at every start, output variables and namespaces, evaluated rules, timeouts by quota,
 * trigger and webhook filters, and PARALLEL approvals.
 */
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { CodePipeline } from "../src/index.js"
import type * as S from "../src/schema/Schemas.js"
import { CodePipelineInMemory, Outcome } from "../src/testing/index.js"
import { approval, build, execution, gated, outcome, pipeline, rule, run, source, stage, type, webhook } from "./support/inmemory.js"

const connection = (extra: Partial<S.ActionDeclaration> = {}): S.ActionDeclaration =>
  source("Source", "SourceOutput", {
    actionTypeId: type("Source", "CodeStarSourceConnection"),
    configuration: {
      ConnectionArn: "arn:aws:codeconnections:us-east-1:123456789012:connection/abc",
      FullRepositoryId: "acme/shop",
      BranchName: "main",
    },
    namespace: "SourceVariables",
    ...extra,
  })

const release = (stages: ReadonlyArray<S.StageDeclaration>, extra: Partial<S.PipelineDeclaration> = {}) =>
  pipeline("release", { pipelineType: "V2", stages, ...extra })

/** The latest run of an action in an execution, from ListActionExecutions. */
const actionRun = (pipelineExecutionId: string, actionName: string) =>
  Effect.map(CodePipeline.listActionExecutions({ pipelineName: "release", filter: { pipelineExecutionId } }), (o) =>
    o.actionExecutionDetails?.find((a) => a.actionName === actionName),
  )

describe("variables at every start", () => {
  it.effect("a push and PutActionRevision start executions with the pipeline's variable defaults", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* CodePipelineInMemory.Controls
        yield* CodePipeline.createPipeline({
          pipeline: release(
            [
              stage("Source", source()),
              stage("Build", build("Build", "SourceOutput", { configuration: { ProjectName: "#{variables.PROJECT}" } })),
            ],
            {
              variables: [{ name: "PROJECT", defaultValue: "shop" }],
            },
          ),
        })
        const pushed = yield* controls.pushSourceRevision({ pipelineName: "release", actionName: "Source", revisionId: "abc" })
        const put = yield* CodePipeline.putActionRevision({
          pipelineName: "release",
          stageName: "Source",
          actionName: "Source",
          actionRevision: { revisionId: "def", revisionChangeId: "def", created: new Date(0) },
        })
        for (const id of [pushed.pipelineExecutionId!, put.pipelineExecutionId!]) {
          expect((yield* execution("release", id)).variables).toEqual([{ name: "PROJECT", resolvedValue: "shop" }])
        }
        yield* TestClock.adjust("2 minutes")
        expect((yield* actionRun(put.pipelineExecutionId!, "Build"))?.input?.resolvedConfiguration).toEqual({ ProjectName: "shop" })
      }),
    ),
  )
})

describe("output variables and namespaces", () => {
  it.effect("a build receives the source's branch and commit through its namespace", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* CodePipelineInMemory.Controls
        yield* CodePipeline.createPipeline({
          pipeline: release([
            stage("Source", connection()),
            stage(
              "Build",
              build("Build", "SourceOutput", {
                configuration: { ProjectName: "shop", EnvironmentVariables: "#{SourceVariables.BranchName}/#{SourceVariables.CommitId}" },
              }),
            ),
          ]),
        })
        const { pipelineExecutionId } = yield* controls.pushSourceRevision({
          pipelineName: "release",
          actionName: "Source",
          revisionId: "c0ffee",
          revisionSummary: "Fix",
        })
        yield* TestClock.adjust("1 minute")
        expect((yield* actionRun(pipelineExecutionId!, "Source"))?.output?.outputVariables).toMatchObject({
          BranchName: "main",
          CommitId: "c0ffee",
          CommitMessage: "Fix",
          ConnectionArn: "arn:aws:codeconnections:us-east-1:123456789012:connection/abc",
          FullRepositoryName: "acme/shop",
        })
        expect((yield* actionRun(pipelineExecutionId!, "Build"))?.input?.resolvedConfiguration?.EnvironmentVariables).toBe("main/c0ffee")
      }),
    ),
  )

  it.effect("a reference to an undefined namespace is refused with InvalidActionDeclarationException", () =>
    run(
      Effect.gen(function* () {
        const broken = release([
          stage("Source", connection()),
          stage("Build", build("Build", "SourceOutput", { configuration: { ProjectName: "#{Typo.BranchName}" } })),
        ])
        expect(yield* outcome(CodePipeline.createPipeline({ pipeline: broken }))).toBe("InvalidActionDeclarationException")
      }),
    ),
  )
})

describe("stage-condition rules", () => {
  const gate = (...rules: ReadonlyArray<S.RuleDeclaration>) =>
    release([stage("Source", connection()), gated(stage("Deploy", build("Deploy")), ...rules)])

  it.effect("a VariableCheck rule lets a push to main into the deploy stage, and keeps it out of a stage for release branches", () =>
    Effect.forEach(
      [
        ["main", "Succeeded"],
        ["release", "Failed"],
      ] as const,
      ([value, status]) =>
        run(
          Effect.gen(function* () {
            const controls = yield* CodePipelineInMemory.Controls
            yield* CodePipeline.createPipeline({
              pipeline: gate(rule("Branch", "VariableCheck", { Variable: "#{SourceVariables.BranchName}", Operator: "EQ", Value: value })),
            })
            const pushed = yield* controls.pushSourceRevision({ pipelineName: "release", actionName: "Source", branch: "main" })
            yield* TestClock.adjust("2 minutes")
            expect((yield* execution("release", pushed.pipelineExecutionId!)).status).toBe(status)
            const rules = yield* CodePipeline.listRuleExecutions({ pipelineName: "release" })
            expect(rules.ruleExecutionDetails?.[0]?.output?.executionResult?.externalExecutionSummary).toBe(
              `'main' EQ '${value}' is ${status === "Succeeded"}`,
            )
          }),
        ),
    ),
  )

  it.effect("a LambdaInvoke rule waits for the job the test completes", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* CodePipelineInMemory.Controls
        yield* CodePipeline.createPipeline({
          pipeline: gate(rule("Smoke", "LambdaInvoke", { FunctionName: "smoke" })),
        })
        const id = (yield* CodePipeline.startPipelineExecution({ name: "release" })).pipelineExecutionId!
        yield* TestClock.adjust("5 minutes")
        expect((yield* execution("release", id)).status).toBe("InProgress")
        const [job] = yield* controls.jobs({ kind: "Lambda" })
        expect(job?.ruleName).toBe("Smoke")
        yield* CodePipeline.putJobFailureResult({ jobId: job!.jobId, failureDetails: { type: "JobFailed", message: "smoke tests failed" } })
        expect((yield* execution("release", id)).status).toBe("Failed")
      }),
    ),
  )
})

describe("timeouts", () => {
  it.effect("a build that never ends fails as timed out after 8 hours of simulated time", () =>
    run(
      Effect.gen(function* () {
        yield* CodePipeline.createPipeline({ pipeline: pipeline() })
        const id = (yield* CodePipeline.startPipelineExecution({ name: "release" })).pipelineExecutionId!
        // The source takes 30 s; the build starts then.
        yield* TestClock.adjust("30 seconds")
        yield* TestClock.adjust("7 hours")
        expect((yield* actionRun(id, "Build"))?.status).toBe("InProgress")
        yield* TestClock.adjust("1 hour")
        const build = yield* actionRun(id, "Build")
        expect(build?.status).toBe("Failed")
        expect(build?.output?.executionResult?.errorDetails).toEqual({ code: "TimedOut", message: "The action timed out" })
      }),
      { simulate: (action) => (action.actionTypeId.category === "Build" ? Outcome.wait : undefined) },
    ),
  )
})

describe("triggers and webhooks", () => {
  it.effect("a push to a filtered branch starts a release; a push that only touches docs does not", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* CodePipelineInMemory.Controls
        yield* CodePipeline.createPipeline({
          pipeline: release([stage("Source", connection()), stage("Build", build())], {
            triggers: [
              {
                providerType: "CodeStarSourceConnection",
                gitConfiguration: {
                  sourceActionName: "Source",
                  push: [{ branches: { includes: ["release/*"] }, filePaths: { excludes: ["docs/**"] } }],
                },
              },
            ],
          }),
        })
        const code = yield* controls.pushSourceRevision({
          pipelineName: "release",
          actionName: "Source",
          branch: "release/2",
          filePaths: ["src/app.ts"],
        })
        expect((yield* execution("release", code.pipelineExecutionId!)).trigger?.triggerType).toBe("WebhookV2")
        const docs = yield* controls.pushSourceRevision({
          pipelineName: "release",
          actionName: "Source",
          branch: "release/2",
          filePaths: ["docs/guide.md"],
        })
        expect(docs).toMatchObject({ notStarted: "no push filter of the trigger of 'Source' matches" })
      }),
    ),
  )

  it.effect("a webhook event signed with the wrong secret starts nothing", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* CodePipelineInMemory.Controls
        yield* CodePipeline.createPipeline({ pipeline: pipeline() })
        yield* CodePipeline.putWebhook({
          webhook: webhook("hook", "release", "{BranchName}"),
        })
        expect(yield* controls.triggerWebhook("hook", { payload: { ref: "refs/heads/main" }, secretToken: "wrong" })).toEqual({
          notStarted: "the event is not signed with the webhook's secret token",
        })
        const started = yield* controls.triggerWebhook("hook", { payload: { ref: "refs/heads/main" }, secretToken: "s3cr3t" })
        expect((yield* execution("release", started.pipelineExecutionId!)).trigger?.triggerType).toBe("Webhook")
      }),
    ),
  )
})

describe("PARALLEL mode approvals", () => {
  it.effect("the older of two waiting executions is approved with its own token from ListActionExecutions", () =>
    run(
      Effect.gen(function* () {
        yield* CodePipeline.createPipeline({
          pipeline: release([stage("Source", source()), stage("Approve", approval())], { executionMode: "PARALLEL" }),
        })
        const older = (yield* CodePipeline.startPipelineExecution({ name: "release" })).pipelineExecutionId!
        yield* TestClock.adjust("1 minute")
        const newer = (yield* CodePipeline.startPipelineExecution({ name: "release" })).pipelineExecutionId!
        yield* TestClock.adjust("1 minute")
        const token = (yield* actionRun(older, "Approve"))?.output?.executionResult?.externalExecutionId
        expect(token).toBeDefined()
        yield* CodePipeline.putApprovalResult({
          pipelineName: "release",
          stageName: "Approve",
          actionName: "Approve",
          result: { summary: "ok", status: "Approved" },
          token: token!,
        })
        expect((yield* execution("release", older)).status).toBe("Succeeded")
        expect((yield* execution("release", newer)).status).toBe("InProgress")
        expect((yield* actionRun(older, "Approve"))?.updatedBy).toBe("arn:aws:iam::123456789012:user/in-memory")
      }),
    ),
  )
})
