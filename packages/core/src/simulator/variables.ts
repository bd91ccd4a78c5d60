/**
 * Variables: pipeline-level variables and their defaults, `#{Namespace.Variable}` references and
 * how they resolve, the output variables built-in actions emit, the namespace rules a declaration
 * must keep, and the VariableCheck rule.
 *
 * Measured against the user guide's "Variables reference"
 * (https://docs.aws.amazon.com/codepipeline/latest/userguide/reference-variables.html) and
 * "Working with variables" (https://docs.aws.amazon.com/codepipeline/latest/userguide/actions-variables.html).
 */
import type * as T from "../generated/types.js"
import { reject } from "./errors.js"
import { own, setOwn } from "./plainData.js"
import type { ActionRun, ExecutionRecord, Store } from "./state.js"

/** A reference: `#{namespace.name}`, with the characters the service allows in both. */
const REFERENCE = /#\{([A-Za-z0-9@\-_]+)\.([A-Za-z0-9@\-_]+)\}/g

/** The namespace of the variables every execution has (`#{codepipeline.PipelineExecutionId}`). */
export const RESERVED_NAMESPACE = "codepipeline"
/** The namespace of pipeline-level variables (`#{variables.name}`). */
export const PIPELINE_VARIABLES = "variables"
const IMPLICIT_VARIABLES: ReadonlySet<string> = new Set(["PipelineExecutionId"])

// ---------------------------------------------------------------------------------------------
// Pipeline-level variables

/**
 * The values of an execution's pipeline-level variables: the given ones, else the declared
 * defaults. A declared variable with neither is returned as `missing` (the caller decides: a manual
 * start is refused, an automatic one fails).
 */
export const pipelineVariables = (
  declaration: T.PipelineDeclaration,
  given: ReadonlyMap<string, string> | undefined,
): { readonly variables?: ReadonlyArray<T.ResolvedPipelineVariable>; readonly missing?: string } => {
  const declared = declaration.variables ?? []
  if (declared.length === 0) return {}
  const variables: Array<T.ResolvedPipelineVariable> = []
  for (const d of declared) {
    const value = given?.get(d.name) ?? d.defaultValue
    if (value === undefined) return { missing: d.name }
    variables.push({ name: d.name, resolvedValue: value })
  }
  return { variables }
}

// ---------------------------------------------------------------------------------------------
// Resolution

/** The latest succeeded run of the action declaring a namespace, in this execution or the one a rollback returns to. */
const namespaceRun = (exec: ExecutionRecord, namespace: string): ActionRun | undefined => {
  for (let i = exec.stageRuns.length - 1; i >= 0; i--) {
    for (let a = exec.stageRuns[i]?.last; a !== undefined; a = a.previous) {
      if (a.status === "Succeeded" && a.declaration.namespace === namespace) return a
    }
  }
  return exec.rollbackFrom !== undefined ? namespaceRun(exec.rollbackFrom, namespace) : undefined
}

/** Resolves `#{variables.x}`, `#{Namespace.x}` and `#{codepipeline.PipelineExecutionId}`; unknown references stay as written. */
export const resolveValue = (store: Store, exec: ExecutionRecord, value: string): string =>
  value.includes("#{")
    ? value.replace(REFERENCE, (whole, namespace: string, name: string) => {
        if (namespace === PIPELINE_VARIABLES) return exec.variables?.find((v) => v.name === name)?.resolvedValue ?? whole
        if (namespace === RESERVED_NAMESPACE && name === "PipelineExecutionId") return exec.id
        const producer = namespaceRun(exec, namespace)
        return (producer !== undefined ? own(outputVariablesOf(store, producer), name) : undefined) ?? whole
      })
    : value

/** The configuration with its references resolved, or `undefined` when nothing changed. */
export const resolveConfiguration = (
  store: Store,
  exec: ExecutionRecord,
  configuration: { readonly [key: string]: string } | undefined,
): { readonly [key: string]: string } | undefined => {
  if (configuration === undefined) return undefined
  let resolved: Record<string, string> | undefined
  for (const key in configuration) {
    const value = configuration[key]!
    const r = resolveValue(store, exec, value)
    if (r !== value) setOwn((resolved ??= { ...configuration }), key, r)
  }
  return resolved
}

