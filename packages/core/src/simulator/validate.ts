/**
 * The service-side rules of CreatePipeline and UpdatePipeline: what the model's constraints cannot
 * say (the codec checks those before a handler runs), refused with the exception the service uses.
 *
 * - the pipeline as a whole (stage count, artifact stores, source actions, V2-only features):
 *   `InvalidStructureException`;
 * - a stage (duplicate names, no actions, conditions): `InvalidStageDeclarationException`;
 * - an action (unknown type, configuration, artifacts, namespaces): `InvalidActionDeclarationException`;
 * - blockers (reserved by the service): `InvalidBlockerDeclarationException`;
 * - quotas (50 stages, 50 actions a stage, 500 a pipeline): `LimitExceededException`;
 * - values of open enums the service does not know: `ValidationException`, all of them in one
 *   message in AWS's format (`2 validation errors detected: Value 'X' at 'pipeline.executionMode'
 *   failed to satisfy constraint: Member must satisfy enum value set: [...]; ...`), before any
 *   other rule, as the service checks its model first.
 */
import type * as T from "../generated/types.js"
import { actionTypeKey, builtinActionTypesByKey, builtinRuleTypesByProvider } from "./catalog.js"
import { enumViolation, reject, validation, validationErrors, type Violation } from "./errors.js"
import * as Enums from "../generated/enums.js"
import { own, setOwn } from "./plainData.js"
import type { Store } from "./state.js"
import { checkNamespaces } from "./variables.js"

export const MAX_STAGES = 50
export const MAX_ACTIONS_PER_STAGE = 50
export const MAX_ACTIONS_PER_PIPELINE = 500

const structure = (message: string): never => reject("InvalidStructureException", message)
const stageError = (message: string): never => reject("InvalidStageDeclarationException", message)
const actionError = (message: string): never => reject("InvalidActionDeclarationException", message)
const limit = (message: string): never => reject("LimitExceededException", message)

/** What a declared action type allows, wherever it is defined. */
export interface ResolvedActionType {
  readonly input: T.ArtifactDetails
  readonly output: T.ArtifactDetails
  readonly properties: ReadonlyArray<{ readonly name: string; readonly required: boolean }>
  /** Whether configuration keys outside `properties` are refused. */
  readonly closed: boolean
  readonly commands: boolean
  /** "V2" when the type runs only in V2 pipelines. */
  readonly pipelineType?: "V2" | undefined
}

export const resolveActionType = (store: Store, id: T.ActionTypeId): ResolvedActionType | undefined => {
  const key = actionTypeKey(id)
  const builtin = builtinActionTypesByKey.get(key)
  if (builtin !== undefined) {
    return {
      input: builtin.input,
      output: builtin.output,
      properties: builtin.properties,
      closed: true,
      commands: builtin.commands === true,
      pipelineType: builtin.pipelineType,
    }
  }
  const custom = store.customActionTypes.get(key)
  if (custom !== undefined && !custom.deleted) {
    return {
      input: custom.type.inputArtifactDetails,
      output: custom.type.outputArtifactDetails,
      properties: custom.type.actionConfigurationProperties ?? [],
      closed: true,
      commands: false,
    }
  }
  const registered = store.registeredActionTypes.get(key)
  if (registered !== undefined) {
    const d = registered.declaration
    return {
      input: d.inputArtifactDetails,
      output: d.outputArtifactDetails,
      properties: (d.properties ?? []).map((p) => ({ name: p.name, required: !p.optional })),
      closed: true,
      commands: false,
    }
  }
  return undefined
}

const describeType = (id: T.ActionTypeId) =>
  `ActionType (Category: '${id.category}', Provider: '${id.provider}', Owner: '${id.owner}', Version: '${id.version}')`

/**
 * Plain data deep-copied and frozen, without `undefined` members: stored and returned as is. Its
 * input is a value the simulator made (decoded by the codec, or copied by `toPlainData`), so it is
 * no deeper than the model or `MAX_DEPTH` and this recursion is bounded; a `__proto__` key stays an
 * entry. A frozen value is one this function (or {@link deepFreeze}) made, and is returned as is.
 */
