/**
 * The control API's routes, as data: method, path, query parameters, body and answer schemas, and
 * their documentation. The control handler checks requests against them, the typed client finds
 * its method and path in them, and the OpenAPI document is generated from them, so the three
 * cannot drift apart. The implementations are in `controls.ts`, keyed by `operationId`.
 */
import type { JsonSchema } from "../internal/jsonSchema.js"
import { durationSchema, OUTCOME_RULES_SCHEMA, RULE_OUTCOME_RULES_SCHEMA } from "../simulator/outcomes.js"

/**
 * The path every control is under.
 *
 * @since 0.1.0
 */
export const CONTROL_PREFIX = "/_emulator/"

export interface QueryParameter {
  readonly description: string
  readonly schema: JsonSchema
}

/** The controls, by name: the `operationId` of their route and the typed client's method. */
export type ControlName =
  | "reset"
  | "exportState"
  | "importState"
  | "seedPipeline"
  | "seedExecution"
  | "completeAction"
  | "listJobs"
  | "injectFault"
  | "clearFaults"
  | "delayCalls"
  | "clearDelays"
  | "listCalls"
  | "clearCalls"
  | "pushSourceRevision"
  | "triggerWebhook"
  | "getClock"
  | "advanceClock"
  | "setOutcomes"
  | "getOutcomes"
  | "clearOutcomes"
  | "openApi"

export interface Route {
  readonly operationId: ControlName
  readonly method: "GET" | "POST" | "PUT" | "DELETE"
  /** Under {@link CONTROL_PREFIX}. */
  readonly path: string
  readonly summary: string
  readonly description?: string | undefined
  readonly query?: { readonly [name: string]: QueryParameter } | undefined
  /** The JSON body; absent: the request has none (an empty body, or `{}`). */
  readonly body?: JsonSchema | undefined
  readonly response: JsonSchema
  /** `false`: answered without a signature (the API's description only). Default: signed. */
  readonly signed?: boolean | undefined
}

const string = (description?: string, extra: Partial<JsonSchema> = {}): JsonSchema => ({
  type: "string",
  ...extra,
  ...(description !== undefined ? { description } : {}),
})
const text = (description: string): JsonSchema => string(description, { minLength: 1, maxLength: 1000 })
const EMPTY: JsonSchema = { type: "object", additionalProperties: false, properties: {} }
const object = (properties: Record<string, JsonSchema>, required: ReadonlyArray<string> = [], description?: string): JsonSchema => ({
  type: "object",
  additionalProperties: false,
  properties,
  ...(required.length > 0 ? { required } : {}),
  ...(description !== undefined ? { description } : {}),
})
const TIME = string("ISO 8601, UTC.", { format: "date-time" })
const STRING_MAP: JsonSchema = { type: "object", additionalProperties: { type: "string" } }

const SECRETS: QueryParameter = {
  description:
    "`true`: secrets (webhook `SecretToken`, third-party `clientToken`, `OAuthToken`) are shown as they are. Default: replaced by `****`.",
  schema: { type: "string", enum: ["true", "false"] },
}

/** A pipeline's trigger result: the execution started, or why none was. */
const TRIGGER_RESULT = object({
  pipelineExecutionId: string("The execution the event started."),
  notStarted: string("Why no execution started (filters, change detection, authentication)."),
})

export const ERROR_SCHEMA: JsonSchema = object(
  {
    error: string(
      "`BadRequest` (the request breaks the schema), `ControlError` (the control cannot do it now), an AWS error code (a seeded pipeline the service would refuse), a SigV4 error code, `NotFound` or `MethodNotAllowed`.",
    ),
    message: string("What is wrong, and where."),
  },
  ["error", "message"],
)

