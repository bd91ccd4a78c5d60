import { describe, expect, it } from "@effect/vitest"
import { Effect, Redacted, TestClock } from "effect"
import { CodePipeline } from "../src/index.js"
import * as S from "../src/schema/Schemas.js"
import { CodePipelineInMemory } from "../src/testing/index.js"
import {
  actionState,
  type Env,
  execution,
  jenkinsInput,
  latestExecutionId,
  outcome,
  partnerActionType,
  pipeline,
  run,
  source,
  stage,
  type,
  webhook,
} from "./support/inmemory.js"

const customType = type("Build", "Jenkins", "Custom")
const partnerType = type("Test", "Partner", "ThirdParty")

const createJenkins = (extra: Partial<S.CreateCustomActionTypeInput> = {}) =>
  CodePipeline.createCustomActionType({ ...jenkinsInput(), ...extra })

const withAction = (name: string, action: S.ActionDeclaration) =>
  CodePipeline.createPipeline({ pipeline: pipeline(name, { stages: [stage("Source", source()), stage("Work", action)] }) })

const jenkins = (project = "app"): S.ActionDeclaration => ({
  name: "Jenkins",
  actionTypeId: customType,
  configuration: { Project: project },
  inputArtifacts: [{ name: "SourceOutput" }],
  outputArtifacts: [{ name: "Built" }],
})

const poll = (project = "app", maxBatchSize = 1) =>
  Effect.map(CodePipeline.pollForJobs({ actionTypeId: customType, queryParam: { Project: project }, maxBatchSize }), (o) => o.jobs ?? [])

/** A pipeline with a Jenkins action whose job is queued. */
const queued = Effect.gen(function* () {
  yield* createJenkins()
  yield* withAction("release", jenkins())
  yield* CodePipeline.startPipelineExecution({ name: "release" })
  yield* TestClock.adjust("30 seconds")
})

const workStatus = Effect.map(actionState("release", "Work", "Jenkins"), (a) => a?.latestExecution?.status)

