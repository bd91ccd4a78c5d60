/**
 * Input validation through this package (the core's codec with `Redacted` secrets), constraint by
 * constraint, named from the operation's input down: for every member of every shape reachable from an
 * operation's input that the model constrains (`length`, `pattern`, `range`, `@required`), a valid
 * generated input is broken at exactly that member, in exactly that way, and `encodeInput` must
 * refuse it with an `InputValidationError` naming the member's path. Every reachable structure
 * also refuses an unknown member, and every structure member a value of the wrong type.
 *
 * The cases are derived from the Smithy model, not from the schemas, and the last test checks
 * that every constrained member of every input was covered. `PROPERTY_RUNS` raises the number of
 * generated inputs per case (default 5).
 */
import { describe, expect, it } from "@effect/vitest"
import * as Either from "effect/Either"
import * as fc from "fast-check"
import { InputValidationError } from "../src/errors/common.js"
import type * as Operation from "../src/services/Operation.js"
import { encodeInput } from "./support/encodeInput.js"
import { operations } from "../src/services/operations.js"
import {
  acceptsEverything,
  arbitraryOf,
  clone,
  constraintsOf,
  hasProtoKey,
  localName,
  type MemberRef,
  model,
  modelOperations,
  requireSchema,
  runs,
} from "./support/props.js"

// Two generated inputs per constrained member: the core's codec.properties.test.ts sweeps every
// constraint of every shape without Effect; here each member is checked once more through the Effect
// adapter (its typed error, path and message). PROPERTY_RUNS raises it.
const RUNS = runs(2)
const UNKNOWN = "notAMemberOfTheModel"

// ---------------------------------------------------------------------------------------------
// Where each shape sits in some operation's input
// ---------------------------------------------------------------------------------------------

/** One step down an input value: a structure member, a list's first item, a map's first entry. */
type Step =
  | { readonly kind: "member"; readonly name: string; readonly target: string }
  | { readonly kind: "item"; readonly target: string }
  | { readonly kind: "entry"; readonly keyTarget: string; readonly target: string }

interface Site {
  readonly operation: Operation.Any
  /** The id of the operation's input structure. */
  readonly input: string
  readonly steps: ReadonlyArray<Step>
}

const label = (steps: ReadonlyArray<Step>): string =>
  steps.map((s, i) => (s.kind === "member" ? (i === 0 ? s.name : `.${s.name}`) : s.kind === "item" ? "[0]" : "{key}")).join("")

const isAggregate = (id: string): boolean => ["structure", "list", "map"].includes(model.shapes[id]?.type ?? "")

/**
 * Every structure, list and map reachable from an operation's input, each with the shortest path
 * from the first operation (in model order) that reaches it.
 */
const reachable = (() => {
  const sites = new Map<string, Site>()
  for (const [name, input] of modelOperations) {
    if (!model.shapes[input]) continue // `smithy.api#Unit`
    const operation = (operations as Record<string, Operation.Any>)[name]
    if (operation === undefined) throw new Error(`src/services/operations.ts has no operation ${name}`)
    if (operation.input !== requireSchema(input)) throw new Error(`${name}'s input schema is not ${localName(input)}`)
    const queue: Array<readonly [string, ReadonlyArray<Step>]> = [[input, []]]
    const seen = new Set<string>()
    while (queue.length > 0) {
      const [id, steps] = queue.shift()!
      if (seen.has(id)) continue
      seen.add(id)
      if (!sites.has(id)) sites.set(id, { operation, input, steps })
      const shape = model.shapes[id]!
      const next = (target: string, step: Step) => isAggregate(target) && queue.push([target, [...steps, step]])
      if (shape.type === "structure") {
        for (const [member, ref] of Object.entries(shape.members ?? {}))
          next(ref.target, { kind: "member", name: member, target: ref.target })
      } else if (shape.type === "list") {
        next(shape.member!.target, { kind: "item", target: shape.member!.target })
      } else if (shape.type === "map") {
        next(shape.value!.target, { kind: "entry", keyTarget: shape.key!.target, target: shape.value!.target })
      }
    }
  }
  return sites
})()

// ---------------------------------------------------------------------------------------------
// The violations a member admits, from its constraints
// ---------------------------------------------------------------------------------------------

type Kind =
  | "string too long"
  | "string too short"
  | "pattern mismatch"
  | "number below range"
  | "number above range"
  | "list with too many items"
  | "list with too few items"
  | "map with too many entries"
  | "map with too few entries"
  | "required member deleted"
  | "wrong type"
  | "unknown member"

