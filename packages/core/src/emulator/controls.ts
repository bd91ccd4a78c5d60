/**
 * The control API: plain JSON requests under `/_emulator/`, each checked against its route (see
 * `routes.ts`), signed like the CodePipeline API (same credentials, service `codepipeline`, the
 * emulator's region), and run over the simulator's own controls. A request that breaks its route
 * (a member missing or of the wrong type, an unknown member or query parameter, a body that is not
 * JSON) gets a 400 naming the problem; so does a control the simulator cannot do now (an action
 * that is not running). Only a bug answers 500.
 */
import { parseDuration } from "../internal/duration.js"
import { check, formatIssue } from "../internal/jsonSchema.js"
import { operations } from "../Operations.js"
import type { ActionCompletion, ActionTarget, OperationName, OutcomeRule, RuleOutcomeRule, Simulator } from "../Simulator.js"
import { ControlError, ServiceError } from "../simulator/errors.js"
import { MAX_DEPTH, nestedTooDeep } from "../simulator/plainData.js"
import type { AuthFailure, SignedRequest, Verifier } from "./auth.js"
import type { SimulatedClock } from "./clock.js"
import { type Delays, MAX_DELAY_MS } from "./delays.js"
import { openApiDocument } from "./openapi.js"
import { bodySchema, CONTROL_PREFIX, type ControlName, type Route, routes } from "./routes.js"
import { redactSecrets } from "./secrets.js"

export const JSON_CONTENT_TYPE = "application/json"

/** How far one advance may move time: far enough for any timeout CodePipeline has (approvals: 7 days). */
const MAX_ADVANCE_MS = 10 * 366 * 86_400_000

export const NO_OUTCOMES: ControlContext["outcomes"] = { actions: [], rules: [] }

export interface ControlContext {
  readonly simulator: Simulator
  readonly verifier: Verifier | undefined
  readonly clock: SimulatedClock
  readonly delays: Delays
  /** The rules the outcome control set, for reading them back. */
  outcomes: { readonly actions: ReadonlyArray<OutcomeRule>; readonly rules: ReadonlyArray<RuleOutcomeRule> }
}

export interface ControlRequest extends SignedRequest {
  readonly requestId: string
}

export interface ControlResponse {
  readonly status: number
  readonly headers: Readonly<Record<string, string>>
  readonly body: string
  readonly operation?: string | undefined
  readonly code?: string | undefined
}

interface Input {
  readonly body: any
  readonly query: Readonly<Record<string, string>>
}

/** A control's refusal of its input that the schema cannot express. */
class BadRequest extends Error {}

const knownOperation = (name: string): OperationName => {
  if (!Object.hasOwn(operations, name)) {
    throw new BadRequest(`'${name.slice(0, 100)}' is not a CodePipeline operation (for example GetPipelineState, StartPipelineExecution)`)
  }
  return name as OperationName
}

const millisOf = (member: string, value: unknown, max: number): number => {
  const ms = parseDuration(value)
  if (ms === undefined) throw new BadRequest(`${member} must be milliseconds or a duration such as 30s, not ${JSON.stringify(value)}`)
  if (ms > max) throw new BadRequest(`${member} must be at most ${max} ms, not ${ms}`)
  return ms
}

const clockOf = (context: ControlContext) => {
  const now = Math.max(context.clock.now(), context.simulator.now)
  return { now: new Date(now).toISOString(), epochMillis: now }
}

const secretsAsked = (query: Input["query"]): boolean => query["secrets"] === "true"

