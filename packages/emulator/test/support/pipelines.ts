/**
 * The pipelines the emulator's tests create, from a few pieces (a source, a build, an approval, a
 * stage of one action, a pipeline with the tests' role), so that each test writes only what its
 * pipeline has of its own. The core's tests build theirs the same way
 * (`packages/core/test/support/pipelines.ts`); this package's tests import nothing from outside it.
 */
import type {
  ActionDeclaration,
  ActionTypeId,
  PipelineDeclaration,
  StageDeclaration,
  WebhookDefinition,
} from "@effect-codepipeline/core/Types"

/** An action type at version 1, AWS's unless told. */
export const actionType = (category: ActionTypeId["category"], provider: string, owner: ActionTypeId["owner"] = "AWS"): ActionTypeId => ({
  category,
  owner,
  provider,
  version: "1",
})

/** The source action, `Source`, of `type`: it writes the artifact `out`. */
export const source = (type: ActionTypeId, configuration: Record<string, string>): ActionDeclaration => ({
  name: "Source",
  actionTypeId: type,
  configuration,
  outputArtifacts: [{ name: "out" }],
})

/** A build action of `type` (named `Build` unless told): it reads the source's artifact `out`. */
export const build = (type: ActionTypeId, configuration: Record<string, string>, name = "Build"): ActionDeclaration => ({
  name,
  actionTypeId: type,
  configuration,
  inputArtifacts: [{ name: "out" }],
})

/** A manual approval, `Approve`. */
export const approval: ActionDeclaration = { name: "Approve", actionTypeId: actionType("Approval", "Manual") }

/** A stage of one action. */
export const stage = (name: string, action: ActionDeclaration): StageDeclaration => ({ name, actions: [action] })

/** A pipeline of `stages` with the tests' role and an S3 artifact store. */
export const declarationOf = (
  name: string,
  stages: ReadonlyArray<StageDeclaration>,
  extra: Partial<PipelineDeclaration> = {},
): PipelineDeclaration => ({
  name,
  roleArn: "arn:aws:iam::123456789012:role/codepipeline",
  artifactStore: { type: "S3", location: "bucket" },
  stages,
  ...extra,
})

/**
 * The two-stage pipeline most of the emulator's tests create: an S3 source (the object `k` in the
 * bucket `b` unless told) and a manual approval. It runs, then waits for its approval.
 */
export const pipeline = (name: string, configuration: Record<string, string> = { S3Bucket: "b", S3ObjectKey: "k" }): PipelineDeclaration =>
  declarationOf(name, [stage("Source", source(actionType("Source", "S3"), configuration)), stage("Approve", approval)])

/** A webhook, `name`, that starts `targetPipeline` from its `Source` for a push to main signed with GitHub's HMAC and the secret `s3cr3t`. */
export const webhook = (name: string, targetPipeline: string): WebhookDefinition => ({
  name,
  targetPipeline,
  targetAction: "Source",
  filters: [{ jsonPath: "$.ref", matchEquals: "refs/heads/main" }],
  authentication: "GITHUB_HMAC",
  authenticationConfiguration: { SecretToken: "s3cr3t" },
})
