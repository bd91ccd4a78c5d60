/**
 * What a release is waiting for, read from a pipeline's declaration (`GetPipeline`) and its state
 * (`GetPipelineState`): which manual approvals are pending, with the token `PutApprovalResult`
 * needs; which execution is running in a stage; whether an execution has ended.
 *
 * `GetPipelineState` names each action but not its type, so an approval cannot be told from any
 * other action waiting on something: {@link actions} joins each action's state to its declaration,
 * by stage and action name. Read the declaration of the version the state describes
 * (`GetPipeline` with `version: state.pipelineVersion`), so that a pipeline updated between the two
 * calls does not mix two versions.
 *
 * Pure functions over the model's types, without Effect; `effect-codepipeline/Releases` runs them
 * on the answers of the calls.
 *
 * @since 0.1.0
 */
import type {
  ActionExecutionDetail,
  ActionTypeId,
  GetPipelineStateOutput,
  PipelineDeclaration,
  PipelineExecution,
  StageDeclaration,
  StageExecution,
  StageState,
} from "./generated/types.js"

/**
 * An action of a pipeline: its declaration (what it is) with its state (how its latest run went).
 * The types are those of the declaration and state given to {@link actions}.
 *
 * @since 0.1.0
 */
export interface Action<
  Declaration extends PipelineDeclaration = PipelineDeclaration,
  State extends GetPipelineStateOutput = GetPipelineStateOutput,
> {
  readonly stageName: string
  readonly actionName: string
  readonly declaration: ActionDeclarationOf<Declaration>
  /** The stage's state; `undefined` when the state does not list the stage. */
  readonly stageState: StageStateOf<State> | undefined
  /** The action's state; `undefined` when the state does not list the action. */
  readonly state: ActionStateOf<State> | undefined
}

// The element types of the caller's own declaration and state types (a subtype's, for example one
// whose enums are closed), so that what the functions hand back keeps them.
type ActionDeclarationOf<Declaration extends PipelineDeclaration> = Declaration["stages"][number]["actions"][number]
type StageStateOf<State extends GetPipelineStateOutput> = NonNullable<State["stageStates"]>[number]
type ActionStateOf<State extends GetPipelineStateOutput> = NonNullable<StageStateOf<State>["actionStates"]>[number]
type StageExecutionOf<State extends GetPipelineStateOutput> = NonNullable<StageStateOf<State>["latestExecution"]>

// TypeScript reads a member of a value of generic type as its constraint's type; these give back
// the caller's own types, which the values have (each is taken from the caller's value).
const stageStatesOf = <State extends GetPipelineStateOutput>(state: State) =>
  (state.stageStates ?? []) as ReadonlyArray<StageStateOf<State>>
const actionStatesOf = <State extends GetPipelineStateOutput>(stage: StageStateOf<State> | undefined) =>
  ((stage as StageState | undefined)?.actionStates ?? []) as ReadonlyArray<ActionStateOf<State>>
const actionDeclarationsOf = <Declaration extends PipelineDeclaration>(stage: StageDeclaration) =>
  stage.actions as ReadonlyArray<ActionDeclarationOf<Declaration>>

/**
 * Every action of the declaration, in order, with its state: stages and actions are matched by
 * name. A stage or action the state does not list has an `undefined` state; one the state lists
 * but the declaration does not is left out.
 *
 * @since 0.1.0
 */
export const actions = <Declaration extends PipelineDeclaration, State extends GetPipelineStateOutput>(
  declaration: Declaration,
  state: State,
): ReadonlyArray<Action<Declaration, State>> => {
  const stages = new Map<string | undefined, StageStateOf<State>>()
  for (const stage of stageStatesOf(state)) if (!stages.has(stage.stageName)) stages.set(stage.stageName, stage)
  return declaration.stages.flatMap((stage) => {
    const stageState = stages.get(stage.name)
    const actionStates = actionStatesOf<State>(stageState)
    return actionDeclarationsOf<Declaration>(stage).map((action: ActionDeclarationOf<Declaration>) => ({
      stageName: stage.name,
      actionName: action.name,
      declaration: action,
      stageState,
      state: actionStates.find((a) => a.actionName === action.name),
    }))
  })
}

/**
 * Whether an action type is CodePipeline's manual approval (`Approval`, `AWS`, `Manual`), the
 * action `PutApprovalResult` answers.
 *
 * @since 0.1.0
 */
export const isManualApproval = (actionTypeId: ActionTypeId): boolean =>
  actionTypeId.category === "Approval" && actionTypeId.owner === "AWS" && actionTypeId.provider === "Manual"

/**
 * A manual approval waiting for a person: what `PutApprovalResult` needs (pipeline, stage and
 * action names, token), the execution it holds up, and what the approver is shown.
 *
 * @since 0.1.0
 */
export interface PendingApproval {
  readonly pipelineName: string
  readonly stageName: string
  readonly actionName: string
  /** The token of this approval request, for `PutApprovalResult`. */
  readonly token: string
  /**
   * The execution waiting for the approval: the stage's latest execution as `GetPipelineState`
   * reports it, or, in `PARALLEL` mode ({@link pendingParallelApprovals}), the execution the
   * approval belongs to.
   */
  readonly pipelineExecutionId: string | undefined
  readonly actionExecutionId: string | undefined
  /** When the approval started waiting (the last status change of the action). */
  readonly since: Date | undefined
  /** The approval's `CustomData` configuration: what the approver is asked to review. */
  readonly customData: string | undefined
  /** The approval's `ExternalEntityLink` configuration: a URL of what to review. */
  readonly externalEntityLink: string | undefined
}

