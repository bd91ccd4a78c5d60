// Mirror of test/inmemory.scenario.test.ts: the same scenarios through each flavor's in-memory layer.
import { describe, expect, it } from "@effect/vitest"
import { Effect, TestClock } from "effect"
import { CodePipeline } from "../src/index.js"
import type * as S from "../src/schema/Schemas.js"
import { CodePipelineInMemory } from "../src/testing/index.js"
import {
  approval,
  deploy,
  gated,
  jenkinsInput,
  layer,
  partnerActionType,
  pipeline,
  source,
  stage,
  type,
  webhook,
} from "./support/inmemory.js"

const partnerType = type("Test", "Scanner", "ThirdParty")
const jenkinsType = type("Build", "Jenkins", "Custom")

const partner = partnerActionType("Scanner")

/** The scanner partner's client, as its provisioning registers it. */
const scannerClient = { actionTypeId: partnerType, clientId: "5ca77e42-0000-4000-8000-000000000001", clientToken: "scanner-token" }

const release: S.PipelineDeclaration = pipeline("release", {
  pipelineType: "V2",
  stages: [
    stage("Source", source()),
    stage(
      "Build",
      {
        name: "Jenkins",
        actionTypeId: jenkinsType,
        configuration: { Project: "app" },
        inputArtifacts: [{ name: "SourceOutput" }],
        outputArtifacts: [{ name: "Built" }],
      },
      { name: "Scan", actionTypeId: partnerType, inputArtifacts: [{ name: "SourceOutput" }] },
    ),
    stage("Approve", approval()),
    gated(
      stage("Deploy", {
        name: "Deploy",
        actionTypeId: type("Deploy", "EC2"),
        configuration: { InstanceTagKey: "app", InstanceTagValue: "web", InstanceType: "EC2" },
        inputArtifacts: [{ name: "Built" }],
      }),
      { name: "NoAlarm", ruleTypeId: { category: "Rule", provider: "CloudWatchAlarm" }, configuration: { AlarmName: "5xx" } },
    ),
  ],
})

const github: S.ActionDeclaration = {
  name: "Source",
  actionTypeId: type("Source", "GitHub", "ThirdParty"),
  configuration: { Owner: "acme", Repo: "hotfix", Branch: "main", OAuthToken: "token" },
  outputArtifacts: [{ name: "SourceOutput" }],
}
const hotfix = pipeline("hotfix", { pipelineType: "V2", stages: [stage("Source", github), stage("Deploy", deploy())] })

