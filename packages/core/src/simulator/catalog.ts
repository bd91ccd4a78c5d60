/**
 * The action and rule types CodePipeline provides: what ListActionTypes and ListRuleTypes report,
 * what pipeline validation checks declarations against (artifact counts, required configuration),
 * and how each provider runs in the simulation.
 */
import type * as T from "../generated/types.js"
import type {
  ActionConfigurationProperty,
  ActionType,
  ArtifactDetails,
  RuleConfigurationProperty,
  RuleType,
  SourceRevisionType,
} from "../generated/types.js"

const MODEL_MAX_ARTIFACTS = 5
/** The model's cap on the configuration properties an action type lists (`ActionConfigurationPropertyList`). */
const MODEL_MAX_PROPERTIES = 10

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
  /**
   * As ListActionTypes reports it: the model caps artifact counts at 5 and the properties listed at
   * 10 (the required ones come first, so all of them are listed).
   */
  readonly type: ActionType
  /** Every configuration key the provider takes, which pipeline validation checks against. */
  readonly properties: ReadonlyArray<ActionConfigurationProperty>
  /** The artifact counts pipeline validation enforces (CloudFormation takes up to 10 inputs). */
  readonly input: ArtifactDetails
  readonly output: ArtifactDetails
  readonly kind: ActionKind
  /** The revision types a source override may use for this provider. */
  readonly revisionTypes?: ReadonlyArray<SourceRevisionType>
  /** Whether the action takes `commands` (the Commands compute action). */
  readonly commands?: boolean
  /** The pipeline type the provider needs: "V2" for those AWS documents as "only supported for V2 type pipelines". */
  readonly pipelineType?: "V2"
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

/** Optional properties, by name. */
const optional = (...names: ReadonlyArray<string>): Array<Property> => names.map((name) => prop(name))
/** Required properties, by name. */
const required = (...names: ReadonlyArray<string>): Array<Property> => names.map((name) => prop(name, true))

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
    actionConfigurationProperties: [...properties].sort((a, b) => Number(b.required) - Number(a.required)).slice(0, MODEL_MAX_PROPERTIES),
    inputArtifactDetails: details(input),
    outputArtifactDetails: details(output),
  },
  properties,
  input: { minimumCount: input[0], maximumCount: input[1] },
  output: { minimumCount: output[0], maximumCount: output[1] },
  kind,
  ...extra,
})

const V2 = { pipelineType: "V2" } as const

const codeBuild = (category: T.ActionCategory) =>
  builtin(
    category,
    "CodeBuild",
    [1, 5],
    [0, 5],
    [prop("ProjectName", true), ...optional("PrimarySource", "BatchEnabled", "CombineArtifacts", "EnvironmentVariables")],
  )

/**
 * Every action provider the AWS CodePipeline user guide documents, each checked against its page
 * of the action structure reference (https://docs.aws.amazon.com/codepipeline/latest/userguide/action-reference.html)
 * and the artifact table of the pipeline structure reference
 * (https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-action-artifacts.html).
 * A declaration may use only the configuration keys listed here, and must give the required ones;
 * a key AWS documents as "conditional" is optional here. Where the guide left a count or a key in
 * doubt, the stricter reading is kept and listed in docs/emulator.md.
 */
