/**
 * The endpoint files:
 *
 * - `src/services/internal/endpointRuleSet.ts`: the model's endpoint rule set, as data;
 * - `src/services/internal/partitions.ts`: the data of the `aws.partition` function, the only
 *   `aws.*` function the rule set calls, taken from the partition table of the official SDK
 *   (`@aws-sdk/util-endpoints`, a devDependency) so that the runtime does not import that package.
 */
import * as fs from "node:fs"
import { createRequire } from "node:module"
import * as path from "node:path"
import { type Model, serviceOf } from "./model.js"
import { header } from "./naming.js"

export const emitEndpointRuleSet = (model: Model): string => {
  const [, service] = serviceOf(model)
  const ruleSet = service.traits?.["smithy.rules#endpointRuleSet"]
  if (!ruleSet) throw new Error("the service has no smithy.rules#endpointRuleSet")
  return [
    header("the endpoint rule set (smithy.rules#endpointRuleSet)"),
    'import type { RuleSetObject } from "@smithy/types"',
    "",
    `export const ruleSet: RuleSetObject = ${JSON.stringify(ruleSet, null, 2)}`,
    "",
  ].join("\n")
}

// -----------------------------------------------------------------------------------------------
// aws.partition
// -----------------------------------------------------------------------------------------------

/** The fields of a partition the `aws.partition` function returns (Smithy's `aws.partition`). */
const OUTPUTS = ["name", "dnsSuffix", "dualStackDnsSuffix", "supportsFIPS", "supportsDualStack", "implicitGlobalRegion"] as const

interface SourcePartition {
  readonly id: string
  readonly regionRegex: string
  readonly regions: Record<string, Record<string, unknown>>
  readonly outputs: Record<string, unknown>
}

interface SourceTable {
  readonly version: string
  readonly partitions: ReadonlyArray<SourcePartition>
}

const require = createRequire(import.meta.url)

/** `@aws-sdk/util-endpoints` and the package that holds its partition table, with versions. */
const officialPackages = () => {
  const utilEndpoints = require.resolve("@aws-sdk/util-endpoints")
  const utilPackage = JSON.parse(fs.readFileSync(path.join(utilEndpoints, "../../package.json"), "utf8")) as { version: string }
  // Since 3.9xx the table lives in `@aws-sdk/core` (`@aws-sdk/core/client`), which
  // `@aws-sdk/util-endpoints` re-exports; resolved from there so that it is the copy it uses.
  const corePackageJson = createRequire(utilEndpoints).resolve("@aws-sdk/core/package.json")
  const corePackage = JSON.parse(fs.readFileSync(corePackageJson, "utf8")) as { version: string }
  return {
    utilEndpoints,
    utilVersion: utilPackage.version,
    coreDir: path.dirname(corePackageJson),
    coreVersion: corePackage.version,
  }
}

/**
 * The partition table the official SDK's `aws.partition` uses: `partitionsInfo` of
 * `@aws-sdk/core/dist-es/.../lib/aws/partitions.js`, an ES module whose one export is the
 * `partitions.json` of the SDK as an object literal in JSON syntax. Read as text and parsed as
 * JSON (nothing is executed); any other shape is an error, not a guess.
 */
const readPartitionTable = (coreDir: string): SourceTable => {
  const file = path.join(coreDir, "dist-es/submodules/client/util-endpoints/lib/aws/partitions.js")
  const text = fs.readFileSync(file, "utf8")
  const match = /^export const partitionsInfo = (\{[\s\S]*\});\s*$/.exec(text)
  if (!match) throw new Error(`${file} is not \`export const partitionsInfo = {...};\`: update codegen/endpoints.ts`)
  const table = JSON.parse(match[1]!) as SourceTable
  if (!Array.isArray(table.partitions)) throw new Error(`${file}: no partitions array`)
  return table
}

/** The table as emitted: explicit regions as a list, plus any region-level overrides but descriptions. */
interface Partition {
  readonly id: string
  readonly regionRegex: string
  readonly regions: ReadonlyArray<string>
  readonly overrides?: Record<string, Record<string, unknown>>
  readonly outputs: Record<(typeof OUTPUTS)[number], unknown>
}

