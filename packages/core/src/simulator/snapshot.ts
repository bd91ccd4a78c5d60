/**
 * Snapshots of the durable part of a store: pipelines (every version, tags, disabled transitions),
 * custom action types (deleted ones too: a version is never reused), registered action types and
 * webhooks. Executions, jobs and approvals are not durable: they belong to a running simulation.
 *
 * A snapshot is plain JSON (times are ISO 8601 strings; the model's shapes it holds have no
 * timestamps, blobs or sensitive members, so their values are their wire form). Reading one back
 * ({@link decodeSnapshot}) checks it member by member: the simulator's own records by hand, the
 * model's shapes with the generated codec (a strict decode, then validation), and answers with
 * the path of the first problem.
 */
import {
  DecodeFailure,
  type DecodeOptions,
  describeType,
  describeValue,
  failureIssue,
  type Issue,
  isPlainObject,
  issueMessage,
  plainSecrets,
  type Secrets,
} from "../internal/codec.js"
import * as D from "../generated/decode.js"
import type * as T from "../generated/types.js"
import * as V from "../generated/validate.js"
import type { Snapshot, SnapshotCustomActionType, SnapshotPipeline, SnapshotTransition, SnapshotWebhook } from "../Simulator.js"
import { actionTypeKey } from "./catalog.js"
import { defined } from "./defined.js"
import { ServiceError } from "./errors.js"
import { validateActionTypeDeclaration } from "./operations/actionTypes.js"
import { arnOf } from "./operations/common.js"
import { insertPipeline, type PipelineFields } from "./operations/pipelines.js"
import { formatPath, type Path, PlainDataError, toPlainData } from "./plainData.js"
import type { CustomActionTypeRecord, PipelineRecord, Store, Transition, WebhookRecord } from "./state.js"
import { deepFreeze, freeze } from "./validate.js"

// -----------------------------------------------------------------------------------------------
// Export

const iso = (store: Store, ms: number): string => new Date(store.epoch + ms).toISOString()

const tagsOf = (tags: ReadonlyMap<string, string>): Array<T.Tag> => [...tags].map(([key, value]) => ({ key, value }))

const transitionsOf = (store: Store, pipeline: PipelineRecord): Array<SnapshotTransition> | undefined => {
  if (pipeline.transitions === undefined || pipeline.transitions.size === 0) return undefined
  return [...pipeline.transitions].map(([key, t]) => ({
    stageName: key.startsWith("out:") ? key.slice(4) : key,
    transitionType: key.startsWith("out:") ? ("Outbound" as const) : ("Inbound" as const),
    enabled: t.enabled,
    ...(t.lastChangedBy !== undefined ? { lastChangedBy: t.lastChangedBy } : {}),
    ...(t.lastChangedAt !== undefined ? { lastChangedAt: iso(store, t.lastChangedAt) } : {}),
    ...(t.disabledReason !== undefined ? { disabledReason: t.disabledReason } : {}),
  }))
}

/**
 * The durable state. Declarations and types are the store's own frozen values (the emulator's
 * state file renders a frozen value once); everything around them is fresh.
 */
export const exportSnapshot = (store: Store): Snapshot => ({
  region: store.config.region,
  accountId: store.config.accountId,
  pipelines: [...store.pipelines.values()]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((p) => {
      const transitions = transitionsOf(store, p)
      return {
        name: p.name,
        created: iso(store, p.created),
        updated: iso(store, p.updated),
        versions: [...p.versions],
        tags: tagsOf(p.tags),
        ...(transitions !== undefined ? { transitions } : {}),
      }
    }),
  customActionTypes: [...store.customActionTypes.values()].map((t) => ({
    actionType: t.type,
    fingerprint: t.fingerprint,
    deleted: t.deleted,
    tags: tagsOf(t.tags),
  })),
  registeredActionTypes: [...store.registeredActionTypes.values()].map((r) => r.declaration),
  webhooks: [...store.webhooks.values()].map((w) => ({
    definition: w.definition,
    url: w.url,
    registered: w.registered,
    ...(w.lastTriggered !== undefined ? { lastTriggered: iso(store, w.lastTriggered) } : {}),
    tags: tagsOf(w.tags),
  })),
})

// -----------------------------------------------------------------------------------------------
// Reading one back

/** Where a snapshot breaks its shape, and how. */
export interface SnapshotIssue {
  /** From the snapshot's root, for example `["pipelines", 0, "created"]`. */
  readonly path: Path
  readonly message: string
}