export const freeze = <A>(value: A): A => {
  if (value === null || typeof value !== "object" || value instanceof Date || Object.isFrozen(value)) return value
  if (Array.isArray(value)) return Object.freeze(value.map(freeze)) as A
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key]
    if (v !== undefined) setOwn(out, key, freeze(v))
  }
  return Object.freeze(out) as A
}

/** Freezes, in place, a value the simulator has just made (bounded as for {@link freeze}). */
export const deepFreeze = <A>(value: A): A => {
  if (value === null || typeof value !== "object" || Object.isFrozen(value)) return value
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key])
  return Object.freeze(value)
}

/**
 * The optional IAM check: CodePipeline assumes the pipeline's role, and the pipeline role assumes
 * each action role, when the pipeline is created or updated. The messages are the service's, as
 * users report them (InvalidStructureException; for example
 * https://github.com/hashicorp/terraform-provider-aws/issues/13103 for the pipeline role and
 * https://github.com/hashicorp/terraform/pull/14263 for an action role).
 */
const checkRoles = (store: Store, input: T.PipelineDeclaration): void => {
  if (!store.roles.has(input.roleArn)) structure(`CodePipeline is not authorized to perform AssumeRole on role ${input.roleArn}`)
  for (const stage of input.stages) {
    for (const action of stage.actions) {
      if (action.roleArn !== undefined && !store.roles.has(action.roleArn)) {
        structure(`Pipeline role ${input.roleArn} is not authorized to perform AssumeRole on action role ${action.roleArn}`)
      }
    }
  }
}

const V2_ONLY_MODES = new Set(["QUEUED", "PARALLEL"])

const checkRules = (where: string, condition: T.Condition): void => {
  const names = new Set<string>()
  for (const rule of condition.rules ?? []) {
    if (names.has(rule.name)) stageError(`${where}: rule name '${rule.name}' is not unique`)
    names.add(rule.name)
    const id = rule.ruleTypeId
    const known = builtinRuleTypesByProvider.get(id.provider)
    if (
      known === undefined ||
      id.category !== "Rule" ||
      (id.owner !== undefined && id.owner !== "AWS") ||
      (id.version !== undefined && id.version !== known.id.version)
    ) {
      stageError(`${where}: rule type (Category: '${id.category}', Provider: '${id.provider}') of rule '${rule.name}' is not available`)
    }
    const properties = known!.ruleConfigurationProperties ?? []
    for (const p of properties) {
      if (p.required && own(rule.configuration, p.name) === undefined) {
        stageError(`${where}: rule '${rule.name}' is missing required configuration '${p.name}'`)
      }
    }
    for (const key of Object.keys(rule.configuration ?? {})) {
      if (!properties.some((p) => p.name === key)) stageError(`${where}: rule '${rule.name}' contains unknown configuration '${key}'`)
    }
    if (id.provider === "Commands" && (rule.commands === undefined || rule.commands.length === 0)) {
      stageError(`${where}: rule '${rule.name}' of type Commands requires commands`)
    }
  }
}

const checkResult = (where: string, result: string | undefined, allowed: ReadonlyArray<string>): void => {
  if (result !== undefined && !allowed.includes(result)) {
    stageError(`${where}: result '${result}' is not valid here (valid: ${allowed.join(", ")})`)
  }
}

/**
 * Validates a declaration against the service's rules and returns it normalised the way the
 * service stores it (defaults filled in: `version`, `executionMode`, `pipelineType`, `runOrder`,
 * empty artifact lists), deep-frozen.
 */
/**
 * Whether a declaration uses parameters only V2 pipelines have: the model's documentation of
 * `pipelineType` says that including them makes the pipeline V2 ("Including V2 parameters, such as
 * triggers on Git tags, in the pipeline JSON when creating or updating a pipeline will result in the
 * pipeline having the V2 type"). Those are variables, the QUEUED and PARALLEL modes, triggers, and
 * stage conditions (the "release safety" parameters). A V2-only action provider is not one: it is
 * refused without `pipelineType: "V2"` (the stricter reading, see docs/emulator.md).
 */