/**
 * The manual approvals of a pipeline that wait for a person: declared as manual approvals, in
 * progress, with a token. An approval the state shows in progress without a token cannot be
 * answered yet and is not listed.
 *
 * @since 0.1.0
 */
export const pendingApprovals = (declaration: PipelineDeclaration, state: GetPipelineStateOutput): ReadonlyArray<PendingApproval> =>
  actions(declaration, state).flatMap((action) => {
    const execution = action.state?.latestExecution
    if (!isManualApproval(action.declaration.actionTypeId) || execution?.status !== "InProgress" || execution.token === undefined) return []
    const configuration = action.declaration.configuration ?? {}
    return [
      {
        pipelineName: state.pipelineName ?? declaration.name,
        stageName: action.stageName,
        actionName: action.actionName,
        token: execution.token,
        pipelineExecutionId: action.stageState?.latestExecution?.pipelineExecutionId,
        actionExecutionId: execution.actionExecutionId,
        since: execution.lastStatusChange,
        customData: configuration["CustomData"],
        externalEntityLink: configuration["ExternalEntityLink"],
      },
    ]
  })

/**
 * The manual approvals waiting in the executions of a pipeline in `PARALLEL` mode, from their
 * `ListActionExecutions` details. In that mode each execution's approval has its own token, which
 * `GetPipelineState` does not show (it has one latest execution per stage): the token is the
 * approval's `externalExecutionId`, as `PutApprovalResult`'s documentation says. An approval in
 * progress without one is not listed; configuration missing from a detail is read from the
 * declaration.
 *
 * @since 0.1.0
 */
export const pendingParallelApprovals = (
  declaration: PipelineDeclaration,
  details: ReadonlyArray<ActionExecutionDetail>,
): ReadonlyArray<PendingApproval> =>
  details.flatMap((detail) => {
    const token = detail.output?.executionResult?.externalExecutionId
    const typeId = detail.input?.actionTypeId
    if (detail.status !== "InProgress" || token === undefined || typeId === undefined || !isManualApproval(typeId)) return []
    if (detail.stageName === undefined || detail.actionName === undefined) return []
    const declared = declaration.stages.find((s) => s.name === detail.stageName)?.actions.find((a) => a.name === detail.actionName)
    const configuration = detail.input?.configuration ?? declared?.configuration ?? {}
    return [
      {
        pipelineName: declaration.name,
        stageName: detail.stageName,
        actionName: detail.actionName,
        token,
        pipelineExecutionId: detail.pipelineExecutionId,
        actionExecutionId: detail.actionExecutionId,
        since: detail.lastUpdateTime ?? detail.startTime,
        customData: configuration["CustomData"],
        externalEntityLink: configuration["ExternalEntityLink"],
      },
    ]
  })

/**
 * Whether a pipeline or stage execution status is one of a running execution: `InProgress`, or
 * `Stopping` (a stop was asked for; in-progress actions finish or are abandoned first). Every
 * other status, including one the model does not list, is that of an execution that has ended.
 *
 * @since 0.1.0
 */
export const isRunning = (status: string | undefined): boolean => status === "InProgress" || status === "Stopping"

/**
 * Whether a pipeline execution has ended: it has a status, and not one of a running execution
 * ({@link isRunning}). An execution without a status has not been seen to end.
 *
 * @since 0.1.0
 */
export const hasEnded = (execution: PipelineExecution): boolean => execution.status !== undefined && !isRunning(execution.status)

/**
 * What is running in a stage, by the stage's latest execution in `GetPipelineState`:
 *
 * - `Running`: the stage's latest execution is running ({@link isRunning});
 * - `Idle`: nothing runs in the stage; `latestExecution` is the last one that did, if any;
 * - `StageNotFound`: the state has no stage of that name; `stageNames` lists those it has.
 *
 * @since 0.1.0
 */
export type StageActivity<Execution extends StageExecution = StageExecution> =
  | { readonly _tag: "Running"; readonly execution: Execution }
  | { readonly _tag: "Idle"; readonly latestExecution: Execution | undefined }
  | { readonly _tag: "StageNotFound"; readonly stageNames: ReadonlyArray<string> }

/**
 * Which execution is running in a stage (see {@link StageActivity}). Executions waiting to enter
 * the stage are the stage state's `inboundExecutions`, not running in it.
 *
 * @since 0.1.0
 */
export const runningExecution = <State extends GetPipelineStateOutput>(
  state: State,
  stageName: string,
): StageActivity<StageExecutionOf<State>> => {
  const stages = stageStatesOf(state)
  const stage = stages.find((s) => s.stageName === stageName)
  if (stage === undefined)
    return { _tag: "StageNotFound", stageNames: stages.flatMap((s) => (s.stageName === undefined ? [] : [s.stageName])) }
  const latest: StageExecutionOf<State> | undefined = stage.latestExecution
  return latest !== undefined && isRunning(latest.status)
    ? { _tag: "Running", execution: latest }
    : { _tag: "Idle", latestExecution: latest }
}
