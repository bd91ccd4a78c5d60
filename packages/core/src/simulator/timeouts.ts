/**
 * How long an action may run before CodePipeline fails it, from "Quotas in AWS CodePipeline"
 * (https://docs.aws.amazon.com/codepipeline/latest/userguide/limits.html, "Length of time before an
 * action times out"), and the job timeout of a registered action type
 * (https://docs.aws.amazon.com/codepipeline/latest/APIReference/API_ActionTypeExecutor.html,
 * `jobTimeout`: a single job's, not the whole action execution's).
 */
import type * as T from "../generated/types.js"
import { own } from "./plainData.js"

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

/** The default timeout of a manual approval (configurable per action with `timeoutInMinutes`). */
export const APPROVAL_TIMEOUT_MS = 7 * DAY
/** A Lambda invoke action fails when its function has sent no reply for 20 minutes; a reply "in progress" restarts the timer. */
export const LAMBDA_REPLY_TIMEOUT_MS = 20 * MINUTE

const BY_PROVIDER: ReadonlyMap<string, number> = new Map([
  ["CloudFormation", 3 * DAY],
  ["CloudFormationStackSet", 3 * DAY],
  ["CodeBuild", 8 * HOUR],
  ["CodeDeploy", 5 * DAY],
  ["CodeDeployToECS", 5 * DAY],
  ["Lambda", DAY],
  ["StepFunctions", 7 * DAY],
])

/**
 * The longest an action of this declaration may run, in milliseconds. Custom actions: 24 hours,
 * continuation tokens included. Third-party actions are not listed on the quota page: they are
 * given the custom actions' 24 hours (the same job protocol), each job bounded by the type's
 * `jobTimeout` when it declares one. Every other action: 1 hour (an ECS deployment's
 * `DeploymentTimeout`, in minutes, when shorter).
 */
export const actionTimeoutMs = (declaration: T.ActionDeclaration): number => {
  const id = declaration.actionTypeId
  if (id.category === "Approval") {
    return declaration.timeoutInMinutes !== undefined ? declaration.timeoutInMinutes * MINUTE : APPROVAL_TIMEOUT_MS
  }
  // GitHub (version 1) is a built-in source under the ThirdParty owner: an "other action".
  if (id.owner === "Custom" || (id.owner === "ThirdParty" && id.provider !== "GitHub")) return DAY
  if (id.category === "Deploy" && id.provider === "S3") return 90 * MINUTE
  if (id.category === "Deploy" && id.provider === "ECS") {
    const minutes = Number(own(declaration.configuration, "DeploymentTimeout"))
    return Number.isFinite(minutes) && minutes > 0 && minutes < 60 ? minutes * MINUTE : HOUR
  }
  return BY_PROVIDER.get(id.provider) ?? HOUR
}