const usesV2Parameters = (input: T.PipelineDeclaration): boolean =>
  (input.variables?.length ?? 0) > 0 ||
  (input.triggers?.length ?? 0) > 0 ||
  V2_ONLY_MODES.has(input.executionMode ?? "") ||
  input.stages.some((s) => s.beforeEntry !== undefined || s.onSuccess !== undefined || s.onFailure !== undefined)

/** Every value of the declaration outside its enum, with its path. */
const enumViolations = (input: T.PipelineDeclaration): Array<Violation> => {
  const out: Array<Violation> = []
  const check = (path: string, value: string | undefined, allowed: ReadonlyArray<string>) => {
    if (value !== undefined && !allowed.includes(value)) out.push(enumViolation(path, value, allowed))
  }
  check("pipeline.pipelineType", input.pipelineType, Enums.PipelineType)
  check("pipeline.executionMode", input.executionMode, Enums.ExecutionMode)
  const stores: Array<[string, T.ArtifactStore]> = input.artifactStore ? [["pipeline.artifactStore", input.artifactStore]] : []
  for (const [region, s] of Object.entries(input.artifactStores ?? {})) stores.push([`pipeline.artifactStores.${region}`, s])
  for (const [path, s] of stores) {
    check(`${path}.type`, s.type, Enums.ArtifactStoreType)
    check(`${path}.encryptionKey.type`, s.encryptionKey?.type, Enums.EncryptionKeyType)
  }
  input.stages.forEach((stage, i) => {
    stage.actions.forEach((action, j) => {
      const at = `pipeline.stages[${i}].actions[${j}].actionTypeId`
      check(`${at}.category`, action.actionTypeId.category, Enums.ActionCategory)
      check(`${at}.owner`, action.actionTypeId.owner, Enums.ActionOwner)
    })
    check(
      `pipeline.stages[${i}].onFailure.retryConfiguration.retryMode`,
      stage.onFailure?.retryConfiguration?.retryMode,
      Enums.StageRetryMode,
    )
  })
  for (const [i, trigger] of (input.triggers ?? []).entries()) {
    check(`pipeline.triggers[${i}].providerType`, trigger.providerType, Enums.PipelineTriggerProviderType)
  }
  return out
}

