/**
 * Tags of pipelines, custom action types and webhooks, addressed by ARN.
 */
import { reject } from "../errors.js"
import { page } from "../paging.js"
import type { Store } from "../state.js"
import { validateTags } from "../validate.js"
import { type Handlers, tagList } from "./common.js"

/** The tags of the resource an ARN names. */
const tagsOf = (store: Store, arn: string): Map<string, string> => {
  const parts = arn.split(":")
  if (parts.length < 6 || parts[0] !== "arn" || parts[2] !== "codepipeline" || !/^[0-9]{12}$/.test(parts[4]!)) {
    return reject("InvalidArnException", `The ARN '${arn}' is not valid`)
  }
  const notFound = (): never => reject("ResourceNotFoundException", `Resource '${arn}' was not found`)
  if (parts[3] !== store.config.region || parts[4] !== store.config.accountId) return notFound()
  const resource = parts.slice(5).join(":")
  if (resource.startsWith("webhook:")) {
    const webhook = store.webhooks.get(resource.slice("webhook:".length))
    return webhook?.tags ?? notFound()
  }
  if (resource.startsWith("actiontype:")) {
    const type = store.customActionTypes.get(resource.slice("actiontype:".length))
    return type !== undefined && !type.deleted ? type.tags : notFound()
  }
  return store.pipelines.get(resource)?.tags ?? notFound()
}

export const tagHandlers: Handlers<"TagResource" | "UntagResource" | "ListTagsForResource"> = {
  TagResource: (store, input) => {
    const tags = tagsOf(store, input.resourceArn)
    const merged = validateTags(input.tags, tags)
    for (const [k, v] of merged) tags.set(k, v)
    return {}
  },

  UntagResource: (store, input) => {
    const tags = tagsOf(store, input.resourceArn)
    for (const key of input.tagKeys) {
      if (key.toLowerCase().startsWith("aws:")) {
        reject("InvalidTagsException", `Tag key '${key}' uses the reserved prefix 'aws:'`)
      }
    }
    for (const key of input.tagKeys) tags.delete(key)
    return {}
  },

  ListTagsForResource: (store, input) => {
    const tags = tagsOf(store, input.resourceArn)
    const result = page(
      store,
      "ListTagsForResource",
      input.resourceArn,
      tagList(tags),
      (t) => t.key,
      input.maxResults ?? 50,
      input.nextToken,
    )
    return { tags: [...result.items], ...(result.nextToken !== undefined ? { nextToken: result.nextToken } : {}) }
  },
}
