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
import { GitPullRequestEventType } from "../generated/enums.js"
import type * as T from "../generated/types.js"
import { own } from "./plainData.js"

// ---------------------------------------------------------------------------------------------
// Glob patterns

type Token =
  | { readonly t: "lit"; readonly c: string }
  | { readonly t: "one" }
  | { readonly t: "class"; readonly ranges: ReadonlyArray<readonly [string, string]>; readonly negate: boolean }
  | { readonly t: "star" }
  | { readonly t: "globstar" }
  | { readonly t: "dirs" }

/** Brace alternatives past this many make the pattern match nothing (a pattern, not a program). */
const MAX_ALTERNATIVES = 64

/** `{a,b}` expanded into its alternatives (nested braces too); an unclosed brace is literal. */
const expandBraces = (glob: string): Array<string> => {
  let depth = 0
  let open = -1
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]
    if (ch === "[") {
      const end = glob.indexOf("]", i + 1)
      if (end > 0) i = end
    } else if (ch === "{") {
      if (depth++ === 0) open = i
    } else if (ch === "}" && depth > 0 && --depth === 0) {
      const parts: Array<string> = []
      let level = 0
      let start = open + 1
      for (let k = open + 1; k < i; k++) {
        const c = glob[k]
        if (c === "{") level++
        else if (c === "}") level--
        else if (c === "," && level === 0) {
          parts.push(glob.slice(start, k))
          start = k + 1
        }
      }
      parts.push(glob.slice(start, i))
      const head = glob.slice(0, open)
      const out: Array<string> = []
      for (const tail of expandBraces(glob.slice(i + 1))) {
        for (const part of parts) {
          for (const middle of expandBraces(part)) {
            out.push(head + middle + tail)
            if (out.length > MAX_ALTERNATIVES) return out
          }
        }
      }
      return out
    }
  }
  return [glob]
}

const tokenize = (glob: string): Array<Token> => {
  const tokens: Array<Token> = []
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i]!
    if (ch === "*") {
      if (glob[i + 1] === "*") {
        i++
        // `**/` also matches no directory at all; consecutive ones are one.
        const token: Token = glob[i + 1] === "/" ? { t: "dirs" } : { t: "globstar" }
        if (token.t === "dirs") i++
        const last = tokens[tokens.length - 1]
        if (last?.t !== token.t) tokens.push(token)
      } else if (tokens[tokens.length - 1]?.t !== "star") tokens.push({ t: "star" })
    } else if (ch === "?") tokens.push({ t: "one" })
    else if (ch === "[" && glob.indexOf("]", i + 2) > 0) {
      const end = glob.indexOf("]", i + 2)
      let body = glob.slice(i + 1, end)
      const negate = body.startsWith("!") || body.startsWith("^")
      if (negate) body = body.slice(1)
      const ranges: Array<[string, string]> = []
      for (let k = 0; k < body.length; k++) {
        if (body[k + 1] === "-" && k + 2 < body.length) {
          ranges.push([body[k]!, body[k + 2]!])
          k += 2
        } else ranges.push([body[k]!, body[k]!])
      }
      tokens.push({ t: "class", ranges, negate })
      i = end
    } else tokens.push({ t: "lit", c: ch })
  }
  return tokens
}

/**
 * Whether `name` matches the tokens, by dynamic programming over (token, position): time and
 * memory proportional to their product, whatever the pattern (a regular expression would
 * backtrack exponentially on `**∕**∕**∕…`).
 */
const tokensMatch = (tokens: ReadonlyArray<Token>, name: string): boolean => {
  const n = name.length
  // next[j]: whether tokens[i + 1 ..] match name[j ..]; starts as "no tokens left".
  let next: Array<boolean> = new Array(n + 1).fill(false)
  next[n] = true
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i]!
    const current: Array<boolean> = new Array(n + 1).fill(false)
    switch (token.t) {
      case "star":
        current[n] = next[n]!
        for (let j = n - 1; j >= 0; j--) current[j] = next[j]! || (name[j] !== "/" && current[j + 1]!)
        break
      case "globstar":
        current[n] = next[n]!
        for (let j = n - 1; j >= 0; j--) current[j] = next[j]! || current[j + 1]!
        break
      case "dirs": {
        // Nothing, or anything that ends with a `/`.
        let slash = false
        current[n] = next[n]!
        for (let j = n - 1; j >= 0; j--) {
          slash = (name[j] === "/" && next[j + 1]!) || slash
          current[j] = next[j]! || slash
        }
        break
      }
      default:
        for (let j = n - 1; j >= 0; j--) {
          const c = name[j]!
          const one =
            token.t === "lit"
              ? c === token.c
              : c !== "/" && (token.t === "one" || token.ranges.some(([lo, hi]) => c >= lo && c <= hi) !== token.negate)
          current[j] = one && next[j + 1]!
        }
    }
    next = current
  }
  return next[0]!
}

const compiled = new Map<string, ReadonlyArray<ReadonlyArray<Token>>>()

/**
 * Whether a name matches a trigger filter's glob, over the whole name: `**` matches any
 * characters (`/` included; `**∕` also none), `*` any characters but `/`, `?` one character but
 * `/`, `[...]` a class (`[!...]` its complement) and `{a,b}` alternatives; anything else is literal.
 */
export const globMatches = (glob: string, name: string): boolean => {
  let alternatives = compiled.get(glob)
  if (alternatives === undefined) {
    const expanded = expandBraces(glob)
    alternatives = expanded.length > MAX_ALTERNATIVES ? [] : expanded.map(tokenize)
    if (compiled.size > 1000) compiled.clear()
    compiled.set(glob, alternatives)
  }
  return alternatives.some((tokens) => tokensMatch(tokens, name))
}

const matches = (
  criteria: { readonly includes?: ReadonlyArray<string>; readonly excludes?: ReadonlyArray<string> } | undefined,
  name: string,
): boolean => {
  if (criteria === undefined) return true
  // Excludes win over includes; no includes means every name not excluded.
  if ((criteria.excludes ?? []).some((g) => globMatches(g, name))) return false
  const includes = criteria.includes ?? []
  return includes.length === 0 || includes.some((g) => globMatches(g, name))
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
  const events: ReadonlyArray<string> = filter.events ?? GitPullRequestEventType
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
      event.kind === "push"
        ? (git.push ?? []).some((f) => pushMatches(f, event))
        : (git.pullRequest ?? []).some((f) => pullRequestMatches(f, event))
    return passed
      ? { start: true, triggerType: "WebhookV2" }
      : { start: false, reason: `no ${event.kind === "push" ? "push" : "pull request"} filter of the trigger of '${action.name}' matches` }
  }
  if (event.kind !== "push") return { start: false, reason: `'${action.name}' has no trigger with pull request filters` }
  if (event.tag !== undefined && event.branch === undefined)
    return { start: false, reason: `'${action.name}' has no trigger with tag filters` }
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
    current =
      key !== undefined
        ? Object.hasOwn(current, key)
          ? (current as Record<string, unknown>)[key]
          : undefined
        : Array.isArray(current)
          ? current[Number(m[2])]
          : undefined
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
export const webhookRefusal = (
  definition: T.WebhookDefinition,
  action: T.ActionDeclaration | undefined,
  event: WebhookEvent,
): string | undefined => {
  const auth = definition.authenticationConfiguration
  switch (definition.authentication) {
    case "GITHUB_HMAC":
      if (event.secretToken === undefined || event.secretToken !== auth.SecretToken)
        return "the event is not signed with the webhook's secret token"
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
