/**
 * The pieces the core's tests build their pipelines from: a source, a build, an approval, a stage
 * of one action and a pipeline with the tests' role, so that each test file writes only what its
 * pipeline has of its own. The emulator's tests keep their own (`packages/emulator/test/support/pipelines.ts`):
 * they import nothing from outside their package.
 */
import type * as T from "../../src/Types.js"

export const ROLE = "arn:aws:iam::123456789012:role/codepipeline"

/** An action type at version 1, AWS's unless told. */
export const actionType = (category: T.ActionCategory, provider: string, owner: T.ActionOwner = "AWS"): T.ActionTypeId => ({
  category,
  owner,
  provider,
  version: "1",
})

const source =
  (name: string, provider: string, configuration: Record<string, string>, output: string) =>
  (extra: Partial<T.ActionDeclaration> = {}): T.ActionDeclaration => ({
    name,
    actionTypeId: actionType("Source", provider),
    configuration: { ...configuration },
    outputArtifacts: [{ name: output }],
    ...extra,
  })

/** A CodeCommit source, `Checkout`, of the `shop` repository's main branch into the artifact `Code`. */
export const codeCommit = source("Checkout", "CodeCommit", { RepositoryName: "shop", BranchName: "main" }, "Code")

/** An S3 source, `Source`, of the object `k` in the bucket `b` into the artifact `out`. */
export const s3Source = source("Source", "S3", { S3Bucket: "b", S3ObjectKey: "k" }, "out")

/** A CodeBuild build, `Compile`, of the project `shop` from the artifact `Code`. */
export const codeBuild = (extra: Partial<T.ActionDeclaration> = {}): T.ActionDeclaration => ({
  name: "Compile",
  actionTypeId: actionType("Build", "CodeBuild"),
  configuration: { ProjectName: "shop" },
  inputArtifacts: [{ name: "Code" }],
  ...extra,
})

/** A manual approval. */
export const approval = (name = "Manager"): T.ActionDeclaration => ({ name, actionTypeId: actionType("Approval", "Manual") })

/** A stage of `actions`. */
export const stage = (name: string, ...actions: ReadonlyArray<T.ActionDeclaration>): T.StageDeclaration => ({ name, actions })

/** A pipeline of `stages` with the tests' role and an S3 artifact store. */
export const declaration = (
  name: string,
  stages: ReadonlyArray<T.StageDeclaration>,
  extra: Partial<T.PipelineDeclaration> = {},
): T.PipelineDeclaration => ({
  name,
  roleArn: ROLE,
  artifactStore: { type: "S3", location: "artifacts" },
  stages,
  ...extra,
})

/** A rule of a stage's condition. */
export const ruleDeclaration = (
  name: string,
  provider: string,
  configuration: Record<string, string>,
  extra: Partial<T.RuleDeclaration> = {},
): T.RuleDeclaration => ({ name, ruleTypeId: { category: "Rule", owner: "AWS", provider, version: "1" }, configuration, ...extra })

/** A webhook, `hook`, that starts `targetPipeline` from its source `targetAction` on any event, unauthenticated. */
export const webhook = (targetPipeline: string, targetAction: string, extra: Partial<T.WebhookDefinition> = {}): T.WebhookDefinition => ({
  name: "hook",
  targetPipeline,
  targetAction,
  filters: [],
  authentication: "UNAUTHENTICATED",
  authenticationConfiguration: {},
  ...extra,
})