describe("custom action types", () => {
  it.effect("CreateCustomActionType adds a Custom type that ListActionTypes lists", () =>
    run(
      Effect.gen(function* () {
        const { actionType } = yield* createJenkins({ tags: [{ key: "team", value: "ci" }] })
        expect(actionType.id).toEqual(customType)
        const { actionTypes } = yield* CodePipeline.listActionTypes({ actionOwnerFilter: "Custom" })
        expect(actionTypes.map((t) => t.id)).toEqual([customType])
        const tags = yield* CodePipeline.listTagsForResource({
          resourceArn: "arn:aws:codepipeline:us-east-1:123456789012:actiontype:Custom/Build/Jenkins/1",
        })
        expect(tags.tags).toEqual([{ key: "team", value: "ci" }])
      }),
    ),
  )

  it.effect("creating the same definition again is harmless; another definition under a used version is refused", () =>
    run(
      Effect.gen(function* () {
        yield* createJenkins()
        expect(yield* outcome(createJenkins())).toBe("Success")
        expect(yield* outcome(createJenkins({ inputArtifactDetails: { minimumCount: 1, maximumCount: 1 } }))).toBe("ValidationException")
      }),
    ),
  )

  it.effect("DeleteCustomActionType hides the type; the identical definition restores it", () =>
    run(
      Effect.gen(function* () {
        yield* createJenkins()
        yield* CodePipeline.deleteCustomActionType({ category: "Build", provider: "Jenkins", version: "1" })
        expect((yield* CodePipeline.listActionTypes({ actionOwnerFilter: "Custom" })).actionTypes).toEqual([])
        expect(yield* outcome(poll())).toBe("ActionTypeNotFoundException")
        expect(yield* outcome(CodePipeline.deleteCustomActionType({ category: "Build", provider: "Jenkins", version: "1" }))).toBe(
          "ValidationException",
        )
        yield* createJenkins()
        expect((yield* CodePipeline.listActionTypes({ actionOwnerFilter: "Custom" })).actionTypes).toHaveLength(1)
      }),
    ),
  )

  it.effect("refuses two queryable properties, or a queryable one that is optional", () =>
    run(
      Effect.gen(function* () {
        const property = (name: string, required = true): S.ActionConfigurationProperty => ({
          name,
          required,
          key: true,
          secret: false,
          queryable: true,
        })
        expect(yield* outcome(createJenkins({ configurationProperties: [property("A"), property("B")] }))).toBe("ValidationException")
        expect(yield* outcome(createJenkins({ configurationProperties: [property("A", false)] }))).toBe("ValidationException")
      }),
    ),
  )

  it.effect("refuses a 51st custom action type", () =>
    run(
      Effect.gen(function* () {
        for (let i = 0; i < 50; i++) yield* createJenkins({ provider: `P${i}` })
        expect(yield* outcome(createJenkins({ provider: "OneMore" }))).toBe("LimitExceededException")
      }),
    ),
  )

  it.effect("a pipeline action refuses configuration the custom type does not declare", () =>
    run(
      Effect.gen(function* () {
        yield* createJenkins()
        const got = yield* outcome(withAction("release", { ...jenkins(), configuration: { Project: "app", Extra: "x" } }))
        expect(got).toBe("InvalidActionDeclarationException")
      }),
    ),
  )

  it.effect("ListActionTypes lists the built-in types, filtered by owner", () =>
    run(
      Effect.gen(function* () {
        const aws = (yield* CodePipeline.listActionTypes({ actionOwnerFilter: "AWS" })).actionTypes
        expect(aws.map((t) => `${t.id.category}/${t.id.provider}`)).toEqual(
          expect.arrayContaining(["Source/CodeCommit", "Build/CodeBuild", "Approval/Manual", "Invoke/Lambda"]),
        )
        expect(aws.every((t) => t.id.owner === "AWS")).toBe(true)
        expect(yield* outcome(CodePipeline.listActionTypes({ actionOwnerFilter: S.unknownEnumValue("Nobody") }))).toBe(
          "ValidationException",
        )
        expect(yield* outcome(CodePipeline.listActionTypes({ nextToken: "forged" }))).toBe("InvalidNextTokenException")
      }),
    ),
  )

  it.effect("ListRuleTypes lists the rule types stage conditions can use", () =>
    run(
      Effect.gen(function* () {
        const { ruleTypes } = yield* CodePipeline.listRuleTypes()
        expect(ruleTypes.map((r) => r.id.provider)).toEqual([
          "CloudWatchAlarm",
          "DeploymentWindow",
          "LambdaInvoke",
          "VariableCheck",
          "Commands",
        ])
        expect(yield* outcome(CodePipeline.listRuleTypes({ ruleOwnerFilter: S.unknownEnumValue("Custom") }))).toBe("ValidationException")
      }),
    ),
  )
})

