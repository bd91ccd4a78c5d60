/**
 * The subset of JSON Schema (2020-12, as OpenAPI 3.1 embeds it) the emulator's control API is
 * described with, and a checker for it. One description serves both: the control handler checks
 * each request against it, and the OpenAPI document publishes it, so the two cannot disagree.
 *
 * Only what the controls use is supported: `type` (one name), `properties`, `required`,
 * `additionalProperties`, `items`, `enum`, `minimum`, `maximum`, `minLength`, `maxLength`,
 * `pattern`, `oneOf`; `description`, `format` and `examples` are documentation only.
 */

export interface JsonSchema {
  readonly type?: "object" | "array" | "string" | "integer" | "number" | "boolean" | undefined
  readonly description?: string | undefined
  readonly properties?: { readonly [name: string]: JsonSchema } | undefined
  readonly required?: ReadonlyArray<string> | undefined
  /** `false`: members not in `properties` are refused; a schema: what each other member must be. */
  readonly additionalProperties?: boolean | JsonSchema | undefined
  readonly items?: JsonSchema | undefined
  readonly enum?: ReadonlyArray<string> | undefined
  readonly minimum?: number | undefined
  readonly maximum?: number | undefined
  readonly minLength?: number | undefined
  readonly maxLength?: number | undefined
  readonly pattern?: string | undefined
  readonly oneOf?: ReadonlyArray<JsonSchema> | undefined
  readonly format?: string | undefined
  readonly examples?: ReadonlyArray<unknown> | undefined
}

/** What a value breaks, with where: `outputVariables.Version: must be a string`. */
export interface SchemaIssue {
  readonly path: string
  readonly message: string
}

const article = (type: string): string => (type === "object" || type === "array" || type === "integer" ? `an ${type}` : `a ${type}`)

const describe = (schema: JsonSchema): string => {
  if (schema.enum !== undefined) return `one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`
  if (schema.oneOf !== undefined) return schema.oneOf.map(describe).join(" or ")
  return schema.type === undefined ? "a value" : article(schema.type)
}

const kindOf = (value: unknown): string =>
  value === null
    ? "null"
    : Array.isArray(value)
      ? "an array"
      : typeof value === "object"
        ? "an object"
        : `${typeof value} ${String(JSON.stringify(value)).slice(0, 40)}`

const join = (path: string, name: string | number): string =>
  typeof name === "number"
    ? `${path}[${name}]`
    : /^[A-Za-z_$][\w$]*$/.test(name)
      ? path === ""
        ? name
        : `${path}.${name}`
      : `${path}[${JSON.stringify(name.slice(0, 60))}]`

const has = (value: object, name: string): boolean => Object.hasOwn(value, name)

/** The first rule `value` breaks, or `undefined`. `value` is parsed JSON (no cycles, no getters). */
export const check = (schema: JsonSchema, value: unknown, path = ""): SchemaIssue | undefined => {
  const issue = (message: string): SchemaIssue => ({ path, message })
  if (schema.oneOf !== undefined) {
    return schema.oneOf.some((branch) => check(branch, value, path) === undefined)
      ? undefined
      : issue(`must be ${describe(schema)}, not ${kindOf(value)}`)
  }
  switch (schema.type) {
    case undefined:
      break
    case "object":
      if (value === null || typeof value !== "object" || Array.isArray(value)) return issue(`must be an object, not ${kindOf(value)}`)
      break
    case "array":
      if (!Array.isArray(value)) return issue(`must be an array, not ${kindOf(value)}`)
      break
    case "integer":
      if (typeof value !== "number" || !Number.isInteger(value)) return issue(`must be an integer, not ${kindOf(value)}`)
      break
    case "number":
      if (typeof value !== "number" || !Number.isFinite(value)) return issue(`must be a number, not ${kindOf(value)}`)
      break
    default:
      if (typeof value !== schema.type) return issue(`must be ${article(schema.type)}, not ${kindOf(value)}`)
  }
  if (schema.enum !== undefined && !schema.enum.includes(value as string)) return issue(`must be ${describe(schema)}, not ${kindOf(value)}`)
  if (typeof value === "number") {
    if (schema.minimum !== undefined && value < schema.minimum) return issue(`must be at least ${schema.minimum}, not ${value}`)
    if (schema.maximum !== undefined && value > schema.maximum) return issue(`must be at most ${schema.maximum}, not ${value}`)
  }
  if (typeof value === "string") {
    if (schema.minLength !== undefined && value.length < schema.minLength)
      return issue(schema.minLength === 1 ? "must not be empty" : `must have at least ${schema.minLength} characters`)
    if (schema.maxLength !== undefined && value.length > schema.maxLength) return issue(`must have at most ${schema.maxLength} characters`)
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, "u").test(value))
      return issue(`must match ${schema.pattern}, not ${JSON.stringify(value.slice(0, 60))}`)
  }
  if (Array.isArray(value) && schema.items !== undefined) {
    for (let i = 0; i < value.length; i++) {
      const found = check(schema.items, value[i], join(path, i))
      if (found !== undefined) return found
    }
  }
  if (schema.type === "object") {
    const object = value as Record<string, unknown>
    for (const name of schema.required ?? []) if (!has(object, name) || object[name] === undefined) return issue(`needs '${name}'`)
    const properties = schema.properties ?? {}
    for (const name of Object.keys(object)) {
      const member = has(properties, name) ? properties[name] : schema.additionalProperties
      if (member === false) {
        const known = Object.keys(properties)
        return issue(`has an unknown member '${name.slice(0, 60)}'${known.length > 0 ? ` (known: ${known.join(", ")})` : ""}`)
      }
      if (member === undefined || member === true) continue
      const found = check(member, object[name], join(path, name))
      if (found !== undefined) return found
    }
  }
  return undefined
}

/** `at outputVariables.Version: must be a string`, or `the body must be an object` at the root. */
export const formatIssue = (issue: SchemaIssue, root: string): string =>
  issue.path === "" ? `${root} ${issue.message}` : `${root} at ${issue.path} ${issue.message}`
