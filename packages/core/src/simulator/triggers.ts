/**
 * What starts an execution when a repository changes: the pipeline's triggers (Git push and pull
 * request filters), a source action's change detection (`PollForSourceChanges`, `DetectChanges`,
 * the branch it tracks), and a webhook's filters and authentication.
 *
 * Measured against "Filter triggers on code push or pull requests"
 * (https://docs.aws.amazon.com/codepipeline/latest/userguide/pipelines-filter.html), "Trigger
 * filtering in the pipeline JSON (CLI)" (.../pipelines-filter-cli.html), "Start a pipeline in
 * CodePipeline" (.../pipelines-about-starting.html) and the API reference of WebhookDefinition and
 * WebhookFilterRule.
 */
import type * as T from "../generated/types.js"
import { own } from "./plainData.js"

// ---------------------------------------------------------------------------------------------
// Glob patterns

const globs = new Map<string, RegExp>()

/**
 * A trigger filter's glob as a regular expression over the whole name: `**` matches any characters
 * (`/` included), `*` any characters but `/`, `?` one character but `/`, `[...]` a class and
 * `{a,b}` alternatives; anything else is literal.
 */
export const globToRegExp = (glob: string): RegExp => {
  let cached = globs.get(glob)
  if (cached !== undefined) return cached
  let out = ""
  let braces = 0
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!
    if (ch === "*") {
      if (glob[i + 1] === "*") {
        // `**/` also matches no directory at all.
        if (glob[i + 2] === "/") {
          out += "(?:.*/)?"
          i += 2
        } else {
          out += ".*"
          i++
        }
      } else out += "[^/]*"
    } else if (ch === "?") out += "[^/]"
    else if (ch === "[") {
      const end = glob.indexOf("]", i + 1)
      if (end < 0) out += "\\["
      else {
        const body = glob.slice(i + 1, end).replace(/\\/g, "\\\\")
        out += `[${body.startsWith("!") ? `^${body.slice(1)}` : body}]`
        i = end
      }
    } else if (ch === "{") {
      braces++
      out += "(?:"
    } else if (ch === "}" && braces > 0) {
      braces--
      out += ")"
    } else if (ch === "," && braces > 0) out += "|"
    else out += ch.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&")
  }
  out += ")".repeat(braces)
  try {
    cached = new RegExp(`^${out}$`)
  } catch {
    // A malformed class matches nothing rather than failing the event.
    cached = /(?!)/
  }
  if (globs.size > 1000) globs.clear()
  globs.set(glob, cached)
  return cached
}

const matches = (criteria: { readonly includes?: ReadonlyArray<string>; readonly excludes?: ReadonlyArray<string> } | undefined, name: string): boolean => {
  if (criteria === undefined) return true
  // Excludes win over includes; no includes means every name not excluded.
  if ((criteria.excludes ?? []).some((g) => globToRegExp(g).test(name))) return false
  const includes = criteria.includes ?? []
  return includes.length === 0 || includes.some((g) => globToRegExp(g).test(name))
}

/** File paths pass when at least one changed file is included and not excluded. */
const pathsMatch = (criteria: T.GitFilePathFilterCriteria | undefined, paths: ReadonlyArray<string> | undefined): boolean => {
  if (criteria === undefined) return true
  // Without the list of changed files there is nothing the filter could accept.
  if (paths === undefined || paths.length === 0) return false
  return paths.some((p) => matches(criteria, p))
}

// ---------------------------------------------------------------------------------------------
// Git events

/** A change in a repository, as a test describes it. */
export interface GitEvent {
  /** A push to a branch, or of a tag; or a pull request opened, updated or closed. */
  readonly kind: "push" | "pullRequest"
  readonly branch?: string | undefined
  readonly tag?: string | undefined
  /** A pull request's source and destination branches. */
  readonly sourceBranch?: string | undefined
  readonly destinationBranch?: string | undefined
  readonly pullRequestEvent?: string | undefined
  readonly filePaths?: ReadonlyArray<string> | undefined
}

const pushMatches = (filter: T.GitPushFilter, event: GitEvent): boolean => {
  // Filters use OR between them and AND within: a tag filter takes tag pushes, a branch filter branch pushes.
  if (filter.tags !== undefined) return event.tag !== undefined && matches(filter.tags, event.tag)
  if (event.branch === undefined) return false
  if (filter.branches === undefined && filter.filePaths === undefined) return false
  return matches(filter.branches, event.branch) && pathsMatch(filter.filePaths, event.filePaths)
}

const pullRequestMatches = (filter: T.GitPullRequestFilter, event: GitEvent): boolean => {
  const events = filter.events ?? ["OPEN", "UPDATED", "CLOSED"]
  if (event.pullRequestEvent === undefined || !events.includes(event.pullRequestEvent)) return false
  // The branches of a pull request filter are its destination branches.
  const destination = event.destinationBranch
  if (destination === undefined) return false
  return matches(filter.branches, destination) && pathsMatch(filter.filePaths, event.filePaths)
}

const isFalse = (value: string | undefined): boolean => value !== undefined && value.toLowerCase() === "false"
const isTrue = (value: string | undefined): boolean => value !== undefined && value.toLowerCase() === "true"

/**
 * Whether a change starts the pipeline, and with which trigger type, or why not.
 *
 * - A source action named by a trigger that has push or pull request filters: the filters decide
 *   (at least one filter of the event's kind matches); such a trigger turns default change
 *   detection off.
 * - Otherwise (no trigger, or a trigger without filters): a push to the branch the action tracks
 *   starts it, unless `DetectChanges` (connections) is `false`; tags and pull requests do not.
 *   `PollForSourceChanges: true` makes the trigger `PollForSourceChanges`.
 */