class Invalid {
  constructor(
    readonly path: Path,
    readonly message: string,
  ) {}
}

const fail = (path: Path, message: string): never => {
  throw new Invalid(path, message)
}

/** A record of the snapshot's own: a plain object with only the given members, required ones present. */
const record = (
  value: unknown,
  path: Path,
  required: ReadonlyArray<string>,
  optional: ReadonlyArray<string> = [],
): Record<string, unknown> => {
  if (!isPlainObject(value)) return fail(path, `Expected an object, got ${describeType(value)}`)
  for (const key of Object.keys(value)) {
    if (!required.includes(key) && !optional.includes(key)) fail([...path, key], "is unexpected: it is not a member of this record")
  }
  for (const key of required) if (value[key] === undefined) fail([...path, key], "is missing")
  return value
}

const string = (value: unknown, path: Path): string =>
  typeof value === "string" ? value : fail(path, `Expected a string, got ${describeValue(value, false)}`)

const boolean = (value: unknown, path: Path): boolean =>
  typeof value === "boolean" ? value : fail(path, `Expected a boolean, got ${describeValue(value, false)}`)

const optionalString = (value: unknown, path: Path): string | undefined => (value === undefined ? undefined : string(value, path))

/** A time: an ISO 8601 date-time, as `Date.prototype.toISOString` writes them. */
const time = (value: unknown, path: Path): string =>
  typeof value === "string" && !Number.isNaN(Date.parse(value))
    ? value
    : fail(path, `Expected an ISO 8601 date, got ${describeValue(value, false)}`)

const array = <A>(value: unknown, path: Path, item: (value: unknown, path: Path) => A, minItems = 0): Array<A> => {
  if (!Array.isArray(value)) return fail(path, `Expected an array, got ${describeType(value)}`)
  if (value.length < minItems) fail(path, `Expected an array of at least ${minItems} item(s), got ${value.length}`)
  return value.map((v, i) => item(v, [...path, i]))
}

const STRICT: DecodeOptions = { secrets: plainSecrets, strict: true }

/** A value of a shape of the model: decoded strictly from its wire form (which it is), then validated. */
const shape =
  <A>(decode: (value: unknown, options: DecodeOptions) => A, validate: (value: unknown, secrets: Secrets) => Issue | undefined) =>
  (value: unknown, path: Path): A => {
    let decoded: A
    try {
      decoded = decode(value, STRICT)
    } catch (failure) {
      if (!(failure instanceof DecodeFailure)) throw failure
      const issue = failureIssue(failure)
      return fail([...path, ...issue.path], issueMessage(issue))
    }
    const issue = validate(decoded, plainSecrets)
    if (issue !== undefined) fail([...path, ...issue.path], issueMessage(issue))
    return decoded
  }

const tag = shape(D.Tag, V.Tag)
const pipelineDeclaration = shape(D.PipelineDeclaration, V.PipelineDeclaration)
const actionType = shape(D.ActionType, V.ActionType)
const actionTypeDeclaration = shape(D.ActionTypeDeclaration, V.ActionTypeDeclaration)
const webhookDefinition = shape(D.WebhookDefinition, V.WebhookDefinition)

const transition = (value: unknown, path: Path): SnapshotTransition => {
  const t = record(value, path, ["stageName", "transitionType", "enabled"], ["lastChangedBy", "lastChangedAt", "disabledReason"])
  const transitionType = t.transitionType
  if (transitionType !== "Inbound" && transitionType !== "Outbound")
    fail([...path, "transitionType"], `Expected "Inbound" or "Outbound", got ${describeValue(transitionType, false)}`)
  const lastChangedBy = optionalString(t.lastChangedBy, [...path, "lastChangedBy"])
  const disabledReason = optionalString(t.disabledReason, [...path, "disabledReason"])
  return {
    stageName: string(t.stageName, [...path, "stageName"]),
    transitionType: transitionType as "Inbound" | "Outbound",
    enabled: boolean(t.enabled, [...path, "enabled"]),
    ...(lastChangedBy !== undefined ? { lastChangedBy } : {}),
    ...(t.lastChangedAt !== undefined ? { lastChangedAt: time(t.lastChangedAt, [...path, "lastChangedAt"]) } : {}),
    ...(disabledReason !== undefined ? { disabledReason } : {}),
  }
}