export const routes: ReadonlyArray<Route> = [
  {
    operationId: "reset",
    method: "POST",
    path: "reset",
    summary: "Reset to empty",
    description:
      "Removes every pipeline, execution, job, action type, webhook, fault, delay, outcome rule and recorded call, and seeds the ids generator again. Simulated time does not go back.",
    response: EMPTY,
  },
  {
    operationId: "exportState",
    method: "GET",
    path: "state",
    summary: "Export the durable state",
    description:
      "Pipelines (every version), tags, disabled transitions, action types and webhooks, as the state file holds them. Executions are not part of it.",
    query: { secrets: SECRETS },
    response: {
      type: "object",
      description: "A snapshot: region, accountId, pipelines, customActionTypes, registeredActionTypes, webhooks.",
    },
  },
  {
    operationId: "importState",
    method: "POST",
    path: "state",
    summary: "Seed the state from a snapshot",
    description:
      "Loads a snapshot (what exportState answers) into an emulator without pipelines, custom action types or webhooks (reset first): all of it or, with a 400 naming the problem, nothing.",
    body: { type: "object", description: "A snapshot, as exportState answers it." },
    response: object({ pipelines: { type: "integer", description: "How many pipelines were loaded." } }, ["pipelines"]),
  },
  {
    operationId: "seedPipeline",
    method: "POST",
    path: "pipelines",
    summary: "Seed a pipeline",
    description:
      "Adds a pipeline with CreatePipeline's rules, without a recorded call and, unless startExecution is true, without starting an execution.",
    body: object(
      {
        pipeline: { type: "object", description: "The pipeline declaration, in CreatePipeline's wire form." },
        tags: { type: "array", items: object({ key: string(), value: string() }, ["key", "value"]) },
        startExecution: { type: "boolean" },
      },
      ["pipeline"],
    ),
    response: object({ pipeline: { type: "object", description: "The pipeline as stored." } }, ["pipeline"]),
  },
  {
    operationId: "seedExecution",
    method: "POST",
    path: "executions",
    summary: "Seed a finished execution",
    description: "Adds a finished execution to the history of a pipeline that has none in progress, as if it had just run (instantly).",
    body: object(
      {
        pipelineName: text("The pipeline."),
        status: string(undefined, { enum: ["Succeeded", "Failed", "Stopped", "Cancelled", "Superseded"] }),
        stageName: text("Where a not-succeeded execution ended. Default: the last stage (the second for Superseded)."),
        trigger: object({ triggerType: text("For example `StartPipelineExecution`, `Webhook`."), triggerDetail: string() }, [
          "triggerType",
        ]),
      },
      ["pipelineName", "status"],
    ),
    response: object({ pipelineExecutionId: string() }, ["pipelineExecutionId"]),
  },
  {
    operationId: "completeAction",
    method: "POST",
    path: "actions/complete",
    summary: "Complete or fail a running action",
    description: "Ends a running action of any kind (simulated, manual approval, custom or third-party job) with the given result.",
    body: object(
      {
        pipelineName: text("The pipeline."),
        stageName: text("The action's stage."),
        actionName: text("The action."),
        pipelineExecutionId: text("The execution; default: the action's latest run."),
        status: string(undefined, { enum: ["Succeeded", "Failed"] }),
        summary: string(undefined, { maxLength: 2048 }),
        externalExecutionId: string(undefined, { maxLength: 1500 }),
        externalExecutionUrl: string(undefined, { maxLength: 2048 }),
        logStreamARN: string(undefined, { maxLength: 2048 }),
        outputVariables: { ...STRING_MAP, description: "For `Succeeded`: the action's output variables." },
        errorDetails: object({ code: string(), message: string() }, [], "For `Failed`; default `{ code: JobFailed, message: summary }`."),
      },
      ["pipelineName", "stageName", "actionName", "status"],
    ),
    response: EMPTY,
  },
  {
    operationId: "listJobs",
    method: "GET",
    path: "jobs",
    summary: "List jobs",
    description: "Custom, third-party and Lambda invoke jobs, oldest first (a Lambda job's id is seen only here).",
    query: {
      pipelineName: { description: "Only this pipeline's jobs.", schema: text("A pipeline name.") },
      kind: { description: "Only jobs of this kind.", schema: string(undefined, { enum: ["Custom", "ThirdParty", "Lambda"] }) },
      status: {
        description: "Only jobs in this status (`Created`, `Queued`, `Dispatched`, `InProgress`, `Succeeded`, `Failed`, ...).",
        schema: text("A job status."),
      },
    },
    response: object({ jobs: { type: "array", items: { type: "object" } } }, ["jobs"]),
  },
  {
    operationId: "injectFault",
    method: "POST",
    path: "faults",
    summary: "Make the next calls of an operation fail",
    description:
      "The next `times` calls of `operation` fail with `code` (any code: a modeled exception, or one such as ThrottlingException), before they touch any state.",
    body: object(
      {
        operation: text("An operation's name, for example `GetPipelineState`."),
        code: text("The error code, for example `ThrottlingException`."),
        message: string("The error message. Default: `Injected fault`."),
        times: { type: "integer", minimum: 1, maximum: 1_000_000, description: "Default: 1." },
      },
      ["operation", "code"],
    ),
    response: EMPTY,
  },
  { operationId: "clearFaults", method: "DELETE", path: "faults", summary: "Clear injected faults", response: EMPTY },
  {
    operationId: "delayCalls",
    method: "POST",
    path: "delays",
    summary: "Delay the next calls",
    description:
      "The next `times` calls (of `operation`, or of any operation) are answered after `delay` of wall-clock time, as a slow service would.",
    body: object(
      {
        operation: text("An operation's name; default: any operation."),
        delay: durationSchema("How long each call waits: milliseconds, or text such as `2s` (at most 5 minutes)."),
        times: { type: "integer", minimum: 1, maximum: 1_000_000, description: "Default: 1." },
      },
      ["delay"],
    ),
    response: EMPTY,
  },
  { operationId: "clearDelays", method: "DELETE", path: "delays", summary: "Clear pending delays", response: EMPTY },
  {
    operationId: "listCalls",
    method: "GET",
    path: "calls",
    summary: "Read the recorded calls",
    description: "Every CodePipeline call received, oldest first, with its input, its simulated time and its outcome.",
    query: { operation: { description: "Only this operation's calls.", schema: text("An operation's name.") }, secrets: SECRETS },
    response: object(
      {
        calls: {
          type: "array",
          items: object(
            {
              operation: string(),
              input: { type: "object" },
              time: TIME,
              outcome: string(undefined, { enum: ["Success", "Failure"] }),
              error: string("The error code of a failed call."),
              refused: { type: "boolean", description: "Refused before it reached the simulator (its input breaks the model)." },
            },
            ["operation", "input", "time", "outcome"],
          ),
        },
      },
      ["calls"],
    ),
  },
  { operationId: "clearCalls", method: "DELETE", path: "calls", summary: "Clear the recorded calls", response: EMPTY },
  {
    operationId: "pushSourceRevision",
    method: "POST",
    path: "sources/push",
    summary: "Push a source revision",
    description:
      "A change in a source action's repository: a push (to a branch, or of a tag) or a pull request event. Whether an execution starts is decided as the service decides it (trigger filters, change detection).",
    body: object(
      {
        pipelineName: text("The pipeline."),
        actionName: text("The source action."),
        revisionId: text("The commit; default: a new random one."),
        revisionSummary: string("The commit message."),
        revisionUrl: string(),
        branch: text("The branch pushed to; default: the one the action tracks."),
        tag: text("A tag pushed (instead of a branch)."),
        filePaths: { type: "array", items: string(), description: "The files the change touches." },
        pullRequest: object(
          {
            event: string(undefined, { enum: ["OPEN", "UPDATED", "CLOSED"] }),
            sourceBranch: text("Its source branch."),
            destinationBranch: text("Its destination branch."),
          },
          ["event", "sourceBranch", "destinationBranch"],
        ),
        startExecution: { type: "boolean", description: "`false`: record the commit, start nothing." },
      },
      ["pipelineName", "actionName"],
    ),
    response: object({ ...TRIGGER_RESULT.properties, revisionId: string() }, ["revisionId"]),
  },
  {
    operationId: "triggerWebhook",
    method: "POST",
    path: "webhooks/trigger",
    summary: "Fire a webhook",
    description:
      "An event arrives at a webhook's URL: when it passes the webhook's authentication and filters, the pipeline starts (trigger `Webhook`).",
    body: object(
      {
        name: text("The webhook's name."),
        payload: { description: "The JSON body the repository sends; the webhook's filters read it." },
        secretToken: string("For GITHUB_HMAC webhooks: the secret the sender signed the event with."),
        sourceIp: string("For IP webhooks: the sender's IPv4 address."),
      },
      ["name"],
    ),
    response: TRIGGER_RESULT,
  },
  {
    operationId: "getClock",
    method: "GET",
    path: "clock",
    summary: "Read the simulated time",
    response: object({ now: TIME, epochMillis: { type: "integer" } }, ["now", "epochMillis"]),
  },
  {
    operationId: "advanceClock",
    method: "POST",
    path: "clock/advance",
    summary: "Advance simulated time",
    description:
      "Moves simulated time forward by `by`, firing in order every event due by then (actions ending, approvals and stages timing out). Signatures are still checked against the wall clock.",
    body: object({ by: durationSchema("How far: milliseconds, or text such as `90s`, `15m`, `8d`.") }, ["by"]),
    response: object({ now: TIME, epochMillis: { type: "integer" } }, ["now", "epochMillis"]),
  },
  {
    operationId: "setOutcomes",
    method: "PUT",
    path: "outcomes",
    summary: "Set how simulated actions end",
    description:
      "Declarative outcomes, from now on: the first rule that matches an action (by pipeline, stage, action name, provider or category) says whether it succeeds, fails or waits, after how long, with which summary and output variables. Actions no rule matches end the default way. `rules` does the same for the rules of stage conditions (by pipeline, stage, rule name, provider or condition type); without it, theirs are left as they are.",
    body: object({ actions: OUTCOME_RULES_SCHEMA, rules: RULE_OUTCOME_RULES_SCHEMA }, ["actions"]),
    response: EMPTY,
  },
  {
    operationId: "getOutcomes",
    method: "GET",
    path: "outcomes",
    summary: "Read the outcome rules",
    description: "The rules set with setOutcomes (none: empty lists).",
    response: object({ actions: OUTCOME_RULES_SCHEMA, rules: RULE_OUTCOME_RULES_SCHEMA }, ["actions", "rules"]),
  },
  {
    operationId: "clearOutcomes",
    method: "DELETE",
    path: "outcomes",
    summary: "Clear the outcome rules",
    description: "Every simulated action and stage-condition rule ends the default way again (success after the action or rule duration).",
    response: EMPTY,
  },
  {
    operationId: "openApi",
    method: "GET",
    path: "openapi.json",
    summary: "This API's OpenAPI 3.1 description",
    description: "Served without a signature.",
    response: { type: "object" },
    signed: false,
  },
]

export const routeOf: { readonly [K in ControlName]: Route } = Object.fromEntries(routes.map((r) => [r.operationId, r])) as never

/** The body schema of a route: its own, or an empty object. */
export const bodySchema = (route: Route): JsonSchema => route.body ?? EMPTY
