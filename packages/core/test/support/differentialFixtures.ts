/**
 * Hand-written, realistic inputs for both flavors' request differential (`verification.requests.slow.test.ts`):
 * what programs actually send, as opposed to what the schemas' arbitraries draw. Full V1 and V2
 * pipeline declarations (variables, triggers with git filters, stage conditions with rules, rollback
 * and retry on failure, commands actions, cross-region artifact stores), job results, webhooks,
 * custom action types, filters, and timestamps with millisecond fractions.
 */
import type { OperationCodec } from "../../src/Codec.js"
import type { operations } from "../../src/Operations.js"

type Name = keyof typeof operations
type Input<K extends Name> = (typeof operations)[K] extends OperationCodec<infer I, any> ? I : never

/** A realistic input of an operation, as the core holds it (plain strings, `Date`s). */
export interface Fixture {
  readonly label: string
  readonly operation: Name
  readonly input: unknown
}

const fixture = <K extends Name>(label: string, operation: K, input: Input<K>): Fixture => ({ label, operation, input })

const account = "123456789012"
const role = `arn:aws:iam::${account}:role/CodePipelineServiceRole`
const executionId = "3f8c7a52-1b2d-4c3e-9f4a-5b6c7d8e9f01"
const jobId = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d"

const sourceStage = {
  name: "Source",
  actions: [
    {
      name: "Source",
      actionTypeId: { category: "Source", owner: "AWS", provider: "CodeStarSourceConnection", version: "1" },
      runOrder: 1,
      configuration: {
        ConnectionArn: `arn:aws:codestar-connections:eu-west-1:${account}:connection/8f0e6a1c-2b3d-4e5f-a6b7-c8d9e0f1a2b3`,
        FullRepositoryId: "acme/storefront",
        BranchName: "main",
        OutputArtifactFormat: "CODE_ZIP",
        DetectChanges: "false",
      },
      outputArtifacts: [{ name: "SourceOutput" }],
      namespace: "SourceVariables",
      region: "eu-west-1",
    },
  ],
} as const

// The declarations are written out in full, as a team writes them, rather than built from helpers:
// their actions and rules look alike because real pipelines' do, and each field is an input under test.
export const pipelineV1 = {
  name: "storefront-release",
  roleArn: role,
  artifactStore: {
    type: "S3",
    location: "codepipeline-eu-west-1-artifacts",
    encryptionKey: { id: `arn:aws:kms:eu-west-1:${account}:key/1234abcd-12ab-34cd-56ef-1234567890ab`, type: "KMS" },
  },
  stages: [
    {
      name: "Source",
      actions: [
        {
          name: "Source",
          actionTypeId: { category: "Source", owner: "AWS", provider: "S3", version: "1" },
          configuration: { S3Bucket: "acme-sources", S3ObjectKey: "storefront/source.zip", PollForSourceChanges: "false" },
          outputArtifacts: [{ name: "SourceArtifact" }],
          runOrder: 1,
        },
      ],
    },
    {
      name: "Build",
      actions: [
        {
          name: "Build",
          actionTypeId: { category: "Build", owner: "AWS", provider: "CodeBuild", version: "1" },
          configuration: {
            ProjectName: "storefront-build",
            EnvironmentVariables: JSON.stringify([{ name: "STAGE", value: "prod", type: "PLAINTEXT" }]),
          },
          inputArtifacts: [{ name: "SourceArtifact" }],
          outputArtifacts: [{ name: "BuildArtifact" }],
          namespace: "BuildVariables",
          runOrder: 1,
        },
        {
          name: "UnitTests",
          actionTypeId: { category: "Test", owner: "AWS", provider: "CodeBuild", version: "1" },
          configuration: { ProjectName: "storefront-tests" },
          inputArtifacts: [{ name: "SourceArtifact" }],
          runOrder: 1,
        },
      ],
    },
    {
      name: "Approve",
      actions: [
        {
          name: "Manual-approval",
          actionTypeId: { category: "Approval", owner: "AWS", provider: "Manual", version: "1" },
          configuration: {
            CustomData: "Ship #{BuildVariables.IMAGE_TAG} to production? Änderungen prüfen — 確認してください",
            NotificationArn: `arn:aws:sns:eu-west-1:${account}:release-approvals`,
            ExternalEntityLink: "https://ci.example.com/builds/#{BuildVariables.BUILD_ID}",
          },
          timeoutInMinutes: 60,
        },
      ],
    },
    {
      name: "Deploy",
      actions: [
        {
          name: "Deploy-stack",
          actionTypeId: { category: "Deploy", owner: "AWS", provider: "CloudFormation", version: "1" },
          roleArn: `arn:aws:iam::${account}:role/CloudFormationDeployRole`,
          configuration: {
            ActionMode: "CREATE_UPDATE",
            StackName: "storefront",
            TemplatePath: "BuildArtifact::packaged.yaml",
            Capabilities: "CAPABILITY_IAM,CAPABILITY_AUTO_EXPAND",
            ParameterOverrides: JSON.stringify({ ImageTag: "#{BuildVariables.IMAGE_TAG}" }),
            RoleArn: `arn:aws:iam::${account}:role/CloudFormationExecutionRole`,
          },
          inputArtifacts: [{ name: "BuildArtifact" }],
          region: "eu-west-1",
          runOrder: 1,
        },
      ],
    },
  ],
  version: 1,
  pipelineType: "V1",
} as const

