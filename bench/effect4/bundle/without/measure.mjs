// What the headline bundle (`bench/main.ts`: the baseline program and one operation, `app-one.ts`,
// minus the baseline alone) would weigh without parts the SDK promises, each replaced by a stand-in
// in this folder: the signer by SigV4 written over `node:crypto` (not `@smithy/signature-v4`), the
// proxy support by none, the errors' `Schema.TaggedError` by `Data.TaggedError`. A measurement for
// the bundle target's discussion (`bench/RESULTS.md`), not a build anyone ships.
//
//   node bench/effect4/bundle/without/measure.mjs
//
// Same esbuild options as the bench's headline. The signer stand-in must give the core's known
// answer first, so that its figure is that of a signer that works.
import * as Path from "node:path"
import * as Url from "node:url"
import * as Zlib from "node:zlib"
import * as esbuild from "esbuild"

const HERE = Path.dirname(Url.fileURLToPath(import.meta.url))
const BUNDLE = Path.join(HERE, "..")
const REPO = Path.join(HERE, "../../../..")
// As `bench/main.ts`: the default credential chain stays external (its own figure there).
const options = {
  bundle: true,
  minify: true,
  platform: "node",
  format: "esm",
  target: "node20",
  write: false,
  logLevel: "error",
  mainFields: ["module", "main"],
  external: ["@aws-sdk/credential-provider-node"],
}

// Each stand-in replaces the module `filter` resolves to, for the importers `when` accepts.
const STAND_INS = {
  signer: {
    filter: /\/internal\/sigv4\.js$/,
    file: "signer.ts",
    when: (importer) => importer.endsWith(Path.join("core", "src", "Signer.ts")),
  },
  proxy: { filter: /\/internal\/proxy\.js$/, file: "noProxy.ts", when: () => true },
  errors: {
    filter: /^effect\/Schema$/,
    file: "dataErrors.ts",
    when: (importer) => importer.includes(`${Path.sep}src${Path.sep}errors${Path.sep}`),
  },
}
const standIn = (part) => {
  const { filter, file, when } = STAND_INS[part]
  return {
    name: part,
    setup: (build) => build.onResolve({ filter }, (args) => (when(args.importer) ? { path: Path.join(HERE, file) } : undefined)),
  }
}

const checkSigner = async () => {
  const source = [
    `import { KNOWN_ANSWER as k } from ${JSON.stringify(Path.join(REPO, "packages/core/src/internal/sigv4.ts"))}`,
    `import { composedSigner } from ${JSON.stringify(Path.join(HERE, "signer.ts"))}`,
    "const headers = await composedSigner(k.region, k.service, undefined, k.unsignable)(k.credentials, k.request, new Date(k.date))",
    "export const ok = headers.authorization.endsWith('Signature=' + k.signature)",
  ].join("\n")
  const result = await esbuild.build({
    ...options,
    external: [],
    minify: false,
    stdin: { contents: source, resolveDir: REPO, loader: "ts" },
  })
  const { ok } = await import(`data:text/javascript;base64,${Buffer.from(result.outputFiles[0].contents).toString("base64")}`)
  if (!ok) throw new Error("the signer stand-in does not give the core's known answer")
}

const gzip = async (file, plugins) => {
  const result = await esbuild.build({ ...options, entryPoints: [Path.join(BUNDLE, file)], plugins })
  return Zlib.gzipSync(result.outputFiles[0].contents, { level: 9 }).length
}

await checkSigner()
const baseline = await gzip("baseline.ts", [])
const rows = [
  ["as built", []],
  ["signer written over node:crypto", ["signer"]],
  ["no proxy support", ["proxy"]],
  ["errors as Data.TaggedError", ["errors"]],
  ["signer + proxy", ["signer", "proxy"]],
  ["signer + proxy + errors", ["signer", "proxy", "errors"]],
]
for (const [label, parts] of rows) {
  const added = (await gzip("app-one.ts", parts.map(standIn))) - baseline
  console.log(`${label.padEnd(34)} ${String(added).padStart(6)} bytes gzip (${(added / 1024).toFixed(1)} KB)`)
}
