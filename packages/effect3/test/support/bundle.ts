/**
 * What esbuild reads of one of this flavor's modules bundled for Node, every package left
 * external (the core read from its sources, by tsconfig.json's paths): the inputs with their
 * paths relative to the repository's root, and the imports of each. The import-time checks
 * (`test/credentials.test.ts`, `test/endpoints.test.ts`) read it.
 */
import * as path from "node:path"
import * as esbuild from "esbuild"

const root = path.join(import.meta.dirname, "..", "..", "..", "..")

/** The metafile of `entry` (a path relative to this package, e.g. `src/services/Endpoint.ts`) bundled alone. */
export const bundleMetafile = async (entry: string): Promise<esbuild.Metafile> => {
  const result = await esbuild.build({
    entryPoints: [path.join(root, "packages", "effect3", entry)],
    bundle: true,
    write: false,
    metafile: true,
    platform: "node",
    format: "esm",
    packages: "external",
    logLevel: "silent",
    absWorkingDir: root,
  })
  return result.metafile
}
