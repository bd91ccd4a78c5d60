/**
 * Action and rule types: custom action types (create, delete), partner action types registered
 * with an integration model (get, update), and the listings.
 */
import type * as T from "../../generated/types.js"
import { actionTypeKey, builtinActionTypes, builtinRuleTypes } from "../catalog.js"
import { checkEnum, reject, validation } from "../errors.js"
import { ActionCategory, ActionOwner, RuleOwner } from "../../generated/enums.js"
import { page } from "../paging.js"
import { freeze, validateTags } from "../validate.js"
import { arnOf, type Handlers, tagList } from "./common.js"

export const MAX_CUSTOM_ACTION_TYPES = 50

const notFound = (key: string): never => reject("ActionTypeNotFoundException", `Action type ${key} was not found`)

/** A registered (integration model) action type as ListActionTypes reports it. */
const fromDeclaration = (d: T.ActionTypeDeclaration): T.ActionType => ({
  // A declared type's owner is a free string in the model; ListActionTypes reports it as the enum.
  id: { category: d.id.category, owner: d.id.owner, provider: d.id.provider, version: d.id.version },
  ...(d.urls !== undefined
    ? {
        settings: {
          ...(d.urls.configurationUrl !== undefined ? { thirdPartyConfigurationUrl: d.urls.configurationUrl } : {}),
          ...(d.urls.entityUrlTemplate !== undefined ? { entityUrlTemplate: d.urls.entityUrlTemplate } : {}),
          ...(d.urls.executionUrlTemplate !== undefined ? { executionUrlTemplate: d.urls.executionUrlTemplate } : {}),
          ...(d.urls.revisionUrlTemplate !== undefined ? { revisionUrlTemplate: d.urls.revisionUrlTemplate } : {}),
        },
      }
    : {}),
  actionConfigurationProperties: (d.properties ?? []).map((p) => ({
    name: p.name,
    required: !p.optional,
    key: p.key,
    secret: p.noEcho,
    ...(p.queryable !== undefined ? { queryable: p.queryable } : {}),
    ...(p.description !== undefined ? { description: p.description } : {}),
  })),
  inputArtifactDetails: { ...d.inputArtifactDetails },
  outputArtifactDetails: { ...d.outputArtifactDetails },
})

/** The rules UpdateActionType (and the registering control) check on a declaration. */
export const validateActionTypeDeclaration = (d: T.ActionTypeDeclaration): T.ActionTypeDeclaration => {
  checkEnum("actionType.id.category", d.id.category, ActionCategory)
  // The model's pattern of a declared type's owner: AWS|ThirdParty.
  if (d.id.owner !== "AWS" && d.id.owner !== "ThirdParty") validation(`Invalid action type owner '${d.id.owner}'`)
  const executor = d.executor
  if (executor.type === "Lambda") {
    if (executor.configuration.lambdaExecutorConfiguration === undefined) validation("A Lambda executor needs lambdaExecutorConfiguration")
  } else if (executor.type === "JobWorker") {
    if (executor.configuration.jobWorkerExecutorConfiguration === undefined)
      validation("A JobWorker executor needs jobWorkerExecutorConfiguration")
  } else {
    validation(`Invalid executor type '${executor.type}'`)
  }
  const names = new Set<string>()
  for (const p of d.properties ?? []) {
    if (names.has(p.name)) validation(`Property '${p.name}' is declared twice`)
    names.add(p.name)
  }
  return freeze(d)
}

export const actionTypeHandlers: Handlers<
  "CreateCustomActionType" | "DeleteCustomActionType" | "ListActionTypes" | "GetActionType" | "UpdateActionType" | "ListRuleTypes"