describe("custom action jobs", () => {
  it.effect("PollForJobs hands out the queued job with its context, then nothing more", () =>
    run(
      Effect.gen(function* () {
        yield* queued
        const [job] = yield* poll()
        expect(job?.nonce).toBeDefined()
        expect(job?.accountId).toBe("123456789012")
        expect(job?.data?.actionConfiguration?.configuration).toEqual({ Project: "app" })
        expect(job?.data?.pipelineContext).toMatchObject({ pipelineName: "release", stage: { name: "Work" }, action: { name: "Jenkins" } })
        expect(job?.data?.inputArtifacts?.[0]?.location?.s3Location?.bucketName).toBe("artifact-bucket")
        expect(Redacted.value(job!.data!.artifactCredentials!.accessKeyId)).toMatch(/^ASIA/)
        expect(yield* poll()).toEqual([])
      }),
    ),
  )

  it.effect("a job goes Queued, Dispatched, InProgress, then Succeeded", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* CodePipelineInMemory.Controls
        const statusOf = Effect.map(controls.jobs({ kind: "Custom" }), (jobs) => jobs.map((j) => j.status))
        yield* queued
        expect(yield* statusOf).toEqual(["Queued"])
        const [job] = yield* poll()
        expect(yield* statusOf).toEqual(["Dispatched"])
        yield* CodePipeline.acknowledgeJob({ jobId: job!.id!, nonce: job!.nonce! })
        expect(yield* statusOf).toEqual(["InProgress"])
        yield* CodePipeline.putJobSuccessResult({ jobId: job!.id! })
        expect(yield* statusOf).toEqual(["Succeeded"])
      }),
    ),
  )

  it.effect("a job whose action was abandoned can no longer report (InvalidJobStateException)", () =>
    run(
      Effect.gen(function* () {
        yield* queued
        const [job] = yield* poll()
        const id = yield* latestExecutionId("release")
        yield* CodePipeline.stopPipelineExecution({ pipelineName: "release", pipelineExecutionId: id, abandon: true })
        expect(yield* outcome(CodePipeline.putJobSuccessResult({ jobId: job!.id! }))).toBe("InvalidJobStateException")
      }),
    ),
  )

  it.effect("only jobs whose queryable property matches are returned", () =>
    run(
      Effect.gen(function* () {
        yield* queued
        expect(yield* poll("other")).toEqual([])
        expect(yield* poll("app")).toHaveLength(1)
      }),
    ),
  )

  it.effect("a custom job end to end: acknowledge, report progress with a continuation token, then succeed with output variables", () =>
    run(
      Effect.gen(function* () {
        yield* queued
        const [job] = yield* poll()
        expect((yield* CodePipeline.acknowledgeJob({ jobId: job!.id!, nonce: job!.nonce! })).status).toBe("InProgress")
        yield* CodePipeline.putJobSuccessResult({
          jobId: job!.id!,
          continuationToken: "build-17",
          executionDetails: { summary: "Building", percentComplete: 40, externalExecutionId: "build-17" },
        })
        expect(yield* workStatus).toBe("InProgress")
        expect((yield* actionState("release", "Work", "Jenkins"))?.latestExecution).toMatchObject({
          summary: "Building",
          percentComplete: 40,
        })

        const [next] = yield* poll()
        expect(next?.id).not.toBe(job?.id)
        expect(next?.data?.continuationToken).toBe("build-17")
        const details = yield* CodePipeline.getJobDetails({ jobId: next!.id! })
        expect(details.jobDetails?.data?.continuationToken).toBe("build-17")
        yield* CodePipeline.acknowledgeJob({ jobId: next!.id!, nonce: next!.nonce! })
        yield* TestClock.adjust("2 minutes")
        yield* CodePipeline.putJobSuccessResult({
          jobId: next!.id!,
          outputVariables: { VERSION: "1.4.2" },
          executionDetails: { summary: "Built 1.4.2" },
        })
        expect(yield* workStatus).toBe("Succeeded")
        const id = yield* latestExecutionId("release")
        expect((yield* execution("release", id)).status).toBe("Succeeded")
        const [detail] = (yield* CodePipeline.listActionExecutions({ pipelineName: "release", filter: { pipelineExecutionId: id } }))
          .actionExecutionDetails!
        expect(detail).toMatchObject({
          actionName: "Jenkins",
          status: "Succeeded",
          lastUpdateTime: new Date(150_000),
          output: { outputVariables: { VERSION: "1.4.2" } },
        })
      }),
    ),
  )

  it.effect("PutJobFailureResult fails the action with the worker's details", () =>
    run(
      Effect.gen(function* () {
        yield* queued
        const [job] = yield* poll()
        yield* CodePipeline.putJobFailureResult({
          jobId: job!.id!,
          failureDetails: { type: "JobFailed", message: "Compilation failed", externalExecutionId: "b-9" },
        })
        expect((yield* actionState("release", "Work", "Jenkins"))?.latestExecution).toMatchObject({
          status: "Failed",
          errorDetails: { code: "JobFailed", message: "Compilation failed" },
          externalExecutionId: "b-9",
        })
      }),
    ),
  )

  it.effect("a wrong nonce fails with InvalidNonceException; an unknown job with JobNotFoundException", () =>
    run(
      Effect.gen(function* () {
        yield* queued
        const [job] = yield* poll()
        expect(yield* outcome(CodePipeline.acknowledgeJob({ jobId: job!.id!, nonce: "nope" }))).toBe("InvalidNonceException")
        const unknown = "00000000-0000-4000-8000-000000000000"
        expect(yield* outcome(CodePipeline.acknowledgeJob({ jobId: unknown, nonce: "1" }))).toBe("JobNotFoundException")
        expect(yield* outcome(CodePipeline.getJobDetails({ jobId: unknown }))).toBe("JobNotFoundException")
        expect(yield* outcome(CodePipeline.putJobSuccessResult({ jobId: unknown }))).toBe("JobNotFoundException")
      }),
    ),
  )

  it.effect("a job's result can be reported once (InvalidJobStateException)", () =>
    run(
      Effect.gen(function* () {
        yield* queued
        const [job] = yield* poll()
        yield* CodePipeline.putJobSuccessResult({ jobId: job!.id! })
        expect(yield* outcome(CodePipeline.putJobSuccessResult({ jobId: job!.id! }))).toBe("InvalidJobStateException")
        expect(
          yield* outcome(CodePipeline.putJobFailureResult({ jobId: job!.id!, failureDetails: { type: "JobFailed", message: "x" } })),
        ).toBe("InvalidJobStateException")
      }),
    ),
  )

  it.effect("refuses output variables together with a continuation token, and output variables over the size limit", () =>
    run(
      Effect.gen(function* () {
        yield* queued
        const [job] = yield* poll()
        expect(
          yield* outcome(CodePipeline.putJobSuccessResult({ jobId: job!.id!, continuationToken: "t", outputVariables: { A: "1" } })),
        ).toBe("ValidationException")
        const big = Object.fromEntries(Array.from({ length: 130 }, (_, i) => [`V${i}`, "x".repeat(1000)]))
        expect(yield* outcome(CodePipeline.putJobSuccessResult({ jobId: job!.id!, outputVariables: big }))).toBe(
          "OutputVariablesSizeExceededException",
        )
      }),
    ),
  )

  it.effect("PollForJobs refuses action types it does not serve", () =>
    run(
      Effect.gen(function* () {
        yield* createJenkins()
        expect(yield* outcome(CodePipeline.pollForJobs({ actionTypeId: type("Build", "CodeBuild") }))).toBe("ValidationException")
        expect(yield* outcome(CodePipeline.pollForJobs({ actionTypeId: type("Build", "Nope", "Custom") }))).toBe(
          "ActionTypeNotFoundException",
        )
        expect(yield* outcome(CodePipeline.pollForJobs({ actionTypeId: customType }))).toBe("ValidationException")
      }),
    ),
  )
})