const toPartition = (source: SourcePartition): Partition => {
  for (const key of OUTPUTS) {
    if (!(key in source.outputs)) throw new Error(`partition ${source.id} has no output ${key}`)
  }
  new RegExp(source.regionRegex) // throws on a regex JavaScript cannot compile
  const overrides: Record<string, Record<string, unknown>> = {}
  for (const [region, data] of Object.entries(source.regions)) {
    const { description: _, ...rest } = data
    if (Object.keys(rest).length > 0) overrides[region] = rest
  }
  return {
    id: source.id,
    regionRegex: source.regionRegex,
    regions: Object.keys(source.regions),
    ...(Object.keys(overrides).length > 0 ? { overrides } : {}),
    outputs: Object.fromEntries(OUTPUTS.map((key) => [key, source.outputs[key]])) as Partition["outputs"],
  }
}

/**
 * Smithy's `aws.partition` over the emitted table, as `src/services/Endpoint.ts` implements it:
 * the partition listing the region, else the first whose `regionRegex` matches, else `aws`.
 */
const partitionOf = (partitions: ReadonlyArray<Partition>, region: string): Record<string, unknown> => {
  const explicit = partitions.find((p) => p.regions.includes(region))
  if (explicit) return { ...explicit.outputs, ...explicit.overrides?.[region] }
  const matched = partitions.find((p) => new RegExp(p.regionRegex).test(region))
  return { ...(matched ?? partitions.find((p) => p.id === "aws")!).outputs }
}

/**
 * Regions on which the emitted table is checked against the official `partition` function: every
 * explicit region, one made-up region per partition regex, and regions no partition knows.
 */
const probeRegions = (partitions: ReadonlyArray<Partition>): ReadonlyArray<string> => [
  ...partitions.flatMap((p) => p.regions),
  "us-east-9",
  "eu-south-7",
  "cn-south-3",
  "us-gov-south-4",
  "us-iso-north-2",
  "us-isob-north-2",
  "us-isof-north-2",
  "eu-isoe-north-2",
  "eusc-de-west-2",
  "mars-east-1",
  "local",
  "",
]

export const emitPartitions = (): string => {
  const { utilEndpoints, utilVersion, coreDir, coreVersion } = officialPackages()
  const table = readPartitionTable(coreDir)
  const partitions = table.partitions.map(toPartition)
  if (!partitions.some((p) => p.id === "aws")) throw new Error("the partition table has no aws partition")
  // The table read is the one the official function uses, and the implementation agrees with it.
  const official = (require(utilEndpoints) as { partition: (region: string) => Record<string, unknown> }).partition
  for (const region of probeRegions(partitions)) {
    const expected = official(region)
    const actual = partitionOf(partitions, region)
    for (const key of OUTPUTS) {
      if (actual[key] !== expected[key]) {
        throw new Error(`aws.partition("${region}").${key}: the official SDK says ${String(expected[key])}, the emitted table ${String(actual[key])}`)
      }
    }
  }
  return [
    "// Generated by `npm run codegen` (codegen/endpoints.ts) from the partition table of the official AWS SDK",
    `// (@aws-sdk/util-endpoints ${utilVersion}, table in @aws-sdk/core ${coreVersion}, partitions.json version ${table.version}): the data of`,
    "// the aws.partition endpoint function. Do not edit by hand: change the generator and regenerate.",
    "",
    "/** What `aws.partition` returns for a region of the partition. */",
    "export interface PartitionOutputs {",
    "  readonly name: string",
    "  readonly dnsSuffix: string",
    "  readonly dualStackDnsSuffix: string",
    "  readonly supportsFIPS: boolean",
    "  readonly supportsDualStack: boolean",
    "  readonly implicitGlobalRegion: string",
    "}",
    "",
    "export interface Partition {",
    "  readonly id: string",
    "  /** Regions not listed in any partition that match this are in this partition. */",
    "  readonly regionRegex: string",
    "  /** The regions listed in this partition. */",
    "  readonly regions: ReadonlyArray<string>",
    "  /** Values of a listed region that differ from the partition's `outputs`. */",
    "  readonly overrides?: Readonly<Record<string, Partial<PartitionOutputs>>>",
    "  readonly outputs: PartitionOutputs",
    "}",
    "",
    `export const partitions: ReadonlyArray<Partition> = ${JSON.stringify(partitions, null, 2)}`,
    "",
  ].join("\n")
}