const pipeline = (value: unknown, path: Path): SnapshotPipeline => {
  const p = record(value, path, ["name", "created", "updated", "versions", "tags"], ["transitions"])
  return {
    name: string(p.name, [...path, "name"]),
    created: time(p.created, [...path, "created"]),
    updated: time(p.updated, [...path, "updated"]),
    versions: array(p.versions, [...path, "versions"], pipelineDeclaration, 1),
    tags: array(p.tags, [...path, "tags"], tag),
    ...(p.transitions !== undefined ? { transitions: array(p.transitions, [...path, "transitions"], transition) } : {}),
  }
}

const customActionType = (value: unknown, path: Path): SnapshotCustomActionType => {
  const t = record(value, path, ["actionType", "deleted", "tags"], ["fingerprint"])
  const fingerprint = optionalString(t.fingerprint, [...path, "fingerprint"])
  return {
    actionType: actionType(t.actionType, [...path, "actionType"]),
    ...(fingerprint !== undefined ? { fingerprint } : {}),
    deleted: boolean(t.deleted, [...path, "deleted"]),
    tags: array(t.tags, [...path, "tags"], tag),
  }
}

const webhook = (value: unknown, path: Path): SnapshotWebhook => {
  const w = record(value, path, ["definition", "url", "registered", "tags"], ["lastTriggered"])
  return {
    definition: webhookDefinition(w.definition, [...path, "definition"]),
    url: string(w.url, [...path, "url"]),
    registered: boolean(w.registered, [...path, "registered"]),
    ...(w.lastTriggered !== undefined ? { lastTriggered: time(w.lastTriggered, [...path, "lastTriggered"]) } : {}),
    tags: array(w.tags, [...path, "tags"], tag),
  }
}

/** Snapshots {@link decodeSnapshot} made: fresh and deep-frozen, so `importSnapshot` need not check them again. */
const decoded = new WeakSet<Snapshot>()

/** A snapshot from any value (parsed JSON, or an object handed in), or where it breaks its shape. */
export const decodeSnapshot = (
  value: unknown,
): { readonly _tag: "Ok"; readonly snapshot: Snapshot } | { readonly _tag: "Invalid"; readonly issue: SnapshotIssue } => {
  if (typeof value === "object" && value !== null && decoded.has(value as Snapshot)) return { _tag: "Ok", snapshot: value as Snapshot }
  try {
    // Bounded and readable once (see `plainData.ts`) before anything else looks at it.
    const plain = toPlainData(value, { maxValues: Number.POSITIVE_INFINITY })
    const s = record(plain, [], ["region", "accountId", "pipelines", "customActionTypes", "registeredActionTypes", "webhooks"])
    const snapshot: Snapshot = deepFreeze({
      region: string(s.region, ["region"]),
      accountId: string(s.accountId, ["accountId"]),
      pipelines: array(s.pipelines, ["pipelines"], pipeline),
      customActionTypes: array(s.customActionTypes, ["customActionTypes"], customActionType),
      registeredActionTypes: array(s.registeredActionTypes, ["registeredActionTypes"], actionTypeDeclaration),
      webhooks: array(s.webhooks, ["webhooks"], webhook),
    })
    decoded.add(snapshot)
    return { _tag: "Ok", snapshot }
  } catch (error) {
    if (error instanceof Invalid) return { _tag: "Invalid", issue: { path: error.path, message: error.message } }
    if (error instanceof PlainDataError) return { _tag: "Invalid", issue: { path: error.path, message: `it ${error.message}` } }
    throw error
  }
}

/** A snapshot that breaks an invariant its shape cannot state; the message names where. */
export class SnapshotError extends Error {}

/** `at pipelines[0].created: Expected ...` */
export const describeIssue = (issue: SnapshotIssue): string => `at ${formatPath(issue.path) || "the root"}: ${issue.message}`

const tagMap = (where: string, tags: ReadonlyArray<T.Tag>): Map<string, string> => {
  const map = new Map<string, string>()
  for (const tag of tags) {
    if (map.has(tag.key)) throw new SnapshotError(`${where}: tag '${tag.key}' appears twice`)
    map.set(tag.key, tag.value)
  }
  return map
}

const relative = (store: Store, time: string): number => Date.parse(time) - store.epoch

/**
 * Loads a snapshot (any value: it is decoded first) into a store that holds no pipelines, custom
 * action types or webhooks yet. Registered action types in the snapshot replace those of the same
 * id. Throws `SnapshotError`; nothing is changed unless the whole snapshot loads.
 */
