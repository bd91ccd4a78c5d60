/**
 * A release, as a team runs it against CodePipeline, written once over the `Api` interface so that
 * the same steps run with the official `@aws-sdk/client-codepipeline` and with this SDK's live
 * layer, both talking HTTP to the emulator.
 */
import { expect } from "vitest"
import type * as S from "../../src/schema/Schemas.js"
import { type CodePipelineEmulator, Outcome } from "../../src/testing/index.js"
import { releaseDefinition } from "../../../emulator/test/support/release.js"
import { type Api, eventually, failure } from "./emulator.js"
import { deploy, gated, partnerActionType, pipeline, source, stage, type, webhook } from "./inmemory.js"

/** The emulator's options for the scenario: short simulated actions; the first deploy fails. */
export const scenarioOptions: CodePipelineEmulator.Options = {
  inMemory: {
    seed: "emulator-scenario",
    actionDuration: "150 millis",
    startOnCreate: false,
    simulate: (action) =>
      action.actionName === "Deploy" && action.attempt === 1
        ? Outcome.fail({ code: "DeploymentFailed", message: "Health checks failed", after: "100 millis" })
        : undefined,
  },
}

/** The pipeline as a team keeps it in its repository (`aws codepipeline create-pipeline --cli-input-json`). */
export { releaseDefinition }

const jenkins: S.ActionTypeId = { category: "Build", owner: "Custom", provider: "Jenkins", version: "1" }

const stageOf = (state: S.GetPipelineStateOutput, name: string) => state.stageStates?.find((s) => s.stageName === name)

const executionStatus = async (api: Api, pipelineExecutionId: string) =>
  (await api.call("getPipelineExecution", { pipelineName: "release", pipelineExecutionId })).pipelineExecution?.status

/** Polls for a job of the custom action (PollForJobs hands each job out once). */
const pollJob = (api: Api) =>
  eventually(
    "a Jenkins job",
    async () => (await api.call("pollForJobs", { actionTypeId: jenkins, maxBatchSize: 1, queryParam: { Project: "app" } })).jobs?.[0],
  )

/**
 * The release. Every step checks what the service answered; expected errors are checked for their
 * code (and some for their status and request id).
 */