export const pipelineV2 = {
  name: "storefront-v2",
  roleArn: role,
  artifactStores: {
    "eu-west-1": { type: "S3", location: "codepipeline-eu-west-1-artifacts" },
    "us-east-1": {
      type: "S3",
      location: "codepipeline-us-east-1-artifacts",
      encryptionKey: { id: "alias/codepipeline-us-east-1", type: "KMS" },
    },
  },
  pipelineType: "V2",
  executionMode: "QUEUED",
  version: 7,
  variables: [
    { name: "DeployEnvironment", defaultValue: "staging", description: "Target environment: staging or production" },
    { name: "ReleaseNote", defaultValue: "Standard release — no migration", description: "Shown in the approval e-mail (日本語 OK)" },
    { name: "FeatureFlags" },
  ],
  triggers: [
    {
      providerType: "CodeStarSourceConnection",
      gitConfiguration: {
        sourceActionName: "Source",
        push: [
          { tags: { includes: ["v*", "release-*"], excludes: ["v*-rc*"] } },
          {
            branches: { includes: ["main", "release/**"], excludes: ["release/legacy-*"] },
            filePaths: { includes: ["src/**", "package.json"], excludes: ["docs/**", "**/*.md"] },
          },
        ],
        pullRequest: [
          {
            events: ["OPEN", "UPDATED"],
            branches: { includes: ["main"] },
            filePaths: { includes: ["src/**"] },
          },
          { events: ["CLOSED"], branches: { includes: ["main"], excludes: ["experimental/*"] } },
        ],
      },
    },
  ],
  stages: [
    sourceStage,
    {
      name: "Build",
      actions: [
        {
          name: "Build-and-test",
          actionTypeId: { category: "Compute", owner: "AWS", provider: "Commands", version: "1" },
          commands: ["npm ci", "npm test -- --reporter=dot", 'echo "IMAGE_TAG=$(git rev-parse --short HEAD)" >> vars.env'],
          inputArtifacts: [{ name: "SourceOutput" }],
          outputArtifacts: [{ name: "BuildOutput", files: ["dist/**/*", "appspec.yml"] }],
          outputVariables: ["IMAGE_TAG", "BUILD_ID"],
          environmentVariables: [
            { name: "NODE_ENV", value: "production", type: "PLAINTEXT" },
            { name: "NPM_TOKEN", value: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:npm-token", type: "SECRETS_MANAGER" },
          ],
          namespace: "BuildVariables",
          timeoutInMinutes: 30,
          runOrder: 1,
        },
      ],
      onFailure: {
        result: "RETRY",
        retryConfiguration: { retryMode: "FAILED_ACTIONS" },
      },
    },
    {
      name: "Deploy-staging",
      beforeEntry: {
        conditions: [
          {
            result: "FAIL",
            rules: [
              {
                name: "Change-window",
                ruleTypeId: { category: "Rule", owner: "AWS", provider: "DeploymentWindow", version: "1" },
                configuration: { Cron: "0 9-17 ? * MON-FRI *", TimeZone: "Europe/Berlin" },
              },
              {
                name: "Variables-check",
                ruleTypeId: { category: "Rule", owner: "AWS", provider: "VariableCheck", version: "1" },
                configuration: { Variable: "#{variables.DeployEnvironment}", Value: "staging", Operator: "EQ" },
              },
            ],
          },
        ],
      },
      actions: [
        {
          name: "Deploy",
          actionTypeId: { category: "Deploy", owner: "AWS", provider: "ECS", version: "1" },
          configuration: { ClusterName: "storefront-staging", ServiceName: "web", FileName: "imagedefinitions.json" },
          inputArtifacts: [{ name: "BuildOutput" }],
          region: "us-east-1",
          roleArn: `arn:aws:iam::${account}:role/CrossRegionDeployRole`,
        },
      ],
      onSuccess: {
        conditions: [
          {
            result: "ROLLBACK",
            rules: [
              {
                name: "Alarms-quiet",
                ruleTypeId: { category: "Rule", owner: "AWS", provider: "CloudWatchAlarm", version: "1" },
                configuration: { AlarmName: "storefront-5xx", WaitTime: "5" },
                region: "us-east-1",
                roleArn: `arn:aws:iam::${account}:role/RuleRole`,
              },
            ],
          },
        ],
      },
      onFailure: {
        result: "ROLLBACK",
        conditions: [
          {
            result: "ROLLBACK",
            rules: [
              {
                name: "Lambda-verdict",
                ruleTypeId: { category: "Rule", owner: "AWS", provider: "LambdaInvoke", version: "1" },
                configuration: { FunctionName: "release-verdict" },
                inputArtifacts: [{ name: "BuildOutput" }],
                timeoutInMinutes: 10,
              },
              {
                name: "Smoke-commands",
                ruleTypeId: { category: "Rule", owner: "AWS", provider: "Commands", version: "1" },
                commands: ["curl -fsS https://staging.example.com/health"],
              },
            ],
          },
        ],
      },
    },
    {
      name: "Deploy-production",
      blockers: [{ name: "Freeze", type: "Schedule" }],
      actions: [
        {
          name: "Deploy",
          actionTypeId: { category: "Deploy", owner: "AWS", provider: "ECS", version: "1" },
          configuration: { ClusterName: "storefront-prod", ServiceName: "web" },
          inputArtifacts: [{ name: "BuildOutput" }],
        },
      ],
      onFailure: { result: "ROLLBACK" },
    },
  ],
} as const

// A millisecond fraction that binary floating point cannot hold exactly in seconds.
const created = new Date(Date.UTC(2024, 1, 29, 23, 59, 59, 999))

export const fixtures: ReadonlyArray<Fixture> = [
  fixture("CreatePipeline: a V1 pipeline (S3 source, CodeBuild, manual approval, CloudFormation)", "CreatePipeline", {
    pipeline: pipelineV1,
    tags: [
      { key: "team", value: "storefront" },
      { key: "cost-center", value: "" },
    ],
  }),
  fixture("CreatePipeline: a V2 pipeline (variables, git triggers, stage conditions, rollback)", "CreatePipeline", {
    pipeline: pipelineV2,
  }),
  fixture("UpdatePipeline: the V2 pipeline", "UpdatePipeline", { pipeline: { ...pipelineV2, version: 8 } }),
  fixture("StartPipelineExecution: variables, source revisions and a token", "StartPipelineExecution", {
    name: "storefront-v2",
    variables: [
      { name: "DeployEnvironment", value: "production" },
      { name: "ReleaseNote", value: 'Hotfix: ünïcödé and "quotes" and \\ backslashes' },
    ],
    sourceRevisions: [{ actionName: "Source", revisionType: "COMMIT_ID", revisionValue: "9fceb02d0ae598e95dc970b74767f19372d61af8" }],
    clientRequestToken: "release-2024-02-29-1",
  }),
  fixture("StopPipelineExecution: abandon with a reason", "StopPipelineExecution", {
    pipelineName: "storefront-v2",
    pipelineExecutionId: executionId,
    abandon: true,
    reason: "Bad build pushed by mistake",
  }),
  fixture("StopPipelineExecution: abandon false (a default value sent explicitly)", "StopPipelineExecution", {
    pipelineName: "storefront-v2",
    pipelineExecutionId: executionId,
    abandon: false,
  }),
  fixture("PutJobSuccessResult: revision, continuation, details, output variables", "PutJobSuccessResult", {
    jobId,
    currentRevision: { revision: "v1.4.2", changeIdentifier: "9fceb02", created, revisionSummary: "Release 1.4.2" },
    continuationToken: "step-2-of-3",
    executionDetails: { summary: "Deployed 3 of 5 hosts", externalExecutionId: "deploy-8841", percentComplete: 60 },
    outputVariables: { DEPLOY_ID: "deploy-8841", HOSTS: "3" },
  }),
  fixture("PutJobFailureResult", "PutJobFailureResult", {
    jobId,
    failureDetails: { type: "ConfigurationError", message: "Missing parameter: StackName", externalExecutionId: "deploy-8842" },
  }),
  fixture("PutThirdPartyJobSuccessResult: a created date with milliseconds", "PutThirdPartyJobSuccessResult", {
    jobId: "third-party-job-77",
    clientToken: "client-token-77",
    currentRevision: { revision: "r77", changeIdentifier: "c77", created },
    executionDetails: { percentComplete: 100 },
  }),
  fixture("PutActionRevision: a created date with milliseconds", "PutActionRevision", {
    pipelineName: "storefront-release",
    stageName: "Source",
    actionName: "Source",
    actionRevision: { revisionId: "3xAmPlE-vErSiOn", revisionChangeId: "etag-1", created },
  }),
  fixture("PutApprovalResult", "PutApprovalResult", {
    pipelineName: "storefront-release",
    stageName: "Approve",
    actionName: "Manual-approval",
    result: { summary: "Looks good — approved by on-call (Überprüft)", status: "Approved" },
    token: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
  }),
  fixture("PutWebhook: filters, authentication and tags", "PutWebhook", {
    webhook: {
      name: "storefront-push",
      targetPipeline: "storefront-release",
      targetAction: "Source",
      filters: [{ jsonPath: "$.ref", matchEquals: "refs/heads/{Branch}" }, { jsonPath: "$.repository.name" }],
      authentication: "GITHUB_HMAC",
      authenticationConfiguration: { SecretToken: "webhook-shared-secret" },
    },
    tags: [{ key: "team", value: "storefront" }],
  }),
  fixture("CreateCustomActionType: properties, settings, artifact details, tags", "CreateCustomActionType", {
    category: "Deploy",
    provider: "AcmeDeployer",
    version: "2",
    settings: {
      entityUrlTemplate: "https://deploy.example.com/apps/{Config:AppName}",
      executionUrlTemplate: "https://deploy.example.com/runs/{ExternalExecutionId}",
    },
    configurationProperties: [
      { name: "AppName", required: true, key: true, secret: false, queryable: true, description: "Application", type: "String" },
      { name: "ApiKey", required: true, key: false, secret: true, type: "String" },
      { name: "Replicas", required: false, key: false, secret: false, type: "Number" },
    ],
    inputArtifactDetails: { minimumCount: 1, maximumCount: 1 },
    outputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
    tags: [{ key: "owner", value: "platform" }],
  }),
  fixture("UpdateActionType: a full action type declaration", "UpdateActionType", {
    actionType: {
      description: "Deploys with Acme",
      executor: {
        configuration: { lambdaExecutorConfiguration: { lambdaFunctionArn: `arn:aws:lambda:eu-west-1:${account}:function:acme-deployer` } },
        type: "Lambda",
        policyStatementsTemplate: JSON.stringify({ Effect: "Allow", Action: ["s3:GetObject"], Resource: "*" }),
        jobTimeout: 3600,
      },
      id: { category: "Deploy", owner: "ThirdParty", provider: "AcmeDeployer", version: "2" },
      inputArtifactDetails: { minimumCount: 1, maximumCount: 1 },
      outputArtifactDetails: { minimumCount: 0, maximumCount: 0 },
      permissions: { allowedAccounts: [account, "210987654321"] },
      properties: [{ name: "AppName", optional: false, key: true, noEcho: false, queryable: true, description: "Application" }],
      urls: {
        configurationUrl: "https://deploy.example.com/config",
        executionUrlTemplate: "https://deploy.example.com/runs/{ExternalExecutionId}",
      },
    },
  }),
  fixture("ListPipelineExecutions: a succeeded-in-stage filter", "ListPipelineExecutions", {
    pipelineName: "storefront-v2",
    maxResults: 25,
    filter: { succeededInStage: { stageName: "Deploy-production" } },
    nextToken: "eyJwYWdlIjoyfQ==",
  }),
  fixture("ListActionExecutions: latest in an execution", "ListActionExecutions", {
    pipelineName: "storefront-v2",
    filter: { latestInPipelineExecution: { pipelineExecutionId: executionId, startTimeRange: "Latest" } },
    maxResults: 100,
  }),
  fixture("ListRuleExecutions: by execution", "ListRuleExecutions", {
    pipelineName: "storefront-v2",
    filter: { pipelineExecutionId: executionId },
  }),
  fixture("ListDeployActionExecutionTargets: status filter", "ListDeployActionExecutionTargets", {
    pipelineName: "storefront-v2",
    actionExecutionId: "action-execution-1",
    filters: [{ name: "TARGET_STATUS", values: ["Failed", "InProgress"] }],
  }),
  fixture("OverrideStageCondition", "OverrideStageCondition", {
    pipelineName: "storefront-v2",
    stageName: "Deploy-staging",
    pipelineExecutionId: executionId,
    conditionType: "BEFORE_ENTRY",
  }),
  fixture("RollbackStage", "RollbackStage", {
    pipelineName: "storefront-v2",
    stageName: "Deploy-production",
    targetPipelineExecutionId: executionId,
  }),
  fixture("RetryStageExecution", "RetryStageExecution", {
    pipelineName: "storefront-v2",
    stageName: "Build",
    pipelineExecutionId: executionId,
    retryMode: "ALL_ACTIONS",
  }),
  fixture("PollForJobs: a query parameter", "PollForJobs", {
    actionTypeId: { category: "Deploy", owner: "Custom", provider: "AcmeDeployer", version: "2" },
    maxBatchSize: 5,
    queryParam: { AppName: "storefront" },
  }),
  fixture("TagResource", "TagResource", {
    resourceArn: `arn:aws:codepipeline:eu-west-1:${account}:storefront-v2`,
    tags: [
      { key: "env", value: "prod" },
      { key: "unicode", value: "ключ/値" },
    ],
  }),
  fixture("UntagResource", "UntagResource", {
    resourceArn: `arn:aws:codepipeline:eu-west-1:${account}:storefront-v2`,
    tagKeys: ["env", "unicode"],
  }),
  fixture("ListPipelines: no input members", "ListPipelines", {}),
  fixture("GetPipeline: a version", "GetPipeline", { name: "storefront-v2", version: 7 }),
]
