/**
 * The simulator's action and rule catalog, without Effect: every provider the AWS user guide
 * documents, the pipeline type each needs, the configuration keys each takes, the V2 upgrade of a
 * declaration that leaves `pipelineType` out, and the listings derived from the catalog.
 */
import { describe, expect, it } from "vitest"
import * as Simulator from "../src/Simulator.js"
import type * as T from "../src/Types.js"

const T0 = Date.parse("2026-06-01T09:00:00.000Z")
const ROLE = "arn:aws:iam::123456789012:role/codepipeline"

const make = () => Simulator.makeSimulator({ now: T0, seed: 7, startOnCreate: false })

const id = (category: string, provider: string, owner = "AWS"): T.ActionTypeId =>
  ({ category, owner, provider, version: "1" }) as T.ActionTypeId

const source: T.ActionDeclaration = {
  name: "Source",
  actionTypeId: id("Source", "CodeCommit"),
  configuration: { RepositoryName: "shop", BranchName: "main" },
  outputArtifacts: [{ name: "Code" }],
}

const connection: T.ActionDeclaration = {
  name: "Source",
  actionTypeId: id("Source", "CodeStarSourceConnection"),
  configuration: {
    ConnectionArn: "arn:aws:codeconnections:us-east-1:123456789012:connection/x",
    FullRepositoryId: "me/shop",
    BranchName: "main",
  },
  outputArtifacts: [{ name: "Code" }],
}

/** A two-stage pipeline: a CodeCommit source, then `action`. */
const withAction = (action: Partial<T.ActionDeclaration>, extra: Partial<T.PipelineDeclaration> = {}): T.PipelineDeclaration => ({
  name: "p",
  roleArn: ROLE,
  artifactStore: { type: "S3", location: "artifacts" },
  stages: [
    { name: "Source", actions: [source] },
    { name: "Next", actions: [{ name: "Act", actionTypeId: id("Build", "CodeBuild"), ...action }] },
  ],
  ...extra,
})

/** The code of what `f` throws. */
const errorOf = (f: () => unknown): string | undefined => {
  try {
    f()
  } catch (error) {
    return error instanceof Simulator.ServiceError ? `${error.code}: ${error.message}` : String(error)
  }
  return undefined
}

const commands: Partial<T.ActionDeclaration> = {
  actionTypeId: id("Compute", "Commands"),
  commands: ["make"],
  inputArtifacts: [{ name: "Code" }],
}

describe("the action catalog", () => {
  it("lists every provider the user guide documents, the ten added ones included", () => {
    const listed = make()
      .execute("ListActionTypes", {})
      .actionTypes?.map((t) => `${t.id.owner}/${t.id.category}/${t.id.provider}`)
    for (const added of [
      "AWS/Deploy/EKS",
      "AWS/Invoke/InspectorScan",
      "AWS/Build/ECRBuildAndPublish",
      "AWS/Invoke/CodePipeline",
      "AWS/Deploy/Lambda",
      "AWS/Deploy/AppConfig",
      "AWS/Deploy/ServiceCatalog",
      "AWS/Test/DeviceFarm",
      "AWS/Deploy/OpsWorks",
      "ThirdParty/Deploy/AlexaSkillsKit",
    ]) {
      expect(listed).toContain(added)
    }
  })

  it("lists at most the 10 configuration properties the model allows, every required one among them", () => {
    const deviceFarm = make()
      .execute("ListActionTypes", { actionOwnerFilter: "AWS" })
      .actionTypes!.find((t) => t.id.provider === "DeviceFarm")!
    const properties = deviceFarm.actionConfigurationProperties ?? []
    expect(properties.length).toBe(10)
    expect(properties.filter((p) => p.required).map((p) => p.name)).toEqual(["AppType", "ProjectId", "App", "DevicePoolArn", "TestType"])
  })

  it("refuses a Commands action in a V1 pipeline", () => {
    const simulator = make()
    expect(errorOf(() => simulator.execute("CreatePipeline", { pipeline: withAction(commands, { pipelineType: "V1" }) }))).toMatch(
      /^InvalidActionDeclarationException: .*Provider: 'Commands'.* is only supported in V2 pipelines$/,
    )
  })

  it("refuses a V2-only provider when pipelineType is left out", () => {
    const simulator = make()
    const eks = { actionTypeId: id("Deploy", "EKS"), configuration: { ClusterName: "prod" }, inputArtifacts: [{ name: "Code" }] }
    expect(errorOf(() => simulator.execute("CreatePipeline", { pipeline: withAction(eks) }))).toMatch(
      /^InvalidActionDeclarationException: .*only supported in V2/,
    )
  })

  it("accepts a Commands action in a V2 pipeline", () => {
    const simulator = make()
    expect(simulator.execute("CreatePipeline", { pipeline: withAction(commands, { pipelineType: "V2" }) }).pipeline?.pipelineType).toBe(
      "V2",
    )
  })

  it("refuses a configuration key a built-in provider does not take", () => {
    const simulator = make()
    const build = { configuration: { ProjectName: "shop", BuildSpec: "x.yml" }, inputArtifacts: [{ name: "Code" }] }
    expect(errorOf(() => simulator.execute("CreatePipeline", { pipeline: withAction(build) }))).toBe(
      "InvalidActionDeclarationException: Action configuration for action 'Act' in stage 'Next' contains unknown configuration 'BuildSpec'",
    )
  })

  it("refuses a new provider's action without its required configuration", () => {
    const simulator = make()
    const appConfig = {
      actionTypeId: id("Deploy", "AppConfig"),
      configuration: { Application: "a", Environment: "e" },
      inputArtifacts: [{ name: "Code" }],
    }
    expect(errorOf(() => simulator.execute("CreatePipeline", { pipeline: withAction(appConfig) }))).toMatch(
      /missing required configuration 'ConfigurationProfile'$/,
    )
  })

  it("runs a pipeline invoke action in a V2 pipeline", () => {
    const simulator = make()
    const invoke = { actionTypeId: id("Invoke", "CodePipeline"), configuration: { PipelineName: "downstream" } }
    simulator.execute("CreatePipeline", { pipeline: withAction(invoke, { pipelineType: "V2" }) })
    simulator.execute("StartPipelineExecution", { name: "p" })
    simulator.advance(T0 + 120_000)
    expect(simulator.execute("ListPipelineExecutions", { pipelineName: "p" }).pipelineExecutionSummaries?.[0]?.status).toBe("Succeeded")
  })
})