/** Everything a release day does, through the CodePipeline API only. */
const releaseDay = Effect.gen(function* () {
  yield* CodePipeline.createCustomActionType(jenkinsInput())
  const types = yield* CodePipeline.listActionTypes()
  expect(types.actionTypes.some((t) => t.id.provider === "Jenkins")).toBe(true)
  expect((yield* CodePipeline.getActionType(partner.id)).actionType?.id).toEqual(partner.id)
  yield* CodePipeline.updateActionType({ actionType: { ...partner, description: "Security scanner" } })
  expect((yield* CodePipeline.listRuleTypes()).ruleTypes.length).toBeGreaterThan(0)

  yield* CodePipeline.createPipeline({ pipeline: release, tags: [{ key: "team", value: "core" }] })
  const arn = (yield* CodePipeline.getPipeline({ name: "release" })).metadata!.pipelineArn!
  yield* CodePipeline.tagResource({ resourceArn: arn, tags: [{ key: "env", value: "prod" }] })
  yield* CodePipeline.untagResource({ resourceArn: arn, tagKeys: ["team"] })
  expect((yield* CodePipeline.listTagsForResource({ resourceArn: arn })).tags).toEqual([{ key: "env", value: "prod" }])
  expect((yield* CodePipeline.listPipelines()).pipelines?.map((p) => p.name)).toEqual(["release"])

  // CreatePipeline started the first execution; hold it in front of Approve for a moment.
  const first = (yield* CodePipeline.listPipelineExecutions({ pipelineName: "release" })).pipelineExecutionSummaries![0]!
    .pipelineExecutionId!
  yield* CodePipeline.disableStageTransition({ pipelineName: "release", stageName: "Approve", transitionType: "Inbound", reason: "Hold" })
  yield* TestClock.adjust("30 seconds")

  // Build: Jenkins and the scanner both fail their first jobs.
  const [jenkins] = (yield* CodePipeline.pollForJobs({ actionTypeId: jenkinsType, queryParam: { Project: "app" } })).jobs!
  yield* CodePipeline.acknowledgeJob({ jobId: jenkins!.id!, nonce: jenkins!.nonce! })
  yield* CodePipeline.putJobFailureResult({ jobId: jenkins!.id!, failureDetails: { type: "JobFailed", message: "Flaky test" } })
  const [scan] = (yield* CodePipeline.pollForThirdPartyJobs({ actionTypeId: partnerType })).jobs!
  const scanDetails = yield* CodePipeline.getThirdPartyJobDetails({ jobId: scan!.jobId!, clientToken: "scanner-token" })
  yield* CodePipeline.acknowledgeThirdPartyJob({ jobId: scan!.jobId!, nonce: scanDetails.jobDetails!.nonce!, clientToken: "scanner-token" })
  yield* CodePipeline.putThirdPartyJobFailureResult({
    jobId: scan!.jobId!,
    clientToken: "scanner-token",
    failureDetails: { type: "JobFailed", message: "Timeout" },
  })
  expect(
    (yield* CodePipeline.getPipelineExecution({ pipelineName: "release", pipelineExecutionId: first })).pipelineExecution?.status,
  ).toBe("Failed")

  // Retry the failed actions: Jenkins reports progress once, then succeeds; the scanner succeeds.
  yield* CodePipeline.retryStageExecution({
    pipelineName: "release",
    stageName: "Build",
    pipelineExecutionId: first,
    retryMode: "FAILED_ACTIONS",
  })
  const [jenkins2] = (yield* CodePipeline.pollForJobs({ actionTypeId: jenkinsType, queryParam: { Project: "app" } })).jobs!
  yield* CodePipeline.putJobSuccessResult({ jobId: jenkins2!.id!, continuationToken: "build-2", executionDetails: { percentComplete: 50 } })
  const [jenkins3] = (yield* CodePipeline.pollForJobs({ actionTypeId: jenkinsType, queryParam: { Project: "app" } })).jobs!
  expect((yield* CodePipeline.getJobDetails({ jobId: jenkins3!.id! })).jobDetails?.data?.continuationToken).toBe("build-2")
  yield* CodePipeline.putJobSuccessResult({ jobId: jenkins3!.id!, outputVariables: { VERSION: "2.0.0" } })
  const [scan2] = (yield* CodePipeline.pollForThirdPartyJobs({ actionTypeId: partnerType })).jobs!
  yield* CodePipeline.putThirdPartyJobSuccessResult({ jobId: scan2!.jobId!, clientToken: "scanner-token" })

  // Approve, once the transition is open again.
  yield* CodePipeline.enableStageTransition({ pipelineName: "release", stageName: "Approve", transitionType: "Inbound" })
  const approve = (yield* CodePipeline.getPipelineState({ name: "release" })).stageStates!.find((s) => s.stageName === "Approve")!
  const token = approve.actionStates![0]!.latestExecution!.token!
  yield* CodePipeline.putApprovalResult({
    pipelineName: "release",
    stageName: "Approve",
    actionName: "Approve",
    token,
    result: { status: "Approved", summary: "Ship it" },
  })

  // Deploy waits on its alarm rule: override it, and let the deployment run.
  yield* CodePipeline.overrideStageCondition({
    pipelineName: "release",
    stageName: "Deploy",
    pipelineExecutionId: first,
    conditionType: "BEFORE_ENTRY",
  })
  yield* TestClock.adjust("30 seconds")
  expect(
    (yield* CodePipeline.getPipelineExecution({ pipelineName: "release", pipelineExecutionId: first })).pipelineExecution?.status,
  ).toBe("Succeeded")
  const rules = yield* CodePipeline.listRuleExecutions({ pipelineName: "release", filter: { pipelineExecutionId: first } })
  expect(rules.ruleExecutionDetails?.[0]?.status).toBe("Abandoned")
  const actions = (yield* CodePipeline.listActionExecutions({ pipelineName: "release", filter: { pipelineExecutionId: first } }))
    .actionExecutionDetails!
  const deployed = actions.find((a) => a.actionName === "Deploy")!
  expect(
    (yield* CodePipeline.listDeployActionExecutionTargets({ pipelineName: "release", actionExecutionId: deployed.actionExecutionId! }))
      .targets,
  ).toHaveLength(1)

  // A new commit arrives, but is stopped: it was the wrong one.
  const pushed = yield* CodePipeline.putActionRevision({
    pipelineName: "release",
    stageName: "Source",
    actionName: "Source",
    actionRevision: { revisionId: "wrong", revisionChangeId: "wrong", created: new Date(0) },
  })
  yield* CodePipeline.stopPipelineExecution({
    pipelineName: "release",
    pipelineExecutionId: pushed.pipelineExecutionId!,
    abandon: true,
    reason: "Wrong commit",
  })

  // The hotfix pipeline: two releases, then roll the deploy back to the first.
  yield* CodePipeline.createPipeline({ pipeline: hotfix })
  const good = (yield* CodePipeline.startPipelineExecution({ name: "hotfix" })).pipelineExecutionId!
  yield* TestClock.adjust("2 minutes")
  yield* CodePipeline.startPipelineExecution({ name: "hotfix" })
  yield* TestClock.adjust("2 minutes")
  const rollback = yield* CodePipeline.rollbackStage({ pipelineName: "hotfix", stageName: "Deploy", targetPipelineExecutionId: good })
  yield* TestClock.adjust("1 minute")
  expect(
    (yield* CodePipeline.getPipelineExecution({ pipelineName: "hotfix", pipelineExecutionId: rollback.pipelineExecutionId }))
      .pipelineExecution?.executionType,
  ).toBe("ROLLBACK")

  // Webhooks for the hotfix's GitHub source.
  yield* CodePipeline.putWebhook({
    webhook: webhook("hotfix-push", "hotfix", "main"),
  })
  yield* CodePipeline.registerWebhookWithThirdParty({ webhookName: "hotfix-push" })
  expect((yield* CodePipeline.listWebhooks()).webhooks).toHaveLength(1)
  yield* CodePipeline.deregisterWebhookWithThirdParty({ webhookName: "hotfix-push" })
  yield* CodePipeline.deleteWebhook({ name: "hotfix-push" })

  // Retire the hotfix pipeline and the custom action.
  yield* CodePipeline.updatePipeline({ pipeline: { ...hotfix, executionMode: "QUEUED" } })
  yield* CodePipeline.deletePipeline({ name: "hotfix" })
  yield* CodePipeline.deleteCustomActionType({ category: "Build", provider: "Jenkins", version: "1" })
  return first
})

