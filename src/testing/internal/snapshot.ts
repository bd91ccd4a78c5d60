/**
 * The snapshot schema of the Effect package: the core simulator's snapshot (`Simulator.Snapshot`,
 * checked without Effect by `Simulator.decodeSnapshot`) as an Effect `Schema`, so that a program
 * can encode what `Controls.exportState` gives to JSON and check JSON read back, with the package's
 * types (its enums, its `Schema` errors).
 */
// Mirror of packages/effect3/src/testing/internal/snapshot.ts: the same snapshot schema, written in each Effect's Schema API (filter/Literal in 3,
// check/Literals in 4).
import * as Schema from "effect/Schema"
import * as S from "../../schema/Schemas.js"

const Time = Schema.String.check(
  Schema.makeFilter((s: string) => !Number.isNaN(Date.parse(s)) || `Expected an ISO 8601 date, got ${JSON.stringify(s).slice(0, 60)}`),
)

const Tags = Schema.Array(S.Tag)

const SnapshotTransition = Schema.Struct({
  stageName: Schema.String,
  transitionType: Schema.Literals(["Inbound", "Outbound"]),
  enabled: Schema.Boolean,
  lastChangedBy: Schema.optional(Schema.String),
  lastChangedAt: Schema.optional(Time),
  disabledReason: Schema.optional(Schema.String),
})

const SnapshotPipeline = Schema.Struct({
  name: Schema.String,
  created: Time,
  updated: Time,
  /** Every version, oldest first; the last one is the current declaration. */
  versions: Schema.Array(S.PipelineDeclaration).check(Schema.isMinLength(1)),
  tags: Tags,
  transitions: Schema.optional(Schema.Array(SnapshotTransition)),
})

const SnapshotCustomActionType = Schema.Struct({
  actionType: S.ActionType,
  /** Tells a re-creation with the same definition from one that reuses the version. */
  fingerprint: Schema.optional(Schema.String),
  deleted: Schema.Boolean,
  tags: Tags,
})

const SnapshotWebhook = Schema.Struct({
  definition: S.WebhookDefinition,
  url: Schema.String,
  registered: Schema.Boolean,
  lastTriggered: Schema.optional(Time),
  tags: Tags,
})

/**
 * The durable state of an in-memory CodePipeline, as JSON-ready data.
 *
 * @since 0.1.0
 * @category snapshots
 */
export const Snapshot = Schema.Struct({
  region: Schema.String,
  accountId: Schema.String,
  pipelines: Schema.Array(SnapshotPipeline),
  customActionTypes: Schema.Array(SnapshotCustomActionType),
  registeredActionTypes: Schema.Array(S.ActionTypeDeclaration),
  webhooks: Schema.Array(SnapshotWebhook),
})

/**
 * @since 0.1.0
 * @category snapshots
 */
export interface Snapshot extends Schema.Schema.Type<typeof Snapshot> {}