describe("Lambda invoke jobs", () => {
  const lambda: S.ActionDeclaration = {
    name: "Notify",
    actionTypeId: type("Invoke", "Lambda"),
    configuration: { FunctionName: "notify", UserParameters: '{"channel":"#releases"}' },
  }
  /** A release whose Lambda action has been invoked: the function's job, waiting for its answer. */
  const lambdaJob = Effect.gen(function* () {
    yield* withAction("release", lambda)
    yield* CodePipeline.startPipelineExecution({ name: "release" })
    yield* TestClock.adjust("30 seconds")
    const [job] = yield* (yield* CodePipelineInMemory.Controls).jobs({ kind: "Lambda" })
    return job
  })

  it.effect("the function's job id answers PutJobSuccessResult and the action succeeds", () =>
    run(
      Effect.gen(function* () {
        const job = yield* lambdaJob
        expect(job).toMatchObject({ pipelineName: "release", stageName: "Work", actionName: "Notify", status: "InProgress" })
        const details = yield* CodePipeline.getJobDetails({ jobId: job!.jobId })
        expect(details.jobDetails?.data?.actionConfiguration?.configuration?.FunctionName).toBe("notify")
        yield* CodePipeline.putJobSuccessResult({ jobId: job!.jobId, outputVariables: { sent: "true" } })
        expect((yield* actionState("release", "Work", "Notify"))?.latestExecution?.status).toBe("Succeeded")
      }),
    ),
  )

  it.effect("PutJobFailureResult fails the Lambda action", () =>
    run(
      Effect.gen(function* () {
        const job = yield* lambdaJob
        yield* CodePipeline.putJobFailureResult({
          jobId: job!.jobId,
          failureDetails: { type: "ConfigurationError", message: "No channel" },
        })
        expect((yield* actionState("release", "Work", "Notify"))?.latestExecution?.errorDetails).toEqual({
          code: "ConfigurationError",
          message: "No channel",
        })
      }),
    ),
  )
})

