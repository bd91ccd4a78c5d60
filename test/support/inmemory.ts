/**
 * Fixtures of the in-memory suites: pipeline declarations, readers of a pipeline's state, and a
 * layer that also checks every answer against the model: each output must encode with its
 * operation's output schema (no excess members), and each error must be one its operation models
 * or a common error. A scenario that passes there gets answers the live client would accept.
 */
// Mirror of packages/effect3/test/support/inmemory.ts: the same scenario helpers in each flavor's Effect (each test file must
// resolve its own `effect`, so the two cannot share a body).
import * as Context from "effect/Context"
import type * as Duration from "effect/Duration"
import * as Effect from "effect/Effect"
import * as Layer from "effect/Layer"
import * as Result from "effect/Result"
import * as Schema from "effect/Schema"
import * as TestClock from "effect/testing/TestClock"
import type * as S from "../../src/schema/Schemas.js"
import * as CodePipeline from "../../src/services/CodePipeline.js"
import type * as Operation from "../../src/services/Operation.js"
import { operations } from "../../src/services/operations.js"
import { CodePipelineInMemory } from "../../src/testing/index.js"

const COMMON = new Set([
  "ThrottlingException",
  "AccessDeniedException",
  "UnrecognizedClientException",
  "InvalidSignatureException",
  "ExpiredTokenException",
  "MissingAuthenticationTokenException",
  "InternalFailure",
  "ServiceUnavailable",
  "UnknownServiceError",
  "TransportError",
  "ResponseDecodeError",
  "InputValidationError",
  "CredentialsError",
])

const checked = (service: CodePipeline.Service): CodePipeline.Service => ({
  execute: (operation, input) =>
    service.execute(operation, input).pipe(
      Effect.tap((output) => {
        // The service is handed the callable; its schemas are on the operation's data.
        const schema = (operations as Record<string, Operation.Any>)[operation.name]!.output
        if (schema === undefined) {
          return output === undefined ? Effect.void : Effect.die(new Error(`${operation.name} returned a value for a Unit output`))
        }
        const encoded = Schema.encodeUnknownResult(schema)(output, { onExcessProperty: "error" })
        return Result.isFailure(encoded)
          ? Effect.die(new Error(`${operation.name} output does not match its schema: ${encoded.failure.message}`))
          : Effect.void
      }),
      Effect.tapError((error) => {
        const tag = (error as { _tag?: string })._tag ?? ""
        if (tag === "InternalFailure")
          return Effect.die(new Error(`${operation.name}: in-memory bug: ${(error as { message: string }).message}`))
        return tag in operation.errors || COMMON.has(tag)
          ? Effect.void
          : Effect.die(new Error(`${operation.name} failed with unmodeled ${tag}`))
      }),
    ),
})

/** The in-memory layer, with every answer checked against the model. */
export const layer = (options: CodePipelineInMemory.Options = {}): Layer.Layer<CodePipeline.CodePipeline | CodePipelineInMemory.Controls> =>
  Layer.effectContext(
    Effect.map(CodePipelineInMemory.make(options), ({ controls, service }) =>
      Context.make(CodePipeline.CodePipeline, checked(service)).pipe(Context.add(CodePipelineInMemory.Controls, controls)),
    ),
  )

/** What a test on the in-memory layer may ask for. */
export type Env = CodePipeline.CodePipeline | CodePipelineInMemory.Controls

/** Runs `effect` on a fresh checked in-memory CodePipeline (see {@link layer}) whose pipelines start only when told. */
export const run = <A, E, R>(effect: Effect.Effect<A, E, R>, options: CodePipelineInMemory.Options = {}) =>
  effect.pipe(Effect.provide(layer({ startOnCreate: false, ...options })))

export const ROLE = "arn:aws:iam::123456789012:role/codepipeline"

export const type = (category: S.ActionCategory, provider: string, owner: S.ActionOwner = "AWS", version = "1"): S.ActionTypeId => ({
  category,
  owner,
  provider,
  version,
})

export const source = (name = "Source", output = "SourceOutput", extra: Partial<S.ActionDeclaration> = {}): S.ActionDeclaration => ({
  name,
  actionTypeId: type("Source", "CodeCommit"),
  configuration: { RepositoryName: "app", BranchName: "main" },
  outputArtifacts: [{ name: output }],
  ...extra,
})

export const build = (name = "Build", input = "SourceOutput", extra: Partial<S.ActionDeclaration> = {}): S.ActionDeclaration => ({
  name,
  actionTypeId: type("Build", "CodeBuild"),
  configuration: { ProjectName: name },
  inputArtifacts: [{ name: input }],
  ...extra,
})

export const deploy = (name = "Deploy", input = "SourceOutput", extra: Partial<S.ActionDeclaration> = {}): S.ActionDeclaration => ({
  name,
  actionTypeId: type("Deploy", "CodeDeploy"),
  configuration: { ApplicationName: "app", DeploymentGroupName: "prod" },
  inputArtifacts: [{ name: input }],
  ...extra,
})

export const approval = (name = "Approve", extra: Partial<S.ActionDeclaration> = {}): S.ActionDeclaration => ({
  name,
  actionTypeId: type("Approval", "Manual"),
  ...extra,
})

