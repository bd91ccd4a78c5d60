/**
 * Snapshots of the durable part of a store: pipelines (every version, tags, disabled transitions),
 * custom action types (deleted ones too: a version is never reused), registered action types and
 * webhooks. Executions, jobs and approvals are not durable: they belong to a running simulation.
 *
 * A snapshot is plain JSON (times are ISO 8601 strings), described by the {@link Snapshot} schema,
 * so it can be written to a file and read back with its shape checked member by member.
 */
import * as Schema from "effect/Schema"
import * as S from "../../schema/shapes.js"
import { actionTypeKey } from "./catalog.js"
import { resetStages } from "./engine.js"
import { Rejection } from "./failure.js"
import { validateActionTypeDeclaration } from "./operations/actionTypes.js"
import { arnOf } from "./operations/common.js"
import type { CustomActionTypeRecord, PipelineRecord, Store, Transition, WebhookRecord } from "./state.js"
import { freeze } from "./validate.js"

const Time = Schema.String.pipe(
  Schema.filter((s) => !Number.isNaN(Date.parse(s)) || `Expected an ISO 8601 date, got ${JSON.stringify(s).slice(0, 60)}`),
)

const Tags = Schema.Array(S.Tag)

const SnapshotTransition = Schema.Struct({
  stageName: Schema.String,
  transitionType: Schema.Literal("Inbound", "Outbound"),
  enabled: Schema.Boolean,
  lastChangedBy: Schema.optional(Schema.String),
  lastChangedAt: Schema.optional(Time),
  disabledReason: Schema.optional(Schema.String),
})

const SnapshotPipeline = Schema.Struct({
  name: Schema.String,
  created: Time,
  updated: Time,
  /** Every version, oldest first; the last one is the current declaration. */
  versions: Schema.Array(S.PipelineDeclaration).pipe(Schema.minItems(1)),
  tags: Tags,
  transitions: Schema.optional(Schema.Array(SnapshotTransition)),
})

const SnapshotCustomActionType = Schema.Struct({
  actionType: S.ActionType,
  /** Tells a re-creation with the same definition from one that reuses the version. */
  fingerprint: Schema.optional(Schema.String),
  deleted: Schema.Boolean,
  tags: Tags,
})

const SnapshotWebhook = Schema.Struct({
  definition: S.WebhookDefinition,
  url: Schema.String,
  registered: Schema.Boolean,
  lastTriggered: Schema.optional(Time),
  tags: Tags,
})

/**
 * The durable state of an in-memory CodePipeline, as JSON-ready data.
 *
 * @since 0.1.0
 * @category snapshots
 */
export const Snapshot = Schema.Struct({
  region: Schema.String,
  accountId: Schema.String,
  pipelines: Schema.Array(SnapshotPipeline),
  customActionTypes: Schema.Array(SnapshotCustomActionType),
  registeredActionTypes: Schema.Array(S.ActionTypeDeclaration),
  webhooks: Schema.Array(SnapshotWebhook),
})

/**
 * @since 0.1.0
 * @category snapshots
 */
export interface Snapshot extends Schema.Schema.Type<typeof Snapshot> {}

const iso = (store: Store, ms: number): string => new Date(store.epoch + ms).toISOString()
const relative = (store: Store, time: string): number => Date.parse(time) - store.epoch

const tagsOf = (tags: ReadonlyMap<string, string>): Array<S.Tag> => [...tags].map(([key, value]) => ({ key, value }))

const transitionsOf = (store: Store, pipeline: PipelineRecord): Snapshot["pipelines"][number]["transitions"] => {
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

/** The durable state, as the schema's type (encode it with `Schema.encode(Snapshot)` for JSON). */
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

/** A snapshot that breaks an invariant the schema cannot state; the message names where. */
export class SnapshotError extends Error {}

const tagMap = (where: string, tags: ReadonlyArray<S.Tag>): Map<string, string> => {
  const map = new Map<string, string>()
  for (const tag of tags) {
    if (map.has(tag.key)) throw new SnapshotError(`${where}: tag '${tag.key}' appears twice`)
    map.set(tag.key, tag.value)
  }
  return map
}

/**
 * Loads a snapshot into a store that holds no pipelines, custom action types or webhooks yet.
 * Registered action types in the snapshot replace those of the same id. Throws `SnapshotError`.
 * Nothing is changed unless the whole snapshot loads.
 */
export const importSnapshot = (store: Store, snapshot: Snapshot): void => {
  if (store.pipelines.size > 0 || store.customActionTypes.size > 0 || store.webhooks.size > 0) {
    throw new SnapshotError("state can only be imported into a CodePipeline without pipelines, custom action types or webhooks")
  }
  const pipelines: Array<Omit<PipelineRecord, "incarnation">> = []
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
        ...(t.lastChangedBy !== undefined ? { lastChangedBy: t.lastChangedBy } : {}),
        ...(t.lastChangedAt !== undefined ? { lastChangedAt: relative(store, t.lastChangedAt) } : {}),
        ...(t.disabledReason !== undefined ? { disabledReason: t.disabledReason } : {}),
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
      executions: [],
      executionsById: new Map(),
      active: new Set(),
      occupant: [],
      waiting: [],
      latestStage: [],
      latestAction: [],
      sources: undefined,
      requestTokens: undefined,
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
      const reason = error instanceof Rejection ? (error.error as { message?: string }).message : String(error)
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
  for (const fields of pipelines) {
    const record: PipelineRecord = { ...fields, incarnation: ++store.incarnations }
    resetStages(record)
    store.pipelines.set(record.name, record)
  }
  store.sortedPipelineNames = undefined
  for (const [key, record] of customTypes) store.customActionTypes.set(key, record)
  for (const declaration of registered) store.registeredActionTypes.set(actionTypeKey(declaration.id), { declaration })
  for (const [name, record] of webhooks) store.webhooks.set(name, record)
}