describe("third-party (partner) actions", () => {
  const partner = partnerActionType("Partner", {
    description: "A partner test service",
    properties: [{ name: "Suite", optional: false, key: true, noEcho: false }],
  })
  const partnerAction: S.ActionDeclaration = { name: "Scan", actionTypeId: partnerType, configuration: { Suite: "full" } }
  // The partner's provisioning registers its client: jobs of the type carry the client id, and
  // every partner call must present the client's token.
  const client = { actionTypeId: partnerType, clientId: "0a1b2c3d-0000-4000-8000-00000000c11e", clientToken: "secret" }
  const runPartner = <A, E>(effect: Effect.Effect<A, E, Env>) => run(effect, { actionTypes: [partner], thirdPartyClients: [client] })
  const queuedPartner = Effect.gen(function* () {
    yield* withAction("release", partnerAction)
    yield* CodePipeline.startPipelineExecution({ name: "release" })
    yield* TestClock.adjust("30 seconds")
    const { jobs } = yield* CodePipeline.pollForThirdPartyJobs({ actionTypeId: partnerType })
    return jobs![0]!
  })
  const scanStatus = Effect.map(actionState("release", "Work", "Scan"), (a) => a?.latestExecution?.status)

  it.effect("a partner job end to end: the job carries the registered client, whose token reads, acknowledges and succeeds it", () =>
    runPartner(
      Effect.gen(function* () {
        const { clientId, jobId } = yield* queuedPartner
        expect(clientId).toBe(client.clientId)
        const { jobDetails } = yield* CodePipeline.getThirdPartyJobDetails({ jobId: jobId!, clientToken: "secret" })
        expect(jobDetails?.data?.actionConfiguration?.configuration).toEqual({ Suite: "full" })
        const ack = yield* CodePipeline.acknowledgeThirdPartyJob({ jobId: jobId!, nonce: jobDetails!.nonce!, clientToken: "secret" })
        expect(ack.status).toBe("InProgress")
        yield* CodePipeline.putThirdPartyJobSuccessResult({
          jobId: jobId!,
          clientToken: "secret",
          executionDetails: { summary: "No findings" },
        })
        expect(yield* scanStatus).toBe("Succeeded")
      }),
    ),
  )

  it.effect("another client token fails with InvalidClientTokenException", () =>
    runPartner(
      Effect.gen(function* () {
        const { jobId } = yield* queuedPartner
        yield* CodePipeline.getThirdPartyJobDetails({ jobId: jobId!, clientToken: "secret" })
        expect(yield* outcome(CodePipeline.putThirdPartyJobSuccessResult({ jobId: jobId!, clientToken: "guess" }))).toBe(
          "InvalidClientTokenException",
        )
      }),
    ),
  )

  it.effect("a client token that is not the job's client's is refused on first use too", () =>
    runPartner(
      Effect.gen(function* () {
        const { jobId } = yield* queuedPartner
        expect(yield* outcome(CodePipeline.getThirdPartyJobDetails({ jobId: jobId!, clientToken: "guess" }))).toBe(
          "InvalidClientTokenException",
        )
        expect(yield* outcome(CodePipeline.putThirdPartyJobSuccessResult({ jobId: jobId!, clientToken: "guess" }))).toBe(
          "InvalidClientTokenException",
        )
        expect(yield* scanStatus).toBe("InProgress")
      }),
    ),
  )

  it.effect("a job of a type no client is registered for accepts no client token", () =>
    run(
      Effect.gen(function* () {
        const { jobId } = yield* queuedPartner
        expect(yield* outcome(CodePipeline.getThirdPartyJobDetails({ jobId: jobId!, clientToken: "secret" }))).toBe(
          "InvalidClientTokenException",
        )
      }),
      { actionTypes: [partner] },
    ),
  )

  it.effect("a client registered through the controls serves the jobs created after", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* CodePipelineInMemory.Controls
        yield* controls.registerThirdPartyClient(client)
        const { clientId, jobId } = yield* queuedPartner
        expect(clientId).toBe(client.clientId)
        yield* CodePipeline.putThirdPartyJobSuccessResult({ jobId: jobId!, clientToken: "secret" })
        expect(yield* scanStatus).toBe("Succeeded")
      }),
      { actionTypes: [partner] },
    ),
  )

  it.effect("registering a malformed client is a ControlError that does not quote the token", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* CodePipelineInMemory.Controls
        const error = yield* Effect.flip(controls.registerThirdPartyClient({ ...client, clientToken: "x".repeat(300) }))
        expect(error._tag).toBe("ControlError")
        expect(error.message).not.toContain("xxx")
        expect((yield* Effect.flip(controls.registerThirdPartyClient({ ...client, clientId: "not-a-uuid" }))).message).toMatch(/clientId/)
      }),
      { actionTypes: [partner] },
    ),
  )

  it.effect("PutThirdPartyJobFailureResult fails the action", () =>
    runPartner(
      Effect.gen(function* () {
        const { jobId } = yield* queuedPartner
        yield* CodePipeline.putThirdPartyJobFailureResult({
          jobId: jobId!,
          clientToken: "secret",
          failureDetails: { type: "JobFailed", message: "3 findings" },
        })
        expect(yield* scanStatus).toBe("Failed")
      }),
    ),
  )

  it.effect("the partner calls refuse custom jobs, unknown jobs, and wrong nonces", () =>
    runPartner(
      Effect.gen(function* () {
        const { jobId } = yield* queuedPartner
        expect(yield* outcome(CodePipeline.acknowledgeThirdPartyJob({ jobId: jobId!, nonce: "0", clientToken: "secret" }))).toBe(
          "InvalidNonceException",
        )
        expect(yield* outcome(CodePipeline.acknowledgeThirdPartyJob({ jobId: jobId!, nonce: "0", clientToken: "other" }))).toBe(
          "InvalidClientTokenException",
        )
        expect(yield* outcome(CodePipeline.acknowledgeThirdPartyJob({ jobId: "unknown", nonce: "0", clientToken: "secret" }))).toBe(
          "JobNotFoundException",
        )
        expect(yield* outcome(CodePipeline.getThirdPartyJobDetails({ jobId: "unknown", clientToken: "secret" }))).toBe(
          "JobNotFoundException",
        )
        const controls = yield* CodePipelineInMemory.Controls
        yield* createJenkins()
        yield* withAction("custom", jenkins())
        yield* CodePipeline.startPipelineExecution({ name: "custom" })
        yield* TestClock.adjust("30 seconds")
        const [custom] = yield* controls.jobs({ kind: "Custom" })
        expect(yield* outcome(CodePipeline.getThirdPartyJobDetails({ jobId: custom!.jobId, clientToken: "secret" }))).toBe(
          "InvalidJobException",
        )
        expect(yield* outcome(CodePipeline.pollForThirdPartyJobs({ actionTypeId: customType }))).toBe("ValidationException")
        expect(yield* outcome(CodePipeline.pollForThirdPartyJobs({ actionTypeId: type("Test", "Nobody", "ThirdParty") }))).toBe(
          "ActionTypeNotFoundException",
        )
      }),
    ),
  )

  it.effect("GetActionType returns a registered type; UpdateActionType changes it", () =>
    runPartner(
      Effect.gen(function* () {
        const id: S.ActionTypeId = { category: "Test", owner: "ThirdParty", provider: "Partner", version: "1" }
        expect((yield* CodePipeline.getActionType(id)).actionType?.description).toBe("A partner test service")
        yield* CodePipeline.updateActionType({ actionType: { ...partner, description: "Now with SBOM" } })
        expect((yield* CodePipeline.getActionType(id)).actionType?.description).toBe("Now with SBOM")
        const listed = (yield* CodePipeline.listActionTypes({ actionOwnerFilter: "ThirdParty" })).actionTypes
        expect(listed.map((t) => t.id.provider)).toEqual(["GitHub", "AlexaSkillsKit", "Partner"])
      }),
    ),
  )

  it.effect("GetActionType and UpdateActionType fail with ActionTypeNotFoundException for unknown types", () =>
    runPartner(
      Effect.gen(function* () {
        const id = { ...partner.id, provider: "Nobody" }
        expect(yield* outcome(CodePipeline.getActionType(id))).toBe("ActionTypeNotFoundException")
        expect(yield* outcome(CodePipeline.updateActionType({ actionType: { ...partner, id } }))).toBe("ActionTypeNotFoundException")
        const badExecutor = { ...partner, executor: { type: "Lambda" as const, configuration: {} } }
        expect(yield* outcome(CodePipeline.updateActionType({ actionType: badExecutor }))).toBe("ValidationException")
      }),
    ),
  )
})

