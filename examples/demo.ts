/**
 * The demo: a release pipeline on the in-memory CodePipeline, no AWS account needed.
 *
 * It registers a custom "Compiler" action served by a JobWorker, creates a pipeline
 * Source → Build (custom) → Approve (manual) → Deploy, watches the execution that CreatePipeline
 * starts, approves the release when it waits for approval, and prints the final state.
 *
 * Run: npm start
 */
import { Console, Effect, Layer, Schedule } from "effect"
import { CodePipeline, JobWorker } from "effect-codepipeline"
import type * as Schemas from "effect-codepipeline/Schemas"
import { CodePipelineInMemory } from "effect-codepipeline/testing"

const compiler = { category: "Build", owner: "Custom", provider: "Compiler", version: "1" } as const

const declaration: Schemas.PipelineDeclaration = {
  name: "release",
  pipelineType: "V2",
  roleArn: "arn:aws:iam::123456789012:role/codepipeline",
  artifactStore: { type: "S3", location: "release-artifacts" },
  stages: [
    {
      name: "Source",
      actions: [
        {
          name: "Checkout",
          actionTypeId: { category: "Source", owner: "AWS", provider: "CodeCommit", version: "1" },
          configuration: { RepositoryName: "shop", BranchName: "main" },
          outputArtifacts: [{ name: "Code" }],
        },
      ],
    },
    {
      name: "Build",
      actions: [
        {
          name: "Compile",
          actionTypeId: compiler,
          configuration: { Target: "linux-x64" },
          inputArtifacts: [{ name: "Code" }],
          outputArtifacts: [{ name: "Binary" }],
        },
      ],
    },
    {
      name: "Approve",
      actions: [{ name: "ReleaseManager", actionTypeId: { category: "Approval", owner: "AWS", provider: "Manual", version: "1" } }],
    },
    {
      name: "Deploy",
      actions: [
        {
          name: "Production",
          actionTypeId: { category: "Deploy", owner: "AWS", provider: "CodeDeploy", version: "1" },
          configuration: { ApplicationName: "shop", DeploymentGroupName: "prod" },
          inputArtifacts: [{ name: "Binary" }],
        },
      ],
    },
  ],
}

/** The custom action: "compiles" in two steps, the first reported with a continuation token. */
const worker = JobWorker.layer({
  actionTypeId: compiler,
  pollInterval: "100 millis",
  maxPollInterval: "200 millis",
  handler: (job) =>
    job.continuationToken === undefined
      ? Effect.as(Console.log(`  worker: compiling ${job.configuration.Target} (job ${job.id.slice(0, 8)}…), half done`), {
          continuationToken: "compiled-50%",
          executionDetails: { summary: "Compiling", percentComplete: 50 },
        })
      : Effect.as(Console.log(`  worker: finished compiling (continued from ${job.continuationToken})`), {
          outputVariables: { VERSION: "2.4.0" },
          executionDetails: { summary: "Built shop 2.4.0", externalExecutionId: "build-2.4.0" },
        }),
})

const line = (state: Schemas.GetPipelineStateOutput) =>
  (state.stageStates ?? []).map((s) => `${s.stageName} ${s.latestExecution?.status ?? "·"}`).join("  →  ")

const main = Effect.gen(function* () {
  yield* CodePipeline.createCustomActionType({
    category: "Build",
    provider: "Compiler",
    version: "1",
    configurationProperties: [{ name: "Target", required: true, key: true, secret: false }],
    inputArtifactDetails: { minimumCount: 1, maximumCount: 1 },
    outputArtifactDetails: { minimumCount: 1, maximumCount: 1 },
  })
  const { pipeline } = yield* CodePipeline.createPipeline({ pipeline: declaration })
  yield* Console.log(`Created pipeline ${pipeline?.name} (version ${pipeline?.version}); CreatePipeline started an execution.\n`)

  let last = ""
  let approved = false
  const watch = Effect.gen(function* () {
    const state = yield* CodePipeline.getPipelineState({ name: "release" })
    const now = line(state)
    if (now !== last) yield* Console.log(now)
    last = now
    const approval = state.stageStates?.find((s) => s.stageName === "Approve")?.actionStates?.[0]?.latestExecution
    if (!approved && approval?.status === "InProgress" && approval.token !== undefined) {
      yield* Console.log("  release manager: approving")
      yield* CodePipeline.putApprovalResult({
        pipelineName: "release",
        stageName: "Approve",
        actionName: "ReleaseManager",
        token: approval.token,
        result: { status: "Approved", summary: "Ship it" },
      })
      approved = true
    }
    const [latest] =
      (yield* CodePipeline.listPipelineExecutions({ pipelineName: "release", maxResults: 1 })).pipelineExecutionSummaries ?? []
    return latest?.status
  })
  yield* watch.pipe(
    Effect.repeat({ schedule: Schedule.spaced("100 millis"), until: (s) => s !== "InProgress" }),
    Effect.timeout("30 seconds"),
  )
  const status = yield* watch

  const state = yield* CodePipeline.getPipelineState({ name: "release" })
  yield* Console.log(`\nExecution ${status}. Final state of "release" (version ${state.pipelineVersion}):`)
  for (const stage of state.stageStates ?? []) {
    for (const action of stage.actionStates ?? []) {
      const e = action.latestExecution
      yield* Console.log(
        `  ${(stage.stageName ?? "").padEnd(8)} ${(action.actionName ?? "").padEnd(15)} ${(e?.status ?? "-").padEnd(10)} ${e?.summary ?? ""}`,
      )
    }
  }
  const [build] =
    (yield* CodePipeline.listActionExecutions({ pipelineName: "release", filter: {} })).actionExecutionDetails?.filter(
      (d) => d.actionName === "Compile",
    ) ?? []
  yield* Console.log(`\nOutput variables of Compile: ${JSON.stringify(build?.output?.outputVariables ?? {})}`)
})

// Simulated AWS actions take half a second here (30 s by default) so that the demo runs in seconds.
const inMemory = CodePipelineInMemory.layer({ actionDuration: "500 millis" })

Effect.runPromise(main.pipe(Effect.provide(Layer.provideMerge(worker, inMemory)))).catch((error) => {
  console.error(error)
  process.exitCode = 1
})
