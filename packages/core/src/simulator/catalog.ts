/**
 * The action and rule types CodePipeline provides: what ListActionTypes and ListRuleTypes report,
 * what pipeline validation checks declarations against (artifact counts, required configuration),
 * and how each provider runs in the simulation.
 */
import type * as T from "../generated/types.js"
import type { ActionConfigurationProperty, ActionType, ArtifactDetails, RuleConfigurationProperty, RuleType, SourceRevisionType } from "../generated/types.js"

const MODEL_MAX_ARTIFACTS = 5

const details = (range: readonly [number, number]): ArtifactDetails => ({
  minimumCount: Math.min(range[0], MODEL_MAX_ARTIFACTS),
  maximumCount: Math.min(range[1], MODEL_MAX_ARTIFACTS),
})

/** How an action of a type runs in the simulator. */
export type ActionKind =
  /** Completes through the simulator (default: succeeds after a simulated duration). */
  | "simulated"
  /** A source action: simulated, and records the revision it fetched. */
  | "source"
  /** Waits for PutApprovalResult. */
  | "approval"
  /** Creates a job the Lambda function answers with PutJobSuccessResult/PutJobFailureResult. */
  | "lambda"
  /** Creates a job for PollForJobs (owner `Custom`). */
  | "custom"
  /** Creates a job for PollForThirdPartyJobs (owner `ThirdParty`, registered partner types). */
  | "thirdParty"

export interface BuiltinActionType {
  /** As ListActionTypes reports it: the model caps artifact counts at 5. */
  readonly type: ActionType
  /** The artifact counts pipeline validation enforces (CloudFormation takes up to 10 inputs). */
  readonly input: ArtifactDetails
  readonly output: ArtifactDetails
  readonly kind: ActionKind
  /** The revision types a source override may use for this provider. */
  readonly revisionTypes?: ReadonlyArray<SourceRevisionType>
  /** Whether the action takes `commands` (the Commands compute action). */
  readonly commands?: boolean
}

// Without a `type`, a property is both an action's and a rule's.
type Property = ActionConfigurationProperty & RuleConfigurationProperty

const prop = (name: string, required = false, extra: Partial<Property> = {}): Property => ({
  name,
  required,
  key: required,
  secret: false,
  ...extra,
})

const builtin = (
  category: T.ActionCategory,
  provider: string,
  input: readonly [number, number],
  output: readonly [number, number],
  properties: ReadonlyArray<ActionConfigurationProperty>,
  kind: ActionKind = "simulated",
  extra: Partial<BuiltinActionType> = {},
  owner: T.ActionOwner = "AWS",
): BuiltinActionType => ({
  type: {
    id: { category, owner, provider, version: "1" },
    actionConfigurationProperties: properties,
    inputArtifactDetails: details(input),
    outputArtifactDetails: details(output),
  },
  input: { minimumCount: input[0], maximumCount: input[1] },
  output: { minimumCount: output[0], maximumCount: output[1] },
  kind,
  ...extra,
})

const codeBuild = (category: T.ActionCategory) =>
  builtin(category, "CodeBuild", [1, 5], [0, 5], [
    prop("ProjectName", true),
    prop("PrimarySource"),
    prop("BatchEnabled"),
    prop("CombineArtifacts"),
    prop("EnvironmentVariables"),
  ])

