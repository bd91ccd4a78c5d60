/**
 * A typed client of the emulator's control API (`/_emulator/`), without Effect: `fetch` and the
 * core's SigV4 signer. Each method is one control; the method and path of each come from the same
 * route definitions the emulator serves, so the client cannot ask for a control the server does
 * not have.
 *
 * ```ts
 * import * as EmulatorControls from "@effect-codepipeline/core/EmulatorControls"
 *
 * const controls = EmulatorControls.makeClient({ endpoint: "http://127.0.0.1:4599" })
 * await controls.reset()
 * await controls.setOutcomes({ actions: [{ provider: "CodeBuild", status: "Wait" }] })
 * // ... start an execution with any client, then:
 * await controls.completeAction({
 *   pipelineName: "release",
 *   stageName: "Build",
 *   actionName: "Build",
 *   status: "Succeeded",
 *   outputVariables: { Version: "1.2.3" },
 * })
 * await controls.advanceClock({ by: "8d" })
 * const { calls } = await controls.listCalls({ operation: "PutApprovalResult" })
 * ```
 *
 * A refusal (bad input, an action that is not running, a bad signature) rejects with a
 * {@link ControlApiError} carrying the HTTP status, the error code and the server's message.
 *
 * @since 0.1.0
 */
import { type Credentials, DEFAULT_CREDENTIALS } from "./Emulator.js"
import { CONTROL_PREFIX, type ControlName, routeOf } from "./emulator/routes.js"
import type { Signer } from "./Signer.js"
import type {
  ActionTarget,
  JobInfo,
  OperationName,
  OutcomeRule,
  RuleOutcomeRule,
  SeedExecution,
  Snapshot,
  SourceChange,
  SourceChangeResult,
  TriggerResult,
  WebhookEvent,
} from "./Simulator.js"
import type { ErrorDetails, PipelineDeclaration, Tag } from "./Types.js"

/**
 * @since 0.1.0
 */
export interface ClientOptions {
  /** The emulator's URL, for example `http://127.0.0.1:4599`. */
  readonly endpoint: string
  /** The region it serves. Default: `us-east-1`. */
  readonly region?: string | undefined
  /** The credentials to sign with; `false` for an emulator run with `--no-auth`. Default: the emulator's default pair. */
  readonly credentials?: Pick<Credentials, "accessKeyId" | "secretAccessKey" | "sessionToken"> | false | undefined
  /** The `fetch` to use. Default: `globalThis.fetch`. */
  readonly fetch?: typeof globalThis.fetch | undefined
}

/**
 * A control the emulator refused, or could not be reached for.
 *
 * @since 0.1.0
 */
export class ControlApiError extends Error {
  override readonly name = "ControlApiError"
  constructor(
    /** The HTTP status; 0 when no answer came. */
    readonly status: number,
    /** `BadRequest`, `ControlError`, `NotFound`, a SigV4 or AWS error code, or `NetworkError`. */
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/**
 * @since 0.1.0
 */
export interface CompleteAction extends ActionTarget {
  readonly status: "Succeeded" | "Failed"
  readonly summary?: string | undefined
  readonly externalExecutionId?: string | undefined
  readonly externalExecutionUrl?: string | undefined
  readonly logStreamARN?: string | undefined
  readonly outputVariables?: { readonly [key: string]: string } | undefined
  readonly errorDetails?: ErrorDetails | undefined
}

/**
 * A recorded call, as JSON.
 *
 * @since 0.1.0
 */
export interface Call {
  readonly operation: string
  readonly input: unknown
  /** ISO 8601, simulated time. */
  readonly time: string
  readonly outcome: "Success" | "Failure"
  readonly error?: string | undefined
  readonly refused?: boolean | undefined
}

/**
 * @since 0.1.0
 */
export interface ClockReading {
  /** ISO 8601. */
  readonly now: string
  readonly epochMillis: number
}

/**
 * The controls, one method each.
 *
 * @since 0.1.0
 */
export interface Client {
  /** Back to empty: no pipelines, executions, faults, delays, outcome rules or recorded calls. */
  readonly reset: () => Promise<void>
  /** The durable state; secrets masked unless `secrets: true`. */
  readonly exportState: (options?: { readonly secrets?: boolean | undefined }) => Promise<Snapshot>
  /** Loads a snapshot into an emulator without pipelines (reset first). */
  readonly importState: (snapshot: Snapshot) => Promise<{ readonly pipelines: number }>
  /** Adds a pipeline with CreatePipeline's rules, without a recorded call. */
  readonly seedPipeline: (input: {
    readonly pipeline: PipelineDeclaration
    readonly tags?: ReadonlyArray<Tag> | undefined
    readonly startExecution?: boolean | undefined
  }) => Promise<{ readonly pipeline: PipelineDeclaration }>
  /** Adds a finished execution to a pipeline without executions in progress. */
  readonly seedExecution: (input: SeedExecution) => Promise<{ readonly pipelineExecutionId: string }>
  /** Ends a running action (simulated, approval, job) with the given result. */
  readonly completeAction: (input: CompleteAction) => Promise<void>
  readonly listJobs: (filter?: {
    readonly pipelineName?: string | undefined
    readonly kind?: JobInfo["kind"] | undefined
    readonly status?: string | undefined
  }) => Promise<{ readonly jobs: ReadonlyArray<JobInfo> }>
  /** The next `times` (default 1) calls of `operation` fail with `code`. */
  readonly injectFault: (input: {
    readonly operation: OperationName
    readonly code: string
    readonly message?: string | undefined
    readonly times?: number | undefined
  }) => Promise<void>
  readonly clearFaults: () => Promise<void>
  /** The next `times` (default 1) calls (of `operation`, or any) are answered after `delay` (ms, or `"2s"`). */
  readonly delayCalls: (input: {
    readonly operation?: OperationName | undefined
    readonly delay: number | string
    readonly times?: number | undefined
  }) => Promise<void>
  readonly clearDelays: () => Promise<void>
  /** Recorded calls, oldest first; secrets masked unless `secrets: true`. */
  readonly listCalls: (options?: {
    readonly operation?: OperationName | undefined
    readonly secrets?: boolean | undefined
  }) => Promise<{ readonly calls: ReadonlyArray<Call> }>
  readonly clearCalls: () => Promise<void>
  readonly pushSourceRevision: (input: SourceChange) => Promise<SourceChangeResult>
  readonly triggerWebhook: (input: WebhookEvent & { readonly name: string }) => Promise<TriggerResult>
  readonly getClock: () => Promise<ClockReading>
  /** Moves simulated time forward by `by` (ms, or `"15m"`), firing every event due by then. */
  readonly advanceClock: (input: { readonly by: number | string }) => Promise<ClockReading>
  /** How simulated actions (and, with `rules`, stage-condition rules) end from now on: the first matching rule wins. */
  readonly setOutcomes: (input: {
    readonly actions: ReadonlyArray<OutcomeRule>
    readonly rules?: ReadonlyArray<RuleOutcomeRule> | undefined
  }) => Promise<void>
  readonly getOutcomes: () => Promise<{ readonly actions: ReadonlyArray<OutcomeRule>; readonly rules: ReadonlyArray<RuleOutcomeRule> }>
  readonly clearOutcomes: () => Promise<void>
  /** The control API's OpenAPI 3.1 document. */
  readonly openApi: () => Promise<Record<string, unknown>>
}

// Every control has its method, and only controls do.
type Exact = [Exclude<ControlName, keyof Client>, Exclude<keyof Client, ControlName>] extends [never, never] ? true : never
const exact: Exact = true
void exact

const queryOf = (options: Record<string, unknown> | undefined): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [name, value] of Object.entries(options ?? {})) if (value !== undefined) out[name] = String(value)
  return out
}