export const decideStart = (
  pipeline: T.PipelineDeclaration,
  action: T.ActionDeclaration,
  event: GitEvent,
): { readonly start: true; readonly triggerType: T.TriggerType } | { readonly start: false; readonly reason: string } => {
  const id = action.actionTypeId
  const configuration = action.configuration ?? {}
  const trigger = (pipeline.triggers ?? []).find((t) => t.gitConfiguration.sourceActionName === action.name)
  const git = trigger?.gitConfiguration
  const filtered = git !== undefined && ((git.push?.length ?? 0) > 0 || (git.pullRequest?.length ?? 0) > 0)
  if (filtered) {
    const passed =
      event.kind === "push" ? (git.push ?? []).some((f) => pushMatches(f, event)) : (git.pullRequest ?? []).some((f) => pullRequestMatches(f, event))
    return passed ? { start: true, triggerType: "WebhookV2" } : { start: false, reason: `no ${event.kind === "push" ? "push" : "pull request"} filter of the trigger of '${action.name}' matches` }
  }
  if (event.kind !== "push") return { start: false, reason: `'${action.name}' has no trigger with pull request filters` }
  if (event.tag !== undefined && event.branch === undefined) return { start: false, reason: `'${action.name}' has no trigger with tag filters` }
  if (id.provider === "CodeStarSourceConnection" && isFalse(own(configuration, "DetectChanges"))) {
    return { start: false, reason: `'${action.name}' does not detect changes (DetectChanges is false)` }
  }
  const tracked = own(configuration, id.provider === "GitHub" ? "Branch" : "BranchName")
  if (tracked !== undefined && event.branch !== undefined && event.branch !== tracked) {
    return { start: false, reason: `'${action.name}' tracks the branch '${tracked}', not '${event.branch}'` }
  }
  if (isTrue(own(configuration, "PollForSourceChanges"))) return { start: true, triggerType: "PollForSourceChanges" }
  switch (id.provider) {
    case "CodeStarSourceConnection":
      return { start: true, triggerType: "WebhookV2" }
    case "GitHub":
      return { start: true, triggerType: "Webhook" }
    default:
      return { start: true, triggerType: "CloudWatchEvent" }
  }
}

// ---------------------------------------------------------------------------------------------
// Webhooks

/** An event delivered to a webhook's URL, as a test describes it. */
export interface WebhookEvent {
  /** The JSON body the repository sends (the filters' JSONPath expressions read it). */
  readonly payload?: unknown
  /** The secret the sender signed the event with (`GITHUB_HMAC`). */
  readonly secretToken?: string | undefined
  /** The sender's IPv4 address (`IP`). */
  readonly sourceIp?: string | undefined
}

/** Reads a simple JSONPath (`$.a.b[0]['c']`); `undefined` when a step is missing or the path is not of that form. */
export const readJsonPath = (value: unknown, path: string): unknown => {
  if (!path.startsWith("$")) return undefined
  const step = /^(?:\.([A-Za-z0-9_$@-]+)|\[(\d+)\]|\['([^']*)'\]|\["([^"]*)"\])/
  let rest = path.slice(1)
  let current: unknown = value
  while (rest.length > 0) {
    const m = step.exec(rest)
    if (m === null) return undefined
    rest = rest.slice(m[0].length)
    if (current === null || typeof current !== "object") return undefined
    const key = m[1] ?? m[3] ?? m[4]
    current = key !== undefined ? (Object.hasOwn(current, key) ? (current as Record<string, unknown>)[key] : undefined) : Array.isArray(current) ? current[Number(m[2])] : undefined
  }
  return current
}

const ipv4 = (text: string): number | undefined => {
  const parts = text.split(".")
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined
  return parts.reduce((n, p) => n * 256 + Number(p), 0)
}

const inRange = (ip: string, cidr: string): boolean => {
  const [base, bits] = cidr.split("/")
  const address = ipv4(ip)
  const network = ipv4(base ?? "")
  const size = Number(bits)
  if (address === undefined || network === undefined || !(size >= 0 && size <= 32)) return false
  const block = 2 ** (32 - size)
  return Math.floor(address / block) === Math.floor(network / block)
}

/**
 * Whether an event is accepted by a webhook: authenticated as its `authentication` says, and
 * matching every filter (`matchEquals` may name the target action's configuration as `{Key}`;
 * without it the path must select a value). Returns why not, or `undefined`.
 */
export const webhookRefusal = (definition: T.WebhookDefinition, action: T.ActionDeclaration | undefined, event: WebhookEvent): string | undefined => {
  const auth = definition.authenticationConfiguration
  switch (definition.authentication) {
    case "GITHUB_HMAC":
      if (event.secretToken === undefined || event.secretToken !== auth.SecretToken) return "the event is not signed with the webhook's secret token"
      break
    case "IP":
      if (event.sourceIp === undefined || auth.AllowedIPRange === undefined || !inRange(event.sourceIp, auth.AllowedIPRange)) {
        return "the event does not come from the webhook's allowed IP range"
      }
      break
  }
  const configuration = action?.configuration ?? {}
  for (const filter of definition.filters) {
    const selected = readJsonPath(event.payload, filter.jsonPath)
    if (filter.matchEquals === undefined) {
      if (selected === undefined || selected === null) return `the payload has no value at ${filter.jsonPath}`
      continue
    }
    const expected = filter.matchEquals.replace(/\{([A-Za-z0-9_-]+)\}/g, (whole, key: string) => own(configuration, key) ?? whole)
    if (typeof selected !== "string" && typeof selected !== "number" && typeof selected !== "boolean") {
      return `the payload's value at ${filter.jsonPath} is not '${expected}'`
    }
    if (String(selected) !== expected) return `the payload's value at ${filter.jsonPath} is not '${expected}'`
  }
  return undefined
}