> = {
  CreateCustomActionType: (store, input) => {
    checkEnum("category", input.category, ActionCategory)
    const properties = input.configurationProperties ?? []
    const names = new Set<string>()
    let queryable = 0
    for (const p of properties) {
      if (names.has(p.name)) validation(`Configuration property '${p.name}' is declared twice`)
      names.add(p.name)
      if (p.type !== undefined && p.type !== "String" && p.type !== "Number" && p.type !== "Boolean") {
        validation(`Invalid type '${p.type}' of configuration property '${p.name}'`)
      }
      if (p.queryable === true) {
        queryable++
        if (!p.required || p.secret) validation(`Queryable configuration property '${p.name}' must be required and not secret`)
      }
    }
    if (queryable > 1) validation("An action type can have at most one queryable configuration property")
    const id: T.ActionTypeId = { category: input.category, owner: "Custom", provider: input.provider, version: input.version }
    const key = actionTypeKey(id)
    const type: T.ActionType = freeze({
      id,
      settings: input.settings,
      actionConfigurationProperties: properties,
      inputArtifactDetails: input.inputArtifactDetails,
      outputArtifactDetails: input.outputArtifactDetails,
    })
    const fingerprint = JSON.stringify(type)
    const existing = store.customActionTypes.get(key)
    if (existing !== undefined) {
      // A version is never reused for another definition; the same definition restores it.
      if (existing.fingerprint !== fingerprint) {
        validation(`Version '${input.version}' of custom action type ${key} was already used for another definition`)
      }
      existing.deleted = false
      return { actionType: existing.type, ...(existing.tags.size > 0 ? { tags: tagList(existing.tags) } : {}) }
    }
    let active = 0
    for (const t of store.customActionTypes.values()) if (!t.deleted) active++
    if (active >= MAX_CUSTOM_ACTION_TYPES) {
      reject("LimitExceededException", `The account has reached the limit of ${MAX_CUSTOM_ACTION_TYPES} custom action types`)
    }
    const tags = validateTags(input.tags ?? [])
    store.customActionTypes.set(key, {
      type,
      arn: arnOf(store, `actiontype:${key}`),
      fingerprint,
      tags,
      deleted: false,
    })
    return { actionType: type, ...(input.tags !== undefined ? { tags: tagList(tags) } : {}) }
  },

  DeleteCustomActionType: (store, input) => {
    const key = actionTypeKey({ ...input, owner: "Custom" })
    const existing = store.customActionTypes.get(key)
    if (existing === undefined || existing.deleted) return validation(`Custom action type ${key} does not exist`)
    existing.deleted = true
  },

  ListActionTypes: (store, input) => {
    const owner = input.actionOwnerFilter
    checkEnum("actionOwnerFilter", owner, ActionOwner)
    const all: Array<T.ActionType> = []
    for (const b of builtinActionTypes) all.push(b.type)
    for (const c of store.customActionTypes.values()) if (!c.deleted) all.push(c.type)
    for (const r of store.registeredActionTypes.values()) all.push(fromDeclaration(r.declaration))
    const filtered = owner === undefined ? all : all.filter((t) => t.id.owner === owner)
    const result = page(store, "ListActionTypes", owner ?? "", filtered, (t) => actionTypeKey(t.id), 100, input.nextToken)
    return { actionTypes: [...result.items], ...(result.nextToken !== undefined ? { nextToken: result.nextToken } : {}) }
  },

  GetActionType: (store, input) => {
    const key = actionTypeKey(input)
    const registered = store.registeredActionTypes.get(key)
    if (registered === undefined) return notFound(key)
    return { actionType: registered.declaration }
  },

  UpdateActionType: (store, input) => {
    const key = actionTypeKey(input.actionType.id)
    const registered = store.registeredActionTypes.get(key)
    if (registered === undefined) return notFound(key)
    registered.declaration = validateActionTypeDeclaration(input.actionType)
  },

  ListRuleTypes: (_store, input) => {
    const owner = input.ruleOwnerFilter
    checkEnum("ruleOwnerFilter", owner, RuleOwner)
    return { ruleTypes: [...builtinRuleTypes] }
  },
}
