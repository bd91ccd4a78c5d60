/**
 * How the simulator refuses. Operation handlers are plain synchronous functions (see `state.ts`);
 * they refuse by throwing a {@link ServiceError}, the answer CodePipeline would give: its error
 * code (the modeled exception's name, `PipelineNotFoundException`) and message. Controls refuse with
 * a {@link ControlError}. Anything else thrown is a bug of the simulator, which the simulator turns
 * into an `InternalFailure` naming it: it must not die on any input.
 */

/**
 * An answer of the service that is an error: its code, as the service sends it in `__type`
 * (`PipelineNotFoundException`, or a common code such as `ThrottlingException` for an injected
 * fault), and its message.
 */
export class ServiceError extends Error {
  override readonly name = "ServiceError"
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

/** A control was asked for something that does not exist or cannot be done. */
export class ControlError extends Error {
  override readonly name = "ControlError"
}

/** Aborts the current handler with the service error `code`. */
export const reject = (code: string, message: string): never => {
  throw new ServiceError(code, message)
}

export const validation = (message: string): never => reject("ValidationException", message)

export const pipelineNotFound = (account: string, name: string): never =>
  reject("PipelineNotFoundException", `Account '${account}' does not have a pipeline with name '${name}'`)

export const stageNotFound = (pipeline: string, stage: string): never =>
  reject("StageNotFoundException", `Stage '${stage}' not found in pipeline '${pipeline}'`)

export const executionNotFound = (pipeline: string, id: string): never =>
  reject("PipelineExecutionNotFoundException", `Pipeline execution ID ${id} does not exist in pipeline with name '${pipeline}'`)

export const jobNotFound = (id: string): never => reject("JobNotFoundException", `Job '${id}' not found`)

/** Aborts the current control. */
export const controlError = (message: string): never => {
  throw new ControlError(message)
}

/** One broken constraint of a member, as AWS's validation messages name it. */
export interface Violation {
  /** The member's path, for example `pipeline.executionMode`. */
  readonly path: string
  /** The value given; `undefined` for a missing one (quoted as `null`). */
  readonly value: string | number | undefined
  /** For example `Member must satisfy enum value set: [V1, V2]`. */
  readonly constraint: string
}

/** How much of a value a message quotes: values are bounded, whatever the caller sent. */
const MAX_QUOTED = 60

const quoted = (value: string | number | undefined): string => {
  if (value === undefined) return "null"
  const text = String(value)
  // Control characters would break a log line; they are shown escaped.
  const flat = [...text]
    .slice(0, MAX_QUOTED)
    .join("")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point: they are escaped
    .replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
  return `'${flat}${[...text].length > MAX_QUOTED ? "…" : ""}'`
}

/**
 * AWS's message for failed validations: `1 validation error detected: Value 'X' at 'a.b' failed to
 * satisfy constraint: ...`, or `N validation errors detected: ...; ...` for several.
 */
export const validationMessage = (violations: ReadonlyArray<Violation>): string => {
  const n = violations.length
  const details = violations.map((v) => `Value ${quoted(v.value)} at '${v.path}' failed to satisfy constraint: ${v.constraint}`)
  return `${n} validation error${n === 1 ? "" : "s"} detected: ${details.join("; ")}`
}

/** Refuses with a `ValidationException` naming every violation. */
export const validationErrors = (violations: ReadonlyArray<Violation>): never => validation(validationMessage(violations))

export const enumViolation = (path: string, value: string, allowed: ReadonlyArray<string>): Violation => ({
  path,
  value,
  constraint: `Member must satisfy enum value set: [${allowed.join(", ")}]`,
})

/** Refuses a value outside an enum of the model (the codec lets values it does not know through). */
export const checkEnum = (path: string, value: string | undefined, allowed: ReadonlyArray<string>): void => {
  if (value !== undefined && !allowed.includes(value)) validationErrors([enumViolation(path, value, allowed)])
}

/**
 * Why `caller` cannot name who makes a call, or `undefined` when it can: an IAM or STS ARN of at
 * most 1,024 characters, as the `lastChangedBy` and `updatedBy` members that repeat it allow. The
 * message quotes a bounded prefix of the value.
 */
export const callerProblem = (caller: unknown): string | undefined =>
  typeof caller === "string" && caller.length <= 1024 && /^arn:aws[a-z-]*:(iam|sts)::\d{12}:\S+$/.test(caller)
    ? undefined
    : `the caller ${typeof caller === "string" ? `'${caller.slice(0, 80)}${caller.length > 80 ? "…" : ""}'` : `(a ${typeof caller})`} is not an IAM or STS ARN of at most 1024 characters`