/** The constraint violations a member (structure member, list item, map key or value) admits. */
const constraintKinds = (ref: MemberRef): Array<Kind> => {
  const c = constraintsOf(ref)
  const kinds: Array<Kind> = []
  if (c.type === "string") {
    if (c.length?.max !== undefined) kinds.push("string too long")
    if ((c.length?.min ?? 0) > 0) kinds.push("string too short")
    if (c.pattern !== undefined && !acceptsEverything(c.pattern)) kinds.push("pattern mismatch")
  }
  if (c.type === "integer") {
    if (c.range?.min !== undefined) kinds.push("number below range")
    if (c.range?.max !== undefined) kinds.push("number above range")
  }
  if (c.type === "list") {
    if (c.length?.max !== undefined) kinds.push("list with too many items")
    if ((c.length?.min ?? 0) > 0) kinds.push("list with too few items")
  }
  if (c.type === "map") {
    if (c.length?.max !== undefined) kinds.push("map with too many entries")
    if ((c.length?.min ?? 0) > 0) kinds.push("map with too few entries")
  }
  return kinds
}

/** The first words of the message each violation must produce (Effect's wording). */
const messages: Record<Kind, RegExp> = {
  "string too long": /Expected (a string )?at most \d+ character/,
  "string too short": /Expected (a string )?at least \d+ character/,
  "pattern mismatch": /Expected a string matching/,
  "number below range": /greater than or equal to|a non-negative number/,
  "number above range": /less than or equal to|a non-positive number/,
  "list with too many items": /at most \d+ item/,
  "list with too few items": /at least \d+ item/,
  "map with too many entries": /Expected between \d+ and \d+ entries/,
  "map with too few entries": /Expected between \d+ and \d+ entries/,
  "required member deleted": /is missing/,
  "wrong type": /Expected /,
  "unknown member": /is unexpected/,
}

interface Case {
  readonly kind: Kind
  /** The id of the structure, list or map the member belongs to. */
  readonly container: string
  /** `Shape.member` (`Shape.member`, `Shape.key`, `Shape.value` for lists and maps). */
  readonly member: string
  readonly ref: MemberRef
  readonly site: Site
  /** Steps to the value broken: the member itself, or for map keys and unknown members its parent. */
  readonly steps: ReadonlyArray<Step>
  readonly atKey?: boolean
}

const cases: Array<Case> = []
for (const [id, site] of reachable) {
  const shape = model.shapes[id]!
  const name = localName(id)
  const add = (kind: Kind, member: string, ref: MemberRef, steps: ReadonlyArray<Step>, atKey = false) =>
    cases.push({ kind, container: id, member, ref, site, steps, atKey })
  if (shape.type === "structure") {
    add("unknown member", `${name}.${UNKNOWN}`, { target: id }, site.steps)
    for (const [member, ref] of Object.entries(shape.members ?? {})) {
      const steps = [...site.steps, { kind: "member", name: member, target: ref.target } as const]
      if (constraintsOf(ref).required) add("required member deleted", `${name}.${member}`, ref, steps)
      add("wrong type", `${name}.${member}`, ref, steps)
      for (const kind of constraintKinds(ref)) add(kind, `${name}.${member}`, ref, steps)
    }
  } else if (shape.type === "list") {
    const steps = [...site.steps, { kind: "item", target: shape.member!.target } as const]
    for (const kind of constraintKinds(shape.member!)) add(kind, `${name}.member`, shape.member!, steps)
  } else if (shape.type === "map") {
    for (const kind of constraintKinds(shape.key!)) add(kind, `${name}.key`, shape.key!, site.steps, true)
    const steps = [...site.steps, { kind: "entry", keyTarget: shape.key!.target, target: shape.value!.target } as const]
    for (const kind of constraintKinds(shape.value!)) add(kind, `${name}.value`, shape.value!, steps)
  }
}

// ---------------------------------------------------------------------------------------------
// Breaking a value
// ---------------------------------------------------------------------------------------------

const formatPath = (path: ReadonlyArray<string | number>): string =>
  path.map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? p : `.${p}`)).join("")

type Gen = fc.GeneratorValue

/**
 * Walks `steps` down `root`, filling in what is absent with generated valid values (an optional
 * member, an item of an empty list, an entry of an empty map), and returns where the last step
 * lands: its parent, key, and path.
 */
const reach = (root: Record<string, any>, steps: ReadonlyArray<Step>, gen: Gen) => {
  let parent: any = { root }
  let key: string | number = "root"
  const path: Array<string | number> = []
  for (const step of steps) {
    const container: any = parent[key]
    if (step.kind === "member") {
      if (container[step.name] === undefined) container[step.name] = clone(gen(arbitraryOf, step.target))
      key = step.name
    } else if (step.kind === "item") {
      if (container.length === 0) container.push(clone(gen(arbitraryOf, step.target)))
      key = 0
    } else {
      if (Object.keys(container).length === 0) {
        const k = gen(arbitraryOf, step.keyTarget)
        fc.pre(k !== "__proto__")
        container[k] = clone(gen(arbitraryOf, step.target))
      }
      key = Object.keys(container)[0]!
    }
    parent = container
    path.push(key)
  }
  return { parent, key, path }
}