export const builtinActionTypes: ReadonlyArray<BuiltinActionType> = [
  // Source
  builtin(
    "Source",
    "S3",
    [0, 0],
    [1, 1],
    [...required("S3Bucket", "S3ObjectKey"), ...optional("PollForSourceChanges", "AllowOverrideForS3ObjectKey")],
    "source",
    {
      revisionTypes: ["S3_OBJECT_VERSION_ID", "S3_OBJECT_KEY"],
    },
  ),
  builtin(
    "Source",
    "CodeCommit",
    [0, 0],
    [1, 1],
    [...required("RepositoryName", "BranchName"), ...optional("PollForSourceChanges", "OutputArtifactFormat")],
    "source",
    {
      revisionTypes: ["COMMIT_ID"],
    },
  ),
  builtin("Source", "ECR", [0, 0], [1, 1], [prop("RepositoryName", true), prop("ImageTag")], "source", { revisionTypes: ["IMAGE_DIGEST"] }),
  builtin(
    "Source",
    "CodeStarSourceConnection",
    [0, 0],
    [1, 1],
    [...required("ConnectionArn", "FullRepositoryId", "BranchName"), ...optional("OutputArtifactFormat", "DetectChanges")],
    "source",
    { revisionTypes: ["COMMIT_ID"] },
  ),
  builtin(
    "Source",
    "GitHub",
    [0, 0],
    [1, 1],
    [...required("Owner", "Repo", "Branch"), prop("OAuthToken", true, { key: false, secret: true }), prop("PollForSourceChanges")],
    "source",
    { revisionTypes: ["COMMIT_ID"] },
    "ThirdParty",
  ),
  // Build and test
  codeBuild("Build"),
  codeBuild("Test"),
  builtin(
    "Build",
    "ECRBuildAndPublish",
    [1, 1],
    [0, 0],
    [prop("ECRRepositoryName", true), ...optional("DockerFilePath", "ImageTags", "RegistryType")],
    "simulated",
    V2,
  ),
  builtin(
    "Test",
    "DeviceFarm",
    [1, 1],
    [0, 0],
    [
      ...required("AppType", "ProjectId", "App", "DevicePoolArn", "TestType"),
      ...optional(
        "TestSpec",
        "Test",
        "AppiumVersion",
        "RadioBluetoothEnabled",
        "RadioWifiEnabled",
        "RadioNfcEnabled",
        "RadioGpsEnabled",
        "RecordAppPerformanceData",
        "RecordVideo",
        "FuzzEventCount",
        "FuzzEventThrottle",
        "FuzzRandomizerSeed",
        "CustomHostMachineArtifacts",
        "CustomDeviceArtifacts",
        "UnmeteredDevicesOnly",
        "JobTimeoutMinutes",
        "Latitude",
        "Longitude",
      ),
    ],
  ),
  // Deploy
  builtin("Deploy", "CodeDeploy", [1, 1], [0, 0], required("ApplicationName", "DeploymentGroupName")),
  builtin(
    "Deploy",
    "CloudFormation",
    [0, 10],
    [0, 1],
    [
      ...required("ActionMode", "StackName"),
      ...optional(
        "Capabilities",
        "ChangeSetName",
        "OutputFileName",
        "ParameterOverrides",
        "RoleArn",
        "TemplatePath",
        "TemplateConfiguration",
      ),
    ],
  ),
  builtin(
    "Deploy",
    "CloudFormationStackSet",
    [1, 10],
    [0, 0],
    [
      ...required("StackSetName", "TemplatePath"),
      ...optional(
        "Description",
        "Parameters",
        "Capabilities",
        "PermissionModel",
        "AdministrationRoleArn",
        "ExecutionRoleName",
        "OrganizationsAutoDeployment",
        "DeploymentTargets",
        "Regions",
        "FailureTolerancePercentage",
        "MaxConcurrentPercentage",
        "ConcurrencyMode",
      ),
    ],
  ),
  builtin(
    "Deploy",
    "CloudFormationStackInstances",
    [0, 10],
    [0, 0],
    [
      ...required("StackSetName", "DeploymentTargets", "Regions"),
      ...optional("ParameterOverrides", "FailureTolerancePercentage", "MaxConcurrentPercentage", "ConcurrencyMode"),
    ],
  ),
  builtin("Deploy", "ECS", [1, 1], [0, 0], [...required("ClusterName", "ServiceName"), ...optional("FileName", "DeploymentTimeout")]),
  builtin(
    "Deploy",
    "CodeDeployToECS",
    [1, 5],
    [0, 0],
    [
      ...required("ApplicationName", "DeploymentGroupName", "TaskDefinitionTemplateArtifact", "AppSpecTemplateArtifact"),
      ...optional("TaskDefinitionTemplatePath", "AppSpecTemplatePath"),
      ...[1, 2, 3, 4].flatMap((n) => optional(`Image${n}ArtifactName`, `Image${n}ContainerName`)),
    ],
  ),
  builtin(
    "Deploy",
    "EKS",
    [1, 1],
    [0, 0],
    [
      prop("ClusterName", true),
      ...optional("HelmReleaseName", "HelmChartLocation", "HelmValuesFiles", "ManifestFiles", "Namespace", "SubnetIds", "SecurityGroupIds"),
    ],
    "simulated",
    V2,
  ),
  builtin(
    "Deploy",
    "Lambda",
    [0, 1],
    [0, 0],
    [prop("FunctionName", true), ...optional("FunctionAlias", "PublishedTargetVersion", "DeployStrategy", "Alarms")],
    "simulated",
    V2,
  ),
  builtin(
    "Deploy",
    "S3",
    [1, 1],
    [0, 0],
    [...required("BucketName", "Extract"), ...optional("ObjectKey", "KMSEncryptionKeyARN", "CannedACL", "CacheControl")],
  ),
  builtin("Deploy", "ElasticBeanstalk", [1, 1], [0, 0], required("ApplicationName", "EnvironmentName")),
  builtin(
    "Deploy",
    "EC2",
    [1, 1],
    [0, 0],
    [
      ...required("InstanceTagKey", "InstanceTagValue", "InstanceType"),
      ...optional("TargetDirectory", "DeploySpec", "MaxBatch", "MaxError", "TargetGroupNameList", "PreScript", "PostScript"),
    ],
    "simulated",
    V2,
  ),
  builtin(
    "Deploy",
    "AppConfig",
    [1, 1],
    [0, 0],
    required("Application", "Environment", "ConfigurationProfile", "InputArtifactConfigurationPath", "DeploymentStrategy"),
  ),
  builtin(
    "Deploy",
    "ServiceCatalog",
    [1, 1],
    [0, 0],
    [
      prop("ProductId", true),
      ...optional("TemplateFilePath", "ProductVersionName", "ProductType", "ProductVersionDescription", "ConfigurationFilePath"),
    ],
  ),
  builtin("Deploy", "OpsWorks", [1, 1], [0, 0], [...required("Stack", "App"), prop("Layer")]),
  builtin(
    "Deploy",
    "AlexaSkillsKit",
    [1, 2],
    [0, 0],
    [
      ...required("ClientId", "SkillId"),
      prop("ClientSecret", true, { key: false, secret: true }),
      prop("RefreshToken", true, { key: false, secret: true }),
    ],
    "simulated",
    {},
    "ThirdParty",
  ),
  // Invoke
  builtin("Invoke", "Lambda", [0, 5], [0, 5], [prop("FunctionName", true), prop("UserParameters")], "lambda"),
  builtin(
    "Invoke",
    "StepFunctions",
    [0, 1],
    [0, 1],
    [prop("StateMachineArn", true), ...optional("ExecutionNamePrefix", "InputType", "Input")],
  ),
  builtin(
    "Invoke",
    "InspectorScan",
    [0, 1],
    [1, 1],
    [
      prop("InspectorRunMode", true),
      ...optional("ECRRepositoryName", "ImageTag", "CriticalThreshold", "HighThreshold", "MediumThreshold", "LowThreshold"),
    ],
    "simulated",
    V2,
  ),
  builtin(
    "Invoke",
    "CodePipeline",
    [0, 0],
    [0, 0],
    [prop("PipelineName", true), ...optional("SourceRevisions", "Variables")],
    "simulated",
    V2,
  ),
  // Approval and compute
  builtin("Approval", "Manual", [0, 0], [0, 0], optional("CustomData", "ExternalEntityLink", "NotificationArn"), "approval"),
  builtin("Compute", "Commands", [1, 10], [0, 1], [], "simulated", { commands: true, ...V2 }),
]

export const actionTypeKey = (id: {
  readonly category: string
  readonly owner: string
  readonly provider: string
  readonly version: string
}): string => `${id.owner}/${id.category}/${id.provider}/${id.version}`

export const builtinActionTypesByKey: ReadonlyMap<string, BuiltinActionType> = new Map(
  builtinActionTypes.map((t) => [actionTypeKey(t.type.id), t]),
)

const rule = (
  provider: string,
  properties: ReadonlyArray<RuleConfigurationProperty>,
  input: readonly [number, number] = [0, 0],
): RuleType => ({
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