export const releaseScenario = async (api: Api): Promise<void> => {
  // The custom action the Build stage uses, and the pipeline from its JSON definition.
  await api.call("createCustomActionType", {
    category: "Build",
    provider: "Jenkins",
    version: "1",
    configurationProperties: [{ name: "Project", required: true, key: true, secret: false, queryable: true, type: "String" }],
    inputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
    outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
    settings: { entityUrlTemplate: "https://jenkins.example.com/job/{Config:Project}" },
  })
  const created = await api.call("createPipeline", JSON.parse(releaseDefinition))
  expect(created.pipeline?.version).toBe(1)
  expect(created.tags).toEqual([{ key: "team", value: "core" }])
  const duplicate = await failure(api.call("createPipeline", JSON.parse(releaseDefinition)))
  expect([duplicate.code, duplicate.status]).toEqual(["PipelineNameInUseException", 400])
  expect(duplicate.requestId).toMatch(/^[0-9a-f-]{36}$/)

  const got = await api.call("getPipeline", { name: "release" })
  expect(got.pipeline?.stages.map((s) => s.name)).toEqual(["Source", "Build", "Approve", "Deploy"])
  expect(got.metadata?.created).toBeInstanceOf(Date)
  expect(Math.abs(got.metadata!.created!.getTime() - Date.now())).toBeLessThan(60_000)
  const missing = await failure(api.call("getPipeline", { name: "does-not-exist" }))
  expect([missing.code, missing.status]).toEqual(["PipelineNotFoundException", 400])

  // Hold the release in front of Approve while it builds.
  await api.call("disableStageTransition", {
    pipelineName: "release",
    stageName: "Approve",
    transitionType: "Inbound",
    reason: "Change freeze",
  })

  // Start it and watch it reach the Build stage.
  const first = (await api.call("startPipelineExecution", { name: "release", clientRequestToken: "release-1" })).pipelineExecutionId!
  expect(first).toMatch(/^[0-9a-f-]{36}$/)
  // The same client request token is the same execution.
  expect((await api.call("startPipelineExecution", { name: "release", clientRequestToken: "release-1" })).pipelineExecutionId).toBe(first)
  await eventually("Build in progress", async () => {
    const state = await api.call("getPipelineState", { name: "release" })
    return stageOf(state, "Source")?.latestExecution?.status === "Succeeded" &&
      stageOf(state, "Build")?.latestExecution?.status === "InProgress"
      ? state
      : undefined
  })

  // The Jenkins worker: poll, acknowledge, report progress with a continuation token ...
  const job = await pollJob(api)
  expect(job.data?.actionConfiguration?.configuration).toEqual({ Project: "app" })
  expect(job.data?.inputArtifacts?.[0]?.name).toBe("SourceOutput")
  expect((await api.call("acknowledgeJob", { jobId: job.id!, nonce: job.nonce! })).status).toBe("InProgress")
  const badNonce = await failure(api.call("acknowledgeJob", { jobId: job.id!, nonce: "not-the-nonce" }))
  expect(badNonce.code).toBe("InvalidNonceException")
  await api.call("putJobSuccessResult", {
    jobId: job.id!,
    continuationToken: "build-42-halfway",
    executionDetails: { summary: "Compiling", percentComplete: 50, externalExecutionId: "build-42" },
  })
  // ... then finish in the job that continues it.
  const next = await pollJob(api)
  expect(next.id).not.toBe(job.id)
  expect(next.data?.continuationToken).toBe("build-42-halfway")
  expect((await api.call("getJobDetails", { jobId: next.id! })).jobDetails?.data?.continuationToken).toBe("build-42-halfway")
  await api.call("acknowledgeJob", { jobId: next.id!, nonce: next.nonce! })
  await api.call("putJobSuccessResult", {
    jobId: next.id!,
    currentRevision: { revision: "build-42", changeIdentifier: "42", created: new Date(Date.now() - 60_000), revisionSummary: "Build 42" },
    executionDetails: { summary: "Built", percentComplete: 100, externalExecutionId: "build-42" },
  })

  // Built, but the transition holds it: Approve has not started.
  const held = await eventually("Build to succeed", async () => {
    const state = await api.call("getPipelineState", { name: "release" })
    return stageOf(state, "Build")?.latestExecution?.status === "Succeeded" ? state : undefined
  })
  expect(stageOf(held, "Approve")?.inboundTransitionState).toMatchObject({ enabled: false, disabledReason: "Change freeze" })
  expect(stageOf(held, "Approve")?.inboundTransitionState?.lastChangedAt).toBeInstanceOf(Date)
  expect(stageOf(held, "Approve")?.latestExecution).toBeUndefined()

  // Re-enable it: the approval starts and waits for a person.
  await api.call("enableStageTransition", { pipelineName: "release", stageName: "Approve", transitionType: "Inbound" })
  const token = await eventually("an approval token", async () => {
    const state = await api.call("getPipelineState", { name: "release" })
    return stageOf(state, "Approve")?.actionStates?.[0]?.latestExecution?.token
  })
  const wrongToken = await failure(
    api.call("putApprovalResult", {
      pipelineName: "release",
      stageName: "Approve",
      actionName: "Approve",
      token: "00000000-0000-0000-0000-000000000000",
      result: { status: "Approved", summary: "?" },
    }),
  )
  expect(wrongToken.code).toBe("InvalidApprovalTokenException")
  const approved = await api.call("putApprovalResult", {
    pipelineName: "release",
    stageName: "Approve",
    actionName: "Approve",
    token,
    result: { status: "Approved", summary: "Looks good" },
  })
  expect(approved.approvedAt).toBeInstanceOf(Date)

  // The first deployment fails; retry the failed action.
  await eventually("the execution to fail", async () => ((await executionStatus(api, first)) === "Failed" ? true : undefined))
  const failedState = await api.call("getPipelineState", { name: "release" })
  expect(stageOf(failedState, "Deploy")?.actionStates?.[0]?.latestExecution?.errorDetails).toEqual({
    code: "DeploymentFailed",
    message: "Health checks failed",
  })
  const retried = await api.call("retryStageExecution", {
    pipelineName: "release",
    stageName: "Deploy",
    pipelineExecutionId: first,
    retryMode: "FAILED_ACTIONS",
  })
  expect(retried.pipelineExecutionId).toBe(first)
  await eventually("the execution to succeed", async () => ((await executionStatus(api, first)) === "Succeeded" ? true : undefined))
  const notRetryable = await failure(
    api.call("retryStageExecution", {
      pipelineName: "release",
      stageName: "Deploy",
      pipelineExecutionId: first,
      retryMode: "FAILED_ACTIONS",
    }),
  )
  expect(notRetryable.code).toBe("StageNotRetryableException")

  const actions = (await api.call("listActionExecutions", { pipelineName: "release", filter: { pipelineExecutionId: first } }))
    .actionExecutionDetails!
  const deployRuns = actions.filter((a) => a.actionName === "Deploy").map((a) => a.status)
  expect(deployRuns.sort()).toEqual(["Failed", "Succeeded"])
  const deployInput = actions.find((a) => a.actionName === "Deploy")?.input?.resolvedConfiguration
  expect(deployInput?.["DeploymentGroupName"]).toBe("prod")

  // A second release is stopped (abandoned) while its source runs.
  const second = (await api.call("startPipelineExecution", { name: "release", variables: [{ name: "Environment", value: "staging" }] }))
    .pipelineExecutionId!
  await api.call("stopPipelineExecution", { pipelineName: "release", pipelineExecutionId: second, abandon: true, reason: "Wrong commit" })
  await eventually("the execution to stop", async () => ((await executionStatus(api, second)) === "Stopped" ? true : undefined))
  const again = await failure(api.call("stopPipelineExecution", { pipelineName: "release", pipelineExecutionId: second, abandon: true }))
  expect(["PipelineExecutionNotStoppableException", "DuplicatedStopRequestException"]).toContain(again.code)
  const history = (await api.call("listPipelineExecutions", { pipelineName: "release" })).pipelineExecutionSummaries!
  expect(history.map((h) => [h.pipelineExecutionId, h.status])).toEqual([
    [second, "Stopped"],
    [first, "Succeeded"],
  ])
  expect(
    (await api.call("getPipelineExecution", { pipelineName: "release", pipelineExecutionId: second })).pipelineExecution?.variables,
  ).toEqual([{ name: "Environment", resolvedValue: "staging" }])

  // Tags.
  const arn = got.metadata!.pipelineArn!
  await api.call("tagResource", { resourceArn: arn, tags: [{ key: "env", value: "prod" }] })
  await api.call("untagResource", { resourceArn: arn, tagKeys: ["team"] })
  expect((await api.call("listTagsForResource", { resourceArn: arn })).tags).toEqual([{ key: "env", value: "prod" }])

  // A new version: version 1 stays readable.
  const definition = JSON.parse(releaseDefinition).pipeline as S.PipelineDeclaration
  const updated = await api.call("updatePipeline", { pipeline: { ...got.pipeline!, executionMode: "QUEUED" } })
  expect(updated.pipeline?.version).toBe(2)
  expect((await api.call("getPipeline", { name: "release", version: 1 })).pipeline?.executionMode).toBe("SUPERSEDED")

  // More pipelines, listed two at a time.
  for (const name of ["alpha", "beta", "gamma", "delta"]) {
    await api.call("createPipeline", { pipeline: { ...definition, name } })
  }
  const names: Array<string> = []
  let nextToken: string | undefined
  let pages = 0
  do {
    const page = await api.call("listPipelines", { maxResults: 2, ...(nextToken !== undefined ? { nextToken } : {}) })
    expect(page.pipelines!.length).toBeLessThanOrEqual(2)
    names.push(...page.pipelines!.map((p) => p.name!))
    nextToken = page.nextToken
    pages++
  } while (nextToken !== undefined)
  expect(pages).toBe(3)
  expect(names).toEqual(["alpha", "beta", "delta", "gamma", "release"])
  const badToken = await failure(api.call("listPipelines", { nextToken: "bm90IGEgdG9rZW4=" }))
  expect(badToken.code).toBe("InvalidNextTokenException")

  // Clean up.
  for (const name of [...names]) await api.call("deletePipeline", { name })
  expect((await api.call("listPipelines", {})).pipelines).toEqual([])
  await api.call("deleteCustomActionType", { category: "Build", provider: "Jenkins", version: "1" })
  expect((await api.call("listActionTypes", { actionOwnerFilter: "Custom" })).actionTypes).toEqual([])
}