const firstOf = (what: string, candidates: ReadonlyArray<string>, ok: (s: string) => boolean): string => {
  const found = candidates.find(ok)
  if (found === undefined) throw new Error(`no ${what} among ${JSON.stringify(candidates.map((c) => c.slice(0, 20)))}`)
  return found
}

/** A string of length max + 1 that still matches the pattern: only the length is wrong. */
const tooLong = (valid: string, ref: MemberRef): string => {
  const { length, pattern } = constraintsOf(ref)
  const n = length!.max! + 1
  const pad = (s: string, ch: string) => s + ch.repeat(n - s.length)
  const candidates = [valid.at(-1), valid[0], "a", "0", "A", "-"].filter((ch) => ch !== undefined).map((ch) => pad(valid, ch!))
  return firstOf("too-long string", candidates, (s) => s.length === n && (pattern === undefined || pattern.test(s)))
}

/**
 * A string of length min - 1 that still matches the pattern, when there is one. The empty string
 * (min 1) cannot match a pattern that asks for a character; the length is checked first, so the
 * error is still the length's.
 */
const tooShort = (valid: string, ref: MemberRef): string => {
  const { length, pattern } = constraintsOf(ref)
  const n = length!.min! - 1
  if (n === 0) return ""
  const candidates = [valid.slice(0, n), ...[valid[0], "a", "0", "A"].filter((ch) => ch !== undefined).map((ch) => ch!.repeat(n))]
  return firstOf("too-short string", candidates, (s) => s.length === n && (pattern === undefined || pattern.test(s)))
}

/** A string of an allowed length that does not match the pattern. */
const mismatch = (valid: string, ref: MemberRef): string => {
  const { length, pattern } = constraintsOf(ref)
  const min = length?.min ?? 0
  const max = length?.max ?? Number.MAX_SAFE_INTEGER
  const n = Math.max(min, 1)
  const candidates = [
    ...["!", " ", "~", "#", "\n", "é"].map((ch) => ch.repeat(n)),
    ...(valid.length > 0 ? ["!" + valid.slice(1), valid.slice(0, -1) + "!"] : []),
  ]
  return firstOf("mismatching string", candidates, (s) => s.length >= min && s.length <= max && !pattern!.test(s))
}

/** A value of another JSON type than the member's. */
const wrongType = (ref: MemberRef): unknown => {
  const { type } = constraintsOf(ref)
  return type === "string" || type === "enum" ? 42 : "not the right type"
}

/** Breaks the case's member in `input` and returns the path the error must name. */
const violate = (c: Case, input: Record<string, any>, gen: Gen): string => {
  const { parent, key, path } = reach(input, c.steps, gen)
  const value = parent[key]
  const { length, range } = constraintsOf(c.ref)
  if (c.atKey) {
    // A map key: rename the first entry (adding one if the map is empty).
    const map = value as Record<string, unknown>
    if (Object.keys(map).length === 0) {
      const k = gen(arbitraryOf, c.ref.target)
      fc.pre(k !== "__proto__")
      map[k] = clone(gen(arbitraryOf, model.shapes[c.container]!.value!.target))
    }
    const [first] = Object.keys(map)
    const bad =
      c.kind === "string too long"
        ? tooLong(first!, c.ref)
        : c.kind === "string too short"
          ? tooShort(first!, c.ref)
          : mismatch(first!, c.ref)
    map[bad] = map[first!]
    delete map[first!]
    return formatPath([...path, bad])
  }
  switch (c.kind) {
    case "unknown member":
      value[UNKNOWN] = "surplus"
      return formatPath([...path, UNKNOWN])
    case "required member deleted":
      delete parent[key]
      break
    case "wrong type":
      parent[key] = wrongType(c.ref)
      break
    case "string too long":
      parent[key] = tooLong(value, c.ref)
      break
    case "string too short":
      parent[key] = tooShort(value, c.ref)
      break
    case "pattern mismatch":
      parent[key] = mismatch(value, c.ref)
      break
    case "number below range":
      parent[key] = range!.min! - 1
      break
    case "number above range":
      parent[key] = range!.max! + 1
      break
    case "list with too many items": {
      const itemTarget = model.shapes[c.ref.target]!.member!.target
      const items: Array<unknown> = value.length > 0 ? value : [gen(arbitraryOf, itemTarget)]
      parent[key] = Array.from({ length: length!.max! + 1 }, (_, i) => clone(items[i % items.length]))
      break
    }
    case "list with too few items":
      parent[key] = value.slice(0, length!.min! - 1)
      break
    case "map with too many entries": {
      const { key: k, value: v } = model.shapes[c.ref.target]!
      const n = length!.max! + 1
      const keys = gen(() =>
        fc.uniqueArray(
          arbitraryOf(k!.target).filter((s) => s !== "__proto__"),
          { minLength: n, maxLength: n },
        ),
      )
      const entry = gen(arbitraryOf, v!.target)
      parent[key] = Object.fromEntries(keys.map((name) => [name, clone(entry)]))
      break
    }
    case "map with too few entries":
      parent[key] = Object.fromEntries(Object.entries(value).slice(0, length!.min! - 1))
      break
  }
  return formatPath(path)
}

