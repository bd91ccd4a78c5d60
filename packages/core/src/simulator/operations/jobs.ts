/**
 * Jobs: custom actions (PollForJobs and the job calls), partner actions (the ThirdParty calls, with
 * client tokens), and Lambda invoke actions (whose function answers with PutJobSuccessResult or
 * PutJobFailureResult).
 *
 * A job is `Queued` until a worker polls it (`Dispatched`, with a fresh nonce), `InProgress` once
 * acknowledged, then `Succeeded` or `Failed`. A success with a continuation token queues a new job
 * for the same action, which stays in progress. A third-party job carries the client id registered
 * for its action type (see `Simulator.registerThirdPartyClient`), and every call about it must
 * present that client's token.
 */
import { FailureType } from "../../generated/enums.js"
import type * as T from "../../generated/types.js"
import { actionTypeKey } from "../catalog.js"
import { dispatchJob, jobFailed, jobSucceeded } from "../engine.js"
import { checkEnum, jobNotFound, reject, validation } from "../errors.js"
import { own } from "../plainData.js"
import type { JobRecord, Store } from "../state.js"
import { jobData } from "../views.js"
import type { Handlers } from "./common.js"

/** The service's limit on a job's output variables (keys and values together, in characters). */
export const MAX_OUTPUT_VARIABLES_SIZE = 122_880

/** A job of the given kinds; any other job is not found by that family of calls. */
const jobOr = (store: Store, id: string, kinds: ReadonlyArray<JobRecord["kind"]>): JobRecord => {
  const job = store.jobs.get(id)
  return job !== undefined && kinds.includes(job.kind) ? job : jobNotFound(id)
}

/** The model: the clientToken is "the clientToken portion of the clientId and clientToken pair". */
const checkClientToken = (store: Store, job: JobRecord, clientToken: string): void => {
  const registered = job.clientId === undefined ? undefined : store.clientTokens.get(job.clientId)
  if (registered === undefined || registered !== clientToken) {
    reject("InvalidClientTokenException", `The client token is not valid for job ${job.id}`)
  }
}

/** Whether a worker may still report on the job. */
const checkReportable = (job: JobRecord): void => {
  if ((job.status !== "Dispatched" && job.status !== "InProgress") || job.action.status !== "InProgress") {
    reject("InvalidJobStateException", `Job ${job.id} is ${job.status}: its result cannot be reported`)
  }
}

const checkFailure = (failure: T.FailureDetails): void => {
  checkEnum("failureDetails.type", failure.type, FailureType)
}

/** Up to `max` queued jobs of a type matching `accept`, dispatched. */
const take = (store: Store, key: string, max: number, accept: (job: JobRecord) => boolean): Array<JobRecord> => {
  const queue = store.queued.get(key) ?? []
  const taken: Array<JobRecord> = []
  for (const job of queue) {
    if (taken.length >= max) break
    if (accept(job)) taken.push(job)
  }
  for (const job of taken) dispatchJob(store, job)
  return taken
}

export const jobHandlers: Handlers<
  | "PollForJobs"
  | "AcknowledgeJob"
  | "GetJobDetails"
  | "PutJobSuccessResult"
  | "PutJobFailureResult"
  | "PollForThirdPartyJobs"
  | "AcknowledgeThirdPartyJob"
  | "GetThirdPartyJobDetails"
  | "PutThirdPartyJobSuccessResult"
  | "PutThirdPartyJobFailureResult"