/** The operations the scenario calls. */
export const scenarioOperations = [
  "AcknowledgeJob",
  "CreateCustomActionType",
  "CreatePipeline",
  "DeleteCustomActionType",
  "DeletePipeline",
  "DisableStageTransition",
  "EnableStageTransition",
  "GetJobDetails",
  "GetPipeline",
  "GetPipelineExecution",
  "GetPipelineState",
  "ListActionExecutions",
  "ListActionTypes",
  "ListPipelineExecutions",
  "ListPipelines",
  "ListTagsForResource",
  "PollForJobs",
  "PutApprovalResult",
  "PutJobSuccessResult",
  "RetryStageExecution",
  "StartPipelineExecution",
  "StopPipelineExecution",
  "TagResource",
  "UntagResource",
  "UpdatePipeline",
]

// -----------------------------------------------------------------------------------------------
// the rest of the API

/** A partner's action type, registered with the emulator's in-memory CodePipeline. */
export const partner = partnerActionType("Scanner")

/** The partner type as a pipeline's actions name it (its owner as the `ActionOwner` enum). */
const partnerTypeId: S.ActionTypeId = { category: "Test", owner: "ThirdParty", provider: "Scanner", version: "1" }

/** The emulator's options for {@link restOfTheApi}: stage-condition rules wait until overridden. */
export const restOptions: CodePipelineEmulator.Options = {
  inMemory: {
    seed: "emulator-rest",
    actionDuration: "100 millis",
    startOnCreate: false,
    actionTypes: [partner],
    // The scanner partner's client, as its provisioning registers it.
    thirdPartyClients: [{ actionTypeId: partnerTypeId, clientId: "5ca77e42-0000-4000-8000-000000000001", clientToken: "scanner-token" }],
    simulateRule: () => Outcome.wait,
  },
}