// ---------------------------------------------------------------------------------------------
// Output variables of built-in actions

const iso = (epoch: number, relative: number): string => new Date(epoch + relative).toISOString()

/**
 * The output variables a built-in action emits by itself, as the "Variables reference" lists them
 * per provider: the source actions' commit details, Step Functions' ARNs. CodeBuild (exported
 * environment variables), CloudFormation (stack outputs), Lambda and Commands emit what the run
 * produced: the test says so through the action simulator, `completeAction` or the job result.
 */
const builtinOutputVariables = (store: Store, action: ActionRun): { readonly [key: string]: string } | undefined => {
  const { epoch, config } = store
  const { region, accountId } = config
  const revision = action.revision
  const d = action.declaration
  const id = d.actionTypeId
  const configuration = action.resolved ?? d.configuration ?? {}
  const c = (key: string): string => own(configuration, key) ?? ""
  if (id.category === "Source" && revision !== undefined) {
    const commit = {
      CommitId: revision.revisionId,
      CommitMessage: revision.summary ?? "",
      AuthorDate: iso(epoch, revision.created),
    }
    switch (id.provider) {
      case "CodeCommit":
        return {
          ...commit,
          BranchName: revision.branch ?? c("BranchName"),
          CommitterDate: commit.AuthorDate,
          RepositoryName: c("RepositoryName"),
        }
      case "CodeStarSourceConnection":
        return {
          ...commit,
          BranchName: revision.branch ?? c("BranchName"),
          ConnectionArn: c("ConnectionArn"),
          FullRepositoryName: c("FullRepositoryId"),
        }
      case "GitHub":
        return {
          ...commit,
          BranchName: revision.branch ?? c("Branch"),
          CommitterDate: commit.AuthorDate,
          CommitUrl: `https://api.github.com/repos/${c("Owner")}/${c("Repo")}/git/commits/${revision.revisionId}`,
          RepositoryName: c("Repo"),
        }
      case "S3":
        return { ETag: revision.revisionChangeId, VersionId: revision.revisionId }
      case "ECR": {
        const repository = c("RepositoryName")
        const tag = own(configuration, "ImageTag") ?? "latest"
        return {
          ImageDigest: revision.revisionId.startsWith("sha256:") ? revision.revisionId : `sha256:${revision.revisionId}`,
          ImageTag: tag,
          ImageURI: `${accountId}.dkr.ecr.${region}.amazonaws.com/${repository}:${tag}`,
          RegistryId: accountId,
          RepositoryName: repository,
        }
      }
      default:
        return undefined
    }
  }
  if (id.owner === "AWS" && id.provider === "StepFunctions") {
    const machine = c("StateMachineArn")
    const prefix = own(configuration, "ExecutionNamePrefix")
    const name = `${prefix !== undefined ? `${prefix}-` : ""}${action.stage.exec.id}`
    return { StateMachineArn: machine, ExecutionArn: `${machine.replace(":stateMachine:", ":execution:")}:${name}` }
  }
  return undefined
}

/**
 * The output variables of a succeeded action run: its provider's own, then what the run reported
 * (the simulator's outcome, `completeAction`, a job result), which wins over a default of the same name.
 */
export const outputVariablesOf = (store: Store, action: ActionRun): { readonly [key: string]: string } | undefined => {
  if (action.status !== "Succeeded") return undefined
  const emitted = builtinOutputVariables(store, action)
  const reported = action.outputVariables
  return emitted !== undefined && reported !== undefined ? { ...emitted, ...reported } : (reported ?? emitted)
}

// ---------------------------------------------------------------------------------------------
// Namespace rules

const references = (value: string): Array<{ readonly namespace: string; readonly name: string }> => {
  const out: Array<{ namespace: string; name: string }> = []
  if (!value.includes("#{")) return out
  for (const m of value.matchAll(REFERENCE)) out.push({ namespace: m[1]!, name: m[2]! })
  return out
}

