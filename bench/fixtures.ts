/**
 * Wire payloads the benchmark server answers with, and the inputs the clients send. Everything is
 * deterministic so that every run and every client sees the same bytes.
 */

export const REGION = "us-east-1"
export const CREDENTIALS = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY" }
export const PIPELINE_COUNT = 10_000

const T0 = 1_732_000_000 // epoch seconds
const uuid = (i: number) =>
  `${(0x1a2b3c4d + i).toString(16).padStart(8, "0")}-1234-4abc-8def-${(0x100000000000 + i).toString(16).slice(-12)}`

const STAGES = ["Source", "Build", "Test", "Staging", "Approval", "Production"]
const ACTIONS: Record<string, ReadonlyArray<readonly [string, string, string]>> = {
  Source: [
    ["Checkout", "Source", "CodeStarSourceConnection"],
    ["Assets", "Source", "S3"],
    ["Config", "Source", "S3"],
  ],
  Build: [
    ["Compile", "Build", "CodeBuild"],
    ["Lint", "Build", "CodeBuild"],
    ["Package", "Build", "CodeBuild"],
  ],
  Test: [
    ["UnitTests", "Test", "CodeBuild"],
    ["IntegrationTests", "Test", "CodeBuild"],
    ["Security", "Test", "CodeBuild"],
  ],
  Staging: [
    ["DeployApi", "Deploy", "CloudFormation"],
    ["DeployWeb", "Deploy", "S3"],
    ["Smoke", "Test", "CodeBuild"],
  ],
  Approval: [
    ["Manual", "Approval", "Manual"],
    ["Notify", "Invoke", "Lambda"],
    ["ChangeSet", "Deploy", "CloudFormation"],
  ],
  Production: [
    ["DeployApi", "Deploy", "CloudFormation"],
    ["DeployWeb", "Deploy", "S3"],
    ["Verify", "Test", "CodeBuild"],
  ],
}

/** `GetPipelineState` response body: 6 stages × 3 actions with executions and timestamps. */
export const pipelineStateBody = {
  pipelineName: "release-pipeline",
  pipelineVersion: 7,
  created: T0 - 86_400 * 30 + 0.123,
  updated: T0 - 3_600 + 0.456,
  stageStates: STAGES.map((stage, s) => ({
    stageName: stage,
    inboundTransitionState: { enabled: true, lastChangedAt: T0 - 7_200 + s + 0.5 },
    actionStates: ACTIONS[stage]!.map(([action], a) => ({
      actionName: action,
      currentRevision: s === 0 ? { revisionId: `a1b2c3d4e5f6${a}`, revisionChangeId: `chg-${a}`, created: T0 - 600 + a } : undefined,
      latestExecution: {
        actionExecutionId: uuid(s * 10 + a),
        status: s < 5 ? "Succeeded" : "InProgress",
        summary: `${action} finished`,
        lastStatusChange: T0 - 500 + s * 30 + a + 0.789,
        externalExecutionId: `exec-${s}-${a}`,
        externalExecutionUrl: `https://console.aws.amazon.com/codesuite/${stage}/${action}`,
      },
      entityUrl: `https://console.aws.amazon.com/codesuite/codebuild/projects/${action}`,
    })),
    latestExecution: { pipelineExecutionId: uuid(1000), status: s < 5 ? "Succeeded" : "InProgress" },
  })),
}

/** A realistic V2 pipeline: 6 stages, variables, triggers, tags. Valid against the model. */
export const pipelineDeclaration = {
  name: "release-pipeline",
  roleArn: "arn:aws:iam::123456789012:role/service-role/codepipeline-release",
  artifactStore: { type: "S3", location: "codepipeline-us-east-1-artifacts" },
  pipelineType: "V2",
  executionMode: "QUEUED",
  variables: [
    { name: "Environment", defaultValue: "production", description: "Target environment" },
    { name: "ImageTag", defaultValue: "latest", description: "Container image tag" },
    { name: "Region", defaultValue: "us-east-1" },
  ],
  triggers: [
    {
      providerType: "CodeStarSourceConnection",
      gitConfiguration: {
        sourceActionName: "Checkout",
        push: [{ branches: { includes: ["main", "release/*"] }, filePaths: { excludes: ["docs/**"] } }],
        pullRequest: [{ events: ["OPEN", "UPDATED"], branches: { includes: ["main"] } }],
      },
    },
  ],
  stages: STAGES.map((stage, s) => ({
    name: stage,
    actions: ACTIONS[stage]!.map(([action, category, provider], a) => ({
      name: action,
      actionTypeId: { category, owner: "AWS", provider, version: "1" },
      runOrder: a + 1,
      configuration:
        category === "Source"
          ? {
              ConnectionArn: "arn:aws:codestar-connections:us-east-1:123456789012:connection/abcd",
              FullRepositoryId: "acme/app",
              BranchName: "main",
            }
          : { ProjectName: `${stage}-${action}`, EnvironmentVariables: '[{"name":"STAGE","value":"#{variables.Environment}"}]' },
      ...(s === 0 ? { outputArtifacts: [{ name: `${action}Output` }] } : { inputArtifacts: [{ name: "CheckoutOutput" }] }),
      ...(category === "Build" ? { outputArtifacts: [{ name: `${action}Artifact` }], namespace: `${stage}${action}` } : {}),
      roleArn: "arn:aws:iam::123456789012:role/codepipeline-action",
      region: "us-east-1",
    })),
    ...(s >= 3 ? { onFailure: { result: "ROLLBACK" } } : {}),
  })),
}

export const createPipelineInput = {
  pipeline: pipelineDeclaration,
  tags: [
    { key: "team", value: "platform" },
    { key: "cost-center", value: "1234" },
  ],
}

export const listPipelinesPage = (offset: number, size: number) => {
  const end = Math.min(PIPELINE_COUNT, offset + size)
  const pipelines: Array<object> = []
  for (let i = offset; i < end; i++) {
    pipelines.push({
      name: `pipeline-${i.toString().padStart(5, "0")}`,
      version: 1 + (i % 7),
      pipelineType: i % 3 === 0 ? "V1" : "V2",
      executionMode: "QUEUED",
      created: T0 - i,
      updated: T0 - i + 0.5,
    })
  }
  return end < PIPELINE_COUNT ? { pipelines, nextToken: `t${end}` } : { pipelines }
}

/** A 3-stage pipeline (source, build, deploy) for the in-memory benchmarks (`inmemory.ts` of each flavor). */
export const inMemoryPipeline = (name: string) => ({
  name,
  roleArn: "arn:aws:iam::123456789012:role/codepipeline",
  artifactStore: { type: "S3" as const, location: "artifacts" },
  stages: [
    {
      name: "Source",
      actions: [
        {
          name: "Checkout",
          actionTypeId: { category: "Source" as const, owner: "AWS" as const, provider: "CodeCommit", version: "1" },
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
          actionTypeId: { category: "Build" as const, owner: "AWS" as const, provider: "CodeBuild", version: "1" },
          configuration: { ProjectName: "shop" },
          inputArtifacts: [{ name: "Code" }],
        },
      ],
    },
    {
      name: "Deploy",
      actions: [
        {
          name: "Production",
          actionTypeId: { category: "Deploy" as const, owner: "AWS" as const, provider: "CodeDeploy", version: "1" },
          configuration: { ApplicationName: "shop", DeploymentGroupName: "prod" },
          inputArtifacts: [{ name: "Code" }],
        },
      ],
    },
  ],
})