export const validatePipeline = (store: Store, input: T.PipelineDeclaration, version: number): T.PipelineDeclaration => {
  const region = store.config.region
  const violations = enumViolations(input)
  if (violations.length > 0) validationErrors(violations)
  const pipelineType = input.pipelineType ?? (usesV2Parameters(input) ? "V2" : "V1")
  const v2 = pipelineType === "V2"
  const mode = input.executionMode ?? "SUPERSEDED"
  if (!v2 && V2_ONLY_MODES.has(mode)) structure(`Execution mode ${mode} can only be used with V2 pipelines`)
  if (!v2 && (input.variables?.length ?? 0) > 0) structure("Pipeline variables can only be used with V2 pipelines")
  if (!v2 && (input.triggers?.length ?? 0) > 0) structure("Triggers can only be used with V2 pipelines")

  // Artifact stores: exactly one of the two forms; a cross-region action needs `artifactStores`.
  if ((input.artifactStore === undefined) === (input.artifactStores === undefined)) {
    structure("Pipeline must contain either artifactStore or artifactStores, but not both")
  }
  if (input.artifactStores !== undefined && own(input.artifactStores, region) === undefined) {
    structure(`artifactStores must contain an artifact store for the pipeline region '${region}'`)
  }

  if (store.config.checkRoles) checkRoles(store, input)

  const stages = input.stages
  if (stages.length < 2) structure("Pipeline has fewer than 2 stages. A pipeline must contain at least 2 stages")
  if (stages.length > MAX_STAGES) limit(`Pipeline has ${stages.length} stages, more than the maximum of ${MAX_STAGES}`)

  const stageNames = new Set<string>()
  const outputs = new Set<string>()
  const namespaces = new Set<string>()
  let total = 0
  stages.forEach((stage, stageIndex) => {
    if (stageNames.has(stage.name)) stageError(`Stage name '${stage.name}' is not unique`)
    stageNames.add(stage.name)
    if ((stage.blockers?.length ?? 0) > 0) {
      reject("InvalidBlockerDeclarationException", `Stage '${stage.name}': blockers are not supported`)
    }
    if (stage.actions.length === 0) stageError(`Stage '${stage.name}' must contain at least one action`)
    if (stage.actions.length > MAX_ACTIONS_PER_STAGE) {
      limit(`Stage '${stage.name}' has ${stage.actions.length} actions, more than the maximum of ${MAX_ACTIONS_PER_STAGE}`)
    }
    total += stage.actions.length
    if (total > MAX_ACTIONS_PER_PIPELINE) limit(`Pipeline has more than the maximum of ${MAX_ACTIONS_PER_PIPELINE} actions`)

    const where = `Stage '${stage.name}'`
    if (stage.beforeEntry !== undefined || stage.onSuccess !== undefined || stage.onFailure !== undefined) {
      if (!v2) structure(`${where}: stage conditions, retries and rollbacks can only be used with V2 pipelines`)
      for (const c of stage.beforeEntry?.conditions ?? []) {
        checkResult(where, c.result, ["FAIL", "SKIP"])
        checkRules(where, c)
      }
      for (const c of stage.onSuccess?.conditions ?? []) {
        checkResult(where, c.result, ["ROLLBACK", "FAIL"])
        checkRules(where, c)
      }
      const onFailure = stage.onFailure
      if (onFailure !== undefined) {
        checkResult(where, onFailure.result, ["ROLLBACK", "FAIL", "RETRY"])
        for (const c of onFailure.conditions ?? []) {
          checkResult(where, c.result, ["ROLLBACK", "FAIL", "RETRY"])
          checkRules(where, c)
        }
      }
      const rollback =
        onFailure?.result === "ROLLBACK" ||
        (onFailure?.conditions ?? []).some((c) => c.result === "ROLLBACK") ||
        (stage.onSuccess?.conditions ?? []).some((c) => c.result === "ROLLBACK")
      if (rollback && stageIndex === 0) stageError(`${where}: the first stage cannot be rolled back`)
      if (rollback && mode === "PARALLEL") structure(`${where}: rollback cannot be used with PARALLEL execution mode`)
    }

    const actionNames = new Set<string>()
    for (const action of stage.actions) {
      const at = `action '${action.name}' in stage '${stage.name}'`
      if (actionNames.has(action.name)) actionError(`Action name '${action.name}' is not unique in stage '${stage.name}'`)
      actionNames.add(action.name)
      const id = action.actionTypeId
      const type = resolveActionType(store, id)
      if (type === undefined) actionError(`${describeType(id)} in ${at} is not available`)
      if (type!.pipelineType === "V2" && !v2) actionError(`${describeType(id)} in ${at} is only supported in V2 pipelines`)
      const isSource = id.category === "Source"
      if (stageIndex === 0 && !isSource)
        structure(`Stage '${stage.name}' is the first stage: it may contain only source actions (${at} is not one)`)
      if (stageIndex > 0 && isSource) structure(`Pipeline has source actions in stage '${stage.name}', which is not the first stage`)

      const configuration = action.configuration ?? {}
      for (const p of type!.properties) {
        if (p.required && own(configuration, p.name) === undefined) {
          actionError(`Action configuration for ${at} is missing required configuration '${p.name}'`)
        }
      }
      if (type!.closed) {
        const known = new Set(type!.properties.map((p) => p.name))
        for (const key of Object.keys(configuration)) {
          if (!known.has(key)) actionError(`Action configuration for ${at} contains unknown configuration '${key}'`)
        }
      }
      if (type!.commands && (action.commands === undefined || action.commands.length === 0)) {
        actionError(`Commands are required for ${at}`)
      }
      if (!type!.commands && action.commands !== undefined) actionError(`Commands can only be used with the Commands action type (${at})`)
      if (action.timeoutInMinutes !== undefined && !(id.category === "Approval" && id.owner === "AWS" && id.provider === "Manual")) {
        actionError(`timeoutInMinutes can only be used with manual approval actions (${at})`)
      }
      if (action.region !== undefined && action.region !== region) {
        if (input.artifactStores === undefined) {
          structure(`Cross-region ${at} (region '${action.region}') requires artifactStores`)
        } else if (own(input.artifactStores, action.region) === undefined) {
          structure(`artifactStores must contain an artifact store for region '${action.region}' of ${at}`)
        }
      }
      if (action.namespace !== undefined) {
        if (namespaces.has(action.namespace)) actionError(`Namespace '${action.namespace}' of ${at} is not unique`)
        namespaces.add(action.namespace)
      }

      const inputs = action.inputArtifacts ?? []
      const outs = action.outputArtifacts ?? []
      if (inputs.length < type!.input.minimumCount || inputs.length > type!.input.maximumCount) {
        actionError(
          `${at} has ${inputs.length} input artifacts; ${describeType(id)} takes ${type!.input.minimumCount} to ${type!.input.maximumCount}`,
        )
      }
      if (outs.length < type!.output.minimumCount || outs.length > type!.output.maximumCount) {
        actionError(
          `${at} has ${outs.length} output artifacts; ${describeType(id)} produces ${type!.output.minimumCount} to ${type!.output.maximumCount}`,
        )
      }
    }

    // Artifacts flow forwards: an input is the output of an earlier stage, or of an action of this
    // stage with a lower run order. Walk the stage in run order so declaration order does not matter.
    const stageOutputs = new Map<string, number>()
    const byRunOrder = [...stage.actions].sort((a, b) => (a.runOrder ?? 1) - (b.runOrder ?? 1))
    for (const action of byRunOrder) {
      const at = `action '${action.name}' in stage '${stage.name}'`
      const runOrder = action.runOrder ?? 1
      const seen = new Set<string>()
      for (const a of action.inputArtifacts ?? []) {
        if (seen.has(a.name)) actionError(`Input artifact '${a.name}' of ${at} is listed twice`)
        seen.add(a.name)
        const producedAt = stageOutputs.get(a.name)
        const earlierStage = outputs.has(a.name) && producedAt === undefined
        if (!earlierStage && !(producedAt !== undefined && producedAt < runOrder)) {
          actionError(`Input artifact '${a.name}' of ${at} is not declared as an output artifact of a preceding action`)
        }
      }
      for (const a of action.outputArtifacts ?? []) {
        if (outputs.has(a.name)) actionError(`Output artifact name '${a.name}' of ${at} is not unique in the pipeline`)
        outputs.add(a.name)
        stageOutputs.set(a.name, runOrder)
      }
    }
  })

  const variableNames = new Set<string>()
  for (const v of input.variables ?? []) {
    if (variableNames.has(v.name)) validation(`Pipeline variable '${v.name}' is declared twice`)
    variableNames.add(v.name)
  }
  for (const trigger of input.triggers ?? []) {
    const source = stages[0]?.actions.find((a) => a.name === trigger.gitConfiguration.sourceActionName)
    if (source === undefined || source.actionTypeId.provider !== "CodeStarSourceConnection") {
      structure(`Trigger source action '${trigger.gitConfiguration.sourceActionName}' must be a CodeStarSourceConnection source action`)
    }
  }

  checkNamespaces(input)

  return freeze({
    ...input,
    version,
    executionMode: mode,
    pipelineType,
    stages: stages.map((stage) => ({
      ...stage,
      actions: stage.actions.map((action) => ({
        ...action,
        runOrder: action.runOrder ?? 1,
        inputArtifacts: action.inputArtifacts ?? [],
        outputArtifacts: action.outputArtifacts ?? [],
      })),
    })),
  })
}

/** Tag rules shared by every taggable resource. */
export const MAX_TAGS = 50

export const validateTags = (tags: ReadonlyArray<T.Tag>, existing?: ReadonlyMap<string, string>): Map<string, string> => {
  const result = new Map(existing)
  for (const tag of tags) {
    if (tag.key.toLowerCase().startsWith("aws:")) {
      reject("InvalidTagsException", `Tag key '${tag.key}' uses the reserved prefix 'aws:'`)
    }
    result.set(tag.key, tag.value)
  }
  if (result.size > MAX_TAGS) reject("TooManyTagsException", `A resource can have at most ${MAX_TAGS} tags`)
  return result
}
