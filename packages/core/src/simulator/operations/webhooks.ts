/**
 * Webhooks: put, delete, list, and (de)registration with the third party.
 */
import type * as T from "../../generated/types.js"
import { reject, validation } from "../errors.js"
import { page } from "../paging.js"
import { hex } from "../random.js"
import type { Store, WebhookRecord } from "../state.js"
import { freeze, validateTags } from "../validate.js"
import { date } from "../views.js"
import { arnOf, type Handlers, pipelineOr, tagList } from "./common.js"

export const MAX_WEBHOOKS = 300

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/

const authError = (message: string): never => reject("InvalidWebhookAuthenticationParametersException", message)

const checkAuthentication = (definition: T.WebhookDefinition): void => {
  const config = definition.authenticationConfiguration
  switch (definition.authentication) {
    case "GITHUB_HMAC":
      if (config.SecretToken === undefined) authError("GITHUB_HMAC authentication requires a SecretToken")
      if (config.AllowedIPRange !== undefined) authError("GITHUB_HMAC authentication does not take an AllowedIPRange")
      return
    case "IP": {
      const range = config.AllowedIPRange
      const m = range === undefined ? null : CIDR.exec(range)
      if (m === null || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32) {
        authError("IP authentication requires AllowedIPRange as an IPv4 CIDR block, for example 10.0.0.0/24")
      }
      if (config.SecretToken !== undefined) authError("IP authentication does not take a SecretToken")
      return
    }
    case "UNAUTHENTICATED":
      if (config.SecretToken !== undefined || config.AllowedIPRange !== undefined)
        authError("UNAUTHENTICATED webhooks take no authentication configuration")
      return
    default:
      authError(`Invalid authentication type '${definition.authentication}'`)
  }
}

/** The webhook's item with its secret token hidden, as the service lists it. */
const item = (store: Store, webhook: WebhookRecord): T.ListWebhookItem => {
  const d = webhook.definition
  const config = d.authenticationConfiguration
  return {
    definition: {
      ...d,
      filters: d.filters.map((f) => ({ ...f })),
      authenticationConfiguration: {
        ...(config.AllowedIPRange !== undefined ? { AllowedIPRange: config.AllowedIPRange } : {}),
        ...(config.SecretToken !== undefined ? { SecretToken: "****" } : {}),
      },
    },
    url: webhook.url,
    arn: webhook.arn,
    ...(webhook.lastTriggered !== undefined ? { lastTriggered: date(store, webhook.lastTriggered) } : {}),
    ...(webhook.tags.size > 0 ? { tags: tagList(webhook.tags) } : {}),
  }
}

const webhookOr = (store: Store, name: string | undefined): WebhookRecord => {
  if (name === undefined) return validation("webhookName is required")
  return store.webhooks.get(name) ?? reject("WebhookNotFoundException", `Webhook '${name}' was not found`)
}

/** Registration is supported only for webhooks of GitHub (version 1) source actions. */
const checkGitHubTarget = (store: Store, webhook: WebhookRecord): void => {
  const pipeline = store.pipelines.get(webhook.definition.targetPipeline)
  const action = pipeline?.declaration.stages[0]?.actions.find((a) => a.name === webhook.definition.targetAction)
  if (action === undefined || action.actionTypeId.owner !== "ThirdParty" || action.actionTypeId.provider !== "GitHub") {
    validation(`Webhook '${webhook.definition.name}' does not target a GitHub source action`)
  }
}

export const webhookHandlers: Handlers<
  "PutWebhook" | "DeleteWebhook" | "ListWebhooks" | "RegisterWebhookWithThirdParty" | "DeregisterWebhookWithThirdParty"
> = {
  PutWebhook: (store, input) => {
    const definition = input.webhook
    const pipeline = pipelineOr(store, definition.targetPipeline)
    const source = pipeline.declaration.stages[0]!.actions.find((a) => a.name === definition.targetAction)
    if (source === undefined) validation(`Action '${definition.targetAction}' is not a source action of pipeline '${pipeline.name}'`)
    checkAuthentication(definition)
    for (const filter of definition.filters) {
      if (!filter.jsonPath.startsWith("$")) {
        reject("InvalidWebhookFilterPatternException", `Filter jsonPath '${filter.jsonPath}' is not a JSONPath expression`)
      }
    }
    const existing = store.webhooks.get(definition.name)
    if (existing !== undefined) {
      const tags = validateTags(input.tags ?? [], existing.tags)
      existing.definition = freeze(definition)
      existing.tags.clear()
      for (const [k, v] of tags) existing.tags.set(k, v)
      return { webhook: item(store, existing) }
    }
    if (store.webhooks.size >= MAX_WEBHOOKS) {
      reject("LimitExceededException", `The account has reached the limit of ${MAX_WEBHOOKS} webhooks`)
    }
    const tags = validateTags(input.tags ?? [])
    const webhook: WebhookRecord = {
      definition: freeze(definition),
      // A new URL each time a webhook is created, as the service does for a re-created webhook.
      url: `https://${store.config.region}.webhooks.aws/trigger?t=${hex(store.random, 48)}&v=1`,
      arn: arnOf(store, `webhook:${definition.name}`),
      tags,
      registered: false,
    }
    store.webhooks.set(definition.name, webhook)
    return { webhook: item(store, webhook) }
  },

  DeleteWebhook: (store, input) => {
    // Deleting a webhook that does not exist succeeds.
    store.webhooks.delete(input.name)
    return {}
  },

  ListWebhooks: (store, input) => {
    const names = [...store.webhooks.keys()].sort()
    const result = page(store, "ListWebhooks", "", names, (n) => n, input.MaxResults ?? 100, input.NextToken)
    return {
      webhooks: result.items.map((n) => item(store, store.webhooks.get(n)!)),
      ...(result.nextToken !== undefined ? { NextToken: result.nextToken } : {}),
    }
  },

  RegisterWebhookWithThirdParty: (store, input) => {
    const webhook = webhookOr(store, input.webhookName)
    checkGitHubTarget(store, webhook)
    webhook.registered = true
    return {}
  },

  DeregisterWebhookWithThirdParty: (store, input) => {
    const webhook = webhookOr(store, input.webhookName)
    checkGitHubTarget(store, webhook)
    webhook.registered = false
    return {}
  },
}