> = {
  PollForJobs: (store, input) => {
    const id = input.actionTypeId
    if (id.owner !== "Custom") validation(`PollForJobs is valid only for action types with the owner Custom, not '${id.owner}'`)
    const key = actionTypeKey(id)
    const type = store.customActionTypes.get(key)
    if (type === undefined || type.deleted) {
      return reject("ActionTypeNotFoundException", `Action type ${key} was not found`)
    }
    const queryable = (type.type.actionConfigurationProperties ?? []).find((p) => p.queryable === true)
    const query = Object.entries(input.queryParam ?? {})
    if (queryable === undefined && query.length > 0) validation(`Action type ${key} has no queryable property`)
    if (queryable !== undefined) {
      if (query.length === 0 || query[0]![0] !== queryable.name)
        validation(`PollForJobs for ${key} must query the property '${queryable.name}'`)
    }
    const value = query[0]?.[1]
    const jobs = take(store, key, input.maxBatchSize ?? 1, (job) => {
      if (queryable === undefined) return true
      const configuration = job.action.resolved ?? job.action.declaration.configuration ?? {}
      return own(configuration, queryable.name) === value
    })
    return {
      jobs: jobs.map((job) => ({ id: job.id, data: jobData(store, job), nonce: job.nonce!, accountId: store.config.accountId })),
    }
  },

  AcknowledgeJob: (store, input) => {
    const job = jobOr(store, input.jobId, ["custom"])
    if (job.nonce === undefined || job.nonce !== input.nonce) {
      return reject("InvalidNonceException", `The nonce is not valid for job ${job.id}`)
    }
    if (job.status === "Dispatched") job.status = "InProgress"
    return { status: job.status }
  },

  GetJobDetails: (store, input) => {
    const job = jobOr(store, input.jobId, ["custom", "lambda"])
    return { jobDetails: { id: job.id, data: jobData(store, job), accountId: store.config.accountId } }
  },

  PutJobSuccessResult: (store, input) => {
    const job = jobOr(store, input.jobId, ["custom", "lambda"])
    checkReportable(job)
    if (input.continuationToken !== undefined && input.outputVariables !== undefined) {
      validation("outputVariables can be included only when there is no continuation token")
    }
    if (input.outputVariables !== undefined) {
      let size = 0
      for (const [k, v] of Object.entries(input.outputVariables)) size += k.length + v.length
      if (size > MAX_OUTPUT_VARIABLES_SIZE) {
        reject("OutputVariablesSizeExceededException", `Output variables exceed ${MAX_OUTPUT_VARIABLES_SIZE} characters`)
      }
    }
    jobSucceeded(store, job, input)
  },

  PutJobFailureResult: (store, input) => {
    const job = jobOr(store, input.jobId, ["custom", "lambda"])
    checkReportable(job)
    checkFailure(input.failureDetails)
    jobFailed(store, job, input.failureDetails)
  },

  PollForThirdPartyJobs: (store, input) => {
    const id = input.actionTypeId
    if (id.owner !== "ThirdParty")
      validation(`PollForThirdPartyJobs is valid only for action types with the owner ThirdParty, not '${id.owner}'`)
    const key = actionTypeKey(id)
    if (!store.registeredActionTypes.has(key)) {
      return reject("ActionTypeNotFoundException", `Action type ${key} was not found`)
    }
    const jobs = take(store, key, input.maxBatchSize ?? 1, () => true)
    return { jobs: jobs.map((job) => ({ clientId: job.clientId!, jobId: job.id })) }
  },

  AcknowledgeThirdPartyJob: (store, input) => {
    const job = jobOr(store, input.jobId, ["thirdParty"])
    checkClientToken(store, job, input.clientToken)
    if (job.nonce === undefined || job.nonce !== input.nonce) {
      return reject("InvalidNonceException", `The nonce is not valid for job ${job.id}`)
    }
    if (job.status === "Dispatched") job.status = "InProgress"
    return { status: job.status }
  },

  GetThirdPartyJobDetails: (store, input) => {
    const job = store.jobs.get(input.jobId)
    if (job !== undefined && job.kind !== "thirdParty") {
      return reject("InvalidJobException", `Job ${input.jobId} is not a third-party job`)
    }
    if (job === undefined) return jobNotFound(input.jobId)
    checkClientToken(store, job, input.clientToken)
    return { jobDetails: { id: job.id, data: jobData(store, job), ...(job.nonce !== undefined ? { nonce: job.nonce } : {}) } }
  },

  PutThirdPartyJobSuccessResult: (store, input) => {
    const job = jobOr(store, input.jobId, ["thirdParty"])
    checkClientToken(store, job, input.clientToken)
    checkReportable(job)
    jobSucceeded(store, job, input)
  },

  PutThirdPartyJobFailureResult: (store, input) => {
    const job = jobOr(store, input.jobId, ["thirdParty"])
    checkClientToken(store, job, input.clientToken)
    checkReportable(job)
    checkFailure(input.failureDetails)
    jobFailed(store, job, input.failureDetails)
  },
}
