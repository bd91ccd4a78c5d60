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
 * A module that the bundle runs by a lazy initializer (esbuild's `__esm`, for a module that is
 * `require()`d: the Node build's `--defer`) assigns its bindings in the initializer's body:
 *
 *   var Schemas_exports = {};
 *   __export(Schemas_exports, { ... });
 *   var AWSRegionName, ...;
 *   var init_Schemas = __esm({
 *     "dist/src/schema/Schemas.js"() {
 *       init_builders();
 *       AWSRegionName = string("AWSRegionName", ...);
 *       ...
 *     }
 *   });
 *
 * Its namespace is filled as the body's last statement, on the line that closes the body, when
 * every member's value is assigned once, by a statement of that body or of the body of a module
 * whose initializer the body calls (a re-export), or is never assigned (a hoisted function, an
 * import); otherwise it keeps getters. Filled, the namespace costs nothing until the module runs.
 * Measured with the Effect 4 flavor's deferred `Schemas` (2026-12-06, Node 20, the index imported
 * after `effect` and its HTTP client, medians of 11 interleaved processes): 12.3 ms with this
 * namespace's 400 getters and as many in the object that stands for it (`build/nodeBundle.mjs`),
 * 10.8 ms with neither.
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
/** The start of a module run by a lazy initializer, as esbuild writes it; the call ends on a line `});`, its body on `  }` before it. */
const INITIALIZER = /^var ([\w$]+) = __esm\(\{$/

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
 * The lines on which `code` assigns each name, anywhere but where it declares it, in one pass: every
 * name on a line with a destructuring written on one line counts as assigned too, conservatively (a
 * local of that name destructured included).
 */
const assignmentLines = (code) => {
  const starts = [0]
  for (let i = code.indexOf("\n"); i !== -1; i = code.indexOf("\n", i + 1)) starts.push(i + 1)
  const lineAt = (offset) => {
    let lo = 0
    let hi = starts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (starts[mid] <= offset) lo = mid
      else hi = mid - 1
    }
    return lo
  }
  const at = new Map()
  const add = (name, offset) => {
    const line = lineAt(offset)
    const lines = at.get(name)
    if (lines === undefined) at.set(name, [line])
    else if (lines.at(-1) !== line) lines.push(line)
  }
  for (const m of code.matchAll(ASSIGNMENT)) add(m[1] ?? m[2] ?? m[3], m.index)
  for (const m of code.matchAll(DESTRUCTURING)) {
    for (const [name] of m[0].replace(DECLARATION, "").matchAll(/(?<![\w$.])[\w$]+/g)) add(name, m.index)
  }
  return at
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
  const assigned = assignmentLines(code)
  /** The lazy initializers: the line of each one's `var`, and of the `});` that ends it, by name. */
  const initializers = []
  lines.forEach((line, i) => {
    const m = INITIALIZER.exec(line)
    if (m === null) return
    let end = i + 1
    while (end < lines.length && lines[end] !== "});" && !BOUNDARY.test(lines[end])) end++
    if (lines[end] === "});" && lines[end - 1] === "  }") initializers.push({ name: m[1], start: i, end })
  })
  const initializerAt = (line) => initializers.find((init) => init.start < line && line < init.end)

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

  /**
   * The line that closes the body of the lazy initializer of the module whose namespace is `name`
   * (its `__export` call ends on line `last`), when the namespace can be filled there (see the
   * module's comment), or `undefined`.
   */
  const initializerFillLine = (members, name, last) => {
    let start = last + 1
    while (start < lines.length && !INITIALIZER.test(lines[start])) {
      if (BOUNDARY.test(lines[start])) return undefined
      start++
    }
    const own = initializers.find((init) => init.start === start)
    if (own === undefined) return undefined
    const calls = (init) => lines.slice(own.start + 1, own.end).includes(`    ${init.name}();`)
    for (const [, , , value] of members) {
      const at = assigned.get(value)
      if (at === undefined) {
        if (!declaredAt.has(value) && !imported.has(value)) return undefined
        continue
      }
      const init = at.length === 1 && lines[at[0]].startsWith(`    ${value} = `) ? initializerAt(at[0]) : undefined
      if (init === undefined || (init !== own && !calls(init))) return undefined
    }
    const named = new RegExp(`(?<![\\w$.])${regExpEscape(name)}(?![\\w$])`)
    for (let i = last + 1; i < own.end; i++) if (named.test(lines[i])) return undefined
    return own.end - 1
  }

  /** Statements to write on a blank line, by line. */
  const fills = new Map()
  const lineOf = (offset) => code.slice(0, offset).split("\n").length - 1

  const rewritten = code.replace(PAIR, (pair, indent, name, members, offset) => {
    const parsed = (members === "" ? [] : members.slice(0, -1).split("\n")).map((line) => MEMBER.exec(line))
    const first = lineOf(offset)
    const last = first + pair.split("\n").length - 1
    const fill = indent === "" ? (fillLine(parsed, name, last) ?? initializerFillLine(parsed, name, last)) : undefined
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
  // A blank line takes the statements; the line closing an initializer's body (`  }`), them before its brace.
  for (const [line, statements] of fills)
    out[line] = out[line] === "" ? statements.join(" ") : `${out[line].slice(0, -1)}${statements.join(" ")} }`
  return out.join("\n")
}