describe("a release day", () => {
  it.effect("exercises every one of the 44 operations, each successfully", () =>
    Effect.gen(function* () {
      yield* releaseDay
      const calls = yield* (yield* CodePipelineInMemory.Controls).calls
      const failed = calls.filter((c) => c.outcome === "Failure")
      expect(failed).toEqual([])
      const used = new Set(calls.map((c) => c.operation))
      expect([...used].sort()).toEqual(Object.keys(CodePipeline.operations).sort())
    }).pipe(Effect.provide(layer({ seed: "release-day", actionTypes: [partner], thirdPartyClients: [scannerClient] }))),
  )

  it.effect("ends with the release deployed and the history the service would report", () =>
    Effect.gen(function* () {
      const first = yield* releaseDay
      const summaries = (yield* CodePipeline.listPipelineExecutions({ pipelineName: "release" })).pipelineExecutionSummaries!
      expect(summaries.map((s) => [s.status, s.trigger?.triggerType])).toEqual([
        ["Stopped", "PutActionRevision"],
        ["Succeeded", "CreatePipeline"],
      ])
      expect(summaries[1]?.pipelineExecutionId).toBe(first)
      const state = yield* CodePipeline.getPipelineState({ name: "release" })
      expect(state.stageStates?.map((s) => `${s.stageName}:${s.latestExecution?.status}`)).toEqual([
        "Source:Stopped",
        "Build:Succeeded",
        "Approve:Succeeded",
        "Deploy:Succeeded",
      ])
    }).pipe(Effect.provide(layer({ seed: "release-day", actionTypes: [partner], thirdPartyClients: [scannerClient] }))),
  )
})