export const builtinActionTypes: ReadonlyArray<BuiltinActionType> = [
  builtin("Source", "S3", [0, 0], [1, 1], [prop("S3Bucket", true), prop("S3ObjectKey", true), prop("PollForSourceChanges"), prop("AllowOverrideForS3ObjectKey")], "source", {
    revisionTypes: ["S3_OBJECT_VERSION_ID", "S3_OBJECT_KEY"],
  }),
  builtin("Source", "CodeCommit", [0, 0], [1, 1], [prop("RepositoryName", true), prop("BranchName", true), prop("PollForSourceChanges"), prop("OutputArtifactFormat")], "source", {
    revisionTypes: ["COMMIT_ID"],
  }),
  builtin("Source", "ECR", [0, 0], [1, 1], [prop("RepositoryName", true), prop("ImageTag")], "source", { revisionTypes: ["IMAGE_DIGEST"] }),
  builtin(
    "Source",
    "CodeStarSourceConnection",
    [0, 0],
    [1, 1],
    [prop("ConnectionArn", true), prop("FullRepositoryId", true), prop("BranchName", true), prop("OutputArtifactFormat"), prop("DetectChanges")],
    "source",
    { revisionTypes: ["COMMIT_ID"] },
  ),
  builtin(
    "Source",
    "GitHub",
    [0, 0],
    [1, 1],
    [prop("Owner", true), prop("Repo", true), prop("Branch", true), prop("OAuthToken", true, { key: false, secret: true }), prop("PollForSourceChanges")],
    "source",
    { revisionTypes: ["COMMIT_ID"] },
    "ThirdParty",
  ),
  codeBuild("Build"),
  codeBuild("Test"),
  builtin("Deploy", "CodeDeploy", [1, 1], [0, 0], [prop("ApplicationName", true), prop("DeploymentGroupName", true)]),
  builtin("Deploy", "CloudFormation", [0, 10], [0, 1], [
    prop("ActionMode", true),
    prop("StackName", true),
    prop("Capabilities"),
    prop("ChangeSetName"),
    prop("OutputFileName"),
    prop("ParameterOverrides"),
    prop("RoleArn"),
    prop("TemplatePath"),
    prop("TemplateConfiguration"),
  ]),
  builtin("Deploy", "CloudFormationStackSet", [0, 10], [0, 0], [prop("StackSetName", true), prop("TemplatePath", true), prop("DeploymentTargets"), prop("Regions")]),
  builtin("Deploy", "ECS", [1, 1], [0, 0], [prop("ClusterName", true), prop("ServiceName", true), prop("FileName"), prop("DeploymentTimeout")]),
  builtin("Deploy", "CodeDeployToECS", [1, 3], [0, 0], [
    prop("ApplicationName", true),
    prop("DeploymentGroupName", true),
    prop("TaskDefinitionTemplateArtifact", true),
    prop("AppSpecTemplateArtifact", true),
    prop("TaskDefinitionTemplatePath"),
    prop("AppSpecTemplatePath"),
    prop("Image1ArtifactName"),
    prop("Image1ContainerName"),
  ]),
  builtin("Deploy", "S3", [1, 1], [0, 0], [prop("BucketName", true), prop("Extract", true), prop("ObjectKey"), prop("KMSEncryptionKeyARN"), prop("CannedACL"), prop("CacheControl")]),
  builtin("Deploy", "ElasticBeanstalk", [1, 1], [0, 0], [prop("ApplicationName", true), prop("EnvironmentName", true)]),
  builtin("Deploy", "EC2", [1, 1], [0, 0], [
    prop("InstanceTagKey", true),
    prop("InstanceTagValue", true),
    prop("InstanceType", true),
    prop("TargetDirectory"),
    prop("MaxBatch"),
    prop("MaxError"),
    prop("PreScript"),
    prop("PostScript"),
  ]),
  builtin("Invoke", "Lambda", [0, 5], [0, 5], [prop("FunctionName", true), prop("UserParameters")], "lambda"),
  builtin("Invoke", "StepFunctions", [0, 1], [0, 1], [prop("StateMachineArn", true), prop("ExecutionNamePrefix"), prop("InputType"), prop("Input")]),
  builtin("Approval", "Manual", [0, 0], [0, 0], [prop("CustomData"), prop("ExternalEntityLink"), prop("NotificationArn")], "approval"),
  builtin("Compute", "Commands", [1, 10], [0, 1], [], "simulated", { commands: true }),
]

export const actionTypeKey = (id: { readonly category: string; readonly owner: string; readonly provider: string; readonly version: string }): string =>
  `${id.owner}/${id.category}/${id.provider}/${id.version}`

export const builtinActionTypesByKey: ReadonlyMap<string, BuiltinActionType> = new Map(
  builtinActionTypes.map((t) => [actionTypeKey(t.type.id), t]),
)

const rule = (provider: string, properties: ReadonlyArray<RuleConfigurationProperty>, input: readonly [number, number] = [0, 0]): RuleType => ({
  id: { category: "Rule", owner: "AWS", provider, version: "1" },
  ruleConfigurationProperties: properties,
  inputArtifactDetails: details(input),
})

export const builtinRuleTypes: ReadonlyArray<RuleType> = [
  rule("CloudWatchAlarm", [prop("AlarmName", true), prop("WaitTime"), prop("AlarmStates")]),
  rule("DeploymentWindow", [prop("Cron", true), prop("TimeZone")]),
  rule("LambdaInvoke", [prop("FunctionName", true), prop("UserParameters")], [0, 5]),
  rule("VariableCheck", [prop("Variable", true), prop("Value", true), prop("Operator", true)]),
  rule("Commands", [], [1, 10]),
]

export const builtinRuleTypesByProvider: ReadonlyMap<string, RuleType> = new Map(builtinRuleTypes.map((r) => [r.id.provider, r]))