const lint: S.ActionTypeId = type("Test", "Lint", "Custom")
const v2 = (name: string, ...stages: ReadonlyArray<S.StageDeclaration>) =>
  pipeline(name, { pipelineType: "V2", artifactStore: { type: "S3", location: "codepipeline-artifacts" }, stages })

const checkedRelease = v2(
  "gated",
  stage("Source", source("Source", "src")),
  stage(
    "Check",
    { name: "Scan", actionTypeId: partnerTypeId, inputArtifacts: [{ name: "src" }] },
    { name: "Lint", actionTypeId: lint, configuration: { Strict: "true" }, inputArtifacts: [{ name: "src" }] },
  ),
  gated(
    stage(
      "Deploy",
      deploy("Deploy", "src", {
        actionTypeId: type("Deploy", "EC2"),
        configuration: { InstanceTagKey: "app", InstanceTagValue: "web", InstanceType: "EC2" },
      }),
    ),
    { name: "NoAlarm", ruleTypeId: { category: "Rule", provider: "CloudWatchAlarm" }, configuration: { AlarmName: "5xx" } },
  ),
)

const hotfix = v2(
  "hotfix",
  stage(
    "Source",
    source("Source", "src", {
      actionTypeId: type("Source", "GitHub", "ThirdParty"),
      configuration: { Owner: "acme", Repo: "hotfix", Branch: "main", OAuthToken: "****" },
    }),
  ),
  stage("Deploy", deploy("Deploy", "src")),
)

const statusOf = async (api: Api, pipelineName: string, pipelineExecutionId: string) =>
  (await api.call("getPipelineExecution", { pipelineName, pipelineExecutionId })).pipelineExecution?.status

const until = (api: Api, pipelineName: string, pipelineExecutionId: string, status: string) =>
  eventually(`${pipelineName} ${status}`, async () =>
    (await statusOf(api, pipelineName, pipelineExecutionId)) === status ? true : undefined,
  )

