/**
 * esbuild writes each namespace a bundle needs (`export * as Schemas from ...`, `import * as S`
 * used as a value) as an empty object and a call of its `__export` helper, which defines one getter
 * per member with `Object.defineProperty`:
 *
 *   var Schemas_exports = {};
 *   __export(Schemas_exports, {
 *     AWSRegionName: () => AWSRegionName,
 *     ...
 *   });
 *
 * Getters cost at import three times: V8 compiles each (about 1,000 of them in a flavor's chunk),
 * `Object.defineProperty` defines them one by one (0.75 ms for the Effect 4 flavor's `Schemas`), and
 * a getter's first call compiles its body (each entry point's module reads its members through them).
 * So this rewrites the pair, where that is safe, into the same object filled with the members'
 * values once the module that declares them has run, and frozen, as a module namespace is:
 *
 *   var Schemas_exports = {};
 *   (blank lines, one for each line of the `__export` call)
 *   ... the module's code: var AWSRegionName = ...
 *   Object.freeze(Object.assign(Schemas_exports, { AWSRegionName, ... }));
 *
 * The object is the one esbuild made, so code that took it before it was filled has it; the
 * statement goes on the blank line esbuild leaves before the next module's `// path` comment (or
 * before the bundle's `export {`), so every line stays on its line and the source map holds.
 * Measured on Node 20 and 24 (2026-12-05, 15 interleaved processes importing the Effect 4 flavor's
 * Node build after `effect` and its HTTP client): 0.9 ms less on both, against the getters below.
 *
 * Values read once are not live bindings, so a namespace keeps getters when that could show:
 * when a member's binding is assigned after its declaration (`export let n`, then `n++`, or a
 * destructuring assignment on one line, as esbuild writes the short ones), when a
 * member's value is not a top-level declaration or import of the bundle that this can see, or when
 * code between the namespace and where it is filled names it (a module cycle that reads it while
 * it is being made). Getters are written as an object literal, which V8 makes from the literal's
 * shape in a quarter of the time `__export` takes:
 *
 *   var Schemas_exports;
 *   Schemas_exports = {
 *     get AWSRegionName() { return AWSRegionName; },
 *     ...
 *   };
 *
 * The one case this does not see is a hoisted function of a later module, called through a module
 * cycle before the namespace is filled, that reads the namespace: the packages' test of their Node
 * builds (`test/package.slow.test.ts`) checks every entry point's values against the module build's.
 * Code not in exactly esbuild's form is left as it is.
 */