/** Every control's implementation; the type makes a missing one a compile error. */
const implementations: { readonly [K in ControlName]: (context: ControlContext, input: Input) => unknown } = {
  reset: (context) => {
    context.simulator.reset()
    context.delays.clear()
    context.outcomes = NO_OUTCOMES
  },
  exportState: (context, { query }) => {
    const snapshot = context.simulator.exportState()
    return secretsAsked(query) ? snapshot : redactSecrets(snapshot)
  },
  importState: (context, { body }) => {
    try {
      context.simulator.importState(body)
    } catch (error) {
      if (error instanceof ControlError && / without pipelines/.test(error.message)) {
        throw new ControlError(`${error.message}: reset it first (POST ${CONTROL_PREFIX}reset)`)
      }
      throw error
    }
    return { pipelines: (body.pipelines as ReadonlyArray<unknown>).length }
  },
  seedPipeline: (context, { body }) => ({
    pipeline: context.simulator.seedPipeline(body.pipeline, { tags: body.tags, startExecution: body.startExecution }),
  }),
  seedExecution: (context, { body }) => ({ pipelineExecutionId: context.simulator.seedExecution(body) }),
  completeAction: (context, { body }) => {
    const { pipelineName, stageName, actionName, pipelineExecutionId, ...completion } = body
    const target: ActionTarget = { pipelineName, stageName, actionName, pipelineExecutionId }
    context.simulator.completeAction(target, completion as ActionCompletion)
  },
  listJobs: (context, { query }) => ({
    jobs: context.simulator.jobs({ pipelineName: query["pipelineName"], kind: query["kind"] as never, status: query["status"] }),
  }),
  injectFault: (context, { body }) => {
    context.simulator.injectFault(
      knownOperation(body.operation),
      { code: body.code, message: body.message ?? `Injected ${body.code}` },
      { times: body.times ?? 1 },
    )
  },
  clearFaults: (context) => context.simulator.clearFaults(),
  delayCalls: (context, { body }) => {
    const operation = body.operation === undefined ? undefined : knownOperation(body.operation)
    context.delays.add(operation, millisOf("delay", body.delay, MAX_DELAY_MS), body.times ?? 1)
  },
  clearDelays: (context) => context.delays.clear(),
  listCalls: (context, { query }) => {
    const operation = query["operation"] === undefined ? undefined : knownOperation(query["operation"])
    const calls = context.simulator.calls(operation).map((call) => ({
      operation: call.operation,
      input: call.input,
      time: call.time.toISOString(),
      outcome: call.outcome,
      ...(call.error !== undefined ? { error: call.error } : {}),
      ...(call.refused === true ? { refused: true } : {}),
    }))
    return { calls: secretsAsked(query) ? calls : redactSecrets(calls) }
  },
  clearCalls: (context) => context.simulator.clearCalls(),
  pushSourceRevision: (context, { body }) => context.simulator.pushSourceRevision(body),
  triggerWebhook: (context, { body }) => {
    const { name, ...event } = body
    return context.simulator.triggerWebhook(name, event)
  },
  getClock: (context) => clockOf(context),
  advanceClock: (context, { body }) => {
    context.clock.advance(millisOf("by", body.by, MAX_ADVANCE_MS))
    context.simulator.advance(context.clock.now())
    return clockOf(context)
  },
  setOutcomes: (context, { body }) => {
    context.simulator.setSimulator(body.actions)
    if (body.rules !== undefined) context.simulator.setRuleSimulator(body.rules)
    context.outcomes = { actions: body.actions, rules: body.rules ?? context.outcomes.rules }
  },
  getOutcomes: (context) => context.outcomes,
  clearOutcomes: (context) => {
    context.simulator.setSimulator(undefined)
    context.simulator.setRuleSimulator(undefined)
    context.outcomes = NO_OUTCOMES
  },
  openApi: () => openApiDocument(),
}

const respond = (requestId: string, status: number, body: unknown, route?: Route, extra: Record<string, string> = {}): ControlResponse => ({
  status,
  headers: { "Content-Type": JSON_CONTENT_TYPE, "x-amzn-RequestId": requestId, ...extra },
  body: JSON.stringify(body ?? {}),
  ...(route !== undefined ? { operation: `${CONTROL_PREFIX}${route.operationId}` } : {}),
})

const failure = (requestId: string, status: number, code: string, message: string, route?: Route, extra?: Record<string, string>) => ({
  ...respond(requestId, status, { error: code, message }, route, extra),
  code,
})

const utf8 = new TextDecoder("utf-8", { fatal: true })

type Parsed = { readonly ok: true; readonly value: unknown } | { readonly ok: false; readonly message: string }

