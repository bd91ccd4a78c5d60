// The `node` binary of an exact version, from the npm registry's `node` package, installed once into
// node_modules/.cache/node/<version> (the machine's Node is not assumed to be any of them). Used by
// the test runner (test/tools/run.mjs: the suites on other Node versions) and the bench
// (bench/main.ts --node). Plain JavaScript, because the test runner runs before anything that could
// load TypeScript.
import { execFileSync } from "node:child_process"
import { existsSync, mkdirSync } from "node:fs"
import { join } from "node:path"

/** The path of `node` `version` under `root`'s node_modules/.cache; throws, with npm's output, when installing fails. */
export const nodeBinary = (root, version) => {
  const prefix = join(root, "node_modules", ".cache", "node", version)
  const binary = join(prefix, "node_modules", "node", "bin", "node")
  if (!existsSync(binary)) {
    mkdirSync(prefix, { recursive: true })
    execFileSync("npm", ["install", "--prefix", prefix, "--no-save", "--no-audit", "--no-fund", "--no-package-lock", `node@${version}`], {
      stdio: ["ignore", "pipe", "pipe"],
    })
  }
  return binary
}