/**
 * A client of the emulator at `options.endpoint`.
 *
 * @since 0.1.0
 */
export const makeClient = (options: ClientOptions): Client => {
  const region = options.region ?? "us-east-1"
  const credentials = options.credentials === undefined ? DEFAULT_CREDENTIALS : options.credentials
  // The signer (and the Smithy libraries it imports) is loaded by the first signed request, so that
  // importing the testing modules, which bring this client, does not load them.
  let signer: Promise<Signer> | undefined
  const signerOnce = () => (signer ??= import("./Signer.js").then((module) => new module.Signer(region, "codepipeline")))
  const doFetch = options.fetch ?? globalThis.fetch
  const base = new URL(options.endpoint)

  const call = async (name: ControlName, input?: unknown): Promise<any> => {
    const route = routeOf[name]
    const url = new URL(`${CONTROL_PREFIX}${route.path}`, base)
    const hasBody = route.body !== undefined
    if (!hasBody) for (const [key, value] of Object.entries(queryOf(input as Record<string, unknown>))) url.searchParams.set(key, value)
    const body = hasBody ? JSON.stringify(input ?? {}) : ""
    let headers: Record<string, string> = { host: url.host, ...(hasBody ? { "content-type": "application/json" } : {}) }
    if (credentials !== false) headers = await (await signerOnce()).sign(credentials, url, headers, body, Date.now(), route.method)
    // `fetch` sends the host it connects to; the signature covers the same value.
    const { host: _, ...send } = headers
    let response: Response
    try {
      response = await doFetch(url, { method: route.method, headers: send, ...(hasBody ? { body } : {}) })
    } catch (error) {
      throw new ControlApiError(0, "NetworkError", `${name}: could not reach the emulator at ${base.origin}: ${(error as Error)?.message}`)
    }
    const text = await response.text()
    let json: any
    try {
      json = text === "" ? {} : JSON.parse(text)
    } catch {
      throw new ControlApiError(
        response.status,
        "BadResponse",
        `${name}: the emulator answered ${response.status} with a body that is not JSON`,
      )
    }
    if (!response.ok) {
      throw new ControlApiError(
        response.status,
        String(json?.error ?? "Unknown"),
        String(json?.message ?? `${name} failed with HTTP ${response.status}`),
      )
    }
    return json
  }
  const done = (name: ControlName) => async (input?: unknown) => {
    await call(name, input)
  }

  return {
    reset: done("reset"),
    exportState: (o) => call("exportState", o),
    importState: (snapshot) => call("importState", snapshot),
    seedPipeline: (input) => call("seedPipeline", input),
    seedExecution: (input) => call("seedExecution", input),
    completeAction: done("completeAction"),
    listJobs: (filter) => call("listJobs", filter),
    injectFault: done("injectFault"),
    clearFaults: done("clearFaults"),
    delayCalls: done("delayCalls"),
    clearDelays: done("clearDelays"),
    listCalls: (o) => call("listCalls", o),
    clearCalls: done("clearCalls"),
    pushSourceRevision: (input) => call("pushSourceRevision", input),
    triggerWebhook: (input) => call("triggerWebhook", input),
    getClock: () => call("getClock"),
    advanceClock: (input) => call("advanceClock", input),
    setOutcomes: done("setOutcomes"),
    getOutcomes: () => call("getOutcomes"),
    clearOutcomes: done("clearOutcomes"),
    openApi: () => call("openApi"),
  }
}