/**
 * The operations the release does not use: partner action types and their jobs, job failures,
 * stage conditions, deploy targets, rule types and executions, source revisions, rollbacks and
 * webhooks. With {@link releaseScenario}, all 44 operations.
 */
export const restOfTheApi = async (api: Api): Promise<void> => {
  // Action and rule types.
  expect((await api.call("getActionType", partner.id)).actionType?.id).toEqual(partner.id)
  await api.call("updateActionType", { actionType: { ...partner, description: "Security scanner" } })
  expect((await api.call("getActionType", partner.id)).actionType?.description).toBe("Security scanner")
  expect((await api.call("listRuleTypes", {})).ruleTypes?.map((r) => r.id.provider)).toContain("CloudWatchAlarm")
  await api.call("createCustomActionType", {
    category: "Test",
    provider: "Lint",
    version: "1",
    configurationProperties: [{ name: "Strict", required: false, key: false, secret: false }],
    inputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
    outputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
  })

  // Both checks fail their first jobs: the partner's and the custom one.
  await api.call("createPipeline", { pipeline: checkedRelease })
  const run = (await api.call("startPipelineExecution", { name: "gated" })).pipelineExecutionId!
  const scanJob = () =>
    eventually(
      "a Scanner job",
      async () => (await api.call("pollForThirdPartyJobs", { actionTypeId: partnerTypeId, maxBatchSize: 1 })).jobs?.[0],
    )
  const lintJob = () =>
    eventually("a Lint job", async () => (await api.call("pollForJobs", { actionTypeId: lint, maxBatchSize: 1 })).jobs?.[0])
  const scan = await scanJob()
  const details = await api.call("getThirdPartyJobDetails", { jobId: scan.jobId!, clientToken: "scanner-token" })
  expect(details.jobDetails?.data?.pipelineContext?.pipelineName).toBe("gated")
  await api.call("acknowledgeThirdPartyJob", { jobId: scan.jobId!, nonce: details.jobDetails!.nonce!, clientToken: "scanner-token" })
  const wrongClient = await failure(api.call("putThirdPartyJobSuccessResult", { jobId: scan.jobId!, clientToken: "someone-else" }))
  expect(wrongClient.code).toBe("InvalidClientTokenException")
  await api.call("putThirdPartyJobFailureResult", {
    jobId: scan.jobId!,
    clientToken: "scanner-token",
    failureDetails: { type: "JobFailed", message: "Scanner timed out" },
  })
  const lintFirst = await lintJob()
  await api.call("acknowledgeJob", { jobId: lintFirst.id!, nonce: lintFirst.nonce! })
  await api.call("putJobFailureResult", {
    jobId: lintFirst.id!,
    failureDetails: { type: "JobFailed", message: "3 lint errors", externalExecutionId: "lint-1" },
  })
  await until(api, "gated", run, "Failed")

  // Retried, both succeed; the deploy then waits on its alarm rule, which is overridden.
  await api.call("retryStageExecution", {
    pipelineName: "gated",
    stageName: "Check",
    pipelineExecutionId: run,
    retryMode: "FAILED_ACTIONS",
  })
  const scanAgain = await scanJob()
  await api.call("putThirdPartyJobSuccessResult", {
    jobId: scanAgain.jobId!,
    clientToken: "scanner-token",
    executionDetails: { summary: "No findings", percentComplete: 100 },
  })
  const lintAgain = await lintJob()
  await api.call("putJobSuccessResult", { jobId: lintAgain.id!, executionDetails: { summary: "Clean" } })
  await eventually("the rule to run", async () => {
    const rules = await api.call("listRuleExecutions", { pipelineName: "gated", filter: { pipelineExecutionId: run } })
    return rules.ruleExecutionDetails?.[0]?.status === "InProgress" ? true : undefined
  })
  await api.call("overrideStageCondition", {
    pipelineName: "gated",
    stageName: "Deploy",
    pipelineExecutionId: run,
    conditionType: "BEFORE_ENTRY",
  })
  await until(api, "gated", run, "Succeeded")
  const rules = await api.call("listRuleExecutions", { pipelineName: "gated", filter: { pipelineExecutionId: run } })
  expect(rules.ruleExecutionDetails?.[0]).toMatchObject({ ruleName: "NoAlarm", status: "Abandoned" })
  const actions = (await api.call("listActionExecutions", { pipelineName: "gated", filter: { pipelineExecutionId: run } }))
    .actionExecutionDetails!
  const deployed = actions.find((a) => a.actionName === "Deploy")!
  const targets = await api.call("listDeployActionExecutionTargets", {
    pipelineName: "gated",
    actionExecutionId: deployed.actionExecutionId!,
  })
  expect(targets.targets?.length).toBeGreaterThan(0)
  expect(targets.targets?.[0]?.startTime).toBeInstanceOf(Date)

  // A revision pushed by hand starts an execution with it.
  const pushed = await api.call("putActionRevision", {
    pipelineName: "gated",
    stageName: "Source",
    actionName: "Source",
    actionRevision: { revisionId: "f00dfeed", revisionChangeId: "f00dfeed", created: new Date(Date.now() - 5_000) },
  })
  expect(pushed.newRevision).toBe(true)
  const fetched = await eventually("the pushed revision", async () => {
    const summaries = (await api.call("listPipelineExecutions", { pipelineName: "gated" })).pipelineExecutionSummaries!
    const summary = summaries.find((s) => s.pipelineExecutionId === pushed.pipelineExecutionId)
    return summary?.sourceRevisions?.[0]?.revisionId
  })
  expect(fetched).toBe("f00dfeed")

  // Two hotfixes, then the deploy rolled back to the first.
  await api.call("createPipeline", { pipeline: hotfix })
  const good = (await api.call("startPipelineExecution", { name: "hotfix" })).pipelineExecutionId!
  await until(api, "hotfix", good, "Succeeded")
  const next = (await api.call("startPipelineExecution", { name: "hotfix" })).pipelineExecutionId!
  await until(api, "hotfix", next, "Succeeded")
  const rollback = await api.call("rollbackStage", { pipelineName: "hotfix", stageName: "Deploy", targetPipelineExecutionId: good })
  await until(api, "hotfix", rollback.pipelineExecutionId, "Succeeded")
  expect(
    (await api.call("getPipelineExecution", { pipelineName: "hotfix", pipelineExecutionId: rollback.pipelineExecutionId }))
      .pipelineExecution?.executionType,
  ).toBe("ROLLBACK")

  // A webhook for the hotfix's GitHub source.
  const put = await api.call("putWebhook", {
    webhook: webhook("hotfix-push", "hotfix", "{Branch}"),
    tags: [{ key: "team", value: "core" }],
  })
  expect(put.webhook?.url).toMatch(/^https:\/\//)
  await api.call("registerWebhookWithThirdParty", { webhookName: "hotfix-push" })
  const hooks = (await api.call("listWebhooks", {})).webhooks!
  expect(hooks.map((h) => [h.definition.name, h.definition.authenticationConfiguration.SecretToken])).toEqual([["hotfix-push", "****"]])
  await api.call("deregisterWebhookWithThirdParty", { webhookName: "hotfix-push" })
  await api.call("deleteWebhook", { name: "hotfix-push" })
  expect((await api.call("listWebhooks", {})).webhooks).toEqual([])
}

/** The operations {@link restOfTheApi} calls that {@link releaseScenario} does not. */
export const restOperations = [
  "AcknowledgeThirdPartyJob",
  "DeleteWebhook",
  "DeregisterWebhookWithThirdParty",
  "GetActionType",
  "GetThirdPartyJobDetails",
  "ListDeployActionExecutionTargets",
  "ListRuleExecutions",
  "ListRuleTypes",
  "ListWebhooks",
  "OverrideStageCondition",
  "PollForThirdPartyJobs",
  "PutActionRevision",
  "PutJobFailureResult",
  "PutThirdPartyJobFailureResult",
  "PutThirdPartyJobSuccessResult",
  "PutWebhook",
  "RegisterWebhookWithThirdParty",
  "RollbackStage",
  "UpdateActionType",
]
