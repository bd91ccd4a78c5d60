/** Fixtures of the in-memory suites: a Source → Build → Deploy pipeline and readers of its state. */
import * as Effect from "effect/Effect"
import type * as S from "../../src/schema/shapes.js"
import * as CodePipeline from "../../src/services/CodePipeline.js"

export const ROLE = "arn:aws:iam::123456789012:role/codepipeline"

const type = (category: S.ActionCategory, provider: string): S.ActionTypeId => ({ category, owner: "AWS", provider, version: "1" })

/** Source → Build → Deploy: 90 s end to end with the default 30 s per action. */
export const pipeline = (name = "release"): S.PipelineDeclaration => ({
  name,
  roleArn: ROLE,
  artifactStore: { type: "S3", location: "artifact-bucket" },
  stages: [
    {
      name: "Source",
      actions: [
        {
          name: "Source",
          actionTypeId: type("Source", "CodeCommit"),
          configuration: { RepositoryName: "app", BranchName: "main" },
          outputArtifacts: [{ name: "SourceOutput" }],
        },
      ],
    },
    {
      name: "Build",
      actions: [
        {
          name: "Build",
          actionTypeId: type("Build", "CodeBuild"),
          configuration: { ProjectName: "Build" },
          inputArtifacts: [{ name: "SourceOutput" }],
        },
      ],
    },
    {
      name: "Deploy",
      actions: [
        {
          name: "Deploy",
          actionTypeId: type("Deploy", "CodeDeploy"),
          configuration: { ApplicationName: "app", DeploymentGroupName: "prod" },
          inputArtifacts: [{ name: "SourceOutput" }],
        },
      ],
    },
  ],
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

/** `Success`, or the `_tag` of the failure. */
export const outcome = <A, E, R>(effect: Effect.Effect<A, E, R>): Effect.Effect<string, never, R> =>
  effect.pipe(
    Effect.map(() => "Success"),
    Effect.catch((e) => Effect.succeed(String((e as { _tag?: unknown })._tag))),
  )