// ---------------------------------------------------------------------------------------------
// The cases
// ---------------------------------------------------------------------------------------------

const expectValid = (operation: Operation.Any, input: unknown, when: string) => {
  const result = encodeInput(operation, input)
  if (Either.isLeft(result)) throw new Error(`the ${when} input should be valid: ${result.left.message}`)
}

/** Cases run to the end, by `kind` and member. */
const covered = new Map<Kind, Set<string>>()

describe("input validation refuses each violated constraint, naming the member", () => {
  for (const c of cases) {
    const { operation } = c.site
    it(`${c.kind}: ${operation.name} ${label(c.steps) || "(input)"} (${c.member})`, () => {
      fc.assert(
        fc.property(arbitraryOf(c.site.input), fc.gen(), (generated, gen) => {
          fc.pre(!hasProtoKey(generated))
          const input = clone(generated)
          expectValid(operation, input, "generated")
          const path = violate(c, input, gen)
          const result = encodeInput(operation, input)
          expect(Either.isLeft(result), `${c.kind} at ${path} was accepted`).toBe(true)
          const error = (result as Either.Left<InputValidationError, unknown>).left
          expect(error).toBeInstanceOf(InputValidationError)
          expect(error.operation).toBe(operation.name)
          expect(error.path).toBe(path)
          expect(error.message.startsWith(`${operation.name} input at ${path}: `), error.message).toBe(true)
          expect(error.message).toMatch(messages[c.kind])
          if (c.atKey) expect(error.message).toContain("is not a valid key")
        }),
        { numRuns: RUNS },
      )
      let members = covered.get(c.kind)
      if (members === undefined) covered.set(c.kind, (members = new Set()))
      members.add(c.member)
    })
  }

  it("covered every constrained member of every operation input", () => {
    // Derived from the model alone: every member of every shape reachable from an input.
    const expected = new Map<Kind, Set<string>>()
    const expect_ = (kind: Kind, member: string) => {
      let set = expected.get(kind)
      if (set === undefined) expected.set(kind, (set = new Set()))
      set.add(member)
    }
    const seen = new Set<string>()
    const visit = (id: string): void => {
      const shape = model.shapes[id]
      if (shape === undefined || seen.has(id)) return
      seen.add(id)
      const name = localName(id)
      if (shape.type === "structure") {
        expect_("unknown member", `${name}.${UNKNOWN}`)
        for (const [member, ref] of Object.entries(shape.members ?? {})) {
          if (ref.traits?.["smithy.api#required"] !== undefined) expect_("required member deleted", `${name}.${member}`)
          expect_("wrong type", `${name}.${member}`)
          for (const kind of constraintKinds(ref)) expect_(kind, `${name}.${member}`)
          visit(ref.target)
        }
      }
      for (const [role, ref] of [
        ["member", shape.member],
        ["key", shape.key],
        ["value", shape.value],
      ] as const) {
        if (ref === undefined) continue
        for (const kind of constraintKinds(ref)) expect_(kind, `${name}.${role}`)
        visit(ref.target)
      }
    }
    for (const [, input] of modelOperations) visit(input)

    const counts = (m: Map<Kind, Set<string>>) => Object.fromEntries([...m].map(([k, v]) => [k, v.size]).sort())
    expect(counts(covered)).toEqual(counts(expected))
    for (const [kind, members] of expected)
      expect(
        [...members].filter((m) => !covered.get(kind)?.has(m)),
        kind,
      ).toEqual([])
    expect(cases.length).toBe([...expected.values()].reduce((n, members) => n + members.size, 0))
    // What the model holds at the time of writing (1009 cases over 135 structures, lists and maps):
    // lower bounds, so that a walk gone wrong cannot pass by finding nothing on both sides.
    const floor: Partial<Record<Kind, number>> = {
      "string too long": 141,
      "string too short": 135,
      "pattern mismatch": 86,
      "number below range": 20,
      "number above range": 16,
      "list with too many items": 28,
      "list with too few items": 22,
      "map with too many entries": 2,
      "required member deleted": 159,
      "wrong type": 301,
      "unknown member": 99,
    }
    for (const [kind, n] of Object.entries(floor)) expect(covered.get(kind as Kind)?.size ?? 0, kind).toBeGreaterThanOrEqual(n)
  })
})