/**
 * The namespace rules of CreatePipeline and UpdatePipeline: a namespace is not `codepipeline` or
 * `variables` (reserved), nor the name of an artifact; every `#{Namespace.Variable}` reference in
 * an action's or a rule's configuration names a namespace of an action that runs before it (an
 * earlier stage, or a lower run order in the same stage; a stage's own actions for its
 * ON_SUCCESS and ON_FAILURE conditions); `#{variables.x}` names a declared pipeline variable and
 * `#{codepipeline.x}` an implicit one. Where the user guide does not say (references to later
 * actions, the `variables` name), the stricter reading is taken (see docs/emulator.md).
 */
export const checkNamespaces = (input: T.PipelineDeclaration): void => {
  const artifacts = new Set<string>()
  for (const stage of input.stages) {
    for (const action of stage.actions) {
      for (const a of [...(action.inputArtifacts ?? []), ...(action.outputArtifacts ?? [])]) artifacts.add(a.name)
    }
  }
  const declaredVariables = new Set((input.variables ?? []).map((v) => v.name))
  for (const stage of input.stages) {
    for (const action of stage.actions) {
      const namespace = action.namespace
      if (namespace === undefined) continue
      const at = `action '${action.name}' in stage '${stage.name}'`
      if (namespace === RESERVED_NAMESPACE || namespace === PIPELINE_VARIABLES) {
        reject("InvalidActionDeclarationException", `Namespace '${namespace}' of ${at} is reserved`)
      }
      if (artifacts.has(namespace))
        reject("InvalidActionDeclarationException", `Namespace '${namespace}' of ${at} has the name of an artifact`)
    }
  }

  const check = (
    configuration: { readonly [key: string]: string } | undefined,
    available: ReadonlySet<string>,
    refuse: (message: string) => never,
  ): void => {
    for (const key in configuration ?? {}) {
      for (const { namespace, name } of references(configuration![key]!)) {
        if (namespace === PIPELINE_VARIABLES) {
          if (!declaredVariables.has(name)) refuse(`references the pipeline variable '${name}', which is not declared`)
        } else if (namespace === RESERVED_NAMESPACE) {
          if (!IMPLICIT_VARIABLES.has(name))
            refuse(`references '#{${namespace}.${name}}', which is not a variable of the ${RESERVED_NAMESPACE} namespace`)
        } else if (!available.has(namespace)) {
          refuse(`references the namespace '${namespace}', which no action that runs before it declares`)
        }
      }
    }
  }

  const before = new Set<string>()
  for (const stage of input.stages) {
    const stageError = (message: string): never => reject("InvalidStageDeclarationException", `Stage '${stage.name}': a rule ${message}`)
    for (const c of stage.beforeEntry?.conditions ?? []) for (const r of c.rules ?? []) check(r.configuration, before, stageError)
    const inStage = new Set(before)
    const orders = [...new Set(stage.actions.map((a) => a.runOrder ?? 1))].sort((a, b) => a - b)
    for (const order of orders) {
      const group = stage.actions.filter((a) => (a.runOrder ?? 1) === order)
      for (const action of group) {
        check(action.configuration, inStage, (message) =>
          reject("InvalidActionDeclarationException", `The configuration of action '${action.name}' in stage '${stage.name}' ${message}`),
        )
      }
      for (const action of group) if (action.namespace !== undefined) inStage.add(action.namespace)
    }
    for (const c of [...(stage.onSuccess?.conditions ?? []), ...(stage.onFailure?.conditions ?? [])]) {
      for (const r of c.rules ?? []) check(r.configuration, inStage, stageError)
    }
    for (const n of inStage) before.add(n)
  }
}

// ---------------------------------------------------------------------------------------------
// The VariableCheck rule

export const VARIABLE_CHECK_OPERATORS = ["EQ", "NE", "CONTAINS", "MATCHES", "GREATER_THAN", "LESS_THAN"] as const

/** Unbounded quantifiers (`*`, `+`, `{n,}`) a MATCHES pattern may have. */
const MAX_UNBOUNDED_QUANTIFIERS = 3