describe("the rule catalog", () => {
  it("ListRuleTypes lists the rule types stage conditions accept", () => {
    expect(
      make()
        .execute("ListRuleTypes", {})
        .ruleTypes?.map((r) => r.id.provider),
    ).toEqual(["CloudWatchAlarm", "DeploymentWindow", "LambdaInvoke", "VariableCheck", "Commands"])
  })

  it("refuses a rule configuration key its rule type does not take", () => {
    const simulator = make()
    const rule: T.RuleDeclaration = {
      name: "window",
      ruleTypeId: { category: "Rule", owner: "AWS", provider: "DeploymentWindow", version: "1" },
      configuration: { Cron: "0 9 * * ? *", Zone: "UTC" },
    }
    const pipeline = withAction({ configuration: { ProjectName: "shop" }, inputArtifacts: [{ name: "Code" }] })
    const gated = {
      ...pipeline,
      pipelineType: "V2" as const,
      stages: [pipeline.stages[0]!, { ...pipeline.stages[1]!, beforeEntry: { conditions: [{ rules: [rule] }] } }],
    }
    expect(errorOf(() => simulator.execute("CreatePipeline", { pipeline: gated }))).toBe(
      "InvalidStageDeclarationException: Stage 'Next': rule 'window' contains unknown configuration 'Zone'",
    )
  })
})

describe("a pipeline declared without pipelineType", () => {
  const build = { configuration: { ProjectName: "shop" }, inputArtifacts: [{ name: "Code" }] }
  const typeOf = (extra: Partial<T.PipelineDeclaration>) =>
    make().execute("CreatePipeline", { pipeline: withAction(build, extra) }).pipeline?.pipelineType

  it("is V1 when it uses no V2 parameter", () => {
    expect(typeOf({})).toBe("V1")
  })

  it("becomes V2 when it declares variables", () => {
    expect(typeOf({ variables: [{ name: "env", defaultValue: "prod" }] })).toBe("V2")
  })

  it("becomes V2 in QUEUED or PARALLEL mode", () => {
    expect(typeOf({ executionMode: "QUEUED" })).toBe("V2")
    expect(typeOf({ executionMode: "PARALLEL" })).toBe("V2")
  })

  it("becomes V2 when it declares triggers", () => {
    const simulator = make()
    const pipeline = withAction(build, {
      triggers: [{ providerType: "CodeStarSourceConnection", gitConfiguration: { sourceActionName: "Source" } }],
    })
    const created = simulator.execute("CreatePipeline", {
      pipeline: { ...pipeline, stages: [{ name: "Source", actions: [connection] }, pipeline.stages[1]!] },
    })
    expect(created.pipeline?.pipelineType).toBe("V2")
  })

  it("becomes V2 when a stage declares a condition", () => {
    const pipeline = withAction(build)
    const retried = { ...pipeline, stages: [pipeline.stages[0]!, { ...pipeline.stages[1]!, onFailure: { result: "RETRY" as const } }] }
    expect(make().execute("CreatePipeline", { pipeline: retried }).pipeline?.pipelineType).toBe("V2")
  })

  it("becomes V2 on UpdatePipeline too", () => {
    const simulator = make()
    simulator.execute("CreatePipeline", { pipeline: withAction(build) })
    expect(simulator.execute("UpdatePipeline", { pipeline: withAction(build, { executionMode: "QUEUED" }) }).pipeline?.pipelineType).toBe(
      "V2",
    )
  })

  it("stays refused when declared V1 with a V2 parameter", () => {
    expect(errorOf(() => typeOf({ pipelineType: "V1", variables: [{ name: "env", defaultValue: "prod" }] }))).toMatch(
      /^InvalidStructureException:/,
    )
  })
})
