/**
 * How operation handlers refuse a request. Handlers are plain synchronous functions (see
 * `store.ts` for why); they refuse by throwing a `Rejection` that carries the modeled error, which
 * the service turns back into a typed failure. Anything else thrown is a bug in the in-memory
 * service and becomes an `InternalFailure`, never a defect: the layer must not die on any input.
 */
import * as E from "../../errors/modeled.js"

export class Rejection {
  constructor(readonly error: unknown) {}
}

/** Aborts the current handler with `error` as the operation's failure. */
export const reject = (error: unknown): never => {
  throw new Rejection(error)
}

export const validation = (message: string): never => reject(new E.ValidationException({ message }, true))

export const pipelineNotFound = (account: string, name: string): never =>
  reject(new E.PipelineNotFoundException({ message: `Account '${account}' does not have a pipeline with name '${name}'` }, true))

export const stageNotFound = (pipeline: string, stage: string): never =>
  reject(new E.StageNotFoundException({ message: `Stage '${stage}' not found in pipeline '${pipeline}'` }, true))

export const executionNotFound = (pipeline: string, id: string): never =>
  reject(
    new E.PipelineExecutionNotFoundException(
      { message: `Pipeline execution ID ${id} does not exist in pipeline with name '${pipeline}'` },
      true,
    ),
  )

export const jobNotFound = (id: string): never => reject(new E.JobNotFoundException({ message: `Job '${id}' not found` }, true))