/**
 * Why a MATCHES pattern is refused, if it is: JavaScript cannot bound a regular expression's time,
 * so patterns that can backtrack without bound are not run (a group that is quantified and holds a
 * quantifier or an alternative, a backreference, more than three unbounded quantifiers). A
 * pipeline's own pattern, served by the emulator to any client, must not hang it.
 */
const unsafePattern = (pattern: string): string | undefined => {
  if (/\\[1-9]|\\k</.test(pattern)) return "it has a backreference"
  let unbounded = 0
  // For each open group: whether it holds a quantifier or an alternative.
  const groups: Array<boolean> = []
  let closed = false
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!
    const wasClosed = closed
    closed = false
    if (ch === "\\") {
      i++
      continue
    }
    if (ch === "[") {
      const end = pattern.indexOf("]", i + 2)
      if (end > 0) i = end
      continue
    }
    if (ch === "(") groups.push(false)
    else if (ch === ")") {
      const risky = groups.pop() ?? false
      if (risky) closed = true
      if (risky && groups.length > 0) groups[groups.length - 1] = true
    } else if (ch === "|") {
      if (groups.length > 0) groups[groups.length - 1] = true
    } else if (ch === "*" || ch === "+" || ch === "?" || ch === "{") {
      const open = ch === "*" || ch === "+" || (ch === "{" && /^\{\d+,\}/.test(pattern.slice(i)))
      if (wasClosed && (open || ch === "{")) return "a quantified group holds a quantifier or an alternative"
      if (open && ++unbounded > MAX_UNBOUNDED_QUANTIFIERS) return `it has more than ${MAX_UNBOUNDED_QUANTIFIERS} unbounded quantifiers`
      if (groups.length > 0) groups[groups.length - 1] = true
    }
  }
  return undefined
}

/**
 * Evaluates a VariableCheck rule on its resolved configuration (`Variable`, `Operator`, `Value`):
 * whether it passes, and a summary saying what was compared. A variable that does not resolve, an
 * unknown operator, a number that is not one, or an invalid pattern fail the rule.
 */
export const evaluateVariableCheck = (configuration: {
  readonly [key: string]: string
}): { readonly passed: boolean; readonly summary: string } => {
  const variable = own(configuration, "Variable") ?? ""
  const operator = own(configuration, "Operator") ?? ""
  const value = own(configuration, "Value") ?? ""
  if (references(variable).length > 0) return { passed: false, summary: `The variable ${variable} did not resolve` }
  const compared = `'${variable}' ${operator} '${value}'`
  const numbers = (): [number, number] | undefined => {
    const a = Number(variable)
    const b = Number(value)
    return variable.trim() === "" || value.trim() === "" || Number.isNaN(a) || Number.isNaN(b) ? undefined : [a, b]
  }
  let passed: boolean
  switch (operator) {
    case "EQ":
      passed = variable === value
      break
    case "NE":
      passed = variable !== value
      break
    case "CONTAINS":
      passed = variable.includes(value)
      break
    case "MATCHES": {
      const unsafe = unsafePattern(value)
      if (unsafe !== undefined) return { passed: false, summary: `The pattern '${value}' is not run: ${unsafe}` }
      // Java's regular expressions, as CodePipeline's are, match the whole value.
      let pattern: RegExp
      try {
        pattern = new RegExp(`^(?:${value})$`)
      } catch {
        return { passed: false, summary: `'${value}' is not a valid regular expression` }
      }
      passed = pattern.test(variable)
      break
    }
    case "GREATER_THAN":
    case "LESS_THAN": {
      const n = numbers()
      if (n === undefined) return { passed: false, summary: `${compared}: ${operator} compares numbers` }
      passed = operator === "GREATER_THAN" ? n[0] > n[1] : n[0] < n[1]
      break
    }
    default:
      return { passed: false, summary: `Unknown operator '${operator}' (valid: ${VARIABLE_CHECK_OPERATORS.join(", ")})` }
  }
  return { passed, summary: `${compared} is ${passed ? "true" : "false"}` }
}
