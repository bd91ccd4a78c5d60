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