const parseBody = (bytes: Uint8Array): Parsed => {
  let text: string
  try {
    text = utf8.decode(bytes)
  } catch {
    return { ok: false, message: "the body is not valid UTF-8" }
  }
  if (text.trim() === "") return { ok: true, value: {} }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch (error) {
    return { ok: false, message: `the body is not valid JSON: ${(error as Error).message}` }
  }
}

/** The query parameters of a route, checked; a string is what is wrong. */
const parseQuery = (route: Route, query: ControlRequest["query"]): Record<string, string> | string => {
  const out: Record<string, string> = {}
  const known = Object.keys(route.query ?? {})
  for (const [name, value] of Object.entries(query)) {
    const parameter = route.query?.[name]
    if (parameter === undefined) {
      return `${route.method} ${CONTROL_PREFIX}${route.path} takes ${known.length === 0 ? "no query parameters" : `the query parameters ${known.join(", ")}`}, not '${name.slice(0, 60)}'`
    }
    if (Array.isArray(value)) return `the query parameter '${name}' is given more than once`
    const issue = check(parameter.schema, value)
    if (issue !== undefined) return formatIssue(issue, `the query parameter '${name}'`)
    out[name] = value as string
  }
  return out
}

/** Whether a request's path is the control API's. */
export const isControlPath = (path: string): boolean => path.startsWith(CONTROL_PREFIX) || path === CONTROL_PREFIX.slice(0, -1)

/** Answers one control request. Never rejects. */
export const handleControl = async (context: ControlContext, request: ControlRequest): Promise<ControlResponse> => {
  const { requestId } = request
  const sub = request.path.slice(CONTROL_PREFIX.length)
  const candidates = routes.filter((r) => r.path === sub)
  if (candidates.length === 0) {
    return failure(requestId, 404, "NotFound", `No control at ${request.path.slice(0, 100)}: GET ${CONTROL_PREFIX}openapi.json lists them`)
  }
  const route = candidates.find((r) => r.method === request.method)
  if (route === undefined) {
    const allowed = candidates.map((r) => r.method).join(", ")
    return failure(requestId, 405, "MethodNotAllowed", `${request.path} takes ${allowed}, not ${request.method.slice(0, 16)}`, undefined, {
      Allow: allowed,
    })
  }
  if (route.signed !== false && context.verifier !== undefined) {
    // As for the API: signatures are dated by the client's wall clock, whatever the simulation's.
    let refused: AuthFailure | undefined
    try {
      refused = await context.verifier.verify(request, Date.now())
    } catch (error) {
      return failure(requestId, 500, "InternalFailure", `The emulator failed to check the signature: ${(error as Error)?.message}`, route)
    }
    if (refused !== undefined) return failure(requestId, 403, refused.code, refused.message, route)
  }
  const bad = (message: string) => failure(requestId, 400, "BadRequest", `${route.operationId}: ${message}`, route)
  const query = parseQuery(route, request.query)
  if (typeof query === "string") return bad(query)
  const parsed = parseBody(request.body)
  if (!parsed.ok) return bad(parsed.message)
  const deep = nestedTooDeep(parsed.value)
  if (deep !== undefined) return bad(`the body is nested more than ${MAX_DEPTH} levels deep`)
  const issue = check(bodySchema(route), parsed.value)
  if (issue !== undefined) return bad(formatIssue(issue, route.body === undefined ? "takes no body: the body" : "the body"))
  try {
    context.simulator.advance(context.clock.now())
    return respond(requestId, 200, implementations[route.operationId](context, { body: parsed.value, query }), route)
  } catch (error) {
    if (error instanceof BadRequest) return bad(error.message)
    if (error instanceof ControlError) return failure(requestId, 400, "ControlError", error.message, route)
    if (error instanceof ServiceError && error.code !== "InternalFailure") return failure(requestId, 400, error.code, error.message, route)
    return failure(
      requestId,
      500,
      "InternalFailure",
      `The emulator failed in ${route.operationId}: ${(error as Error)?.message ?? String(error)}`,
      route,
    )
  }
}