export const importSnapshot = (store: Store, value: unknown): void => {
  if (store.pipelines.size > 0 || store.customActionTypes.size > 0 || store.webhooks.size > 0) {
    throw new SnapshotError("state can only be imported into a CodePipeline without pipelines, custom action types or webhooks")
  }
  const result = decodeSnapshot(value)
  if (result._tag === "Invalid") throw new SnapshotError(describeIssue(result.issue))
  const snapshot = result.snapshot
  const pipelines: Array<PipelineFields> = []
  const names = new Set<string>()
  snapshot.pipelines.forEach((p, i) => {
    const where = `pipelines[${i}] (${p.name})`
    if (names.has(p.name)) throw new SnapshotError(`${where}: pipeline '${p.name}' appears twice`)
    names.add(p.name)
    const versions = p.versions.map((v, j) => {
      if (v.name !== p.name) throw new SnapshotError(`${where}.versions[${j}]: its name is '${v.name}'`)
      if (v.version !== j + 1) throw new SnapshotError(`${where}.versions[${j}]: expected version ${j + 1}, got ${v.version ?? "none"}`)
      return freeze(v)
    })
    const declaration = versions[versions.length - 1]!
    const stageNames = new Set(declaration.stages.map((s) => s.name))
    let transitions: Map<string, Transition> | undefined
    for (const t of p.transitions ?? []) {
      if (!stageNames.has(t.stageName)) throw new SnapshotError(`${where}: transition of unknown stage '${t.stageName}'`)
      ;(transitions ??= new Map()).set(t.transitionType === "Inbound" ? t.stageName : `out:${t.stageName}`, {
        enabled: t.enabled,
        ...defined({
          lastChangedBy: t.lastChangedBy,
          lastChangedAt: t.lastChangedAt === undefined ? undefined : relative(store, t.lastChangedAt),
          disabledReason: t.disabledReason,
        }),
      })
    }
    pipelines.push({
      name: p.name,
      arn: arnOf(store, p.name),
      declaration,
      versions,
      created: relative(store, p.created),
      updated: relative(store, p.updated),
      tags: tagMap(where, p.tags),
      transitions,
    })
  })
  if (pipelines.length > store.config.maxPipelines) {
    throw new SnapshotError(`${pipelines.length} pipelines exceed the quota of ${store.config.maxPipelines} (the maxPipelines option)`)
  }

  const customTypes = new Map<string, CustomActionTypeRecord>()
  snapshot.customActionTypes.forEach((t, i) => {
    const key = actionTypeKey(t.actionType.id)
    const where = `customActionTypes[${i}] (${key})`
    if (t.actionType.id.owner !== "Custom") throw new SnapshotError(`${where}: owner must be 'Custom'`)
    if (customTypes.has(key)) throw new SnapshotError(`${where}: appears twice`)
    const type = freeze(t.actionType)
    customTypes.set(key, {
      type,
      arn: arnOf(store, `actiontype:${key}`),
      fingerprint: t.fingerprint ?? JSON.stringify(type),
      tags: tagMap(where, t.tags),
      deleted: t.deleted,
    })
  })

  const registered = snapshot.registeredActionTypes.map((declaration, i) => {
    try {
      return validateActionTypeDeclaration(declaration)
    } catch (error) {
      const reason = error instanceof ServiceError ? error.message : String(error)
      throw new SnapshotError(`registeredActionTypes[${i}] (${actionTypeKey(declaration.id)}): ${reason}`)
    }
  })

  const webhooks = new Map<string, WebhookRecord>()
  snapshot.webhooks.forEach((w, i) => {
    const where = `webhooks[${i}] (${w.definition.name})`
    if (webhooks.has(w.definition.name)) throw new SnapshotError(`${where}: appears twice`)
    webhooks.set(w.definition.name, {
      definition: freeze(w.definition),
      url: w.url,
      arn: arnOf(store, `webhook:${w.definition.name}`),
      tags: tagMap(where, w.tags),
      registered: w.registered,
      ...(w.lastTriggered !== undefined ? { lastTriggered: relative(store, w.lastTriggered) } : {}),
    })
  })

  // Everything checked: apply.
  for (const fields of pipelines) insertPipeline(store, fields)
  for (const [key, record] of customTypes) store.customActionTypes.set(key, record)
  for (const declaration of registered) store.registeredActionTypes.set(actionTypeKey(declaration.id), { declaration })
  for (const [name, record] of webhooks) store.webhooks.set(name, record)
}
