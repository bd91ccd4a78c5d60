/**
 * The two-stage pipeline the emulator's tests seed and create (an S3 source, a manual approval):
 * it runs, then waits for its approval. The core's tests have the same one
 * (`packages/core/test/support/emulator.ts`); this package's tests import nothing from outside it.
 */
import type { PipelineDeclaration } from "@effect-codepipeline/core/Types"

export const pipeline = (name: string): PipelineDeclaration => ({
  name,
  roleArn: "arn:aws:iam::123456789012:role/codepipeline",
  artifactStore: { type: "S3", location: "bucket" },
  stages: [
    {
      name: "Source",
      actions: [
        {
          name: "Source",
          actionTypeId: { category: "Source", owner: "AWS", provider: "S3", version: "1" },
          configuration: { S3Bucket: "b", S3ObjectKey: "k" },
          outputArtifacts: [{ name: "out" }],
        },
      ],
    },
    {
      name: "Approve",
      actions: [{ name: "Approve", actionTypeId: { category: "Approval", owner: "AWS", provider: "Manual", version: "1" } }],
    },
  ],
})
