/**
 * Structures and maps in an input must be plain objects. `Schema.Struct` accepts any object with
 * the right members and builds a new one from them, so a `Map`, a `Date` or a class instance where
 * a structure or map belongs would be sent as `{}` (silent data loss), and no Schema refinement can
 * see the original value. This walk, guided by the same schema AST and compiled once per node,
 * finds such a value before the input is encoded.
 */
import * as AST from "effect/SchemaAST"

/** The path of the first structure or map position holding an object that is not plain. */
type Check = (value: unknown, path: Array<string | number>) => boolean

const checks = new WeakMap<AST.AST, Check>()
const ok: Check = () => true

const isPlain = (value: object): boolean => {
  const proto = Object.getPrototypeOf(value)
  return proto === Object.prototype || proto === null
}

const checkOf = (ast: AST.AST): Check => {
  let check = checks.get(ast)
  if (check === undefined) {
    // A placeholder while compiling guards against cycles (the model has none).
    checks.set(ast, ok)
    check = compile(ast)
    checks.set(ast, check)
  }
  return check
}

const compile = (ast: AST.AST): Check => {
  switch (ast._tag) {
    case "Refinement":
      return checkOf(ast.from)
    case "Suspend": {
      let inner: Check | undefined
      return (v, p) => (inner ??= checkOf(ast.f()))(v, p)
    }
    case "Union": {
      const members = ast.types.filter((t) => !AST.isUndefinedKeyword(t)).map(checkOf)
      return (v, p) => members.every((m) => m(v, p))
    }
    case "TupleType": {
      const item = ast.rest[0] === undefined ? ok : checkOf(ast.rest[0].type)
      return (v, p) => {
        if (!Array.isArray(v)) return true
        for (let i = 0; i < v.length; i++) {
          p.push(i)
          if (!item(v[i], p)) return false
          p.pop()
        }
        return true
      }
    }
    case "TypeLiteral": {
      const members = ast.propertySignatures.map((ps) => [ps.name as string, checkOf(ps.type)] as const)
      const values = ast.indexSignatures.length > 0 ? checkOf(ast.indexSignatures[0]!.type) : undefined
      return (v, p) => {
        if (typeof v !== "object" || v === null || Array.isArray(v)) return true // Schema reports the type
        if (!isPlain(v)) return false
        for (const [name, check] of members) {
          p.push(name)
          if (!check((v as Record<string, unknown>)[name], p)) return false
          p.pop()
        }
        if (values !== undefined) {
          for (const key of Object.keys(v)) {
            p.push(key)
            if (!values((v as Record<string, unknown>)[key], p)) return false
            p.pop()
          }
        }
        return true
      }
    }
    default:
      return ok
  }
}

/**
 * `undefined` when every structure and map position of `value` holds a plain object (or something
 * Schema will reject anyway); otherwise the path of the first that does not.
 */
export const nonPlainObjectPath = (ast: AST.AST, value: unknown): ReadonlyArray<string | number> | undefined => {
  const path: Array<string | number> = []
  return checkOf(ast)(value, path) ? undefined : path
}