const PAIR = /^([ \t]*)var ([\w$]+) = \{\};\n\1__export\(\2, \{\n((?:\1 {2}(?:[\w$]+|"[^"\n]*"): \(\) => [\w$]+,?\n)*)\1\}\);$/gm
const MEMBER = /^([ \t]*)((?:[\w$]+|"[^"\n]*")): \(\) => ([\w$]+),?$/
/** The keyword of a top-level declaration, at the start of its line as esbuild writes it. */
const DECLARED = "^(?:var|let|const|class|(?:async )?function\\*?) "
/** A top-level declaration and its name. */
const DECLARATION = new RegExp(`${DECLARED}([\\w$]+)`)
/** Where one module's code ends in an esbuild bundle: the next module's `// path` comment, or the bundle's exports. */
const BOUNDARY = /^(?:\/\/ \S+|export \{.*)$/
const IMPORT = /^import\s+([^;]*?)\s+from\s*"[^"]*";?$/gm

const regExpEscape = (s) => s.replace(/[$]/g, "\\$&")

/** The names a bundle's top-level `import` statements bind. */
const importedNames = (code) => {
  const names = new Set()
  for (const [, clause] of code.matchAll(IMPORT)) {
    const braces = /\{([^}]*)\}/.exec(clause)
    for (const spec of braces ? braces[1].split(",") : []) {
      const name = spec
        .trim()
        .split(/\s+as\s+/)
        .pop()
      if (name) names.add(name)
    }
    const rest = clause.replace(/\{[^}]*\}/, "")
    for (const m of rest.matchAll(/(?:\*\s+as\s+)?([\w$]+)/g)) names.add(m[1])
  }
  return names
}

/** `name = …`, `name += …`, `name++`, `--name`, except where a line starts by declaring `name`. */
const ASSIGNMENT = new RegExp(
  `(?<![\\w$.])(?<!${DECLARED})([\\w$]+)\\s*(?:[-+*/%&|^]|\\*\\*|<<|>>>?|&&|\\|\\||\\?\\?)?=(?!=)|(?:\\+\\+|--)\\s*([\\w$]+)|(?<![\\w$.])([\\w$]+)\\s*(?:\\+\\+|--)`,
  "gm",
)
/** A line with a destructuring assignment (`({ name } = …)`, `[name] = …`), or a local destructured: up to its last one. */
const DESTRUCTURING = /^.*[}\]]\s*=(?!=)/gm

/**
 * The names `code` assigns anywhere but where it declares them, in one pass: every name on a line
 * with a destructuring written on one line counts as assigned too, conservatively (a local of that
 * name destructured included).
 */
const assignedNames = (code) => {
  const names = new Set()
  for (const m of code.matchAll(ASSIGNMENT)) names.add(m[1] ?? m[2] ?? m[3])
  for (const [line] of code.matchAll(DESTRUCTURING)) {
    for (const [name] of line.replace(DECLARATION, "").matchAll(/(?<![\w$.])[\w$]+/g)) names.add(name)
  }
  return names
}

/** `code` with each esbuild namespace object filled with its members' values, or else written as a literal of getters (see the module's comment). */
export const namespaceLiterals = (code) => {
  const lines = code.split("\n")
  const declaredAt = new Map()
  lines.forEach((line, i) => {
    const m = DECLARATION.exec(line)
    if (m && !declaredAt.has(m[1])) declaredAt.set(m[1], i)
  })
  const imported = importedNames(code)
  const assigned = assignedNames(code)

  /**
   * The blank line on which to fill the namespace `name` (its `__export` call ends on line `last`),
   * or `undefined` when it must keep getters: the blank line before the end of the module that
   * declares the last of its members' values.
   */
  const fillLine = (members, name, last) => {
    let after = last
    for (const [, , , value] of members) {
      const at = declaredAt.get(value)
      if ((at === undefined && !imported.has(value)) || assigned.has(value)) return undefined
      if (at !== undefined) after = Math.max(after, at)
    }
    let boundary = after + 1
    while (boundary < lines.length && !BOUNDARY.test(lines[boundary])) boundary++
    const blank = boundary - 1
    if (boundary >= lines.length || blank <= after || lines[blank] !== "") return undefined
    const named = new RegExp(`(?<![\\w$.])${regExpEscape(name)}(?![\\w$])`)
    for (let i = last + 1; i < blank; i++) if (named.test(lines[i])) return undefined
    return blank
  }

  /** Statements to write on a blank line, by line. */
  const fills = new Map()
  const lineOf = (offset) => code.slice(0, offset).split("\n").length - 1

  const rewritten = code.replace(PAIR, (pair, indent, name, members, offset) => {
    const parsed = (members === "" ? [] : members.slice(0, -1).split("\n")).map((line) => MEMBER.exec(line))
    const first = lineOf(offset)
    const last = first + pair.split("\n").length - 1
    const fill = indent === "" ? fillLine(parsed, name, last) : undefined
    if (fill !== undefined) {
      const object = parsed.map(([, , key, value]) => (key === value ? key : `${key}: ${value}`)).join(", ")
      fills.set(fill, [...(fills.get(fill) ?? []), `Object.freeze(Object.assign(${name}, { ${object} }));`])
      return [`var ${name} = {};`, "", ...parsed.map(() => ""), ""].join("\n")
    }
    const getters = parsed.map(([, memberIndent, key, value]) => `${memberIndent}get ${key}() { return ${value}; },`)
    return [`${indent}var ${name};`, `${indent}${name} = {`, ...getters, `${indent}};`].join("\n")
  })
  if (fills.size === 0) return rewritten
  const out = rewritten.split("\n")
  for (const [line, statements] of fills) out[line] = statements.join(" ")
  return out.join("\n")
}