export const stage = (name: string, ...actions: ReadonlyArray<S.ActionDeclaration>): S.StageDeclaration => ({ name, actions })

/** `declaration` behind a before-entry condition: the stage runs only if every rule passes, and fails if one fails. */
export const gated = (declaration: S.StageDeclaration, ...rules: ReadonlyArray<S.RuleDeclaration>): S.StageDeclaration => ({
  ...declaration,
  beforeEntry: { conditions: [{ result: "FAIL", rules }] },
})

/** Source → Build → Deploy: 90 s end to end with the default 30 s per action. */
export const pipeline = (name = "release", extra: Partial<S.PipelineDeclaration> = {}): S.PipelineDeclaration => ({
  name,
  roleArn: ROLE,
  artifactStore: { type: "S3", location: "artifact-bucket" },
  stages: [stage("Source", source()), stage("Build", build()), stage("Deploy", deploy())],
  ...extra,
})

/** A V2 pipeline with the given stages after a source stage. */
export const v2 = (
  name: string,
  stages: ReadonlyArray<S.StageDeclaration>,
  extra: Partial<S.PipelineDeclaration> = {},
): S.PipelineDeclaration => pipeline(name, { pipelineType: "V2", stages: [stage("Source", source()), ...stages], ...extra })

/**
 * CreateCustomActionType's input for the Jenkins build type (`Custom/Build/Jenkins/1`): one
 * required key property, `Project`, queryable unless told otherwise.
 */
export const jenkinsInput = (queryable = true): S.CreateCustomActionTypeInput => ({
  category: "Build",
  provider: "Jenkins",
  version: "1",
  configurationProperties: [{ name: "Project", required: true, key: true, secret: false, queryable }],
  inputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
  outputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
})

/** A partner's action type, `ThirdParty/Test/<provider>/1`, run by a job worker polling for account 111122223333. */
export const partnerActionType = (provider: string, extra: Partial<S.ActionTypeDeclaration> = {}): S.ActionTypeDeclaration => ({
  executor: { type: "JobWorker", configuration: { jobWorkerExecutorConfiguration: { pollingAccounts: ["111122223333"] } } },
  id: { category: "Test", owner: "ThirdParty", provider, version: "1" },
  inputArtifactDetails: { minimumCount: 0, maximumCount: 1 },
  outputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
  ...extra,
})

/**
 * A GitHub push webhook (HMAC, secret token `s3cr3t`) starting `targetPipeline` through its Source
 * action on a push to `branch` (a name, or `{Variable}` of the source action's configuration).
 */
export const webhook = (
  name: string,
  targetPipeline: string,
  branch: string,
  extra: Partial<S.WebhookDefinition> = {},
): S.WebhookDefinition => ({
  name,
  targetPipeline,
  targetAction: "Source",
  filters: [{ jsonPath: "$.ref", matchEquals: `refs/heads/${branch}` }],
  authentication: "GITHUB_HMAC",
  authenticationConfiguration: { SecretToken: "s3cr3t" },
  ...extra,
})

/** Creates `declaration`, starts an execution of it and lets `elapsed` pass on the test clock: that execution's id. */
export const executionAfter = (declaration: S.PipelineDeclaration, elapsed: Duration.Input) =>
  Effect.gen(function* () {
    yield* CodePipeline.createPipeline({ pipeline: declaration })
    const { pipelineExecutionId } = yield* CodePipeline.startPipelineExecution({ name: declaration.name })
    yield* TestClock.adjust(elapsed)
    return pipelineExecutionId!
  })

/** `Stage:Status` of every stage's latest execution (`Stage:-` when it never ran). */
export const stageStatuses = (name: string) =>
  Effect.map(CodePipeline.getPipelineState({ name }), (state) =>
    (state.stageStates ?? []).map((s) => `${s.stageName}:${s.latestExecution?.status ?? "-"}`),
  )

/** The state of one action, by stage and action name. */
export const actionState = (name: string, stageName: string, actionName: string) =>
  Effect.map(CodePipeline.getPipelineState({ name }), (state) =>
    state.stageStates?.find((s) => s.stageName === stageName)?.actionStates?.find((a) => a.actionName === actionName),
  )

export const stageState = (name: string, stageName: string) =>
  Effect.map(CodePipeline.getPipelineState({ name }), (state) => state.stageStates?.find((s) => s.stageName === stageName))

export const execution = (pipelineName: string, pipelineExecutionId: string) =>
  Effect.map(CodePipeline.getPipelineExecution({ pipelineName, pipelineExecutionId }), (o) => o.pipelineExecution!)

/** The latest execution's id. */
export const latestExecutionId = (pipelineName: string) =>
  Effect.map(
    CodePipeline.listPipelineExecutions({ pipelineName, maxResults: 1 }),
    (o) => o.pipelineExecutionSummaries![0]!.pipelineExecutionId!,
  )

/** `Success`, or the `_tag` of the failure. */
export const outcome = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<string, never, R> =>
  effect.pipe(
    Effect.map(() => "Success"),
    Effect.catch((e) => Effect.succeed(String((e as { _tag?: unknown })._tag))),
  )