describe("webhooks", () => {
  const definition = (extra: Partial<S.WebhookDefinition> = {}) => webhook("on-push", "release", "{Branch}", extra)
  const github: S.ActionDeclaration = {
    name: "Source",
    actionTypeId: type("Source", "GitHub", "ThirdParty"),
    configuration: { Owner: "acme", Repo: "app", Branch: "main", OAuthToken: "token" },
    outputArtifacts: [{ name: "SourceOutput" }],
  }
  const withGitHub = CodePipeline.createPipeline({
    pipeline: pipeline("release", { stages: [stage("Source", github), stage("Build", { ...pipeline().stages[1]!.actions[0]! })] }),
  })

  it.effect("PutWebhook returns its URL and ARN; ListWebhooks hides the secret", () =>
    run(
      Effect.gen(function* () {
        yield* withGitHub
        const { webhook } = yield* CodePipeline.putWebhook({ webhook: definition(), tags: [{ key: "team", value: "core" }] })
        expect(webhook?.url).toMatch(/^https:\/\/us-east-1\.webhooks\.aws\/trigger\?t=[0-9a-f]+&v=1$/)
        expect(webhook?.arn).toBe("arn:aws:codepipeline:us-east-1:123456789012:webhook:on-push")
        const { webhooks } = yield* CodePipeline.listWebhooks()
        expect(webhooks?.[0]?.definition.authenticationConfiguration).toEqual({ SecretToken: "****" })
        expect(webhooks?.[0]?.tags).toEqual([{ key: "team", value: "core" }])
      }),
    ),
  )

  it.effect("updating a webhook keeps its URL; deleting and re-creating it gives a new one", () =>
    run(
      Effect.gen(function* () {
        yield* withGitHub
        const first = (yield* CodePipeline.putWebhook({ webhook: definition() })).webhook!.url
        const updated = (yield* CodePipeline.putWebhook({ webhook: definition({ filters: [] }) })).webhook!.url
        expect(updated).toBe(first)
        yield* CodePipeline.deleteWebhook({ name: "on-push" })
        expect((yield* CodePipeline.listWebhooks()).webhooks).toEqual([])
        expect((yield* CodePipeline.putWebhook({ webhook: definition() })).webhook!.url).not.toBe(first)
        expect(yield* outcome(CodePipeline.deleteWebhook({ name: "never-existed" }))).toBe("Success")
      }),
    ),
  )

  it.effect("refuses a missing pipeline, bad authentication parameters and bad filters", () =>
    run(
      Effect.gen(function* () {
        yield* withGitHub
        const put = (d: S.WebhookDefinition) => outcome(CodePipeline.putWebhook({ webhook: d }))
        expect(yield* put(definition({ targetPipeline: "nope" }))).toBe("PipelineNotFoundException")
        expect(yield* put(definition({ authenticationConfiguration: {} }))).toBe("InvalidWebhookAuthenticationParametersException")
        expect(yield* put(definition({ authentication: "IP", authenticationConfiguration: { AllowedIPRange: "10.0.0.0/99" } }))).toBe(
          "InvalidWebhookAuthenticationParametersException",
        )
        expect(yield* put(definition({ filters: [{ jsonPath: "ref" }] }))).toBe("InvalidWebhookFilterPatternException")
        expect(yield* put(definition({ targetAction: "Build" }))).toBe("ValidationException")
      }),
    ),
  )

  it.effect("RegisterWebhookWithThirdParty and DeregisterWebhookWithThirdParty accept GitHub webhooks", () =>
    run(
      Effect.gen(function* () {
        yield* withGitHub
        yield* CodePipeline.putWebhook({ webhook: definition() })
        expect(yield* outcome(CodePipeline.registerWebhookWithThirdParty({ webhookName: "on-push" }))).toBe("Success")
        expect(yield* outcome(CodePipeline.deregisterWebhookWithThirdParty({ webhookName: "on-push" }))).toBe("Success")
        expect(yield* outcome(CodePipeline.registerWebhookWithThirdParty({ webhookName: "nope" }))).toBe("WebhookNotFoundException")
        expect(yield* outcome(CodePipeline.deregisterWebhookWithThirdParty({}))).toBe("ValidationException")
      }),
    ),
  )

  it.effect("registration refuses a webhook whose target is not a GitHub source", () =>
    run(
      Effect.gen(function* () {
        yield* CodePipeline.createPipeline({ pipeline: pipeline() })
        yield* CodePipeline.putWebhook({ webhook: definition() })
        expect(yield* outcome(CodePipeline.registerWebhookWithThirdParty({ webhookName: "on-push" }))).toBe("ValidationException")
      }),
    ),
  )

  it.effect("an event at the webhook starts the pipeline and is remembered as lastTriggered", () =>
    run(
      Effect.gen(function* () {
        const controls = yield* CodePipelineInMemory.Controls
        yield* withGitHub
        yield* CodePipeline.putWebhook({ webhook: definition() })
        yield* TestClock.adjust("1 minute")
        const { pipelineExecutionId: id } = yield* controls.triggerWebhook("on-push", {
          payload: { ref: "refs/heads/main" },
          secretToken: "s3cr3t",
        })
        expect((yield* execution("release", id!)).trigger).toEqual({
          triggerType: "Webhook",
          triggerDetail: "arn:aws:codepipeline:us-east-1:123456789012:webhook:on-push",
        })
        expect((yield* CodePipeline.listWebhooks()).webhooks?.[0]?.lastTriggered).toEqual(new Date(60_000))
      }),
    ),
  )

  it.effect("ListWebhooks pages with MaxResults and NextToken", () =>
    run(
      Effect.gen(function* () {
        yield* withGitHub
        for (const name of ["a", "b", "c"]) yield* CodePipeline.putWebhook({ webhook: definition({ name }) })
        const first = yield* CodePipeline.listWebhooks({ MaxResults: 2 })
        const second = yield* CodePipeline.listWebhooks({ MaxResults: 2, NextToken: first.NextToken })
        expect([...first.webhooks!, ...second.webhooks!].map((w) => w.definition.name)).toEqual(["a", "b", "c"])
        expect(yield* outcome(CodePipeline.listWebhooks({ NextToken: "forged" }))).toBe("InvalidNextTokenException")
      }),
    ),
  )
})
